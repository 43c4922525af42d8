"""Helpers for follow-up tests: an agreed pairing."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from mentormatch.core.models import Agreement, MatchRequest
from mentormatch.pairings.services import followups


def agree(session: Session, req: MatchRequest, **terms: Any) -> Agreement:
    """The mentee proposes (weekly from Mon 5 Jan 2026), the mentor accepts."""
    values: dict[str, Any] = {
        "goals": "Pass the PgMP\nLead a program",
        "cadence": "weekly",
        "duration_months": 6,
        "starts_on": date(2026, 1, 5),
    }
    values.update(terms)
    followups.propose_agreement(
        session, req, by=req.mentee, terms=followups.Terms(**values)
    )
    return followups.accept_agreement(session, req, by=req.mentor)
