"""In-app notifications: written inside the caller's transaction, read by members."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from mentormatch.core.mail import queue_event_email
from mentormatch.core.models import Notification, utcnow


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


# Text and link of each event; fields are filled from the request and the actors.
EVENTS: dict[str, tuple[str, str]] = {
    "request_received": ("{mentee} asked you to be their mentor.", "/requests/{id}"),
    "request_accepted": (
        "{mentor} accepted your request. A program admin will confirm the pairing.",
        "/matches/requests/{id}",
    ),
    "request_declined": (
        "{mentor} declined your request ({reason}). Here are other mentors.",
        "/matches",
    ),
    "request_withdrawn": ("The request from {mentee} was withdrawn: {reason}.", ""),
    "request_expired": (
        "{mentor} did not answer within {days} days. Here are fresh suggestions.",
        "/matches",
    ),
    "match_approved": (
        "Your pairing with {other} is approved and active.",
        "/pairings/{id}",
    ),
    "match_rejected": (
        "The program did not approve the pairing with {other}: {reason}",
        "/matches",
    ),
    "pairing_ended": ("{actor} ended the pairing.", "/pairings/{id}"),
    "agreement_proposed": (
        "{actor} proposed the mentoring agreement. Read it and accept it.",
        "/pairings/{id}",
    ),
    "checkin_overdue": (
        "The check-in with {other} planned for {due} is overdue. Log it or meet soon.",
        "/pairings/{id}",
    ),
    "nudge_mentee": (
        "You have not asked a mentor yet. Here are mentors who fit your goals.",
        "/matches",
    ),
    "nudge_mentor": (
        "{mentee} has waited {days} days for your answer. Accept or decline.",
        "/requests/{id}",
    ),
    "nudge_pairing": (
        "No check-in with {other} logged for {days} days. Plan one, or log it.",
        "/pairings/{id}",
    ),
    "checkin_reminder": (
        "Check-in with {other} tomorrow ({when}).",
        "/pairings/{id}",
    ),
    "approval_digest": (
        "{count} accepted request{plural} wait{verb} in the approval queue.",
        "/admin/queue",
    ),
    "fit_rematch": (
        "Your pairing with {other} ended: not a good fit. You are back in the queue "
        "for a new match; here are fresh suggestions.",
        "/matches",
    ),
}


def notify_event(
    session: Session, kind: str, *, user_id: int, **fields: object
) -> None:
    """Queue the notification for a workflow event, filled with `fields`.

    Events in ``mail.EMAIL_KINDS`` also get an outbox email, in the same transaction.
    """
    text, link = EVENTS[kind]
    text, link = text.format(**fields), link.format(**fields)
    notify(session, user_id=user_id, kind=kind, text=text, link=link)
    queue_event_email(session, kind, user_id=user_id, text=text, link=link)
