"""The follow-ups of one pairing as the member sees them, for the own-data export."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentormatch.core.models import (
    Agreement,
    CheckIn,
    Feedback,
    MatchRequest,
    OverdueFlag,
    PairingGoal,
    SharedResource,
    User,
)


def _rows(session: Session, model: Any, req: MatchRequest) -> list[Any]:
    key = next(iter(model.__mapper__.primary_key))
    return list(
        session.scalars(
            select(model).where(model.request_id == req.request_id).order_by(key)
        )
    )


def _agreement(row: Agreement | None, as_mentee: bool) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "goals": row.goals,
        "cadence": row.cadence,
        "duration_months": row.duration_months,
        "starts_on": row.starts_on.isoformat(),
        "timezone": row.timezone,
        "confidential": row.confidential,
        "accepted_by_you": bool(
            row.mentee_accepted_at if as_mentee else row.mentor_accepted_at
        ),
        "your_fit_answer": row.mentee_fit if as_mentee else row.mentor_fit,
    }


def _checkin(row: CheckIn, uid: int) -> dict[str, Any]:
    mine = row.logged_by_id == uid
    return {
        "held_on": row.held_on.isoformat(),
        "minutes": row.minutes,
        "logged_by": "you" if mine else "the other member",
        # The other member's notes are their words: only the member's own go out.
        "notes": row.notes if mine else None,
        "next_step": row.next_step if mine else None,
    }


def followups(session: Session, req: MatchRequest, user: User) -> dict[str, Any]:
    """Agreement, check-ins, overdue dates, goals, links and the member's feedback."""
    uid, as_mentee = user.user_id, req.mentee_id == user.user_id
    agreement = session.scalar(
        select(Agreement).where(Agreement.request_id == req.request_id)
    )
    return {
        "agreement": _agreement(agreement, as_mentee),
        "checkins": [_checkin(c, uid) for c in _rows(session, CheckIn, req)],
        "overdue_checkins": [
            f.due_on.isoformat() for f in _rows(session, OverdueFlag, req)
        ],
        "goals": [
            {"title": g.title, "status": g.status.value, "progress": g.progress}
            for g in _rows(session, PairingGoal, req)
        ],
        "your_links": [
            {"title": r.title, "url": r.url}
            for r in _rows(session, SharedResource, req)
            if r.added_by_id == uid
        ],
        "your_feedback": [
            {"rating": f.rating, "comment": f.comment}
            for f in _rows(session, Feedback, req)
            if f.author_id == uid
        ],
    }
