"""Cohort solver speed and quality: optimum vs greedy, and vs the dense optimum."""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import scipy.sparse as sp

from mentormatch.cohort import CohortProblem, CohortResult, solve
from mentormatch.cohort.flow import SCALE, integer_weights, pruning_proof
from mentormatch.cohort.graph import (
    UNMATCHED,
    candidate_matrix,
    dense_optimum,
    split_top_k,
)

TARGETS = {(2_000, 1_000): 1.0, (10_000, 5_000): 5.0, (100_000, 50_000): 60.0}
DENSE_LIMIT = 2_000 * 1_000


def synthesise(n: int, m: int, per_mentee: int, seed: int = 0) -> CohortProblem:
    """Scores = mentor quality + topic affinity + noise, capacities 1-3.

    Candidate counts per mentee vary around ``per_mentee`` (negative binomial;
    about 3 % have none, as when a hard rule such as language excludes all).
    """
    rng = np.random.default_rng(seed)
    quality, topic_m = rng.beta(2, 3, m), rng.integers(0, 12, m)
    topic_n = rng.integers(0, 12, n)
    count = np.minimum(rng.negative_binomial(4, 4 / (4 + per_mentee), n), m)
    count[rng.random(n) < 0.03] = 0
    rows = np.repeat(np.arange(n), count)
    keys = np.sort(rows * m + rng.integers(0, m, rows.size))
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    rows, cols = keys // m, keys % m
    score = (
        0.45 * quality[cols]
        + 0.3 * (topic_m[cols] == topic_n[rows])
        + 0.25 * rng.random(rows.size)
    )
    indptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=n))))
    edges = sp.csr_matrix((np.clip(score, 0, 1), cols, indptr), shape=(n, m))
    caps = rng.integers(1, 4, m)
    return CohortProblem(list(range(n)), list(range(n, n + m)), caps.tolist(), edges)


def timed_solve(problem: CohortProblem, top_k: int | None):
    """``solve`` with its wall time (filtering, search, greedy, waiting list)."""
    started = time.perf_counter()
    result = solve(problem, top_k=top_k)
    return result, time.perf_counter() - started


def run(n: int, m: int, per_mentee: int, top_k: int | None) -> bool:
    """Build, solve, print figures; True when the time target (and any dense
    check) is met."""
    started = time.perf_counter()
    problem = synthesise(n, m, per_mentee)
    built = time.perf_counter() - started
    result, wall = timed_solve(problem, top_k)
    target = TARGETS.get((n, m))
    ok = target is None or wall <= target
    print(
        f"{n:>7} x {m:<6} candidates={problem.edges.nnz:>9,} build={built:5.2f}s "
        f"solve={wall:6.2f}s (optimum {result.solve_seconds:.2f}s, "
        f"greedy {result.greedy_seconds:.2f}s) total={result.total_score:11.3f} "
        f"ratio_to_greedy={result.gain_over_greedy + 1:.4f} "
        f"matched={result.matched_count} greedy_matched={result.greedy_matched} "
        f"pruned={result.pruned} target={target}s {'PASS' if ok else 'FAIL'}",
        flush=True,
    )
    if result.pruned:
        prove(problem, result, top_k)
    if n * m <= DENSE_LIMIT:
        ok &= dense_check(problem, result, f"top_k={top_k}")
        if result.pruned:
            full, full_wall = timed_solve(problem, None)
            print(f"    full solve (top_k=None) in {full_wall:.2f}s")
            ok &= dense_check(problem, full, "top_k=None")
    return ok


def chosen(problem: CohortProblem, result: CohortResult) -> np.ndarray:
    """Mentor column per mentee row (ids are positions, mentors offset by n)."""
    n = len(problem.mentee_ids)
    mentor_of = np.full(n, UNMATCHED, dtype=np.int64)
    for a in result.assignments:
        mentor_of[a.mentee_id] = a.mentor_id - n
    return mentor_of


def prove(problem: CohortProblem, result: CohortResult, top_k: int | None) -> None:
    """Time the optional dual proof that the pruned optimum is optimal overall."""
    kept, dropped = split_top_k(candidate_matrix(problem), top_k)
    started = time.perf_counter()
    proven = pruning_proof(kept, dropped, problem.capacities, chosen(problem, result))
    print(
        f"    pruning proof (solve(prove_pruning=True)): proven_optimal={proven} "
        f"in {time.perf_counter() - started:.2f}s",
        flush=True,
    )


def dense_check(problem: CohortProblem, result: CohortResult, label: str) -> bool:
    """The solve's integer objective equals the dense optimum of the same
    integer weights (exact); also print the difference in real scores."""
    matrix = candidate_matrix(problem)
    weights = integer_weights(matrix)
    started = time.perf_counter()
    best = dense_optimum(matrix, problem.capacities, weights)
    seconds = time.perf_counter() - started
    integer = sp.csr_matrix((weights, matrix.indices, matrix.indptr), matrix.shape)
    mentor_of = chosen(problem, result)
    rows = np.flatnonzero(mentor_of != UNMATCHED)
    got = int(np.asarray(integer[rows, mentor_of[rows]]).sum()) if rows.size else 0
    same = got == int(best)
    print(
        f"    dense optimum ({label}) {best:.0f} in {seconds:.2f}s vs solve {got}: "
        f"{'PASS' if same else 'FAIL'} (diff {got - best:+.0f} units = "
        f"{(got - best) / SCALE:+.6f} score)",
        flush=True,
    )
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes",
        default="2000x1000,10000x5000,100000x50000",
        help="comma-separated MENTEESxMENTORS",
    )
    parser.add_argument(
        "--per-mentee", type=int, default=50, help="mean candidate pairs per mentee"
    )
    parser.add_argument("--top-k", type=int, default=50, help="0 = no pruning")
    args = parser.parse_args()
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    results = [run(n, m, args.per_mentee, args.top_k or None) for n, m in sizes]
    print("load average after:  {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print("ALL PASS" if all(results) else "SOME FAIL")


if __name__ == "__main__":
    main()
