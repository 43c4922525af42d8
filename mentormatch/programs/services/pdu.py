"""PDU records for PMI's CCR claim: hours per pairing, provider, split, caps.

Rules implemented, from PMI's Continuing Certification Requirements (CCR) handbook
as summarised on public chapter and PMI pages read through the search tool
(pmimanitoba.org/pdus, the handbook's "Giving Back to the Profession" section,
projectvictor.com's CCR table):

- One PDU is one hour of activity; we report hours to two decimals and let the
  member round as PMI's form asks.
- Mentoring is a *Giving Back to the Profession* activity (the "Share
  Knowledge" kind), so the category exported is "Giving Back".
- Giving Back is capped per three-year cycle: 25 PDUs for PMP, PgMP, PfMP and
  PMI-PBA; 12 for PMI-ACP, PMI-RMP and PMI-SP; 6 for CAPM. PMI revises these
  limits, so the page shows the cap as *guidance* and never cuts the hours.
- The talent triangle (Ways of Working, Power Skills, Business Acumen, renamed
  from Technical, Leadership, Strategic & Business in 2022) is split by the
  member's own judgement, as PMI asks for self-reported activities; the split is
  a percentage that adds up to 100 (a hard rule here: it is our own data shape).
- A claim needs the provider, dates and a description; the provider is the
  program (and its chapter or organisation). Members claim only hours logged.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from mentormatch.core.errors import NotAllowedError, ValidationError
from mentormatch.core.models import (
    CertKind,
    CheckIn,
    MatchRequest,
    MatchStatus,
    PduSplit,
    Profile,
    Program,
    User,
)

CATEGORY = "Giving Back"
# Giving Back PDUs allowed per cycle (guidance: PMI may change these).
GIVING_BACK_CAP: dict[str, int] = {
    "PMP": 25,
    "PgMP": 25,
    "PfMP": 25,
    "PMI-PBA": 25,
    "PMI-ACP": 12,
    "PMI-RMP": 12,
    "PMI-SP": 12,
    "CAPM": 6,
}
HEADER = [
    "category",
    "provider",
    "activity",
    "start_date",
    "end_date",
    "hours",
    "ways_of_working_hours",
    "power_skills_hours",
    "business_acumen_hours",
    "description",
]


@dataclass(frozen=True, slots=True)
class PduRow:
    """One pairing's claimable hours for one member."""

    request_id: int
    role: str
    other: str
    provider: str
    program: str
    start: date | None
    end: date | None
    minutes: int
    split: tuple[int, int, int]
    description: str
    closed: bool

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)

    def triangle_hours(self) -> tuple[float, float, float]:
        return tuple(round(self.hours * p / 100, 2) for p in self.split)  # type: ignore[return-value]


def pdu_rows(session: Session, user: User) -> list[PduRow]:
    """Every pairing of `user` that started, with the hours logged in it."""
    stmt = (
        select(MatchRequest)
        .where(
            or_(
                MatchRequest.mentee_id == user.user_id,
                MatchRequest.mentor_id == user.user_id,
            ),
            MatchRequest.status.in_([MatchStatus.ACTIVE, MatchStatus.ENDED]),
        )
        .order_by(MatchRequest.started_at)
    )
    return [_row(session, req, user) for req in session.scalars(stmt)]


def _row(session: Session, req: MatchRequest, user: User) -> PduRow:
    checkins = list(
        session.scalars(select(CheckIn).where(CheckIn.request_id == req.request_id))
    )
    program = session.get(Program, req.program_id) if req.program_id else None
    split = session.get(PduSplit, (req.request_id, user.user_id))
    role = "mentor" if req.mentor_id == user.user_id else "mentee"
    other = req.other(user).display_name
    days = [c.held_on for c in checkins]
    default = f"Mentoring ({role}) with {other}" + (
        f" in {program.name}" if program else ""
    )
    return PduRow(
        request_id=req.request_id,
        role=role,
        other=other,
        provider=program.provider if program else "MentorMatch",
        program=program.name if program else "",
        start=min(days)
        if days
        else (req.started_at.date() if req.started_at else None),
        end=max(days) if days else None,
        minutes=sum(c.minutes for c in checkins),
        split=(split.ways_of_working, split.power_skills, split.business_acumen)
        if split
        else (0, 100, 0),
        description=split.description if split and split.description else default,
        closed=req.status == MatchStatus.ENDED,
    )


def cap_guidance(session: Session, user: User) -> list[tuple[str, int]]:
    """The Giving Back cap of each certification the member holds."""
    profile = session.get(Profile, user.user_id)
    held = profile.cert_codes(CertKind.HELD) if profile else []
    return [(code, GIVING_BACK_CAP[code]) for code in held if code in GIVING_BACK_CAP]


def save_split(
    session: Session,
    req: MatchRequest,
    *,
    user: User,
    split: tuple[int, int, int],
    description: str,
) -> PduSplit:
    """Store the member's own talent-triangle split and description of a pairing."""
    if not req.involves(user):
        raise NotAllowedError("Only the two members can describe this pairing.")
    if any(p < 0 for p in split) or sum(split) != 100:
        raise ValidationError("The three parts must add up to 100%.")
    row = session.get(PduSplit, (req.request_id, user.user_id))
    if row is None:
        row = PduSplit(request_id=req.request_id, user_id=user.user_id)
        session.add(row)
    row.ways_of_working, row.power_skills, row.business_acumen = split
    row.description = description.strip()
    session.commit()
    return row


def pdu_csv(rows: list[PduRow]) -> str:
    """The CCR claim rows as CSV: one line per pairing with logged hours."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in rows:
        if not row.minutes:
            continue
        writer.writerow(
            [
                CATEGORY,
                row.provider,
                "Share knowledge: mentoring",
                row.start.isoformat() if row.start else "",
                row.end.isoformat() if row.end else "",
                f"{row.hours:.2f}",
                *(f"{h:.2f}" for h in row.triangle_hours()),
                row.description,
            ]
        )
    return out.getvalue()
