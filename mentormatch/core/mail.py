"""Email: outbox rows written with their event, and the worker that sends them."""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mentormatch.core.mail_requests import prepare_due
from mentormatch.core.member_settings import CATEGORY_OF, settings_of, wants_email
from mentormatch.core.models import OutboxMessage, User, utcnow
from mentormatch.resources import resource_dir

log = logging.getLogger("mentormatch.mail")

PENDING, SENT, FAILED = "pending", "sent", "failed"
# Workflow events that also go by email (in-app notification kinds).
EMAIL_KINDS = frozenset(
    {
        "request_received",
        "request_accepted",
        "approval_waiting",
        "match_approved",
        "checkin_overdue",
        "nudge_mentee",
        "nudge_mentor",
        "nudge_pairing",
        "checkin_reminder",
        "approval_digest",
        "meeting_confirmed",
        "meeting_reminder",
        "checkup_due",
    }
)
SUBJECTS: dict[str, str] = {
    "request_received": "New mentorship request on MentorMatch",
    "request_accepted": "Your mentorship request was accepted",
    "approval_waiting": "A MentorMatch pairing waits for your approval",
    "match_approved": "Your MentorMatch pairing is approved",
    "checkin_overdue": "A MentorMatch check-in is overdue",
    "nudge_mentee": "Mentors are waiting to hear from you on MentorMatch",
    "nudge_mentor": "A mentee is waiting for your answer on MentorMatch",
    "nudge_pairing": "Time for a MentorMatch check-in",
    "checkin_reminder": "Your MentorMatch check-in is tomorrow",
    "approval_digest": "MentorMatch: pairings wait for approval",
    "meeting_confirmed": "Your MentorMatch meeting is confirmed",
    "meeting_reminder": "Reminder: your MentorMatch meeting",
    "checkup_due": "How is your MentorMatch pairing going?",
    "password_reset": "Reset your MentorMatch password",
    "invitation": "You are invited to MentorMatch: choose your password",
    "verify_email": "Confirm your email address for MentorMatch",
    "signup_attempt": "Someone tried to sign up to MentorMatch with your email",
    "email_changed": "The email address of your MentorMatch account changed",
    "message_digest": "New messages on MentorMatch",
}
TEMPLATES: dict[str, str] = {
    "password_reset": "password_reset.txt",
    "invitation": "invitation.txt",
    "verify_email": "verify_email.txt",
    "signup_attempt": "signup_attempt.txt",
    "email_changed": "email_changed.txt",
    "message_digest": "message_digest.txt",
}
# The link of these kinds holds a secret: it is forgotten once the email is sent.
SECRET_KINDS = frozenset({"password_reset", "invitation", "verify_email"})
MAX_BACKOFF = timedelta(hours=6)

