"""Cohort candidates from the engine's own top k, widened until pruning is proven.

One scoring pass keeps each mentee's POOL best mentors (the engine's order:
score, then lower id), so memory is linear in mentees x POOL instead of all
pairs; the solver searches only the first k of them. After a solve, the dual
values of its optimum bound what the pairs left out could add
(``cohort.certify``): a mentee whose left-out pool pairs could help gets its k
doubled; one whose pairs below the pool could help
(scored again, which is rare) gets those pairs, the most helpful first (column
generation). The cohort is
solved again until nothing can help ("optimal") or the rounds run out ("within
X of the optimum").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from mentormatch.cohort import CohortProblem, CohortResult, solve
from mentormatch.cohort.certify import (
    dual_values,
    match_bonus,
    objective_weights,
)
from mentormatch.cohort.flow import SCALE
from mentormatch.cohort.graph import UNMATCHED, candidate_matrix
from mentormatch.matching import Mentee, MentorIndex
from mentormatch.matching.engine import top_rows
from mentormatch.matching.index import Encoded

FIRST_K = 50
"""Candidates per mentee searched in the first round (the solver's usual k)."""
POOL = 400
"""Candidates per mentee scored and kept aside for widening."""
MAX_ROUNDS = 8


@dataclass(frozen=True, slots=True)
class Proof:
    """What a run proved about its optimum over every feasible pair."""

    status: str  # "optimal", "bounded" (within gap), "unproven", "stable"
    gap: float | None  # objective units the left-out pairs could add at most
    k: int  # largest candidates per mentee searched
    pairs: int  # candidate pairs in the final solve
    rounds: int


class CandidateSource:
    """The engine's scores of one mentee against the cohort's mentors."""

    def __init__(
        self, index: MentorIndex, mentor_ids: Sequence[int], min_score: float
    ) -> None:
        self.index, self.min_score = index, float(min_score)
        self.col_of_row = np.full(len(index.mentor_ids_), -1, dtype=np.int64)
        for col, mentor_id in enumerate(mentor_ids):
            row = index.row_of_.get(int(mentor_id))
            if row is not None:
                self.col_of_row[row] = col
        self.outside = self.col_of_row < 0
        self._encoded: dict[int, Encoded] = {}

    def encoded(self, query: Mentee) -> Encoded:
        """The engine's encoding of a mentee, built once per run."""
        key = id(query)
        if key not in self._encoded:
            self._encoded[key] = self.index.encode(query)
        return self._encoded[key]

    def scores(self, query: Mentee) -> np.ndarray:
        """Engine score per index row; -inf outside the cohort or below min."""
        score = self.index.row_scores(query, self.encoded(query))
        score[self.outside] = -np.inf
        score[score < np.float32(self.min_score)] = -np.inf
        return score

    def best(
        self, query: Mentee, depth: int, must: Sequence[int] = ()
    ) -> tuple[np.ndarray, np.ndarray, float, np.ndarray, np.ndarray]:
        """The `depth` best mentors, best first: (columns, scores), the best
        score below them (-inf: none), and (columns, scores) of the feasible
        `must` mentor ids."""
        score = self.scores(query)
        rows = top_rows(score, self.index.mentor_ids_, depth + 1)
        left = float(score[rows[depth]]) if len(rows) > depth else -np.inf
        rows = rows[:depth]
        found = [self.index.row_of_.get(int(i)) for i in must]
        extra = np.array([r for r in found if r is not None], dtype=np.intp)
        extra = extra[np.isfinite(score[extra])]
        return (
            self.col_of_row[rows],
            score[rows].astype(np.float64),
            left,
            self.col_of_row[extra],
            score[extra].astype(np.float64),
        )

    def beyond(self, query: Mentee, pool: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(columns, scores) of the feasible mentors outside `pool`."""
        score = self.scores(query)
        rows = np.flatnonzero(np.isfinite(score))
        cols = self.col_of_row[rows]
        out = ~np.isin(cols, pool)
        return cols[out], score[rows[out]].astype(np.float64)


@dataclass
class Candidates:
    """Per mentee: its pool (best first), how many of it the solver searches
    (k), the best score below the pool, and the `must` pairs."""

    cols: list[np.ndarray] = field(default_factory=list)
    scores: list[np.ndarray] = field(default_factory=list)
    left: list[float] = field(default_factory=list)
    k: list[int] = field(default_factory=list)
    must_cols: list[np.ndarray] = field(default_factory=list)
    must_scores: list[np.ndarray] = field(default_factory=list)

    def fill(self, i: int, found: tuple, k: int) -> None:
        """Set (or replace) mentee i's pool from ``CandidateSource.best``."""
        values = (*found, k)
        lists: tuple[list[Any], ...] = (
            self.cols,
            self.scores,
            self.left,
            self.must_cols,
            self.must_scores,
            self.k,
        )
        for target, value in zip(lists, values, strict=True):
            if i < len(target):
                target[i] = value
            else:
                target.append(value)

    def searched(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """(columns, scores) the solver gets for mentee i: k best plus `must`."""
        cols, scores = self.cols[i][: self.k[i]], self.scores[i][: self.k[i]]
        if not self.must_cols[i].size:
            return cols, scores
        extra = ~np.isin(self.must_cols[i], cols)
        return (
            np.concatenate((cols, self.must_cols[i][extra])),
            np.concatenate((scores, self.must_scores[i][extra])),
        )

    def edges(self, shape: tuple[int, int]) -> sp.csr_matrix:
        parts = [self.searched(i) for i in range(len(self.k))]
        counts = np.array([c.size for c, _ in parts], dtype=np.int64)
        indptr = np.concatenate(([0], np.cumsum(counts)))
        cols = np.concatenate([c for c, _ in parts]) if parts else np.zeros(0)
        data = np.concatenate([d for _, d in parts]) if parts else np.zeros(0)
        edges = sp.csr_matrix(
            (np.clip(data, 0.0, 1.0), cols.astype(np.int64), indptr), shape=shape
        )
        edges.sort_indices()
        return edges


Progress = Callable[[int], None]


def first_candidates(
    source: CandidateSource,
    queries: Sequence[Mentee],
    must: Mapping[int, Sequence[int]],
    on_progress: Progress | None = None,
) -> Candidates:
    """Every mentee's POOL best mentors (plus `must` ids), FIRST_K searched."""
    out = Candidates()
    for i, query in enumerate(queries):
        out.fill(i, source.best(query, POOL, must.get(int(query.id), ())), FIRST_K)
        if on_progress is not None:
            on_progress(1)
    return out


def solve_proven(
    base: CohortProblem,
    source: CandidateSource,
    queries: Sequence[Mentee],
    must: Mapping[int, Sequence[int]],
    cands: Candidates,
    *,
    objective: str,
    mode: str,
    min_score: float,
) -> tuple[CohortResult, Proof]:
    """Solve over the candidates; widen where the dual bound says a left-out
    pair might help, until proven or MAX_ROUNDS."""
    shape = (len(base.mentee_ids), len(base.mentor_ids))
    for round_ in range(1, MAX_ROUNDS + 1):
        problem = _with_edges(base, cands.edges(shape))
        result = solve(
            problem, objective=objective, mode=mode, min_score=min_score, top_k=None
        )
        check = None
        if mode != "stable":
            check = _check(
                problem, result, cands, source, queries, objective, min_score
            )
        status, gap = _judge(mode, check, last=round_ == MAX_ROUNDS)
        if status:
            k = max(cands.k, default=0)
            return result, Proof(status, gap, k, int(problem.edges.nnz), round_)
        assert check is not None
        _widen(cands, check, source, queries, must)
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True, slots=True)
class Check:
    """One round's verdict per mentee (integer units)."""

    gaps: np.ndarray  # what the mentee's left-out pairs could add at most
    widen: dict[int, int]  # mentee -> new k within its pool
    extra: dict[int, tuple[np.ndarray, np.ndarray]]  # pairs below the pool to add


def _judge(mode: str, check: Check | None, *, last: bool) -> tuple[str, float | None]:
    """(status, gap); an empty status means: widen and solve again."""
    if mode == "stable":
        return "stable", None
    if check is None:
        return "unproven", None
    if not check.gaps.any():
        return "optimal", 0.0
    if last:
        return "bounded", float(check.gaps.sum()) / SCALE
    return "", None


def _widen(
    cands: Candidates,
    check: Check,
    source: CandidateSource,
    queries: Sequence[Mentee],
    must: Mapping[int, Sequence[int]],
) -> None:
    for i, k in check.widen.items():
        cands.k[i] = k
    for i, (cols, scores) in check.extra.items():
        cands.must_cols[i] = np.concatenate((cands.must_cols[i], cols))
        cands.must_scores[i] = np.concatenate((cands.must_scores[i], scores))


def _with_edges(base: CohortProblem, edges: sp.csr_matrix) -> CohortProblem:
    return CohortProblem(
        mentee_ids=base.mentee_ids,
        mentor_ids=base.mentor_ids,
        capacities=base.capacities,
        edges=edges,
        forbidden=base.forbidden,
        mentee_shortlists=base.mentee_shortlists,
        mentor_shortlists=base.mentor_shortlists,
        no_candidate_hints=base.no_candidate_hints,
    )


def _mentor_of(problem: CohortProblem, result: CohortResult) -> np.ndarray:
    rows = {int(i): r for r, i in enumerate(problem.mentee_ids)}
    cols = {int(j): c for c, j in enumerate(problem.mentor_ids)}
    out = np.full(len(problem.mentee_ids), UNMATCHED, dtype=np.int64)
    for pair in result.assignments:
        out[rows[pair.mentee_id]] = cols[pair.mentor_id]
    return out


def _check(
    problem: CohortProblem,
    result: CohortResult,
    cands: Candidates,
    source: CandidateSource,
    queries: Sequence[Mentee],
    objective: str,
    min_score: float,
) -> Check | None:
    """Per mentee, what its left-out pairs could add (pool pairs exactly, pairs
    below the pool by their bound, scored exactly when the bound fails); None
    when the dual values could not be computed."""
    kept = candidate_matrix(problem, min_score)
    caps = np.asarray(problem.capacities, dtype=np.int64)
    weights = objective_weights(kept, caps, objective)
    duals = dual_values(kept, caps, _mentor_of(problem, result), weights)
    if duals is None:
        return None
    u, v = duals
    bonus = 0 if objective == "total_score" else SCALE * match_bonus(len(u), caps)

    def as_int(scores: np.ndarray) -> np.ndarray:
        return np.rint(np.clip(scores, 0, 1) * SCALE).astype(np.int64) + bonus

    gaps = np.zeros(len(u), dtype=np.int64)
    widen: dict[int, int] = {}
    extra: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for i in range(len(u)):
        k, cols = cands.k[i], cands.cols[i]
        if k < cols.size:
            reach = as_int(cands.scores[i][k:]) - v[cols[k:]] - int(u[i])
            if reach.max() > 0:
                gaps[i] = int(reach.max())
                widen[i] = min(cols.size, 2 * k)
                continue
        left = cands.left[i]
        if np.isfinite(left) and int(as_int(np.array([left]))[0]) > u[i]:
            out_cols, out_scores = source.beyond(queries[i], cols)
            reach = as_int(out_scores) - v[out_cols] - int(u[i])
            gaps[i] = max(0, int(reach.max(initial=0)))
            if gaps[i]:
                best = np.argsort(-reach, kind="stable")[: max(k, FIRST_K)]
                best = best[reach[best] > 0]
                extra[i] = (out_cols[best], out_scores[best])
    return Check(gaps, widen, extra)
