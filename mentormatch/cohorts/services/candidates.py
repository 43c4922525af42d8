"""Cohort candidates from the engine's own top k, completed until pruning is proven.

All mentees are scored in blocks against the cohort's mentors at once
(``matching.bulk``); each keeps its POOL best mentors (the engine's order:
score, then lower id), so the candidates are linear in mentees x POOL; the
scores themselves are kept for the proof while they fit in KEEP_CELLS (else
scored again). The solver searches the first FIRST_K of the pool plus the
`must` pairs (shortlists) and, when mentees crowd the mentors, each mentor's
own best mentees, up to MENTOR_K (found in the same pass over the blocks).
After a solve, the mentee-optimal dual values of its optimum
(``cohort.certify``) bound what each pair left out could add: pool pairs
exactly, pairs below the pool only against the mentors whose dual leaves
room under the best score left below the pool. The pairs that could add
something join the next round, with the nearly tight ones (within SLACK), and
the cohort is solved again until no left-out pair can help ("optimal") or the
rounds run out ("within X of the optimum"). With mentee-optimal duals a pair
that fails the bound is one that improves the optimum, so a few rounds suffice.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any

import numpy as np
import scipy.sparse as sp
from threadpoolctl import ThreadpoolController

from mentormatch.cohort import CohortProblem, CohortResult, solve
from mentormatch.cohort.certify import dual_values, match_bonus, objective_weights
from mentormatch.cohort.flow import SCALE, optimal_matching
from mentormatch.cohort.graph import candidate_matrix, entry_rows, positions
from mentormatch.matching import Mentee, MentorIndex
from mentormatch.matching.bulk import BulkScorer, ColumnBest, best_columns
from mentormatch.matching.index import Encoded

FIRST_K = 20
"""Candidates per mentee searched in the first round, with the mentors' own
best (MENTOR_K): on the 10k demo five rounds either way, as with 50 alone,
but the proof adds fewer pairs and each solve is smaller."""
STABLE_K = 50
"""Candidates per mentee in stable mode's preference lists (one deferred
acceptance, no proof rounds), plus the shortlists and the mentors' own best."""
MENTOR_K = 10
"""Each mentor's best mentees joining the first round when mentees crowd the
mentors. With each mentee's best alone, the mentors nobody ranks high get no
pair, the first solve leaves the crowded ones short of alternatives and its
dual prices come out four times the optimum's (mean 0.46 against 0.11 on the
10k demo), and the proof adds 160k pairs after the first round and 184k after
the second. A mentor's own best mentees give the first solve the
alternatives the optimum uses: on the 10k demo, first-round gap 4,274 -> 811,
88k and 60k pairs added, solves plus checks 3.5 -> 2.0-2.2 s, with the same
proven optimum."""
POOL = 100
"""Candidates per mentee kept aside for the proof, checked exactly each round
(pairs below the pool through the room screen). With the mentors' own best in
the first round, 100 rather than 200 on the 10k demo: five interleaved pairs
of runs, 5.94 -> 5.56 s wall on average (6.56 -> 6.19 s CPU), the five checks
1.0 -> 0.9 s, peak memory and the 405-mentee chapter against 91k mentors
unchanged (1.0-1.2 s). (Before that, 200 rather than 400 took the demo's
peak memory from about 1.0 GB to 0.88 GB at the same speed.)"""
MAX_ROUNDS = 8
WIDEN = 4
"""Each round lets a mentee's failing pairs in WIDEN times as many as the last
(FIRST_K, then 4 x, 16 x ...), so mentees far from proven need few rounds."""
SLACK = 0.002
"""Once some pair fails, pairs within SLACK of the bound join too: the next
solve moves the duals, and those are the pairs that fail then (on the 10k demo
four rounds instead of six)."""
DROP = 0.05
"""From the second round on, the solver searches only the pairs within DROP of
their dual bound (plus those the check adds): a pair far below it cannot enter
an optimum unless the duals move by that much, and if they do, the check finds
it and adds it back. Pairs left out this way are checked like any other, so the
proof is unchanged; the solves get smaller."""
SCORERS = 2
"""Threads scoring blocks ahead of the caller (numpy and BLAS let go of the
GIL, so on two cores two scorers beat one: first candidates of the 10k demo
2.5 -> 2.25 s with the machine shared); each holds one block in flight."""
KEEP_CELLS = 72_000_000
"""Scores kept from the first scoring for the proof's later rounds (288 MB of
float32 at most, room for 10k x 7k mentees x mentors, or a 400-mentee chapter
against 180k mentors); mentees beyond it are scored again each round."""