_templates = Environment(
    loader=FileSystemLoader(resource_dir("templates") / "email"),
    autoescape=select_autoescape(enabled_extensions=("html",), default=False),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


@dataclass(frozen=True, slots=True)
class MailSettings:
    """SMTP connection, sender address, link base and retry policy."""

    host: str = ""
    port: int = 587
    user: str = ""
    password: str = field(default="", repr=False)
    starttls: bool = True
    ssl: bool = False  # SMTPS: TLS from the first byte (port 465)
    timeout: float = 10.0
    sender: str = "MentorMatch <no-reply@localhost>"
    base_url: str = "http://localhost:5000"
    max_attempts: int = 5
    backoff_seconds: int = 300
    dev_mailbox: bool = False  # no SMTP: development keeps mail for /dev/mailbox

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MailSettings:
        """Read the settings from an app config mapping (keys as in config.DEFAULTS)."""
        return cls(
            host=str(config["SMTP_HOST"] or ""),
            port=int(config["SMTP_PORT"]),
            user=str(config["SMTP_USER"] or ""),
            password=str(config["SMTP_PASSWORD"] or ""),
            starttls=bool(config["SMTP_STARTTLS"]),
            ssl=bool(config.get("SMTP_SSL")) or int(config["SMTP_PORT"]) == 465,
            timeout=float(config["SMTP_TIMEOUT"]),
            sender=str(config["MAIL_FROM"]),
            base_url=str(config["BASE_URL"]).rstrip("/"),
            max_attempts=int(config["MAIL_MAX_ATTEMPTS"]),
            backoff_seconds=int(config["MAIL_BACKOFF_SECONDS"]),
            dev_mailbox=bool(config.get("DEV_MAILBOX")),
        )

    @property
    def enabled(self) -> bool:
        return bool(self.host)

    @property
    def delivers(self) -> bool:
        """Whether mail reaches anyone: an SMTP server or the dev mailbox."""
        return self.enabled or self.dev_mailbox


@dataclass(slots=True)
class SendReport:
    """What one run of the worker did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0


def queue_email(
    session: Session,
    *,
    user: User,
    kind: str,
    link: str = "",
    now: datetime | None = None,
    **fields: Any,
) -> OutboxMessage | None:
    """Add an email for `user` to the current transaction (the caller commits).

    Returns None, queueing nothing, when the member switched that kind off. Kinds
    one can switch off carry a one-click unsubscribe link.

    Parameters
    ----------
    kind
        A key of ``SUBJECTS``; picks the subject and the body template.
    link
        A site path such as ``/requests/5``; the sender puts ``BASE_URL`` before it.
    fields
        Values for the body template.
    """
    if not wants_email(session, user, kind):
        return None
    category = CATEGORY_OF.get(kind)
    unsubscribe = ""
    if category is not None:
        token = settings_of(session, user).unsubscribe_token
        from mentormatch.core.notifications import link_to  # it imports this module

        unsubscribe = link_to("accounts.unsubscribe", token=token, category=category)
    template = _templates.get_template(TEMPLATES.get(kind, "notification.txt"))
    row = OutboxMessage(
        unsubscribe=unsubscribe,
        user_id=user.user_id,
        kind=kind,
        to_address=user.email,
        subject=SUBJECTS[kind],
        body=template.render(link=link, **fields),
        link=link,
        status=PENDING,
        attempts=0,
        next_attempt_at=now or utcnow(),
    )
    session.add(row)
    return row


def queue_event_email(
    session: Session, kind: str, *, user_id: int, text: str, link: str
) -> None:
    """Queue the email twin of an in-app notification when its kind goes by email."""
    if kind not in EMAIL_KINDS:
        return
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        return
    queue_email(session, user=user, kind=kind, link=link, text=text)


def backoff(settings: MailSettings, attempts: int) -> timedelta:
    """Return the wait after the `attempts`-th try: doubling, capped at six hours."""
    wait = timedelta(seconds=settings.backoff_seconds * 2 ** max(attempts - 1, 0))
    return min(wait, MAX_BACKOFF)


def build_message(row: OutboxMessage, settings: MailSettings) -> EmailMessage:
    """Turn an outbox row into the email to send, with its link made absolute."""
    text = row.body.rstrip("\n")
    if row.link:
        text += f"\n\n{settings.base_url}{row.link}"
    domain = parseaddr(settings.sender)[1].rpartition("@")[2] or "localhost"
    msg = EmailMessage()
    msg["From"] = settings.sender
    msg["To"] = row.to_address
    msg["Subject"] = row.subject
    msg["Date"] = formatdate(usegmt=True)
    msg["Message-ID"] = make_msgid(idstring=f"outbox-{row.message_id}", domain=domain)
    if row.unsubscribe:
        url = f"{settings.base_url}{row.unsubscribe}"
        text += f"\n\nStop these emails: {url}"
        # RFC 8058: mail apps offer a one-click button that POSTs this body.
        msg["List-Unsubscribe"] = f"<{url}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(text + "\n")
    return msg


@contextmanager
def smtp_connection(settings: MailSettings) -> Iterator[smtplib.SMTP]:
    """Open an SMTP connection (SMTPS, or upgraded with STARTTLS), logged in."""
    context = ssl.create_default_context()
    if settings.ssl:
        opened: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    else:
        opened = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    with opened as smtp:
        if settings.starttls and not settings.ssl:
            smtp.starttls(context=context)
        if settings.user:
            smtp.login(settings.user, settings.password)
        yield smtp


def _claim(
    session: Session, row: OutboxMessage, settings: MailSettings, now: datetime
) -> bool:
    """Count the attempt and push the next one back before sending (race-safe)."""
    attempts = row.attempts + 1
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.message_id == row.message_id,
            OutboxMessage.status == PENDING,
            OutboxMessage.attempts == row.attempts,
        )
        .values(attempts=attempts, next_attempt_at=now + backoff(settings, attempts))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def _claim_due(
    session: Session, settings: MailSettings, now: datetime, limit: int
) -> list[OutboxMessage]:
    due = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.message_id)
        .limit(limit)
    ).all()
    claimed = [row for row in due if _claim(session, row, settings, now)]
    session.commit()  # the attempts count even if this process dies mid-send
    return claimed


def _record(
    row: OutboxMessage, report: SendReport, settings: MailSettings, error: Exception
) -> None:
    row.last_error = f"{type(error).__name__}: {error}"[:500]
    if row.attempts >= settings.max_attempts:
        row.status = FAILED
        _forget_secret(row)  # a link nobody received must not wait in clear
        report.failed += 1
    else:
        report.retrying += 1


def _forget_secret(row: OutboxMessage) -> None:
    if row.kind in SECRET_KINDS:
        row.body, row.link = "", ""


def _mark_sent(
    row: OutboxMessage, report: SendReport, now: datetime, *, keep: bool = False
) -> None:
    row.status, row.sent_at, row.last_error = SENT, now, ""
    if not keep:  # the dev mailbox keeps its links to show them
        _forget_secret(row)
    report.sent += 1


def _to_dev_mailbox(
    session: Session,
    pending: list[OutboxMessage],
    settings: MailSettings,
    now: datetime,
) -> SendReport:
    """Development without SMTP: log each message and keep it for /dev/mailbox."""
    report = SendReport()
    for row in pending:
        msg = build_message(row, settings)
        log.info(
            "DEV MAILBOX to %s: %s\n%s", row.to_address, row.subject, msg.get_content()
        )
        _mark_sent(row, report, now, keep=True)
        session.commit()
    return report


def send_due(
    session: Session,
    settings: MailSettings,
    *,
    now: datetime | None = None,
    limit: int = 100,
    config: Mapping[str, Any] | None = None,
) -> SendReport:
    """Prepare waiting requests, then send the due outbox rows; failures wait longer.

    Parameters
    ----------
    config
        The app config, for the preparers of email requests (e.g. link lifetime).
    now
        The clock (tests pass it to step through the backoff).
    limit
        At most this many rows in one run.

    Returns
    -------
    SendReport
        How many were sent, will be retried, or ran out of attempts.
    """
    now = now or utcnow()
    report = SendReport()
    if not settings.delivers:
        return report  # nowhere to send: the rows wait, untouched
    prepare_due(session, config=config, now=now)
    pending = _claim_due(session, settings, now, limit)
    if not pending:
        return report
    if not settings.enabled:
        return _to_dev_mailbox(session, pending, settings, now)
    try:
        with smtp_connection(settings) as smtp:
            while pending:
                row = pending.pop(0)
                try:
                    smtp.send_message(build_message(row, settings))
                except (OSError, smtplib.SMTPException) as err:
                    _record(row, report, settings, err)
                else:
                    _mark_sent(row, report, now)
                    session.commit()  # a worker killed later sends it only once
    except (OSError, smtplib.SMTPException) as err:  # server down or refused us
        for row in pending:
            _record(row, report, settings, err)
    session.commit()
    return report
