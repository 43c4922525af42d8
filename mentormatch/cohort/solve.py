"""Run a cohort: optimal or stable proposals, greedy comparison, waiting list."""

from __future__ import annotations

import time

import numpy as np
import scipy.sparse as sp

from mentormatch.cohort.flow import optimal_matching, pruning_proof
from mentormatch.cohort.graph import (
    UNMATCHED,
    candidate_matrix,
    entry_rows,
    pair_scores,
    pairs_total,
    row_order,
    score_order,
    split_top_k,
)
from mentormatch.cohort.greedy import greedy_matching
from mentormatch.cohort.stable import deferred_acceptance, preference_lists, rank_stats
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
    Waiting,
)


def solve(
    problem: CohortProblem,
    *,
    objective: str = "total_score",
    mode: str = "optimal",
    min_score: float = 0.0,
    top_k: int | None = 50,
    prove_pruning: bool = False,
    optimum: np.ndarray | None = None,
) -> CohortResult:
    """Propose mentor-mentee pairs for a cohort.

    "optimal" maximises the total score ("total_score") or the number matched,
    then the score ("most_matched"), over pairs scoring at least ``min_score``,
    never exceeding a capacity nor using a forbidden or missing pair. Only each
    mentee's ``top_k`` best pairs are searched (``None`` = all); the result says
    whether that pruned anything and, with ``prove_pruning`` and "total_score"
    (costs a few Bellman-Ford passes over all pairs: seconds at 100,000
    mentees), whether a dual check proves the pruned optimum optimal over all
    pairs. "stable" runs
    mentee-proposing deferred acceptance on shortlist-then-score preferences.
    Scores are compared as integers ``round(score * flow.SCALE)``.
    ``optimum`` is a mentor column per mentee already known to be optimal over
    these candidates (the caller's last round), reused instead of solved again.
    """
    if objective not in OBJECTIVES or mode not in MODES:
        raise ValueError(f"objective must be in {OBJECTIVES}, mode in {MODES}")
    started = time.perf_counter()
    matrix = candidate_matrix(problem, min_score)
    caps = np.asarray(problem.capacities, dtype=np.int64)
    by_score = score_order(matrix)
    order = row_order(matrix, by_score)
    kept, dropped = split_top_k(matrix, top_k, order)
    if optimum is None or dropped.nnz:
        optimum = optimal_matching(kept, caps, objective)
    proven = None if dropped.nnz else True
    if dropped.nnz and prove_pruning and objective == "total_score":
        proven = pruning_proof(kept, dropped, caps, optimum)
    chosen, stats = optimum, None
    if mode == "stable":
        mentee_prefs, mentor_prefs = _preferences(problem, matrix)
        chosen = deferred_acceptance(mentee_prefs, mentor_prefs, caps)
        stats = rank_stats(chosen, mentee_prefs, mentor_prefs)
    seconds = time.perf_counter() - started
    greedy = greedy_matching(matrix, caps, by_score, order)
    greedy_seconds = time.perf_counter() - started - seconds
    return CohortResult(
        assignments=_assignments(problem, matrix, chosen),
        unmatched=waiting_list(problem, chosen, min_score),
        total_score=pairs_total(matrix, chosen),
        greedy_total=pairs_total(matrix, greedy),
        greedy_matched=int((greedy != UNMATCHED).sum()),
        optimal_total=pairs_total(matrix, optimum),
        matched_count=int((chosen != UNMATCHED).sum()),
        solve_seconds=seconds,
        greedy_seconds=greedy_seconds,
        pruned=bool(dropped.nnz),
        proven_optimal=proven,
        objective=objective,
        mode=mode,
        rank_stats=stats,
    )


def _preferences(problem: CohortProblem, matrix: sp.csr_matrix):
    """Both sides' preference lists over the feasible pairs."""
    mentees = preference_lists(
        matrix, problem.mentee_ids, problem.mentor_ids, problem.mentee_shortlists
    )
    mentors = preference_lists(
        sp.csr_matrix(matrix.T),
        problem.mentor_ids,
        problem.mentee_ids,
        problem.mentor_shortlists,
    )
    return mentees, mentors


def _assignments(problem, matrix, mentor_of: np.ndarray) -> list[Assignment]:
    """Chosen pairs with their scores, in mentee order."""
    rows = np.flatnonzero(mentor_of != UNMATCHED)
    scores = pair_scores(matrix, mentor_of).tolist()
    return [
        Assignment(problem.mentee_ids[i], problem.mentor_ids[j], s)
        for i, j, s in zip(rows.tolist(), mentor_of[rows].tolist(), scores, strict=True)
    ]


def waiting_list(
    problem: CohortProblem, mentor_of: np.ndarray, min_score: float
) -> dict[int, Waiting]:
    """Why each unmatched mentee is waiting: no feasible mentor at all, only
    mentors below ``min_score``, or suitable mentors whose places are taken."""
    feasible = candidate_matrix(problem)
    rows = entry_rows(feasible)
    any_pair = np.diff(feasible.indptr) > 0
    good_pair = np.bincount(
        rows[feasible.data >= min_score], minlength=feasible.shape[0]
    ).astype(bool)
    waiting = {}
    for i in np.flatnonzero(mentor_of == UNMATCHED).tolist():
        mentee = problem.mentee_ids[i]
        reason = CAPACITY if good_pair[i] else BELOW_MIN_SCORE
        if not any_pair[i]:
            reason = NO_CANDIDATES
        text = REASON_TEXT[reason]
        if reason == NO_CANDIDATES:
            text = problem.no_candidate_hints.get(mentee, text)
        waiting[mentee] = Waiting(mentee, reason, text)
    return waiting
