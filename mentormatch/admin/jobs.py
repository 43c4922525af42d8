"""Jobs of program admins: the daily digest of the approval queue."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentormatch.core.jobs import first_time, periodic
from mentormatch.core.models import MatchRequest, MatchStatus, User
from mentormatch.core.notifications import notify_event


@periodic(
    "approval-digest",
    every=timedelta(days=1),
    description="Tell each admin, once a day, how many accepted requests wait "
    "in the approval queue (nothing when it is empty).",
)
def approval_digest(
    session: Session, *, now: datetime, config: Mapping[str, Any], **params: Any
) -> str:
    """One digest per admin and UTC day, whatever the number of runs."""
    waiting = session.scalar(
        select(func.count())
        .select_from(MatchRequest)
        .where(MatchRequest.status == MatchStatus.ACCEPTED)
    )
    if not waiting:
        return "The approval queue is empty."
    admins = session.scalars(
        select(User).where(User.is_admin.is_(True), User.is_active.is_(True))
    ).all()
    told = 0
    for admin in admins:
        if first_time(session, f"approval-digest:{admin.user_id}:{now:%Y-%m-%d}"):
            notify_event(
                session,
                "approval_digest",
                user_id=admin.user_id,
                count=waiting,
                plural="" if waiting == 1 else "s",
                verb="s" if waiting == 1 else "",
            )
            told += 1
    session.commit()
    return f"Told {told} admins about {waiting} waiting requests."
