"""A program's cycle figures: funnel, time to match, cadence, pulse, capacity."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentormatch.core.csvcells import safe_cell
from mentormatch.core.models import (
    ApplicationStatus,
    CheckIn,
    Feedback,
    MatchRequest,
    MatchStatus,
    Profile,
    Program,
    ProgramMember,
    ProgramRole,
    utcnow,
)
from mentormatch.programs.services.pulse import PulseFigures, pulse_figures

S = MatchStatus
CADENCE_DAYS = 31  # one check-in a month is the cadence programs ask for


@dataclass
class ProgramFigures:
    """What the program dashboard and its CSV show."""

    funnel: list[tuple[str, int]]
    days_to_match: float | None
    cadence_kept: tuple[int, int]
    pulse: PulseFigures = field(default_factory=PulseFigures)
    near_capacity: list[tuple[str, int, int]] = field(default_factory=list)
    waiting: list[tuple[str, str, str]] = field(default_factory=list)


def program_figures(
    session: Session, program: Program, *, now: datetime | None = None
) -> ProgramFigures:
    """Count the cycle's funnel and the health figures of one program."""
    now = now or utcnow()
    reqs = list(
        session.scalars(
            select(MatchRequest).where(MatchRequest.program_id == program.program_id)
        )
    )
    applied = [m for m in program.members if m.role != ProgramRole.ADMIN]
    accepted = [m for m in applied if m.status == ApplicationStatus.ACCEPTED]
    started = [r for r in reqs if r.started_at is not None]
    ended = [r for r in started if r.status == S.ENDED]
    with_feedback = _with_feedback(session, [r.request_id for r in ended])
    funnel = [
        ("applied", len(applied)),
        ("accepted", len(accepted)),
        ("matched", len(started)),
        ("active", sum(r.status == S.ACTIVE for r in started)),
        ("closed with feedback", len(with_feedback)),
    ]
    waits = [(r.started_at - r.created_at).total_seconds() / 86400 for r in started]  # type: ignore[operator]
    return ProgramFigures(
        funnel=funnel,
        days_to_match=round(median(waits), 1) if waits else None,
        cadence_kept=_cadence(session, started, now),
        pulse=pulse_figures(session, started, now=now),
        near_capacity=_near_capacity(session, accepted),
        waiting=[
            (m.user.display_name, m.role.value, m.reason)
            for m in applied
            if m.status == ApplicationStatus.WAITLISTED
        ],
    )


def _with_feedback(session: Session, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    return set(
        session.scalars(select(Feedback.request_id).where(Feedback.request_id.in_(ids)))
    )


def _cadence(
    session: Session, started: list[MatchRequest], now: datetime
) -> tuple[int, int]:
    """Pairings with at least one check-in per month they ran, of all started."""
    kept = 0
    for req in started:
        end = req.ended_at or now
        months = max(1, int((end - req.started_at).days // CADENCE_DAYS))  # type: ignore[operator]
        count = session.scalar(
            select(func.count())
            .select_from(CheckIn)
            .where(CheckIn.request_id == req.request_id)
        )
        kept += int((count or 0) >= months)
    return kept, len(started)


def _near_capacity(
    session: Session, accepted: list[ProgramMember]
) -> list[tuple[str, int, int]]:
    rows = []
    for m in accepted:
        profile = session.get(Profile, m.user_id)
        if m.role == ProgramRole.MENTOR and profile and profile.mentor_capacity:
            if profile.capacity_left <= 1:
                rows.append(
                    (
                        profile.display_name,
                        profile.mentor_slots_used,
                        profile.mentor_capacity,
                    )
                )
    return rows


def figures_csv(program: Program, figures: ProgramFigures) -> str:
    """The same figures as CSV: one `section,name,value,detail` line each."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["section", "name", "value", "detail"])
    for name, count in figures.funnel:
        w.writerow(["funnel", name, count, ""])
    w.writerow(["time", "median days to match", figures.days_to_match or "", ""])
    kept, total = figures.cadence_kept
    w.writerow(["cadence", "pairings keeping a monthly check-in", kept, f"of {total}"])
    for row in _pulse_rows(figures.pulse):
        w.writerow([safe_cell(cell) for cell in row])
    for name, used, cap in figures.near_capacity:
        w.writerow(["near capacity", safe_cell(name), used, f"of {cap}"])
    for name, role, reason in figures.waiting:
        w.writerow(["waiting list", safe_cell(name), role, safe_cell(reason)])
    return out.getvalue()


def _pulse_rows(pulse: PulseFigures) -> list[list[object]]:
    rows: list[list[object]] = []
    for m in pulse.milestones:
        section = f"pulse {m.days} days"
        rows.append([section, "check-ups answered", m.answered, f"of {m.due} due"])
        rows += [[section, f"working: {a}", n, ""] for a, n in m.working]
        rows += [[section, f"meeting as agreed: {a}", n, ""] for a, n in m.meeting]
    for f in pulse.follow_up:
        detail = f"{f.who}, {f.when}" + (f": {f.note}" if f.note else "")
        rows.append(
            [
                "follow up",
                f"{f.mentee} with {f.mentor} (#{f.request_id})",
                f.flag,
                detail,
            ]
        )
    return rows


def members_csv(program: Program) -> str:
    """The program's applications and admins: one line per person and role."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(
        ["name", "email", "role", "status", "hours_per_month", "reason", "applied"]
    )
    for m in sorted(program.members, key=lambda m: m.created_at):
        w.writerow(
            [
                safe_cell(m.user.display_name),
                safe_cell(m.user.email),
                m.role.value,
                m.status.value,
                m.hours_per_month,
                safe_cell(m.reason),
                m.created_at.date().isoformat(),
            ]
        )
    return out.getvalue()
