"""The request workflow: states, allowed transitions and every change of status.

Only this module assigns ``MatchRequest.status``. Each service checks the actor's
right, then the transition, then changes rows with conditional UPDATEs (so that two
people acting at once cannot both win), records the history and commits once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mentormatch.core import audit
from mentormatch.core.changes import LOCK_ONLY
from mentormatch.core.errors import (
    CapacityError,
    DuplicateRequestError,
    InvalidTransitionError,
    NotAllowedError,
    WorkflowError,
)
from mentormatch.core.models import (
    DeclineReason,
    MatchRequest,
    MatchStatus,
    MemberPreference,
    PreferenceKind,
    Profile,
    Program,
    StatusChange,
    User,
    utcnow,
)
from mentormatch.core.notifications import link_to, notify, notify_event
from mentormatch.core.roles import admins_of, program_for_request, runs_program

S = MatchStatus
TRANSITIONS: dict[MatchStatus, frozenset[MatchStatus]] = {
    S.REQUESTED: frozenset({S.ACCEPTED, S.DECLINED, S.WITHDRAWN, S.EXPIRED}),
    S.ACCEPTED: frozenset({S.ACTIVE, S.REJECTED, S.WITHDRAWN}),
    S.ACTIVE: frozenset({S.ENDED}),
    S.REJECTED: frozenset(),
    S.DECLINED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.EXPIRED: frozenset(),
    S.ENDED: frozenset(),
}
PENDING = (S.REQUESTED, S.ACCEPTED)
DUPLICATE = "You already have an open request or pairing with this mentor."


@dataclass(frozen=True, slots=True)
class Rules:
    """Program settings the workflow enforces (from the app's config)."""

    max_open_requests: int = 3
    max_active_pairings: int = 1
    decline_cooldown_days: int = 90

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Rules:
        """Read the rules from an app config mapping (keys as in config.DEFAULTS)."""
        return cls(
            max_open_requests=int(config["MAX_OPEN_REQUESTS"]),
            max_active_pairings=int(config["MAX_ACTIVE_PAIRINGS_PER_MENTEE"]),
            decline_cooldown_days=int(config["DECLINE_COOLDOWN_DAYS"]),
        )


@dataclass(frozen=True, slots=True)
class Suggested:
    """The engine's score and reasons, stored with a request when it is made.

    ``reasons`` are phrased for the mentee; ``readers`` holds the same reasons
    phrased for the other readers ({"mentor": ..., "admin": ...}).
    """

    score: float = 0.0
    reasons: tuple[str, ...] = ()
    parts: dict[str, float] = field(default_factory=dict)
    readers: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def reader_reasons(self) -> dict[str, list[str]]:
        """``readers`` as the request's JSON column stores them."""
        return {reader: list(said) for reader, said in self.readers.items()}


def can_transition(current: MatchStatus, target: MatchStatus) -> bool:
    """Tell whether the workflow allows going from `current` to `target`."""
    return target in TRANSITIONS[current]


def _move(
    session: Session,
    req: MatchRequest,
    target: MatchStatus,
    *,
    actor: User | None,
    reason: str = "",
    **values: Any,
) -> None:
    """Change status only if nobody changed it first; add the history row."""
    current = req.status
    if not can_transition(current, target):
        raise InvalidTransitionError(
            f"This request is {current.label.lower()}; it cannot be {target.value} now."
        )
    result = session.execute(
        update(MatchRequest)
        .where(
            MatchRequest.request_id == req.request_id, MatchRequest.status == current
        )
        .values(status=target, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise InvalidTransitionError("Someone else changed this request just now.")
    session.add(
        StatusChange(
            request_id=req.request_id,
            from_status=current,
            to_status=target,
            actor_id=actor.user_id if actor else None,
            reason=reason,
        )
    )


def _commit(session: Session, req: MatchRequest) -> MatchRequest:
    session.commit()
    session.refresh(req)
    return req


def _profile(session: Session, user: User) -> Profile:
    profile = session.get(Profile, user.user_id)
    if profile is None:
        raise WorkflowError("Complete your profile first.")
    return profile


def _open_count(session: Session, *conds: Any) -> int:
    stmt = select(func.count()).select_from(MatchRequest).where(*conds)
    return int(session.scalar(stmt) or 0)


def free_capacity(session: Session, mentor: User) -> int:
    """Return the mentor's capacity minus active pairings and accepted requests.

    Reads the columns afresh (not the identity map), so that after
    ``_lock_mentor`` it sees what concurrent transactions committed.
    """
    row = session.execute(
        select(Profile.mentor_capacity, Profile.mentor_slots_used).where(
            Profile.user_id == mentor.user_id
        )
    ).one_or_none()
    if row is None:
        raise WorkflowError("Complete your profile first.")
    accepted = _open_count(
        session,
        MatchRequest.mentor_id == mentor.user_id,
        MatchRequest.status == S.ACCEPTED,
    )
    return int(row[0]) - int(row[1]) - accepted


def _lock_mentor(session: Session, mentor_id: int) -> None:
    """Serialise capacity decisions for one mentor until this transaction ends.

    A no-op UPDATE takes the mentor's profile row lock on PostgreSQL (and the write
    lock on SQLite), so parallel accepts count each other's accepted requests.
    """
    session.execute(
        update(Profile)
        .where(Profile.user_id == mentor_id)
        .values(mentor_capacity=Profile.mentor_capacity)
        .execution_options(synchronize_session=False, **LOCK_ONLY)
    )


def _lock_mentee(session: Session, mentee_id: int) -> None:
    """Serialise every change that touches several of one mentee's requests.

    The lock order is always mentee profile, then mentor profile, then requests:
    two mentors accepting one mentee at once (each withdrawing the other's request)
    deadlocked without it, and four requests sent at once all passed the cap.
    """
    session.execute(
        update(Profile)
        .where(Profile.user_id == mentee_id)
        # updated_at named, so its onupdate does not fire: nothing changed.
        .values(active_pairings=Profile.active_pairings, updated_at=Profile.updated_at)
        .execution_options(synchronize_session=False, **LOCK_ONLY)
    )


UNVERIFIED = (
    "Confirm your email address first: open the link we emailed you "
    "(your account page sends a new one)."
)


def is_blocked(session: Session, a_id: int, b_id: int) -> bool:
    """Tell whether either member blocked the other (a hard rule for matching)."""
    pref = MemberPreference
    stmt = select(pref.preference_id).where(
        pref.kind == PreferenceKind.BLOCK,
        ((pref.member_id == a_id) & (pref.other_id == b_id))
        | ((pref.member_id == b_id) & (pref.other_id == a_id)),
    )
    return session.scalars(stmt.limit(1)).first() is not None


def _check_can_request(
    session: Session, mentee: User, mentor: User, rules: Rules
) -> None:
    if mentee.user_id == mentor.user_id:
        raise NotAllowedError("You cannot request yourself as a mentor.")
    if not mentee.is_verified:
        raise NotAllowedError(UNVERIFIED)
    if not mentor.is_verified:
        raise NotAllowedError("This member does not offer mentoring.")
    me, them = _profile(session, mentee), session.get(Profile, mentor.user_id)
    if not me.wants_mentor:
        raise NotAllowedError("Say in your profile that you want a mentor first.")
    if them is None or not them.offers_mentoring or not mentor.is_active:
        raise NotAllowedError("This member does not offer mentoring.")
    if is_blocked(session, mentee.user_id, mentor.user_id):
        raise NotAllowedError("This mentor is not available to you.")
    if free_capacity(session, mentor) <= 0:
        raise CapacityError("This mentor has no free place right now.")
    pair = (
        MatchRequest.mentee_id == mentee.user_id,
        MatchRequest.mentor_id == mentor.user_id,
    )
    if _open_count(session, *pair, MatchRequest.status.in_([*PENDING, S.ACTIVE])):
        raise DuplicateRequestError(DUPLICATE)
    since = utcnow() - timedelta(days=rules.decline_cooldown_days)
    if _open_count(
        session,
        *pair,
        MatchRequest.status == S.DECLINED,
        MatchRequest.responded_at >= since,
    ):
        raise DuplicateRequestError(
            "This mentor declined your request recently; try another mentor."
        )
    if (
        _open_count(
            session,
            MatchRequest.mentee_id == mentee.user_id,
            MatchRequest.status.in_(PENDING),
        )
        >= rules.max_open_requests
    ):
        raise CapacityError(
            f"You can have at most {rules.max_open_requests} open requests. "
            "Withdraw one or wait for an answer."
        )
    if me.active_pairings >= rules.max_active_pairings:
        raise CapacityError("You already have an active mentor.")


def request_mentor(
    session: Session,
    *,
    mentee: User,
    mentor: User,
    message: str,
    rules: Rules,
    suggested: Suggested | None = None,
    source: str = "mentee",
) -> MatchRequest:
    """Send a mentorship request from `mentee` to `mentor`.

    Raises
    ------
    NotAllowedError
        Self-request, no wish for a mentor, or the other member offers no mentoring.
    DuplicateRequestError
        An open request or pairing exists, or this mentor declined recently.
    CapacityError
        The mentor is full, or the mentee reached their open-request or pairing cap.
    """
    _lock_mentee(session, mentee.user_id)  # the open-request cap holds under races
    _check_can_request(session, mentee, mentor, rules)
    s = suggested or Suggested()
    req = MatchRequest(
        program_id=program_for_request(session, mentee, mentor),
        mentee_id=mentee.user_id,
        mentor_id=mentor.user_id,
        message=message,
        source=source,
        score=s.score,
        reasons=list(s.reasons),
        reader_reasons=s.reader_reasons(),
        score_parts=dict(s.parts),
    )
    session.add(req)
    try:
        session.flush()
    except IntegrityError as err:  # a concurrent request for the same pair won
        session.rollback()
        raise DuplicateRequestError(DUPLICATE) from err
    session.add(
        StatusChange(
            request_id=req.request_id, to_status=S.REQUESTED, actor_id=mentee.user_id
        )
    )
    _tell(session, "request_received", req, req.mentor_id)
    return _commit(session, req)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise NotAllowedError(message)


def _tell(
    session: Session, kind: str, req: MatchRequest, user_id: int, **extra: object
) -> None:
    other = req.mentor if user_id == req.mentee_id else req.mentee
    notify_event(
        session,
        kind,
        user_id=user_id,
        id=req.request_id,
        other=other.display_name,
        mentee=req.mentee.display_name,
        mentor=req.mentor.display_name,
        **extra,
    )


def _tell_admins(session: Session, req: MatchRequest, *, skip: int = 0) -> None:
    """Tell the program's own admins that a request waits for their approval
    (in-app and by email; `skip`: the admin who sent it on themselves)."""
    if req.program_id is None:
        return
    program = session.get(Program, req.program_id)
    for user_id in admins_of(session, req.program_id):
        if user_id != skip:
            notify_event(
                session,
                "approval_waiting",
                user_id=user_id,
                id=req.request_id,
                program=program.name if program else "",
                mentee=req.mentee.display_name,
                mentor=req.mentor.display_name,
            )


def accept_request(session: Session, req: MatchRequest, *, by: User) -> MatchRequest:
    """The mentor accepts; the mentee's other pending requests are withdrawn.

    Raises
    ------
    NotAllowedError
        `by` is not this request's mentor.
    InvalidTransitionError
        The request is no longer waiting for the mentor.
    CapacityError
        The mentor has no free place (active pairings plus accepted requests).
    """
    _require(by.user_id == req.mentor_id, "Only the mentor can accept this request.")
    if req.status == S.REQUESTED:
        _lock_mentee(session, req.mentee_id)
        _lock_mentor(session, by.user_id)
        if free_capacity(session, by) <= 0:
            session.rollback()
            raise CapacityError(
                "You have no free mentee place. Raise your capacity first."
            )
    _move(session, req, S.ACCEPTED, actor=by, responded_at=utcnow())
    _withdraw_others(session, req)
    _tell(session, "request_accepted", req, req.mentee_id)
    _tell_admins(session, req)
    return _commit(session, req)


def _withdraw_others(session: Session, req: MatchRequest) -> None:
    """Withdraw the mentee's other pending requests once `req` is accepted."""
    others = session.scalars(
        select(MatchRequest).where(
            MatchRequest.mentee_id == req.mentee_id,
            MatchRequest.request_id != req.request_id,
            MatchRequest.status.in_(PENDING),
        )
    ).all()
    reason = "matched with another mentor"
    for other in others:
        _move(session, other, S.WITHDRAWN, actor=None, reason=reason)
        _tell(session, "request_withdrawn", other, other.mentor_id, reason=reason)


def decline_request(
    session: Session,
    req: MatchRequest,
    *,
    by: User,
    reason: DeclineReason,
    note: str = "",
) -> MatchRequest:
    """The mentor declines with a reason and an optional note.

    Raises
    ------
    NotAllowedError
        `by` is not this request's mentor.
    InvalidTransitionError
        The request is no longer waiting for the mentor.
    """
    _require(by.user_id == req.mentor_id, "Only the mentor can decline this request.")
    _move(
        session,
        req,
        S.DECLINED,
        actor=by,
        reason=reason.label,
        responded_at=utcnow(),
        decline_reason=reason.value,
        response_note=note,
    )
    _tell(session, "request_declined", req, req.mentee_id, reason=reason.label.lower())
    return _commit(session, req)


def withdraw_request(session: Session, req: MatchRequest, *, by: User) -> MatchRequest:
    """The mentee withdraws a request that is not yet an active pairing.

    Raises
    ------
    NotAllowedError
        `by` is not this request's mentee.
    InvalidTransitionError
        The request is already decided.
    """
    _require(by.user_id == req.mentee_id, "Only the mentee can withdraw this request.")
    _move(session, req, S.WITHDRAWN, actor=by, reason="Withdrawn by the mentee.")
    _tell(session, "request_withdrawn", req, req.mentor_id, reason="by the mentee")
    return _commit(session, req)


def retract_acceptance(
    session: Session, req: MatchRequest, *, by: User, reason: str = ""
) -> MatchRequest:
    """The mentor takes back an acceptance the program has not approved yet.

    Raises
    ------
    NotAllowedError
        `by` is not this request's mentor.
    InvalidTransitionError
        The request is not accepted and waiting for approval.
    """
    _require(by.user_id == req.mentor_id, "Only the mentor can take this back.")
    if req.status != S.ACCEPTED:
        raise InvalidTransitionError("Only an accepted request can be taken back.")
    _move(session, req, S.WITHDRAWN, actor=by, reason=reason or "Taken back.")
    _tell(
        session,
        "request_declined",
        req,
        req.mentee_id,
        reason="the mentor can no longer take it on",
    )
    return _commit(session, req)


def _take_place(
    session: Session, column: Any, limit: Any, user_id: int, message: str
) -> None:
    """Increment a counter only while it stays under its limit (race-safe)."""
    result = session.execute(
        update(Profile)
        .where(Profile.user_id == user_id, column < limit)
        .values({column: column + 1})
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise CapacityError(message)


def _release_places(session: Session, req: MatchRequest) -> None:
    for user_id, column in (
        (req.mentor_id, Profile.mentor_slots_used),
        (req.mentee_id, Profile.active_pairings),
    ):
        session.execute(
            update(Profile)
            .where(Profile.user_id == user_id, column > 0)
            .values({column: column - 1})
            .execution_options(synchronize_session=False)
        )


def approve_match(
    session: Session, req: MatchRequest, *, admin: User, rules: Rules, note: str = ""
) -> MatchRequest:
    """An admin approves an accepted request: it becomes an active pairing.

    The status and both capacity counters change in one transaction through
    conditional UPDATEs, so concurrent approvals never exceed a capacity.

    Raises
    ------
    NotAllowedError
        `admin` is not an admin.
    InvalidTransitionError
        The request is not waiting for approval (or another admin decided first).
    CapacityError
        The mentor is full or the mentee already has their allowed pairings.
    """
    _require(
        runs_program(session, admin, req.program_id),
        "Only program admins can approve pairings.",
    )
    now = utcnow()
    _lock_mentee(session, req.mentee_id)  # the same lock order as accept_request
    _move(
        session,
        req,
        S.ACTIVE,
        actor=admin,
        reason=note,
        decided_at=now,
        decided_by_id=admin.user_id,
        started_at=now,
        decision_note=note,
    )
    _take_place(
        session,
        Profile.mentor_slots_used,
        Profile.mentor_capacity,
        req.mentor_id,
        "The mentor has no free place left; this pairing cannot start.",
    )
    _take_place(
        session,
        Profile.active_pairings,
        rules.max_active_pairings,
        req.mentee_id,
        "The mentee already has an active mentor.",
    )
    audit.record(
        session,
        actor=admin,
        action="approve_match",
        target_type="match_request",
        target_id=req.request_id,
        note=note,
    )
    for user_id in (req.mentee_id, req.mentor_id):
        _tell(session, "match_approved", req, user_id)
    return _commit(session, req)


def reject_match(
    session: Session, req: MatchRequest, *, admin: User, reason: str
) -> MatchRequest:
    """An admin rejects an accepted request with a reason.

    Raises
    ------
    NotAllowedError
        `admin` is not an admin.
    InvalidTransitionError
        The request is not waiting for approval.
    """
    _require(
        runs_program(session, admin, req.program_id),
        "Only program admins can reject pairings.",
    )
    _move(
        session,
        req,
        S.REJECTED,
        actor=admin,
        reason=reason,
        decided_at=utcnow(),
        decided_by_id=admin.user_id,
        decision_note=reason,
    )
    audit.record(
        session,
        actor=admin,
        action="reject_match",
        target_type="match_request",
        target_id=req.request_id,
        reason=reason,
    )
    for user_id in (req.mentee_id, req.mentor_id):
        _tell(session, "match_rejected", req, user_id, reason=reason)
    return _commit(session, req)


def end_pairing(
    session: Session, req: MatchRequest, *, by: User, reason: str = ""
) -> MatchRequest:
    """Either person (or an admin) ends an active pairing; both places free up.

    Raises
    ------
    NotAllowedError
        `by` is neither in the pairing nor an admin of its program.
    InvalidTransitionError
        The pairing is not active (for example, already ended).
    """
    _require(
        req.involves(by) or runs_program(session, by, req.program_id),
        "Only the two members or the program's admins can end this.",
    )
    _move(session, req, S.ENDED, actor=by, reason=reason, ended_at=utcnow())
    _release_places(session, req)
    if not req.involves(by):
        audit.record(
            session,
            actor=by,
            action="end_pairing",
            target_type="match_request",
            target_id=req.request_id,
            reason=reason,
        )
    for user_id in {req.mentee_id, req.mentor_id} - {by.user_id}:
        _tell(session, "pairing_ended", req, user_id, actor=by.display_name)
    return _commit(session, req)


def expire_requests(session: Session, *, days: int, now: datetime | None = None) -> int:
    """Expire requests a mentor left unanswered for `days`; tell each mentee.

    Returns
    -------
    int
        How many requests expired.
    """
    cutoff = (now or utcnow()) - timedelta(days=days)
    stale = session.scalars(
        select(MatchRequest).where(
            MatchRequest.status == S.REQUESTED, MatchRequest.created_at < cutoff
        )
    ).all()
    for req in stale:
        _move(session, req, S.EXPIRED, actor=None, reason=f"No answer in {days} days.")
        _tell(session, "request_expired", req, req.mentee_id, days=days)
    session.commit()
    return len(stale)


def propose_match(
    session: Session,
    *,
    admin: User,
    mentee: User,
    mentor: User,
    rules: Rules,
    suggested: Suggested,
    run_id: int,
    program_id: int | None = None,
) -> MatchRequest:
    """An admin sends a cohort run's proposal on to the approval queue.

    The same checks as a mentee's own request apply, plus the mentor's free
    places (accepted requests count). The request is recorded as REQUESTED
    ("proposed by cohort run #N") and moved to ACCEPTED on the program's behalf,
    so that it waits in the approval queue like any accepted request; until an
    admin approves it, the mentor may take it back and the mentee may withdraw.

    Raises
    ------
    NotAllowedError
        `admin` is not an admin, or the pair breaks a request rule.
    DuplicateRequestError
        An open request or pairing exists, or this mentor declined recently.
    CapacityError
        The mentor has no free place, or the mentee has reached a cap.
    """
    program = program_for_request(
        session, mentee, mentor, cohort=True, prefer=program_id
    )
    _require(
        runs_program(session, admin, program),
        "Only program admins can propose pairings.",
    )
    _lock_mentee(session, mentee.user_id)  # lock order: mentee, mentor, requests
    _check_can_request(session, mentee, mentor, rules)
    _lock_mentor(session, mentor.user_id)
    if free_capacity(session, mentor) <= 0:
        session.rollback()
        raise CapacityError("This mentor has no free place right now.")
    s = suggested
    req = MatchRequest(
        program_id=program,
        mentee_id=mentee.user_id,
        mentor_id=mentor.user_id,
        source="cohort",
        score=s.score,
        reasons=list(s.reasons),
        reader_reasons=s.reader_reasons(),
        score_parts=dict(s.parts),
    )
    session.add(req)
    try:
        session.flush()
    except IntegrityError as err:
        session.rollback()
        raise DuplicateRequestError(DUPLICATE) from err
    session.add(
        StatusChange(
            request_id=req.request_id,
            to_status=S.REQUESTED,
            actor_id=admin.user_id,
            reason=f"Proposed by cohort run #{run_id}.",
        )
    )
    _move(
        session,
        req,
        S.ACCEPTED,
        actor=admin,
        responded_at=utcnow(),
        reason=f"Accepted by admin {admin.display_name} on behalf of the program.",
    )
    _withdraw_others(session, req)
    _tell_proposed(session, req, mentee, mentor)
    _tell_admins(session, req, skip=admin.user_id)
    return _commit(session, req)


def _tell_proposed(
    session: Session, req: MatchRequest, mentee: User, mentor: User
) -> None:
    link = link_to("requests.sent_detail", request_id=req.request_id)
    notify(
        session,
        user_id=mentee.user_id,
        kind="cohort_proposed",
        link=link,
        text=f"The program proposes {mentor.display_name} as your mentor. "
        "An admin will confirm the pairing; you can withdraw until then.",
    )
    notify(
        session,
        user_id=mentor.user_id,
        kind="cohort_proposed",
        link=link_to("requests.detail", request_id=req.request_id),
        text=f"The program proposes you as {mentee.display_name}'s mentor. "
        "An admin will confirm the pairing; you can take it back until then.",
    )
