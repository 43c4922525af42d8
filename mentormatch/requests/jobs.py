"""Jobs of the request lifecycle: expire unanswered requests, nudge both sides."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from mentormatch.core.jobs import first_time, periodic
from mentormatch.core.models import MatchRequest, MatchStatus, Profile, User
from mentormatch.core.notifications import notify_event
from mentormatch.core.workflow import expire_requests


@periodic(
    "expire-requests",
    every=timedelta(days=1),
    description="Expire requests a mentor left unanswered for REQUEST_EXPIRY_DAYS "
    "and tell each mentee.",
)
def expire(
    session: Session, *, now: datetime, config: Mapping[str, Any], **params: Any
) -> str:
    """An expired request is no longer REQUESTED, so a second run finds nothing."""
    days = int(config["REQUEST_EXPIRY_DAYS"])
    count = expire_requests(session, days=days, now=now)
    return f"Expired {count} request{'' if count == 1 else 's'}."


def _idle_mentees(session: Session, cutoff: datetime) -> list[User]:
    has_request = exists().where(MatchRequest.mentee_id == User.user_id)
    return list(
        session.scalars(
            select(User)
            .join(Profile, Profile.user_id == User.user_id)
            .where(
                User.is_active.is_(True),
                User.created_at < cutoff,
                Profile.wants_mentor.is_(True),
                ~has_request,
            )
        )
    )


@periodic(
    "nudge-requests",
    every=timedelta(days=1),
    description="Nudge mentees with a complete profile and no request after "
    "NUDGE_MENTEE_DAYS, and mentors with a request unanswered for NUDGE_MENTOR_DAYS.",
)
def nudge(
    session: Session, *, now: datetime, config: Mapping[str, Any], **params: Any
) -> str:
    """Each mentee and each waiting request is nudged once, ever."""
    mentee_cutoff = now - timedelta(days=int(config["NUDGE_MENTEE_DAYS"]))
    mentees = 0
    for user in _idle_mentees(session, mentee_cutoff):
        if user.has_profile and first_time(session, f"nudge-mentee:{user.user_id}"):
            notify_event(session, "nudge_mentee", user_id=user.user_id)
            mentees += 1
    days = int(config["NUDGE_MENTOR_DAYS"])
    waiting = session.scalars(
        select(MatchRequest).where(
            MatchRequest.status == MatchStatus.REQUESTED,
            MatchRequest.created_at < now - timedelta(days=days),
        )
    ).all()
    mentors = 0
    for req in waiting:
        if first_time(session, f"nudge-mentor:{req.request_id}"):
            notify_event(
                session,
                "nudge_mentor",
                user_id=req.mentor_id,
                id=req.request_id,
                mentee=req.mentee.display_name,
                days=days,
            )
            mentors += 1
    session.commit()
    return f"Nudged {mentees} mentees and {mentors} mentors."
