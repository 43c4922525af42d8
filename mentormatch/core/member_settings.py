"""A member's settings row (email choices, secret link tokens), made on first use."""

from __future__ import annotations

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
