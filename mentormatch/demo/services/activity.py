"""A lived-in demo: requests in every state, pairings with follow-ups, feedback.

Everything goes through the same workflow services as the pages, so the history,
notifications and emails are what members would really have after some weeks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentormatch.core import workflow
from mentormatch.core.errors import WorkflowError
from mentormatch.core.models import (
    DeclineReason,
    Feedback,
    MatchRequest,
    MatchStatus,
    Profile,
    User,
    utcnow,
)
from mentormatch.core.workflow import Rules
from mentormatch.pairings import (
    Terms,
    accept_agreement,
    log_checkin,
    propose_agreement,
)

S = MatchStatus
# How many generated pairs end in each state (the demo pair is ACTIVE as well).
PLAN: tuple[tuple[MatchStatus, int], ...] = (
    (S.REQUESTED, 4),
    (S.ACCEPTED, 3),  # waiting in the approval queue
    (S.DECLINED, 2),
    (S.WITHDRAWN, 1),
    (S.EXPIRED, 1),
    (S.REJECTED, 1),
    (S.ACTIVE, 3),
    (S.ENDED, 2),
)
HELLO = "Hello! Your experience is exactly what I am looking for. Would you mentor me?"
EXPIRY_DAYS = 14  # the default REQUEST_EXPIRY_DAYS
GOALS = "Pass the PgMP\nRun the steering committee on strategy, not status"


@dataclass(slots=True)
class Activity:
    """How many requests of each state the demo has."""

    counts: dict[str, int] = field(default_factory=dict)


def members(
    session: Session, *, mentors: bool, skip: set[int], chapter_id: int | None = None
) -> Iterator[User]:
    """Members offering (or wanting) mentoring, by id; mentors with room only;
    of one chapter when `chapter_id` is given."""
    column = Profile.offers_mentoring if mentors else Profile.wants_mentor
    stmt = (
        select(User)
        .join(Profile, Profile.user_id == User.user_id)
        .where(column.is_(True), User.user_id.not_in(skip))
        .order_by(User.user_id)
    )
    if chapter_id is not None:
        stmt = stmt.where(Profile.chapter_id == chapter_id)
    for user in session.scalars(stmt):
        if not mentors or (user.profile and user.profile.mentor_capacity > 0):
            yield user


def _agree(session: Session, req: MatchRequest, starts_on: date) -> None:
    terms = Terms(GOALS, "biweekly", 6, starts_on, checkin_time=time(18, 0))
    propose_agreement(session, req, by=req.mentee, terms=terms)
    accept_agreement(session, req, by=req.mentor)
    log_checkin(
        session,
        req,
        by=req.mentee,
        held_on=starts_on,
        minutes=45,
        notes="Went through the PgMP domains; picked benefits tracking.",
        next_step="Draft a benefits register for the current program.",
    )


def _advance(
    session: Session, req: MatchRequest, target: MatchStatus, admin: User, rules: Rules
) -> None:
    """Walk a fresh request to `target` the way members and admins would."""
    if target == S.WITHDRAWN:
        workflow.withdraw_request(session, req, by=req.mentee)
        return
    if target == S.DECLINED:
        workflow.decline_request(
            session, req, by=req.mentor, reason=DeclineReason.NO_CAPACITY
        )
        return
    if target == S.REQUESTED:
        return
    workflow.accept_request(session, req, by=req.mentor)
    if target == S.REJECTED:
        workflow.reject_match(session, req, admin=admin, reason="Same employer.")
    elif target in (S.ACTIVE, S.ENDED):
        workflow.approve_match(session, req, admin=admin, rules=rules)
        _agree(session, req, utcnow().date() - timedelta(days=28))
    if target == S.ENDED:
        workflow.end_pairing(session, req, by=req.mentee, reason="Goals reached.")
        for author, rating in ((req.mentee, 5), (req.mentor, 4)):
            session.add(
                Feedback(
                    request_id=req.request_id,
                    author_id=author.user_id,
                    rating=rating,
                    comment="Focused and generous.",
                )
            )
        session.commit()


def seed_activity(
    session: Session,
    *,
    admin: User,
    mentee: User,
    mentor: User,
    rules: Rules,
    now: datetime | None = None,
) -> Activity:
    """Give the demo a history; `mentee` and `mentor` form an active pairing."""
    now = now or utcnow()
    done = Activity()
    skip = {admin.user_id, mentee.user_id, mentor.user_id}
    # the demo mentor's earlier pairing, closed with feedback: their PDU record
    # has a closed pairing and its certificate of participation
    alumnus = next(members(session, mentors=False, skip=skip), None)
    if alumnus is not None:
        skip.add(alumnus.user_id)
        earlier = _next_pair(session, iter([alumnus]), iter([mentor]), rules)
        if earlier is not None:
            _advance(session, earlier, S.ENDED, admin, rules)
            done.counts[S.ENDED.value] = 1
    req = workflow.request_mentor(
        session, mentee=mentee, mentor=mentor, message=HELLO, rules=rules
    )
    _advance(session, req, S.ACTIVE, admin, rules)
    log_checkin(
        session,
        req,
        by=mentor,
        held_on=now.date() - timedelta(days=14),
        minutes=60,
        notes="Mock steering committee; good questions.",
    )
    mentors = members(session, mentors=True, skip=skip)
    mentees = members(session, mentors=False, skip=skip)
    for target, count in PLAN:
        for _ in range(count):
            pair = _next_pair(session, mentees, mentors, rules)
            if pair is None:
                return done
            if target == S.EXPIRED:
                pair.created_at = now - timedelta(days=EXPIRY_DAYS + 1)
                session.commit()
                workflow.expire_requests(session, days=EXPIRY_DAYS, now=now)
            else:
                _advance(session, pair, target, admin, rules)
            done.counts[target.value] = done.counts.get(target.value, 0) + 1
    return done


def _next_pair(
    session: Session, mentees: Iterator[User], mentors: Iterator[User], rules: Rules
) -> MatchRequest | None:
    """The next mentee asks the next mentor with a free place."""
    for mentee, mentor in zip(mentees, mentors, strict=False):
        try:
            return workflow.request_mentor(
                session, mentee=mentee, mentor=mentor, message=HELLO, rules=rules
            )
        except WorkflowError:
            session.rollback()
    return None
