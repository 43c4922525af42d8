"""Email outbox: written with the event, delivered through a loopback SMTP server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from mentormatch.core import workflow
from mentormatch.core.mail import (
    FAILED,
    PENDING,
    SENT,
    MailSettings,
    backoff,
    queue_email,
    send_due,
)
from mentormatch.core.models import OutboxMessage, utcnow
from mentormatch.core.notifications import notify_event
from tests.factories import make_mentee, make_mentor, make_user

BASE = "https://mm.example.org"


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def app_config(smtp_port: int) -> dict[str, object]:
    return {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp_port,
        "SMTP_STARTTLS": False,
        "SMTP_TIMEOUT": 5,
        "MAIL_FROM": "MentorMatch <mm@example.org>",
        "BASE_URL": BASE,
    }


def start_server(port: int) -> tuple[Controller, Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox


@pytest.fixture
def inbox(smtp_port: int) -> Iterator[Inbox]:
    controller, inbox = start_server(smtp_port)
    yield inbox
    controller.stop()


@pytest.fixture
def settings(app) -> MailSettings:
    return MailSettings.from_config(app.config)


def outbox(session) -> list[OutboxMessage]:
    return list(
        session.scalars(select(OutboxMessage).order_by(OutboxMessage.message_id))
    )


def queue_one(session, **fields) -> OutboxMessage:
    user = make_user(session, email="to@example.org")
    row = queue_email(
        session,
        user=user,
        kind="request_received",
        link="/requests/7",
        text="Ada asked you to be their mentor.",
        **fields,
    )
    session.commit()
    return row


def test_request_event_writes_outbox_row_with_notification(session):
    mentee, mentor = make_mentee(session), make_mentor(session)
    req = workflow.request_mentor(
        session, mentee=mentee, mentor=mentor, message="Hi", rules=workflow.Rules()
    )
    (row,) = outbox(session)
    assert (row.kind, row.to_address, row.status) == (
        "request_received",
        mentor.email,
        PENDING,
    )
    assert row.link == f"/requests/{req.request_id}"
    assert f"{mentee.display_name} asked you to be their mentor." in row.body
    assert row.attempts == 0


def test_outbox_row_rolls_back_with_its_event(session):
    user = make_user(session)
    notify_event(
        session,
        "request_received",
        user_id=user.user_id,
        id=1,
        mentee="Ada",
        mentor="Bo",
        other="Ada",
    )
    session.rollback()
    assert outbox(session) == []


@pytest.mark.parametrize(
    ("kind", "fields", "emails"),
    [
        ("request_accepted", {"mentor": "Bo"}, 1),
        ("match_approved", {"other": "Bo"}, 1),
        ("request_declined", {"mentor": "Bo", "reason": "other"}, 0),
        ("pairing_ended", {"actor": "Bo"}, 0),
    ],
)
def test_only_some_events_go_by_email(session, kind, fields, emails):
    user = make_user(session)
    notify_event(session, kind, user_id=user.user_id, id=3, **fields)
    session.commit()
    assert len(outbox(session)) == emails


def test_inactive_member_gets_no_email(session):
    user = make_user(session, is_active=False)
    notify_event(session, "match_approved", user_id=user.user_id, id=3, other="Bo")
    session.commit()
    assert outbox(session) == []


def test_send_due_delivers_through_loopback_smtp(session, settings, inbox):
    row = queue_one(session)
    report = send_due(session, settings)
    assert (report.sent, report.retrying, report.failed) == (1, 0, 0)
    (msg,) = inbox.messages
    assert inbox.recipients == [["to@example.org"]]
    assert msg["Subject"] == "New mentorship request on MentorMatch"
    assert msg["From"] == "MentorMatch <mm@example.org>"
    body = msg.get_payload(decode=True).decode()
    assert "Ada asked you to be their mentor." in body
    assert f"{BASE}/requests/7" in body
    session.refresh(row)
    assert (row.status, row.attempts, row.last_error) == (SENT, 1, "")
    assert row.sent_at is not None
    assert send_due(session, settings).sent == 0  # sent once only
    assert len(inbox.messages) == 1


def test_send_due_retries_after_server_was_down(session, settings, smtp_port):
    row = queue_one(session)
    t0 = utcnow()
    report = send_due(session, settings, now=t0)
    assert (report.sent, report.retrying) == (0, 1)
    session.refresh(row)
    assert (row.status, row.attempts) == (PENDING, 1)
    assert row.next_attempt_at == t0 + timedelta(seconds=settings.backoff_seconds)
    assert "Connection" in row.last_error or "refused" in row.last_error.lower()
    assert send_due(session, settings, now=t0 + timedelta(seconds=10)).retrying == 0

    controller, inbox = start_server(smtp_port)
    try:
        later = t0 + timedelta(seconds=settings.backoff_seconds)
        assert send_due(session, settings, now=later).sent == 1
    finally:
        controller.stop()
    session.refresh(row)
    assert (row.status, row.attempts, row.sent_at) == (SENT, 2, later)
    assert len(inbox.messages) == 1
    assert inbox.recipients == [["to@example.org"]]


def test_send_due_gives_up_after_max_attempts(session, settings):
    settings = replace(settings, max_attempts=2)
    row = queue_one(session)
    t0 = utcnow()
    assert send_due(session, settings, now=t0).retrying == 1
    t1 = t0 + backoff(settings, 1)
    assert send_due(session, settings, now=t1).failed == 1
    session.refresh(row)
    assert (row.status, row.attempts) == (FAILED, 2)
    assert send_due(session, settings, now=t1 + timedelta(days=1)).failed == 0


@pytest.mark.parametrize(
    ("attempts", "seconds"),
    [(1, 300), (2, 600), (3, 1200), (4, 2400), (10, 6 * 3600)],
)
def test_backoff_doubles_and_is_capped(attempts, seconds):
    assert (
        backoff(MailSettings(backoff_seconds=300), attempts).total_seconds() == seconds
    )


def test_reset_link_is_forgotten_once_sent(session, settings, inbox):
    user = make_user(session, email="me@example.org")
    row = queue_email(
        session,
        user=user,
        kind="password_reset",
        link="/password/reset/secret-token",
        minutes=60,
    )
    session.commit()
    assert send_due(session, settings).sent == 1
    body = inbox.messages[0].get_payload(decode=True).decode()
    assert f"{BASE}/password/reset/secret-token" in body
    assert "60 minutes" in body
    session.refresh(row)
    assert (row.body, row.link) == ("", "")


def test_send_mail_command_once(session, runner, inbox):
    queue_one(session)
    result = runner.invoke(args=["send-mail", "--once", "--max-attempts", "3"])
    assert result.exit_code == 0, result.output
    assert "Sent 1" in result.output
    assert len(inbox.messages) == 1


def test_send_mail_command_needs_a_server(app, runner):
    app.config["SMTP_HOST"] = ""
    result = runner.invoke(args=["send-mail", "--once"])
    assert result.exit_code != 0
    assert "MENTORMATCH_SMTP_HOST" in result.output


def test_reset_link_is_forgotten_once_given_up(session, settings):
    settings = replace(settings, max_attempts=1)  # no server listens on smtp_port
    user = make_user(session, email="me@example.org")
    row = queue_email(
        session, user=user, kind="password_reset", link="/password/reset/t", minutes=9
    )
    session.commit()
    assert send_due(session, settings).failed == 1
    session.refresh(row)
    assert row.status == FAILED
    assert (row.body, row.link) == ("", "")


def test_reset_request_prepared_then_delivered_and_forgotten(app, session, inbox):
    from mentormatch.accounts.services.reset import queue_reset

    make_user(session, email="me@example.org")
    queue_reset(session, email="ME@example.org")
    queue_reset(session, email="nobody@example.org")
    settings = MailSettings.from_config(app.config)
    assert send_due(session, settings, config=app.config).sent == 1
    assert inbox.recipients == [["me@example.org"]]
    body = inbox.messages[0].get_payload(decode=True).decode()
    assert f"{BASE}/password/reset/" in body
    (row,) = outbox(session)  # the unknown address left nothing behind
    assert (row.kind, row.status, row.body, row.link) == (
        "password_reset",
        SENT,
        "",
        "",
    )
