"""A program's check-up (pulse) results: due and answered, answers, follow-ups.

Each member of a pairing owes a pulse at 30 and 90 days while the pairing runs.
The dashboard counts them per milestone, shows how the answers split, and lists
the pairings a program admin should follow up: "not a good fit" (at the fit
check or a check-up), "not working", or "not meeting as agreed". The pulse's
free-text answer ("anything the program should know?") is addressed to the
program, so its admins read it; check-in notes never appear here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentormatch.core.models import (
    CHECKUP_MILESTONES,
    MEETING_ANSWERS,
    Agreement,
    Checkup,
    MatchRequest,
)

WORKING_ANSWERS = {"yes": "Yes", "no": "No"}


@dataclass(frozen=True, slots=True)
class MilestonePulse:
    """One milestone: check-ups owed and answered, and how each question split."""

    days: int
    due: int
    answered: int
    working: list[tuple[str, int]]
    meeting: list[tuple[str, int]]


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A pairing to follow up: who said what, and when."""

    request_id: int
    mentee: str
    mentor: str
    who: str
    when: str
    flag: str
    note: str = ""


@dataclass(slots=True)
class PulseFigures:
    """The pulse block of the program dashboard."""

    milestones: list[MilestonePulse] = field(default_factory=list)
    follow_up: list[FollowUp] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(m.answered for m in self.milestones)


def _owed(req: MatchRequest, days: int, now: datetime) -> bool:
    """Whether the pairing ran `days` days (both members then owe the pulse)."""
    end = req.ended_at or now
    return end - req.started_at >= timedelta(days=days)  # type: ignore[operator]


def _split(counts: Counter[str], labels: dict[str, str]) -> list[tuple[str, int]]:
    return [(label, counts[key]) for key, label in labels.items()]


def _milestone(
    days: int, started: list[MatchRequest], rows: list[Checkup], now: datetime
) -> MilestonePulse:
    mine = [c for c in rows if c.milestone == days]
    working = Counter("yes" if c.is_working else "no" for c in mine)
    return MilestonePulse(
        days=days,
        due=2 * sum(_owed(r, days, now) for r in started),
        answered=len(mine),
        working=_split(working, WORKING_ANSWERS),
        meeting=_split(Counter(c.meeting_as_agreed for c in mine), MEETING_ANSWERS),
    )


def _flag(checkup: Checkup) -> str | None:
    if checkup.not_a_fit:
        return "not a good fit (pairing ended)"
    if not checkup.is_working:
        return "not working"
    if checkup.meeting_as_agreed == "no":
        return "not meeting as agreed"
    return None


def _role(req: MatchRequest, user_id: int) -> str:
    return "mentee" if user_id == req.mentee_id else "mentor"


def _row(req: MatchRequest, who: str, when: str, flag: str, note: str = "") -> FollowUp:
    names = (req.mentee.display_name, req.mentor.display_name)
    return FollowUp(req.request_id, *names, who, when, flag, note)


def _follow_ups(
    session: Session, by_id: dict[int, MatchRequest], rows: list[Checkup]
) -> list[FollowUp]:
    """Flagged check-ups, then "not a good fit" answers at the fit check."""
    out = []
    for c in rows:
        flag, req = _flag(c), by_id[c.request_id]
        if flag is not None:
            who, when = _role(req, c.author_id), f"{c.milestone}-day check-up"
            out.append(_row(req, who, when, flag, c.note))
    agreements = session.scalars(
        select(Agreement).where(Agreement.request_id.in_(list(by_id)))
    )
    for ag in agreements:
        for who, fit in (("mentee", ag.mentee_fit), ("mentor", ag.mentor_fit)):
            if fit is False:
                out.append(
                    _row(by_id[ag.request_id], who, "fit check", "not a good fit")
                )
    return sorted(out, key=lambda f: (-f.request_id, f.when, f.who))


def pulse_figures(
    session: Session, started: list[MatchRequest], *, now: datetime
) -> PulseFigures:
    """The pulse results of a program's started pairings (`started`)."""
    by_id = {r.request_id: r for r in started}
    if not by_id:
        return PulseFigures()
    rows = list(
        session.scalars(
            select(Checkup)
            .where(Checkup.request_id.in_(list(by_id)))
            .order_by(Checkup.checkup_id)
        )
    )
    return PulseFigures(
        milestones=[_milestone(d, started, rows, now) for d in CHECKUP_MILESTONES],
        follow_up=_follow_ups(session, by_id, rows),
    )