@dataclass(frozen=True, slots=True)
class Proof:
    """What a run proved about its optimum over every feasible pair."""

    status: str  # "optimal", "bounded" (within gap), "unproven", "stable"
    gap: float | None  # objective units the left-out pairs could add at most
    k: int  # largest candidates per mentee searched
    pairs: int  # candidate pairs in the final solve
    rounds: int


@cache
def _blas() -> ThreadpoolController:
    """The BLAS libraries numpy and scipy loaded (read once: 30 ms)."""
    return ThreadpoolController()


def ahead(jobs: Iterable[tuple[Any, Callable[[], Any]]], workers: int) -> Iterator:
    """(key, job()) for each (key, job), in order; `workers` threads run the
    next jobs while the caller works on this result (at most workers + 1 in
    flight, so a generator of big blocks is not read all at once).

    Meanwhile BLAS runs one thread per caller: the jobs already use the cores,
    and OpenBLAS's own threads, spinning while they wait, took a third of the
    first candidates' CPU time (3.1 -> 2.0 s user on the 10k demo)."""
    with (
        _blas().limit(limits=1, user_api="blas"),
        ThreadPoolExecutor(max_workers=workers) as pool,
    ):
        queue: deque = deque()
        for key, job in jobs:
            queue.append((key, pool.submit(job)))
            if len(queue) > workers:
                done, future = queue.popleft()
                yield done, future.result()
        while queue:
            done, future = queue.popleft()
            yield done, future.result()


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
        # scores kept for the proof's later rounds: one row buffer (pages are
        # touched only as rows are kept), slot of each mentee row (-1: not kept)
        rows_fit = KEEP_CELLS // max(1, self.n_mentors)
        self._buffer = np.empty(
            (min(len(self.queries), rows_fit), self.n_mentors), np.float32
        )
        self._slot = np.full(len(self.queries), -1, dtype=np.int64)
        self._used = 0

    def scores(self, mentees: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """(len(mentees), n_mentors) engine scores; -inf: forbidden or below min
        (written into `out` when given)."""
        encoded = [self.encoded[i] for i in mentees.tolist()]
        if out is None:
            out = np.empty((len(mentees), self.n_mentors), dtype=np.float32)
        if self.known.all():
            self.scorer.scores(encoded, out=out)
        else:
            out.fill(-np.inf)
            out[:, self.cols] = self.scorer.scores(encoded)
        out[out < self.min_score] = -np.inf
        return out

    def again(self, mentees: np.ndarray):
        """``blocks`` for the proof's later rounds: mentees kept before come
        from the buffer, the others are scored again (and kept if they fit)."""
        size = self.scorer.block_size()
        slots = self._slot[mentees]
        kept = mentees[slots >= 0]
        for start in range(0, len(kept), size):
            part = kept[start : start + size]
            yield part, self._buffer[self._slot[part]]
        yield from self.blocks(mentees[slots < 0], keep=True)

    def blocks(
        self,
        mentees: np.ndarray,
        *,
        keep: bool = False,
        then: Callable[[np.ndarray, np.ndarray], Any] | None = None,
    ):
        """(mentee rows, scores) block by block, in order; SCORERS threads
        score the next blocks while the caller works on this one. Kept blocks
        are scored straight into the buffer while they fit: read-only views.
        With `then`, the threads also work out ``then(rows, scores)`` and
        (mentee rows, (scores, its result)) come instead."""
        yield from ahead(self._jobs(mentees, keep, then), SCORERS)

    def _jobs(self, mentees: np.ndarray, keep: bool, then=None):
        """(mentee rows, scoring job) per block; buffer rows are given out here,
        in block order, so the buffer is filled as if scored one by one."""
        size = self.scorer.block_size()
        for start in range(0, len(mentees), size):
            part = mentees[start : start + size]
            take = min(len(part), len(self._buffer) - self._used) if keep else 0
            first, self._used = self._used, self._used + max(take, 0)
            if take > 0:
                self._slot[part[:take]] = np.arange(first, first + take)
            if take == len(part):
                job = partial(self.scores, part, self._buffer[first : first + take])
            else:
                job = partial(self._score_keeping, part, first, max(take, 0))
            yield part, job if then is None else partial(_and_then, job, then, part)

    def _score_keeping(self, part: np.ndarray, first: int, take: int) -> np.ndarray:
        block = self.scores(part)
        self._buffer[first : first + take] = block[:take]
        return block


def _and_then(job: Callable[[], np.ndarray], then, part: np.ndarray):
    block = job()
    return block, then(part, block)


@dataclass
class Candidates:
    """Per mentee: its pool (best first; column -1 pads), how many of it the
    solver searches (k), the best score below the pool, and extra pairs (the
    `must` pairs and the mentors' own best, then those the proof added)."""

    cols: np.ndarray
    scores: np.ndarray
    left: np.ndarray
    k: np.ndarray
    extra_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    extra_cols: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    extra_scores: np.ndarray = field(default_factory=lambda: np.zeros(0))

    explicit: bool = False  # the extras are the whole searched set (pool too)

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

    def narrow(self, searched: sp.csr_matrix, keep: np.ndarray) -> None:
        """Search only the `keep` entries of `searched` (plus what is added
        later) from now on; ``k`` still says how deep the pools were searched."""
        self.extra_rows = entry_rows(searched)[keep].astype(np.int64)
        self.extra_cols = searched.indices[keep].astype(np.int64)
        self.extra_scores = np.asarray(searched.data[keep], dtype=np.float64)
        self.explicit = True

    def edges(self, shape: tuple[int, int]) -> sp.csr_matrix:
        """The searched pairs: each mentee's first k pool pairs (until narrowed)
        plus the extras (each pair once)."""
        width = self.cols.shape[1]
        inside = (np.arange(width)[None, :] < self.k[:, None]) & (self.cols >= 0)
        if self.explicit:
            inside[:] = False
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


def mentor_depth(mentees: int, mentors: int) -> int:
    """Mentees per mentor joining the first round: at most MENTOR_K, and as
    many as keep the mentor side at most half as many pairs as the mentee
    side (10 on the 10k demo, 1 for 3,000 mentees against 20,000 mentors,
    none for a chapter of 400 against 90k mentors, who crowd no one)."""
    return max(0, min(MENTOR_K, mentees * FIRST_K // (2 * max(1, mentors))))


def first_candidates(
    source: CandidateSource,
    must: Mapping[int, Sequence[int]],
    on_progress: Progress | None = None,
) -> Candidates:
    """Every mentee's POOL best mentors (plus the `must` cohort columns of
    mentee rows), FIRST_K searched, and each mentor's ``mentor_depth`` best
    mentees."""
    n = len(source.queries)
    depth = min(POOL, source.n_mentors)
    cols = np.full((n, depth), -1, dtype=np.int32)
    scores = np.full((n, depth), -np.inf, dtype=np.float32)
    left = np.full(n, -np.inf, dtype=np.float32)
    extra: list[tuple[int, np.ndarray, np.ndarray]] = []
    by_mentor = ColumnBest(source.n_mentors, mentor_depth(n, source.n_mentors))

    def ranked(part: np.ndarray, block: np.ndarray):  # on the scoring threads
        return best_columns(block, depth), by_mentor.above(block)

    for part, (block, (found, above)) in source.blocks(
        np.arange(n), keep=True, then=ranked
    ):
        cols[part], scores[part], left[part] = found
        by_mentor.add(part, block, above)
        for j, i in enumerate(part.tolist()):
            wanted = np.asarray(must.get(i, ()), dtype=np.int64)
            if wanted.size:
                got = block[j, wanted]
                ok = np.isfinite(got)
                extra.append((i, wanted[ok], got[ok].astype(np.float64)))
        if on_progress is not None:
            on_progress(len(part))
    out = Candidates(cols, scores, left, np.full(n, min(FIRST_K, depth)))
    for i, c, s in extra:
        out.add(np.full(c.size, i), c, s)
    rows, mentor_cols, best = by_mentor.pairs()
    out.add(rows, mentor_cols, best.astype(np.float64))
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
        cands.k[:] = min(STABLE_K, cands.cols.shape[1])
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
        last = round_ == MAX_ROUNDS
        # the first round's pools fail for most mentees (9.9k of 10.6k on the
        # demo): their scans below the pool wait a round (not on the last one,
        # whose gaps must bound everything)
        check = _check(
            kept,
            caps,
            mentor_of,
            cands,
            source,
            objective,
            limit,
            first=round_ == 1 and not last,
        )
        status, gap = _judge(check, last=last)
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
        cands.narrow(kept, check.keep)
        cands.add(*check.extra)
    raise AssertionError("unreachable")  # pragma: no cover


def _k(cands: Candidates) -> int:
    return int(cands.k.max(initial=0))


@dataclass(frozen=True, slots=True)
class Check:
    """One round's verdict per mentee (integer units)."""

    gaps: np.ndarray  # what the mentee's left-out pairs could add at most
    extra: tuple[np.ndarray, np.ndarray, np.ndarray]  # (rows, cols, scores) to add
    keep: np.ndarray  # searched pairs (storage order) within DROP of their bound


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
    *,
    first: bool = False,
) -> Check | None:
    """Per mentee, what its left-out pairs could add, exactly, and the pairs to
    add: each mentee's at most `limit` best of those that could add something
    or are nearly tight (within SLACK, whose turn comes once the duals move);
    None when the dual values could not be computed. Every mentee's pool is
    checked exactly; pairs below a pool only against the mentors whose dual
    leaves room under the best score left below it, screened as floats before
    the exact integer check. Pairs already searched never fail (dual
    feasibility) and are not added again. With `first`, mentees whose pool
    already fails skip the scan below it: their gaps are then only lower
    bounds, which is enough to know the run is not proven yet."""
    weights = objective_weights(kept, caps, objective)
    duals = dual_values(kept, caps, mentor_of, weights)
    if duals is None:
        return None
    u, v = duals
    bonus = 0 if objective == "total_score" else SCALE * match_bonus(len(u), caps)
    slack = int(SLACK * SCALE)
    keep = weights - u[entry_rows(kept)] - v[kept.indices] >= -int(DROP * SCALE)

    def as_int(scores: np.ndarray) -> np.ndarray:
        scores = np.clip(np.asarray(scores, dtype=np.float64), 0, 1)
        return np.rint(scores * SCALE).astype(np.int64) + bonus

    # every mentee's pool pairs, exactly
    pool = cands.cols
    reach = cands.pool_int(as_int) - v[np.maximum(pool, 0)] - u[:, None]
    gaps = np.maximum(reach.max(axis=1, initial=0), 0)
    rows, pos = np.nonzero(reach > -slack)
    done = _searched(kept, rows, pool[rows, pos].astype(np.int64))
    reach[rows[done], pos[done]] = np.iinfo(np.int64).min // 4
    rows, pos = _top_per_row(reach, limit, -slack)
    found = [(rows, pool[rows, pos].astype(np.int64), cands.scores[rows, pos])]
    # Pairs below the pool score at most the best score left below it, so only
    # mentors whose dual leaves room can come near: v_j / SCALE < room_i. Mentees
    # are taken in order of room, so each block reads few mentors. A pair's reach
    # in score units is score - v_j / SCALE - (u_i - bonus) / SCALE, screened in
    # `screen` precision (SCREEN_ERROR below the 1e-6 margin) before the exact check.
    low_u, low_v = (u - bonus) / SCALE, v / SCALE
    room = np.where(np.isfinite(cands.left), cands.left - low_u + SLACK + 1e-6, -1.0)
    again = np.flatnonzero(room > low_v.min(initial=np.inf))
    if first:
        again = again[gaps[again] == 0]
    again = again[np.argsort(room[again], kind="stable")]
    screen = screen_dtype(low_u, low_v)
    near_u, near_v = low_u.astype(screen), low_v.astype(screen)

    def scan(part: np.ndarray, block: np.ndarray):
        """One block's below-pool pairs: (mentees with failing pairs, their
        largest exact reach, the (rows, cols, scores) to add)."""
        reads = np.flatnonzero(low_v < room[part].max())
        if reads.size >= WHOLE_BLOCK * len(v):
            # nearly every mentor: the whole block beats gathering its columns
            # (the extra mentors' pairs stay below the screen, or are checked)
            reads = np.arange(len(v))
            approx = np.subtract(block, near_v[None, :], dtype=screen)
        else:
            approx = block[:, reads].astype(screen, copy=False)
            approx -= near_v[reads][None, :]
        approx -= near_u[part][:, None]
        at = np.full(len(v), -1, dtype=np.int64)
        at[reads] = np.arange(reads.size)
        # pool pairs are checked above, searched pairs never fail
        inside = np.flatnonzero((pool[part] >= 0).ravel())
        local = at[pool[part].ravel()[inside]]
        approx[inside[local >= 0] // pool.shape[1], local[local >= 0]] = -np.inf
        searched = kept[part]
        local = at[searched.indices]
        approx[entry_rows(searched)[local >= 0], local[local >= 0]] = -np.inf
        near_r, near_c = np.nonzero(approx > -SLACK - 1e-6)
        fail = approx[near_r, near_c] > -1e-6
        r, c = near_r[fail], near_c[fail]
        exact = as_int(block[r, reads[c]]) - v[reads[c]] - u[part[r]]
        starts = np.flatnonzero(np.diff(r, prepend=-1))
        most = np.maximum.reduceat(exact, starts) if starts.size else exact[:0]
        hit = part[r[starts]]
        r, c = _top_per_row(approx, limit, -SLACK - 1e-6, (near_r, near_c))
        c = reads[c]
        score = block[r, c]
        near = as_int(score) - v[c] - u[part[r]] > -slack
        return hit, most, (part[r[near]], c[near].astype(np.int64), score[near])

    # blocks are screened on SCORERS threads (numpy lets go of the GIL)
    jobs = ((None, partial(scan, *item)) for item in source.again(again))
    for _, (hit, most, pairs) in ahead(jobs, SCORERS):
        gaps[hit] = np.maximum(gaps[hit], most)
        found.append(pairs)
    if not gaps.any():  # optimal: nothing to add
        none = np.zeros(0, dtype=np.int64)
        return Check(gaps, (none, none, np.zeros(0)), keep)
    rows, cols, scores = (np.concatenate(f) for f in zip(*found, strict=True))
    extra = (rows.astype(np.int64), cols, scores.astype(np.float64))
    return Check(gaps, extra, keep)


WHOLE_BLOCK = 0.9
"""A check block reads all its mentors' columns once this share needs reading."""
SCREEN_ERROR = 3e-7
"""Largest rounding error of a float32 screen, score - v - u with the duals in
[-1, 1] score units: the two duals' conversions and the first difference within
2**-24 each, the second difference within 2**-23; below the 1e-6 margin."""


def screen_dtype(low_u: np.ndarray, low_v: np.ndarray) -> type[np.floating]:
    """float32 for the below-pool screen when every dual is within [-1, 1] score
    units (half the memory traffic, error below SCREEN_ERROR); float64 otherwise
    ("most_matched" duals carry the per-match bonus, thousands of units)."""
    big = max(np.abs(low_u).max(initial=0.0), np.abs(low_v).max(initial=0.0))
    return np.float32 if big <= 1.0 else np.float64


def _top_per_row(
    values: np.ndarray,
    limit: int,
    above: float,
    found: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of each row's at most `limit` largest entries > `above`
    (`found`: those entries' ``np.nonzero``, when the caller has it)."""
    r, c = found if found is not None else np.nonzero(values > above)
    counts = np.bincount(r, minlength=values.shape[0])
    crowded = np.flatnonzero(counts > limit)
    if not crowded.size:
        return r, c
    calm = counts[r] <= limit
    top = np.argpartition(-values[crowded], limit - 1, axis=1)[:, :limit]
    return (
        np.concatenate((r[calm], np.repeat(crowded, limit))),
        np.concatenate((c[calm], top.ravel())),
    )


def _searched(kept: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Which (row, column) pairs the solve already searched."""
    m = kept.shape[1]
    keys = entry_rows(kept) * m + kept.indices
    return positions(keys, rows.astype(np.int64) * m + cols) >= 0


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
