"""Value types of a cohort run: the problem, the proposals and the waiting list."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

OBJECTIVES = ("total_score", "most_matched")
MODES = ("optimal", "stable")

NO_CANDIDATES = "no_candidates"
BELOW_MIN_SCORE = "below_min_score"
CAPACITY = "capacity"
REASON_TEXT = {
    NO_CANDIDATES: "No mentor meets this mentee's hard requirements.",
    BELOW_MIN_SCORE: "Every possible mentor scores below the minimum match score.",
    CAPACITY: "Suitable mentors exist, but their free places went to better matches.",
}


@dataclass(frozen=True, slots=True)
class CohortProblem:
    """Mentees, mentors with free capacity, and scored feasible pairs.

    ``edges`` is an (n_mentees, n_mentors) sparse matrix whose stored entries are
    the feasible pairs with their scores in [0, 1]; a missing entry is a hard
    rule. ``forbidden`` holds (mentee_id, mentor_id) pairs never to match.
    Shortlists map an id to the ids it would like, best first. ``no_candidate_hints``
    gives the caller's reason text for mentees without any feasible mentor.
    """

    mentee_ids: Sequence[int]
    mentor_ids: Sequence[int]
    capacities: Sequence[int]
    edges: sp.spmatrix | sp.sparray
    forbidden: frozenset[tuple[int, int]] = frozenset()
    mentee_shortlists: Mapping[int, Sequence[int]] = field(default_factory=dict)
    mentor_shortlists: Mapping[int, Sequence[int]] = field(default_factory=dict)
    no_candidate_hints: Mapping[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        shape = (len(self.mentee_ids), len(self.mentor_ids))
        if self.edges.shape != shape:
            raise ValueError(f"edges must have shape {shape}, got {self.edges.shape}")
        if len(self.capacities) != shape[1]:
            raise ValueError("capacities must have one entry per mentor")
        if np.any(np.asarray(self.capacities) < 0):
            raise ValueError("capacities must be >= 0")


@dataclass(frozen=True, slots=True)
class Assignment:
    """One proposed pair with its score."""

    mentee_id: int
    mentor_id: int
    score: float


@dataclass(frozen=True, slots=True)
class Waiting:
    """A mentee left unmatched: reason code and a sentence for admins."""

    mentee_id: int
    reason: str
    message: str


@dataclass(frozen=True, slots=True)
class RankStats:
    """Where partners land in each side's own preference list (1 = first choice)."""

    mentee_mean: float
    mentee_median: float
    mentor_mean: float
    mentor_median: float


@dataclass(frozen=True, slots=True)
class CohortResult:
    """Outcome of ``solve``: proposals, waiting list and comparison figures.

    ``optimal_total`` is the best achievable total under the same rules (equal
    to ``total_score`` in optimal mode with the "total_score" objective);
    ``greedy_total`` is what highest-score-first picking would reach;
    ``rank_stats`` (stable mode only) say where partners land in own lists.
    ``pruned`` is True when ``top_k`` left some feasible pairs out of the
    optimal search: the optimum is then exact over the kept pairs only, and
    ``proven_optimal`` says whether node potentials (LP duality) prove it
    optimal over all feasible pairs anyway: True when nothing was pruned or
    the proof succeeded, False when the proof failed (a better matching may
    exist), None when pruned and not checked (``prove_pruning`` off, or the
    "most_matched" objective).
    """

    assignments: list[Assignment]
    unmatched: dict[int, Waiting]
    total_score: float
    greedy_total: float
    greedy_matched: int
    optimal_total: float
    matched_count: int
    solve_seconds: float
    greedy_seconds: float
    pruned: bool
    proven_optimal: bool | None
    objective: str
    mode: str
    rank_stats: RankStats | None

    @property
    def gain_over_greedy(self) -> float:
        """Relative improvement of the total score over greedy (0.05 = 5 % better)."""
        return self.total_score / self.greedy_total - 1.0 if self.greedy_total else 0.0
