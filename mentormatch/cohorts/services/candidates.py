"""Cohort candidates from the engine's own top k, completed until pruning is proven.

All mentees are scored in blocks against the cohort's mentors at once
(``matching.bulk``); each keeps its POOL best mentors (the engine's order:
score, then lower id), so memory is linear in mentees x POOL instead of all
pairs. The solver searches the first FIRST_K of them plus the `must` pairs
(shortlists). After a solve, the mentee-optimal dual values of its optimum
(``cohort.certify``) bound what each pair left out could add; only the pairs
that could add something join the next round (pool pairs exactly; pairs below
the pool are scored again, for the few mentees whose bound does not already
cover them), the round's candidates and solution are kept, and the cohort is
solved again until no left-out pair can help ("optimal") or the rounds run out
("within X of the optimum"). With mentee-optimal duals a pair that fails the
bound is one that improves the optimum, so one or two rounds usually suffice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from mentormatch.cohort import CohortProblem, CohortResult, solve
from mentormatch.cohort.certify import dual_values, match_bonus, objective_weights
from mentormatch.cohort.flow import SCALE, optimal_matching
from mentormatch.cohort.graph import candidate_matrix
from mentormatch.matching import Mentee, MentorIndex
from mentormatch.matching.bulk import BulkScorer, best_columns
from mentormatch.matching.index import Encoded

FIRST_K = 50
"""Candidates per mentee searched in the first round."""
POOL = 400
"""Candidates per mentee scored and kept aside for the proof."""
MAX_ROUNDS = 8
WIDEN = 4
"""Each round lets a mentee's failing pairs in WIDEN times as many as the last
(FIRST_K, then 4 x, 16 x ...), so mentees far from proven need few rounds."""
KEEP_CELLS = 64_000_000
"""Scores of mentees scored again by the proof kept for its later rounds (256 MB
of float32 at most, room for 10k x 6k; beyond that they are scored again each round)."""


@dataclass(frozen=True, slots=True)
class Proof:
    """What a run proved about its optimum over every feasible pair."""

    status: str  # "optimal", "bounded" (within gap), "unproven", "stable"
    gap: float | None  # objective units the left-out pairs could add at most
    k: int  # largest candidates per mentee searched
    pairs: int  # candidate pairs in the final solve
    rounds: int


class CandidateSource:
    """The engine's scores of the cohort's mentees against its mentors."""

    def __init__(
        self,
        index: MentorIndex,
        mentor_ids: Sequence[int],
        min_score: float,
        queries: Sequence[Mentee],
    ) -> None:
        self.index, self.min_score = index, np.float32(min_score)
        rows = [index.row_of_.get(int(i)) for i in mentor_ids]
        self.known = np.array([r is not None for r in rows], dtype=bool)
        cols = np.flatnonzero(self.known)
        self.cols = cols  # cohort column of each scored row
        self.scorer = BulkScorer(
            index, np.array([r for r in rows if r is not None], dtype=np.intp)
        )
        self.n_mentors = len(mentor_ids)
        self.queries = list(queries)
        self.encoded: list[Encoded] = index.encode_many(self.queries)
        self._kept: dict[int, np.ndarray] = {}
        self._kept_cells = 0

    def scores(self, mentees: np.ndarray) -> np.ndarray:
        """(len(mentees), n_mentors) engine scores; -inf: forbidden or below min."""
        found = self.scorer.scores([self.encoded[i] for i in mentees.tolist()])
        found[found < self.min_score] = -np.inf
        if self.known.all():
            return found
        out = np.full((len(mentees), self.n_mentors), -np.inf, dtype=np.float32)
        out[:, self.cols] = found
        return out

    def again(self, mentees: np.ndarray):
        """``blocks`` for the proof's later rounds: mentees scored before come
        from the kept scores (they never change within a run)."""
        size = self.scorer.block_size()
        have = np.array([i in self._kept for i in mentees.tolist()], dtype=bool)
        kept = mentees[have]
        for start in range(0, len(kept), size):
            part = kept[start : start + size]
            yield part, np.stack([self._kept[i] for i in part.tolist()])
        for part, block in self.blocks(mentees[~have]):
            if self._kept_cells + block.size <= KEEP_CELLS:
                self._kept.update(zip(part.tolist(), block, strict=True))
                self._kept_cells += block.size
            yield part, block

    def blocks(self, mentees: np.ndarray):
        """(mentee rows, scores) block by block."""
        size = self.scorer.block_size()
        for start in range(0, len(mentees), size):
            part = mentees[start : start + size]
            yield part, self.scores(part)


@dataclass
class Candidates:
    """Per mentee: its pool (best first; column -1 pads), how many of it the
    solver searches (k), the best score below the pool, and extra pairs (the
    `must` pairs, then those the proof added)."""

    cols: np.ndarray
    scores: np.ndarray
    left: np.ndarray
    k: np.ndarray
    extra_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    extra_cols: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    extra_scores: np.ndarray = field(default_factory=lambda: np.zeros(0))

    _pool_int: np.ndarray | None = field(default=None, repr=False, compare=False)

    def pool_int(self, as_int: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """The pool's scores in the proof's integer units (padding: far below
        any dual), computed once per run: the pool never changes."""
        if self._pool_int is None:
            valid = self.cols >= 0
            self._pool_int = np.where(
                valid,
                as_int(np.where(valid, self.scores, 0)),
                np.iinfo(np.int64).min // 4,
            )
        return self._pool_int

    def add(self, rows: np.ndarray, cols: np.ndarray, scores: np.ndarray) -> None:
        self.extra_rows = np.concatenate((self.extra_rows, rows.astype(np.int64)))
        self.extra_cols = np.concatenate((self.extra_cols, cols.astype(np.int64)))
        self.extra_scores = np.concatenate((self.extra_scores, scores))

    def edges(self, shape: tuple[int, int]) -> sp.csr_matrix:
        """The searched pairs: each mentee's first k pool pairs plus the extras
        (each pair once)."""
        width = self.cols.shape[1]
        inside = (np.arange(width)[None, :] < self.k[:, None]) & (self.cols >= 0)
        rows = np.concatenate((np.nonzero(inside)[0], self.extra_rows))
        cols = np.concatenate((self.cols[inside].astype(np.int64), self.extra_cols))
        data = np.concatenate(
            (self.scores[inside].astype(np.float64), self.extra_scores)
        )
        keys, first = np.unique(rows * shape[1] + cols, return_index=True)
        edges = sp.csr_matrix(
            (np.clip(data[first], 0.0, 1.0), (keys // shape[1], keys % shape[1])),
            shape=shape,
        )
        edges.sort_indices()
        return edges


Progress = Callable[[int], None]


def first_candidates(
    source: CandidateSource,
    must: Mapping[int, Sequence[int]],
    on_progress: Progress | None = None,
) -> Candidates:
    """Every mentee's POOL best mentors (plus the `must` cohort columns of
    mentee rows), FIRST_K searched."""
    n = len(source.queries)
    depth = min(POOL, source.n_mentors)
    cols = np.full((n, depth), -1, dtype=np.int32)
    scores = np.full((n, depth), -np.inf, dtype=np.float32)
    left = np.full(n, -np.inf, dtype=np.float32)
    extra: list[tuple[int, np.ndarray, np.ndarray]] = []
    for part, block in source.blocks(np.arange(n)):
        cols[part], scores[part], left[part] = best_columns(block, depth)
        for j, i in enumerate(part.tolist()):
            wanted = np.asarray(must.get(i, ()), dtype=np.int64)
            if wanted.size:
                found = block[j, wanted]
                ok = np.isfinite(found)
                extra.append((i, wanted[ok], found[ok].astype(np.float64)))
        if on_progress is not None:
            on_progress(len(part))
    out = Candidates(cols, scores, left, np.full(n, min(FIRST_K, depth)))
    for i, c, s in extra:
        out.add(np.full(c.size, i), c, s)
    return out


def solve_proven(
    base: CohortProblem,
    source: CandidateSource,
    cands: Candidates,
    *,
    objective: str,
    mode: str,
    min_score: float,
) -> tuple[CohortResult, Proof]:
    """Solve over the candidates; add the left-out pairs the dual bound cannot
    rule out, until proven or MAX_ROUNDS."""
    shape = (len(base.mentee_ids), len(base.mentor_ids))
    if mode == "stable":
        problem = _with_edges(base, cands.edges(shape))
        result = solve(
            problem, mode=mode, objective=objective, min_score=min_score, top_k=None
        )
        return result, Proof("stable", None, _k(cands), int(problem.edges.nnz), 1)
    caps = np.asarray(base.capacities, dtype=np.int64)
    for round_ in range(1, MAX_ROUNDS + 1):
        problem = _with_edges(base, cands.edges(shape))
        kept = candidate_matrix(problem, min_score)
        mentor_of = optimal_matching(kept, caps, objective)
        limit = max(FIRST_K, 1) * WIDEN ** (round_ - 1)
        check = _check(kept, caps, mentor_of, cands, source, objective, limit)
        status, gap = _judge(check, last=round_ == MAX_ROUNDS)
        if status:
            result = solve(
                problem,
                objective=objective,
                mode=mode,
                min_score=min_score,
                top_k=None,
                optimum=mentor_of,
            )
            proof = Proof(status, gap, _k(cands), int(problem.edges.nnz), round_)
            return result, proof
        assert check is not None
        cands.add(*check.extra)
    raise AssertionError("unreachable")  # pragma: no cover


def _k(cands: Candidates) -> int:
    return int(cands.k.max(initial=0))


@dataclass(frozen=True, slots=True)
class Check:
    """One round's verdict per mentee (integer units)."""

    gaps: np.ndarray  # what the mentee's left-out pairs could add at most
    extra: tuple[np.ndarray, np.ndarray, np.ndarray]  # (rows, cols, scores) to add


