"""In-app notifications: written inside the caller's transaction, read by members."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from mentormatch.core.mail import queue_event_email
from mentormatch.core.models import Notification, utcnow

LinkBuilder = Callable[[str, Mapping[str, Any]], str]
_link_builder: list[LinkBuilder] = []


def use_link_builder(builder: LinkBuilder) -> None:
    """Install the web layer's builder of site paths (the app factory does)."""
    _link_builder[:] = [builder]


def link_to(endpoint: str, **values: Any) -> str:
    """The site path of `endpoint` with `values`; services never write paths.

    Only the arguments the endpoint's URL takes are used, so an event can pass
    the request id to a page that needs none.
    """
    if not _link_builder:
        raise RuntimeError("No link builder installed: create the app first.")
    return _link_builder[0](endpoint, values)


def notify(
    session: Session, *, user_id: int, kind: str, text: str, link: str = ""
) -> None:
    """Queue a notification in the current transaction (the caller commits)."""
    session.add(Notification(user_id=user_id, kind=kind, text=text, link=link))


def unread_count(session: Session, user_id: int) -> int:
    """Return how many notifications the member has not read."""
    return (
        session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        )
        or 0
    )


def mark_all_read(session: Session, user_id: int) -> int:
    """Mark every notification of the member read; return how many changed."""
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# Text and page of each event: fields fill the text; the page is an endpoint name,
# built with the request's id by the web layer's link builder (see `link_to`).
EVENTS: dict[str, tuple[str, str]] = {
    "request_received": ("{mentee} asked you to be their mentor.", "requests.detail"),
    "request_accepted": (
        "{mentor} accepted your request. A program admin will confirm the pairing.",
        "requests.sent_detail",
    ),
    "request_declined": (
        "{mentor} declined your request ({reason}). Here are other mentors.",
        "suggestions.index",
    ),
    "request_withdrawn": ("The request from {mentee} was withdrawn: {reason}.", ""),
    "request_expired": (
        "{mentor} did not answer within {days} days. Here are fresh suggestions.",
        "suggestions.index",
    ),
    "approval_waiting": (
        "{mentee} and {mentor} wait for your approval in {program}.",
        "admin.decide",
    ),
    "match_approved": (
        "Your pairing with {other} is approved and active.",
        "pairings.detail",
    ),
    "match_rejected": (
        "The program did not approve the pairing with {other}: {reason}",
        "suggestions.index",
    ),
    "pairing_ended": ("{actor} ended the pairing.", "pairings.detail"),
    "agreement_proposed": (
        "{actor} proposed the mentoring agreement. Read it and accept it.",
        "pairings.detail",
    ),
    "checkin_overdue": (
        "The check-in with {other} planned for {due} is overdue. Log it or meet soon.",
        "pairings.detail",
    ),
    "nudge_mentee": (
        "You have not asked a mentor yet. Here are mentors who fit your goals.",
        "suggestions.index",
    ),
    "nudge_mentor": (
        "{mentee} has waited {days} days for your answer. Accept or decline.",
        "requests.detail",
    ),
    "nudge_pairing": (
        "No check-in with {other} logged for {days} days. Plan one, or log it.",
        "pairings.detail",
    ),
    "checkin_reminder": (
        "Check-in with {other} tomorrow ({when}).",
        "pairings.detail",
    ),
    "approval_digest": (
        "{count} accepted request{plural} wait{verb} in the approval queue.",
        "admin.queue",
    ),
    "meeting_proposed": (
        "{actor} proposed times for a meeting. Pick one or propose others.",
        "pairings.detail#meetings",
    ),
    "meeting_confirmed": (
        "{actor} picked a time for your meeting.",
        "pairings.detail#meetings",
    ),
    "meeting_cancelled": ("{actor} cancelled a meeting.", "pairings.detail#meetings"),
    "meeting_reminder": (
        "Reminder: you meet {other} within a day.",
        "pairings.detail#meetings",
    ),
    "checkup_due": (
        "{days} days with {other}: answer three quick questions about your pairing.",
        "pairings.detail#checkup",
    ),
    "fit_rematch": (
        "Your pairing with {other} ended: not a good fit. We will not suggest "
        "{other} to you again. You are back in the queue; here are fresh suggestions.",
        "suggestions.index",
    ),
}


def notify_event(
    session: Session, kind: str, *, user_id: int, **fields: object
) -> None:
    """Queue the notification for a workflow event, filled with `fields`.

    Events in ``mail.EMAIL_KINDS`` also get an outbox email, in the same transaction.
    """
    text, target = EVENTS[kind]
    text = text.format(**fields)
    endpoint, _, anchor = target.partition("#")
    link = link_to(endpoint, request_id=fields.get("id")) if endpoint else ""
    if link and anchor:
        link += f"#{anchor}"
    notify(session, user_id=user_id, kind=kind, text=text, link=link)
    queue_event_email(session, kind, user_id=user_id, text=text, link=link)
