"""Program figures for the admin dashboard, computed with SQL aggregates."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, exists, func, select, true
from sqlalchemy.orm import Session

from mentormatch.core.models import (
    Feedback,
    MatchRequest,
    MatchStatus,
    Profile,
    ProfileSkill,
    Skill,
    SkillKind,
    User,
    utcnow,
)
from mentormatch.core.roles import Scope, member_ids_in

S = MatchStatus
WEEKS = 12
# Queue age buckets: (label, lower bound in days, upper bound in days or None).
AGE_BUCKETS: tuple[tuple[str, float, float | None], ...] = (
    ("< 1 d", 0, 1),
    ("1–3 d", 1, 3),
    ("3–7 d", 3, 7),
    ("7–14 d", 7, 14),
    ("> 14 d", 14, None),
)
TOP_SKILLS = 8


@dataclass(frozen=True, slots=True)
class Figures:
    """The headline numbers of the program."""

    mentees: int
    mentors: int
    both: int
    inactive: int
    without_profile: int
    waiting_for_mentor: int
    queue: int
    oldest_queue_days: float | None
    active_pairings: int
    ended_pairings: int
    acceptance_rate: float | None
    median_days_to_pairing: float | None
    average_feedback: float | None
    feedback_count: int


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Figures and the series behind the dashboard charts."""

    figures: Figures
    pairings_per_week: list[tuple[datetime, int]]
    queue_ages: list[tuple[str, int]]
    skills_gap: list[tuple[str, int, int]]


def _people(column: Any, programs: Scope) -> Any:
    """Condition: the member in `column` belongs to `programs` (any, for None)."""
    return true() if programs is None else column.in_(member_ids_in(programs))


def _pairs(programs: Scope) -> Any:
    """Condition: the request runs in one of `programs` (any, for None)."""
    return true() if programs is None else MatchRequest.program_id.in_(programs)


