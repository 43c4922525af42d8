"""Cohort solver speed and quality: optimum vs greedy, and vs the dense optimum."""

from __future__ import annotations

import argparse
import time

import numpy as np
import scipy.sparse as sp

from mentormatch.cohort import CohortProblem, solve
from mentormatch.cohort.graph import candidate_matrix, dense_optimum, match_weights

TARGETS = {(2_000, 1_000): 1.0, (10_000, 5_000): 5.0, (100_000, 50_000): 60.0}
DENSE_LIMIT = 2_000 * 1_000


def synthesise(n: int, m: int, per_mentee: int, seed: int = 0) -> CohortProblem:
    """Scores = mentor quality + topic fit + noise; a language rule drops ~10 %."""
    rng = np.random.default_rng(seed)
    quality, topic_m = rng.beta(2, 3, m), rng.integers(0, 12, m)
    topic_n, lang_n = rng.integers(0, 12, n), rng.random(n) < 0.1
    lang_m = rng.random(m) < 0.3
    k = min(per_mentee, m)
    cols = np.sort(
        rng.random((n, m)).argsort(axis=1)[:, :k]
        if m <= 2_000
        else rng.integers(0, m, (n, k)),
        axis=1,
    )
    fit = (topic_m[cols] == topic_n[:, None]) * 0.3
    score = np.clip(0.45 * quality[cols] + fit + 0.25 * rng.random((n, k)), 0, 1)
    ok = ~lang_n[:, None] | lang_m[cols]
    rows = np.repeat(np.arange(n), k)[ok.ravel()]
    edges = sp.csr_matrix((score[ok], (rows, cols[ok])), shape=(n, m))
    edges.sum_duplicates()
    caps = rng.integers(1, 4, m)
    return CohortProblem(list(range(n)), list(range(n, n + m)), caps.tolist(), edges)


def run(n: int, m: int, per_mentee: int, top_k: int) -> bool:
    """Build, solve, print figures; True when the time target is met."""
    started = time.perf_counter()
    problem = synthesise(n, m, per_mentee)
    built = time.perf_counter() - started
    result = solve(problem, top_k=top_k or None)
    target = TARGETS.get((n, m))
    ok = target is None or result.solve_seconds <= target
    print(
        f"{n:>7} x {m:<6} edges={problem.edges.nnz:>9,} build={built:6.2f}s "
        f"solve={result.solve_seconds:7.2f}s total={result.total_score:10.3f} "
        f"greedy={result.greedy_total:10.3f} "
        f"ratio={result.gain_over_greedy + 1:.4f} "
        f"matched={result.matched_count} greedy_matched={result.greedy_matched} "
        f"target={target}s {'PASS' if ok else 'FAIL'}"
    )
    if n * m <= DENSE_LIMIT:
        matrix = candidate_matrix(problem)
        t = time.perf_counter()
        best = dense_optimum(
            matrix,
            problem.capacities,
            match_weights(matrix, problem.capacities, "total_score"),
        )
        same = abs(best - result.total_score) <= 1e-9 * max(best, 1.0)
        print(
            f"    dense optimum {best:.6f} in {time.perf_counter() - t:.2f}s: "
            f"{'PASS' if same else 'FAIL'} (diff {result.total_score - best:+.2e})"
        )
        ok &= same
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes",
        default="2000x1000,10000x5000,100000x50000",
        help="comma-separated MENTEESxMENTORS",
    )
    parser.add_argument(
        "--per-mentee", type=int, default=1_000, help="candidate pairs per mentee"
    )
    parser.add_argument("--top-k", type=int, default=50)
    args = parser.parse_args()
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    results = [run(n, m, args.per_mentee, args.top_k) for n, m in sizes]
    print("ALL PASS" if all(results) else "SOME FAIL")


if __name__ == "__main__":
    main()