def _judge(check: Check | None, *, last: bool) -> tuple[str, float | None]:
    """(status, gap); an empty status means: add the pairs and solve again."""
    if check is None:
        return "unproven", None
    if not check.gaps.any():
        return "optimal", 0.0
    if last:
        return "bounded", float(check.gaps.sum()) / SCALE
    return "", None


def _check(
    kept: sp.csr_matrix,
    caps: np.ndarray,
    mentor_of: np.ndarray,
    cands: Candidates,
    source: CandidateSource,
    objective: str,
    limit: int,
) -> Check | None:
    """Per mentee, what its left-out pairs could add (pool pairs exactly, pairs
    below the pool by their bound, scored exactly when the bound fails), and
    the pairs that could add something; None when the dual values could not
    be computed. Pairs already searched never fail (dual feasibility)."""
    weights = objective_weights(kept, caps, objective)
    duals = dual_values(kept, caps, mentor_of, weights)
    if duals is None:
        return None
    u, v = duals
    bonus = 0 if objective == "total_score" else SCALE * match_bonus(len(u), caps)

    def as_int(scores: np.ndarray) -> np.ndarray:
        scores = np.clip(np.asarray(scores, dtype=np.float64), 0, 1)
        return np.rint(scores * SCALE).astype(np.int64) + bonus

    reach = cands.pool_int(as_int) - v[np.maximum(cands.cols, 0)] - u[:, None]
    gaps = np.maximum(reach.max(axis=1, initial=0), 0)
    rows, pos = _best_failing(reach, limit)
    found = [(rows, cands.cols[rows, pos], cands.scores[rows, pos])]
    again = np.isfinite(cands.left)
    again[again] = as_int(cands.left[again]) > u[again]
    for part, block in source.again(np.flatnonzero(again)):
        finite = np.isfinite(block)
        out = (
            np.where(
                finite,
                as_int(np.where(finite, block, 0)) - v[None, :],
                np.iinfo(np.int64).min // 2,
            )
            - u[part, None]
        )
        gaps[part] = np.maximum(gaps[part], out.max(axis=1, initial=0))
        r, c = _best_failing(out, limit)
        found.append((part[r], c, block[r, c]))
    rows = np.concatenate([f[0] for f in found]).astype(np.int64)
    cols = np.concatenate([f[1] for f in found]).astype(np.int64)
    scores = np.concatenate([f[2] for f in found]).astype(np.float64)
    return Check(gaps, (rows, cols, scores))


def _best_failing(reach: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of each row's at most `limit` largest positive entries."""
    rows, cols = np.nonzero(reach > 0)
    counts = np.bincount(rows, minlength=reach.shape[0])
    over = counts[rows] > limit
    if not over.any():  # every failing pair of these rows joins (the common case)
        return rows, cols
    # only rows with more than `limit` are sorted (ties: the lower column)
    r, c = rows[over], cols[over]
    order = np.lexsort((-reach[r, c], r))
    r, c = r[order], c[order]
    keep = np.arange(r.size) - np.searchsorted(r, r) < limit
    return (
        np.concatenate((rows[~over], r[keep])),
        np.concatenate((cols[~over], c[keep])),
    )


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
