"""Each member's private calendar feed: check-ins and meetings of active pairings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mentormatch.core.member_settings import settings_of
from mentormatch.core.models import MatchRequest, MatchStatus, MemberSettings, User
from mentormatch.core.models.users import new_session_token
from mentormatch.pairings.services.calendar import calendar, pairing_events

TOKEN_MAX = 64


def feed_token(session: Session, user: User) -> str | None:
    """The member's feed secret, None until they asked for a feed address.

    Reading never writes: pages call this, and a page must not change the database.
    """
    row = session.get(MemberSettings, user.user_id)
    return row.calendar_token if row else None


def reset_token(session: Session, user: User) -> str:
    """Make (or replace) the feed secret, so any old address stops working."""
    row = settings_of(session, user)
    row.calendar_token = new_session_token()
    session.commit()
    return row.calendar_token


def member_feed(session: Session, token: str, *, now: datetime) -> bytes | None:
    """The feed of the member holding `token`; None for an unknown token."""
    if not token or len(token) > TOKEN_MAX:
        return None
    row = session.scalar(
        select(MemberSettings).where(MemberSettings.calendar_token == token)
    )
    user = session.get(User, row.user_id) if row else None
    if user is None or not user.is_active:
        return None
    pairings = session.scalars(
        select(MatchRequest).where(
            MatchRequest.status == MatchStatus.ACTIVE,
            or_(
                MatchRequest.mentee_id == user.user_id,
                MatchRequest.mentor_id == user.user_id,
            ),
        )
    )
    events = [e for req in pairings for e in pairing_events(session, req, now=now)]
    return calendar(events, name="MentorMatch")
