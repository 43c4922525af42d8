"""Follow-ups of an active pairing: agreement, check-ins, fit check, overdue flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentormatch.core import workflow
from mentormatch.core.dates import check_window
from mentormatch.core.errors import (
    InvalidTransitionError,
    NotAllowedError,
    ValidationError,
)
from mentormatch.core.models import (
    Agreement,
    CheckIn,
    MatchRequest,
    MatchStatus,
    PairingGoal,
    User,
    utcnow,
)
from mentormatch.core.notifications import notify_event
from mentormatch.pairings.services.schedule import add_months, today_in

GRACE_DAYS = 3
EXTEND_MONTHS = 3
MAX_MONTHS = 120  # an agreement with its extensions
NOT_A_FIT = "not a good fit"


@dataclass(frozen=True, slots=True)
class Terms:
    """What the agreement says: goals, cadence, length, first check-in, privacy."""

    goals: str
    cadence: str
    duration_months: int
    starts_on: date
    checkin_time: time | None = None
    confidential: bool = True


def role_of(req: MatchRequest, user: User) -> str:
    """Return "mentee" or "mentor" for a member of the pairing.

    Raises
    ------
    NotAllowedError
        `user` is not one of the two members (admins included).
    """
    if user.user_id == req.mentee_id:
        return "mentee"
    if user.user_id == req.mentor_id:
        return "mentor"
    raise NotAllowedError("Only the two members of this pairing can do this.")


def require_active(req: MatchRequest, user: User) -> str:
    """Check that `user` is a member and the pairing is active; return the role.

    Raises
    ------
    NotAllowedError
        `user` is not a member.
    InvalidTransitionError
        The pairing is not active.
    """
    role = role_of(req, user)
    if req.status != MatchStatus.ACTIVE:
        raise InvalidTransitionError("This pairing is not active.")
    return role


def zone_of(req: MatchRequest) -> str:
    """The pairing's time zone: the mentee's profile zone (UTC without a profile)."""
    profile = req.mentee.profile
    return profile.timezone if profile and profile.timezone else "UTC"


def agreement_of(session: Session, req: MatchRequest) -> Agreement | None:
    """Return the pairing's agreement, if one was proposed."""
    return session.scalar(
        select(Agreement).where(Agreement.request_id == req.request_id)
    )


def ends_on(agreement: Agreement) -> date:
    """The last day of the agreed duration (extensions included)."""
    return add_months(agreement.starts_on, agreement.duration_months)


def tell(
    session: Session, kind: str, req: MatchRequest, to: User, **extra: object
) -> None:
    """Notify `to` of a pairing event (the other person's name filled in)."""
    notify_event(
        session,
        kind,
        user_id=to.user_id,
        id=req.request_id,
        other=req.other(to).display_name,
        **extra,
    )


def propose_agreement(
    session: Session, req: MatchRequest, *, by: User, terms: Terms
) -> Agreement:
    """Write (or rewrite) the agreement; the writer accepts it, the other is asked.

    Raises
    ------
    NotAllowedError, InvalidTransitionError
        Not a member, the pairing is not active, or both accepted already.
    """
    require_active(req, by)
    check_window(terms.starts_on, today_in(zone_of(req), utcnow()), "first date")
    agreement = agreement_of(session, req) or Agreement(request_id=req.request_id)
    if agreement.accepted:
        raise InvalidTransitionError("You both accepted the agreement already.")
    for name in Terms.__slots__:
        setattr(agreement, name, getattr(terms, name))
    agreement.timezone, agreement.proposed_by_id = zone_of(req), by.user_id
    mine = f"{role_of(req, by)}_accepted_at"
    agreement.mentee_accepted_at = agreement.mentor_accepted_at = None
    setattr(agreement, mine, utcnow())
    session.add(agreement)
    tell(session, "agreement_proposed", req, req.other(by), actor=by.display_name)
    session.commit()
    return agreement


def accept_agreement(session: Session, req: MatchRequest, *, by: User) -> Agreement:
    """Accept the proposed agreement; once both did, its goals become goal items.

    Raises
    ------
    NotAllowedError, InvalidTransitionError
        Not a member, not active, no agreement yet, or accepted already.
    """
    mine = f"{require_active(req, by)}_accepted_at"
    agreement = agreement_of(session, req)
    if agreement is None:
        raise InvalidTransitionError("No agreement has been proposed yet.")
    if getattr(agreement, mine) is not None:
        raise InvalidTransitionError("You accepted this agreement already.")
    setattr(agreement, mine, utcnow())
    if agreement.accepted and not _has_goals(session, req):
        for title in goal_titles(agreement.goals):
            session.add(PairingGoal(request_id=req.request_id, title=title))
    session.commit()
    return agreement


