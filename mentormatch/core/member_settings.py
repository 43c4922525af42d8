"""A member's settings row (email choices, secret link tokens), made on first use."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentormatch.core.models import MemberSettings, User
from mentormatch.core.models.users import new_session_token


def settings_of(session: Session, user: User) -> MemberSettings:
    """Return the member's settings, adding default ones (the caller commits)."""
    row = session.get(MemberSettings, user.user_id)
    if row is None:
        row = MemberSettings(
            user_id=user.user_id,
            message_email="hourly",
            email_off="",
            unsubscribe_token=new_session_token(),
            calendar_token=new_session_token(),
        )
        session.add(row)
        session.flush()
    return row


# What a member can switch off, and which email kinds each choice covers. Password
# resets and invitations are not listed: they are always sent.
CATEGORIES: dict[str, str] = {
    "requests": "New requests to mentor you",
    "decisions": "Answers to your requests and pairing decisions",
    "messages": "Messages from your mentor or mentee",
    "reminders": "Check-in and meeting reminders",
    "nudges": "Check-up questions and nudges",
    "digests": "Summaries and digests",
}
CATEGORY_OF: dict[str, str] = {
    "request_received": "requests",
    "request_accepted": "decisions",
    "match_approved": "decisions",
    "message_digest": "messages",
    "checkin_overdue": "reminders",
    "meeting_confirmed": "reminders",
    "meeting_reminder": "reminders",
    "checkup_due": "nudges",
}


def wants_email(session: Session, user: User, kind: str) -> bool:
    """False when the member switched off the category of this email kind."""
    category = CATEGORY_OF.get(kind)
    if category is None:
        return True
    row = session.get(MemberSettings, user.user_id)
    return row is None or not row.is_off(category)


def set_email_choices(
    session: Session, user: User, *, off: set[str], message_email: str
) -> MemberSettings:
    """Store which categories are off and how message emails come (caller checked)."""
    row = settings_of(session, user)
    row.email_off = " ".join(sorted(off & set(CATEGORIES)))
    row.message_email = message_email
    session.commit()
    return row


def unsubscribe(session: Session, token: str, category: str) -> User | None:
    """Switch `category` off for the holder of `token`; None if either is unknown."""
    if category not in CATEGORIES or not token or len(token) > 64:
        return None
    row = session.scalar(
        select(MemberSettings).where(MemberSettings.unsubscribe_token == token)
    )
    if row is None:
        return None
    row.email_off = " ".join(sorted(set(row.email_off.split()) | {category}))
    if category == "messages":
        row.message_email = "off"
    session.commit()
    return session.get(User, row.user_id)