def _sum_if(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _roles(session: Session, programs: Scope = None) -> dict[str, int]:
    """Active members with a profile by role; inactive accounts; no profile."""
    p = Profile
    row = session.execute(
        select(
            _sum_if(and_(User.is_active, p.wants_mentor, ~p.offers_mentoring)),
            _sum_if(and_(User.is_active, p.offers_mentoring, ~p.wants_mentor)),
            _sum_if(and_(User.is_active, p.offers_mentoring, p.wants_mentor)),
            _sum_if(~User.is_active),
            _sum_if(p.user_id.is_(None)),
        )
        .select_from(User)
        .outerjoin(p, p.user_id == User.user_id)
        .where(_people(User.user_id, programs))
    ).one()
    keys = ("mentees", "mentors", "both", "inactive", "without_profile")
    return dict(zip(keys, (int(v) for v in row), strict=True))


def _waiting_for_mentor(session: Session, programs: Scope = None) -> int:
    paired = exists().where(
        MatchRequest.mentee_id == Profile.user_id,
        MatchRequest.status == S.ACTIVE,
        _pairs(programs),
    )
    stmt = (
        select(func.count())
        .select_from(Profile)
        .join(User, User.user_id == Profile.user_id)
        .where(
            User.is_active,
            Profile.wants_mentor,
            ~paired,
            _people(User.user_id, programs),
        )
    )
    return int(session.scalar(stmt) or 0)


def _waiting_since() -> Any:
    return func.coalesce(MatchRequest.responded_at, MatchRequest.created_at)


def _requests(session: Session, programs: Scope = None) -> dict[str, Any]:
    """Queue size and oldest wait, pairing counts, mentor acceptance rate."""
    r = MatchRequest
    answered = r.responded_at.is_not(None)
    row = session.execute(
        select(
            _sum_if(r.status == S.ACCEPTED),
            func.min(case((r.status == S.ACCEPTED, _waiting_since()))),
            _sum_if(r.status == S.ACTIVE),
            _sum_if(r.status == S.ENDED),
            _sum_if(and_(answered, r.status != S.DECLINED)),
            _sum_if(answered),
        ).where(_pairs(programs))
    ).one()
    return {
        "queue": int(row[0]),
        "oldest": row[1],
        "active": int(row[2]),
        "ended": int(row[3]),
        "accepted": int(row[4]),
        "answered": int(row[5]),
    }


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes from aggregates; they are UTC."""
    return value if value.tzinfo else value.replace(tzinfo=utcnow().tzinfo)


def _days(value: Any, now: datetime) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite min() of a text column
        value = datetime.fromisoformat(value)
    return (now - _aware(value)).total_seconds() / 86400


def median_days_to_pairing(session: Session, programs: Scope = None) -> float | None:
    """Median days from a mentee's signup to the start of their first pairing."""
    first = func.min(MatchRequest.started_at)
    rows = session.execute(
        select(User.created_at, first)
        .join(MatchRequest, MatchRequest.mentee_id == User.user_id)
        .where(MatchRequest.started_at.is_not(None), _pairs(programs))
        .group_by(User.user_id, User.created_at)
    ).all()
    spans = [
        (_aware(_parse(started)) - _aware(created)).total_seconds() / 86400
        for created, started in rows
    ]
    return statistics.median(spans) if spans else None


def _parse(value: Any) -> datetime:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def feedback_average(
    session: Session, programs: Scope = None
) -> tuple[float | None, int]:
    """Average pairing feedback rating and how many ratings (None before any)."""
    stmt = select(func.avg(Feedback.rating), func.count(Feedback.rating))
    if programs is not None:
        stmt = stmt.join(
            MatchRequest, MatchRequest.request_id == Feedback.request_id
        ).where(_pairs(programs))
    avg, n = session.execute(stmt).one()
    return (float(avg) if avg is not None else None), int(n or 0)


def figures(
    session: Session, *, now: datetime | None = None, programs: Scope = None
) -> Figures:
    """Compute the dashboard's headline numbers.

    Parameters
    ----------
    now
        The clock, for the age of the oldest queued request.
    programs
        Count only these programs' members and requests (None: everything).

    Returns
    -------
    Figures
        Counts, the acceptance rate (None before any mentor answered) and the
        median days to a pairing (None before any pairing started).
    """
    now = now or utcnow()
    roles, req = _roles(session, programs), _requests(session, programs)
    rating, rated = feedback_average(session, programs)
    return Figures(
        **roles,
        waiting_for_mentor=_waiting_for_mentor(session, programs),
        queue=req["queue"],
        oldest_queue_days=_days(req["oldest"], now),
        active_pairings=req["active"],
        ended_pairings=req["ended"],
        acceptance_rate=req["accepted"] / req["answered"] if req["answered"] else None,
        median_days_to_pairing=median_days_to_pairing(session, programs),
        average_feedback=rating,
        feedback_count=rated,
    )


def week_starts(now: datetime, weeks: int = WEEKS) -> list[datetime]:
    """Monday 00:00 UTC of each of the last `weeks` weeks, oldest first."""
    monday = (now - timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return [monday - timedelta(weeks=k) for k in range(weeks - 1, -1, -1)]


def pairings_per_week(
    session: Session, *, now: datetime | None = None, programs: Scope = None
) -> list[tuple[datetime, int]]:
    """Pairings started in each of the last 12 weeks (Monday starts), one query."""
    starts = week_starts(now or utcnow())
    bounds = [*starts[1:], starts[-1] + timedelta(weeks=1)]
    started = MatchRequest.started_at
    counts = session.execute(
        select(
            *(
                _sum_if(and_(started >= lo, started < hi))
                for lo, hi in zip(starts, bounds, strict=True)
            )
        ).where(started.is_not(None), started >= starts[0], _pairs(programs))
    ).one()
    return [(s, int(n)) for s, n in zip(starts, counts, strict=True)]


def queue_ages(
    session: Session, *, now: datetime | None = None, programs: Scope = None
) -> list[tuple[str, int]]:
    """How many queued (accepted) requests have waited within each age bucket."""
    now = now or utcnow()
    since = _waiting_since()
    columns = []
    for _, low, high in AGE_BUCKETS:
        cond = since <= now - timedelta(days=low)
        if high is not None:
            cond = and_(cond, since > now - timedelta(days=high))
        columns.append(_sum_if(cond))
    row = session.execute(
        select(*columns).where(MatchRequest.status == S.ACCEPTED, _pairs(programs))
    )
    counts = row.one()
    return [(b[0], int(n)) for b, n in zip(AGE_BUCKETS, counts, strict=True)]


def skills_gap(
    session: Session, limit: int = TOP_SKILLS, programs: Scope = None
) -> list[tuple[str, int, int]]:
    """The most wanted skills with how many active members want and offer each."""
    ps = ProfileSkill
    wanted = _sum_if(ps.kind == SkillKind.WANTS)
    offered = _sum_if(ps.kind == SkillKind.OFFERS)
    rows = session.execute(
        select(Skill.name, wanted.label("wanted"), offered)
        .join(ps, ps.skill_id == Skill.skill_id)
        .join(User, User.user_id == ps.user_id)
        .where(User.is_active, _people(User.user_id, programs))
        .group_by(Skill.skill_id, Skill.name)
        .having(wanted > 0)
        .order_by(wanted.desc(), Skill.name)
        .limit(limit)
    ).all()
    return [(name, int(w), int(o)) for name, w, o in rows]


def dashboard(
    session: Session, *, now: datetime | None = None, programs: Scope = None
) -> Dashboard:
    """Everything the dashboard shows, computed at `now` (for `programs`)."""
    now = now or utcnow()
    return Dashboard(
        figures=figures(session, now=now, programs=programs),
        pairings_per_week=pairings_per_week(session, now=now, programs=programs),
        queue_ages=queue_ages(session, now=now, programs=programs),
        skills_gap=skills_gap(session, programs=programs),
    )
