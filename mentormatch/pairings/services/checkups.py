"""Check-ups at 30 and 90 days: a three-question pulse from each member, and prompts."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentormatch.core import workflow
from mentormatch.core.errors import InvalidTransitionError
from mentormatch.core.models import (
    CHECKUP_MILESTONES,
    Checkup,
    CheckupPrompt,
    MatchRequest,
    MatchStatus,
    User,
    utcnow,
)
from mentormatch.pairings.services.followups import NOT_A_FIT, require_active, tell

MILESTONES = CHECKUP_MILESTONES


def _answered(session: Session, req: MatchRequest, user: User) -> set[int]:
    return set(
        session.scalars(
            select(Checkup.milestone).where(
                Checkup.request_id == req.request_id, Checkup.author_id == user.user_id
            )
        )
    )


def due_milestone(
    session: Session, req: MatchRequest, user: User, now: datetime
) -> int | None:
    """The earliest check-up `user` owes in an active pairing, or None."""
    if req.status != MatchStatus.ACTIVE or req.started_at is None:
        return None
    if not req.involves(user):
        return None
    age = now - req.started_at
    if age < timedelta(days=MILESTONES[0]):
        return None  # most page views: no query
    done = _answered(session, req, user)
    return next(
        (m for m in MILESTONES if age >= timedelta(days=m) and m not in done), None
    )


def answer_checkup(
    session: Session,
    req: MatchRequest,
    *,
    by: User,
    is_working: bool,
    meeting_as_agreed: str,
    note: str,
    end_not_fit: bool = False,
    now: datetime | None = None,
) -> Checkup:
    """Store the member's pulse; "not working" plus `end_not_fit` ends the pairing.

    Ending marks the pair "not a good fit", so the mentor is never suggested to
    this mentee again (suggestions read `Checkup.not_a_fit`).

    Raises
    ------
    NotAllowedError, InvalidTransitionError
        Not a member, not active, or no check-up is due.
    """
    require_active(req, by)
    milestone = due_milestone(session, req, by, now or utcnow())
    if milestone is None:
        raise InvalidTransitionError("No check-up is due for this pairing.")
    ends = end_not_fit and not is_working
    checkup = Checkup(
        request_id=req.request_id,
        author_id=by.user_id,
        milestone=milestone,
        is_working=is_working,
        meeting_as_agreed=meeting_as_agreed,
        note=note,
        not_a_fit=ends,
    )
    session.add(checkup)
    if not ends:
        session.commit()
        return checkup
    tell(session, "fit_rematch", req, req.mentee)
    workflow.end_pairing(session, req, by=by, reason=NOT_A_FIT)
    return checkup


def send_prompts(session: Session, *, now: datetime) -> int:
    """Ask each member of an active pairing once per milestone reached."""
    oldest = now - timedelta(days=MILESTONES[0])
    pairings = session.scalars(
        select(MatchRequest).where(
            MatchRequest.status == MatchStatus.ACTIVE,
            MatchRequest.started_at <= oldest,
        )
    ).all()
    asked = {
        (p.request_id, p.user_id, p.milestone)
        for p in session.scalars(select(CheckupPrompt))
    }
    sent = 0
    for req in pairings:
        for member in (req.mentee, req.mentor):
            milestone = due_milestone(session, req, member, now)
            if (
                milestone is None
                or (req.request_id, member.user_id, milestone) in asked
            ):
                continue
            session.add(
                CheckupPrompt(
                    request_id=req.request_id,
                    user_id=member.user_id,
                    milestone=milestone,
                )
            )
            tell(session, "checkup_due", req, member, days=milestone)
            sent += 1
    session.commit()
    return sent
