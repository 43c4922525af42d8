"""Cohort assignment: globally optimal or stable mentor-mentee pairing (pure)."""

from __future__ import annotations

from mentormatch.cohort.solve import solve, waiting_list
from mentormatch.cohort.types import (
    BELOW_MIN_SCORE,
    CAPACITY,
    MODES,
    NO_CANDIDATES,
    OBJECTIVES,
    REASON_TEXT,
    Assignment,
    CohortProblem,
    CohortResult,
    RankStats,
    Waiting,
)

__all__ = [
    "BELOW_MIN_SCORE",
    "CAPACITY",
    "MODES",
    "NO_CANDIDATES",
    "OBJECTIVES",
    "REASON_TEXT",
    "Assignment",
    "CohortProblem",
    "CohortResult",
    "RankStats",
    "Waiting",
    "solve",
    "waiting_list",
]