def goal_titles(text: str) -> list[str]:
    """Split agreed goals into goal items: one per non-empty line, bullets dropped."""
    titles = (line.strip().lstrip("-*•").strip() for line in text.splitlines())
    return [title[:200] for title in titles if title]


def _has_goals(session: Session, req: MatchRequest) -> bool:
    stmt = select(PairingGoal.goal_id).where(PairingGoal.request_id == req.request_id)
    return session.scalar(stmt.limit(1)) is not None


def _accepted(session: Session, req: MatchRequest, by: User) -> Agreement:
    require_active(req, by)
    agreement = agreement_of(session, req)
    if agreement is None or not agreement.accepted:
        raise InvalidTransitionError("Agree on the mentoring agreement first.")
    return agreement


def log_checkin(
    session: Session,
    req: MatchRequest,
    *,
    by: User,
    held_on: date,
    minutes: int,
    notes: str = "",
    next_step: str = "",
    now: datetime | None = None,
) -> CheckIn:
    """Record a check-in the pair held.

    Raises
    ------
    NotAllowedError, InvalidTransitionError
        Not a member, not active, or no accepted agreement.
    ValidationError
        The date is in the future (in the pairing's time zone), or more than
        WINDOW_YEARS back.

    Sending the same check-in again returns the one already logged.
    """
    agreement = _accepted(session, req, by)
    today = today_in(agreement.timezone, now or utcnow())
    if held_on > today:
        raise ValidationError("Log a check-in on or after the day you held it.")
    check_window(held_on, today, "check-in date")
    # Idempotent: a retried post (e.g. after a timeout) finds the check-in it saved.
    # The pairing's row lock makes two simultaneous posts wait for each other.
    session.execute(
        select(MatchRequest.request_id)
        .where(MatchRequest.request_id == req.request_id)
        .with_for_update()
    )
    values = {
        "request_id": req.request_id,
        "held_on": held_on,
        "minutes": minutes,
        "notes": notes,
        "next_step": next_step,
        "logged_by_id": by.user_id,
    }
    same = session.scalar(
        select(CheckIn)
        .where(*(getattr(CheckIn, k) == v for k, v in values.items()))
        .limit(1)
    )
    if same is not None:
        session.rollback()
        return same
    checkin = CheckIn(**values)
    session.add(checkin)
    session.commit()
    return checkin


def checkins_of(session: Session, request_id: int) -> list[CheckIn]:
    """The pairing's logged check-ins, newest first."""
    stmt = (
        select(CheckIn)
        .where(CheckIn.request_id == request_id)
        .order_by(CheckIn.held_on.desc(), CheckIn.checkin_id.desc())
    )
    return list(session.scalars(stmt))


def answer_fit(
    session: Session, req: MatchRequest, *, by: User, good: bool
) -> MatchRequest:
    """Record "is this a good fit?"; a "no" ends the pairing and re-queues the mentee.

    Raises
    ------
    NotAllowedError, InvalidTransitionError
        Not a member, not active, no check-in logged yet, or answered already.
    """
    field = f"{require_active(req, by)}_fit"
    agreement = _accepted(session, req, by)
    if not checkins_of(session, req.request_id):
        raise InvalidTransitionError("Log your first check-in before answering.")
    if getattr(agreement, field) is not None:
        raise InvalidTransitionError("You answered this question already.")
    setattr(agreement, field, good)
    if good:
        session.commit()
        return req
    tell(session, "fit_rematch", req, req.mentee)
    return workflow.end_pairing(session, req, by=by, reason=NOT_A_FIT)


def extend(
    session: Session, req: MatchRequest, *, by: User, months: int = EXTEND_MONTHS
) -> Agreement:
    """Lengthen the agreed duration by `months`.

    Raises
    ------
    NotAllowedError, InvalidTransitionError
        Not a member, not active, or no accepted agreement.
    """
    agreement = _accepted(session, req, by)
    if agreement.duration_months + months > MAX_MONTHS:
        raise InvalidTransitionError(
            f"An agreement lasts at most {MAX_MONTHS} months, extensions included."
        )
    agreement.duration_months += months
    session.commit()
    return agreement
