"""Overdue check-ins: scheduled dates that passed with nothing logged, flagged once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentormatch.core.models import (
    Agreement,
    MatchRequest,
    MatchStatus,
    OverdueFlag,
    utcnow,
)
from mentormatch.pairings.services.followups import (
    GRACE_DAYS,
    checkins_of,
    ends_on,
    tell,
)
from mentormatch.pairings.services.schedule import iter_dates, today_in


def overdue_dates(
    agreement: Agreement, held: Sequence[date], today: date, grace: int = GRACE_DAYS
) -> list[date]:
    """Scheduled dates whose grace period passed with no check-in logged for them.

    A logged check-in counts for the slot whose window holds it: from the end of
    the previous slot's grace period (exclusive) to this slot's grace end.
    """
    last = min(ends_on(agreement), today - timedelta(days=grace + 1))
    out, low = [], None
    for day in iter_dates(agreement.starts_on, agreement.cadence, until=last):
        high = day + timedelta(days=grace)
        if not any((low is None or h > low) and h <= high for h in held):
            out.append(day)
        low = high
    return out


def _flag_pairing(
    session: Session, req: MatchRequest, agreement: Agreement, now: datetime, grace: int
) -> int:
    """Flag the pairing's overdue check-ins not flagged before; return how many."""
    held = [c.held_on for c in checkins_of(session, req.request_id)]
    known = set(
        session.scalars(
            select(OverdueFlag.due_on).where(OverdueFlag.request_id == req.request_id)
        )
    )
    today = today_in(agreement.timezone, now)
    new = [d for d in overdue_dates(agreement, held, today, grace) if d not in known]
    for day in new:
        session.add(OverdueFlag(request_id=req.request_id, due_on=day))
        for person in (req.mentee, req.mentor):
            tell(session, "checkin_overdue", req, person, due=f"{day:%d %b %Y}")
    return len(new)


def flag_overdue(
    session: Session, *, now: datetime | None = None, grace: int = GRACE_DAYS
) -> int:
    """Tell both members about each overdue check-in, once per check-in.

    Returns
    -------
    int
        How many check-ins were newly flagged.
    """
    pairs = session.execute(
        select(MatchRequest, Agreement)
        .join(Agreement, Agreement.request_id == MatchRequest.request_id)
        .where(MatchRequest.status == MatchStatus.ACTIVE)
    ).all()
    flagged = sum(
        _flag_pairing(session, req, agreement, now or utcnow(), grace)
        for req, agreement in pairs
        if agreement.accepted
    )
    session.commit()
    return flagged
