"""Speed benchmark of ``MentorIndex.rank`` against a fair bare baseline.

Run: ``python bench/bench_rank.py [--sizes 10000 100000 1000000] [--queries 200]``.
The baseline is what a bare implementation needs at least: a sparse product over
only the query's columns (``X[:, cols] @ w`` on the column-major matrix) plus
``argpartition`` for the top k. Prints build time, index memory, rank(k=10)
latency p50/p95/p99 overall and for mentees targeting CAPM or PMP (the common,
slow case), the baseline's p50/p95, the engine/baseline ratios, scikit-learn's
brute cosine ``NearestNeighbors`` for orientation, one-mentor update time, and
PASS/FAIL (p95 within 2x p50 at every size, CAPM/PMP included).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.neighbors import NearestNeighbors

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import mentees, mentors  # noqa: E402
from mentormatch.matching import MentorIndex  # noqa: E402
from mentormatch.matching.query import build_query  # noqa: E402

K = 10


def query_columns(index: MentorIndex, mentee) -> tuple[np.ndarray, np.ndarray]:
    """The mentee's need as (columns, weights) over the index's feature columns."""
    q = build_query(
        mentee, index.vocab_, index.vocabulary_, index.idf_, index.lang_table_.shape[1]
    )
    need: dict[int, float] = {}
    w = index.weights_
    for col, val in q.cert_cols:
        need[col] = need.get(col, 0.0) + w["certification"] * val
    for col in q.skill_cols:
        need[col] = need.get(col, 0.0) + w["skills"] / len(q.skill_cols)
    for col, val in q.text_cols:
        need[col] = need.get(col, 0.0) + w["goals"] * val
    cols = np.array(sorted(need), dtype=np.intp)
    return cols, np.array([need[c] for c in cols.tolist()], dtype=np.float32)


def dense_vector(index: MentorIndex, mentee) -> np.ndarray:
    """The same need as a dense vector (for NearestNeighbors)."""
    cols, weights = query_columns(index, mentee)
    vec = np.zeros(index.mentor_rows_.shape[1], dtype=np.float32)
    vec[cols] = weights
    return vec


def common_target(mentee) -> bool:
    """The mentee aims for CAPM or PMP (most mentees; the slow case before)."""
    return bool({"CAPM", "PMP"} & set(mentee.target_certifications))


def pct(values: np.ndarray, q: float) -> float:
    return float(np.percentile(values, q)) if len(values) else float("nan")


def timed(fn, repeat: int) -> np.ndarray:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return np.array(out) * 1e3


def bench_size(n: int, n_queries: int) -> dict:
    people = mentors(n)
    start = time.perf_counter()
    index = MentorIndex().fit(people)
    build = time.perf_counter() - start
    queries = mentees(n_queries)
    for e in queries[:3]:
        index.rank(e, k=K)
    rank_ms = np.concatenate(
        [timed(lambda e=e: index.rank(e, k=K), 1) for e in queries]
    )
    X = index.mentor_matrix_  # column-major: a column slice reads only its entries
    needs = [query_columns(index, e) for e in queries]

    def bare(cols: np.ndarray, weights: np.ndarray) -> None:
        s = X[:, cols] @ weights
        np.argpartition(s, len(s) - K)[len(s) - K :]

    for cols, weights in needs[:3]:
        bare(cols, weights)
    bare_ms = np.concatenate([timed(lambda c=c, w=w: bare(c, w), 1) for c, w in needs])
    vecs = [dense_vector(index, e) for e in queries]
    nn = NearestNeighbors(metric="cosine", algorithm="brute").fit(index.mentor_rows_)
    n_nn = max(3, n_queries // (40 if n >= 1_000_000 else 8))
    nn_ms = np.concatenate(
        [timed(lambda q=q: nn.kneighbors(sp.csr_matrix(q), K), 1) for q in vecs[:n_nn]]
    )
    common = np.array([common_target(e) for e in queries])
    rng = np.random.default_rng(7)
    picks = rng.choice(len(people), size=30, replace=False)
    changed = [dataclasses.replace(people[i], years_experience=33.0) for i in picks]
    update_ms = np.concatenate([timed(lambda m=m: index.update(m), 1) for m in changed])
    row = dict(
        n=n,
        build=build,
        mb=index.memory_bytes() / 2**20,
        rank50=np.median(rank_ms),
        rank95=pct(rank_ms, 95),
        rank99=pct(rank_ms, 99),
        common50=pct(rank_ms[common], 50),
        common95=pct(rank_ms[common], 95),
        other50=pct(rank_ms[~common], 50),
        bare50=np.median(bare_ms),
        bare95=pct(bare_ms, 95),
        nn50=np.median(nn_ms),
        upd50=np.median(update_ms),
        upd95=np.percentile(update_ms, 95),
    )
    row["ratio"] = row["rank50"] / row["bare50"]
    row["ratio95"] = row["rank95"] / row["bare95"]
    gc.collect()
    return row


def verdicts(rows: list[dict]) -> list[tuple[str, bool | None]]:
    checks: list[tuple[str, bool | None]] = []
    for r in rows:
        tail = max(r["rank95"], r["common95"]) / r["rank50"]
        checks.append(
            (
                f"{r['n']}: p95 (all {r['rank95']:.1f},"
                f" CAPM/PMP {r['common95']:.1f} ms) / p50 {r['rank50']:.1f} ms"
                f" = {tail:.2f} <= 2",
                tail <= 2,
            )
        )
    by_n = {r["n"]: r for r in rows}
    if 100_000 in by_n:
        r = by_n[100_000]
        checks += [
            (f"build at 100k = {r['build']:.1f} s <= 5 s", r["build"] <= 5),
            (f"index at 100k = {r['mb']:.0f} MB <= 100 MB", r["mb"] <= 100),
        ]
    if 1_000_000 in by_n:
        r = by_n[1_000_000]
        checks.append(
            (f"rank at 1M median = {r['rank50']:.1f} ms <= 30 ms", r["rank50"] <= 30)
        )
    worst = max(r["upd50"] for r in rows)
    checks.append(
        (
            f"one-mentor update median (worst size) = {worst:.2f} ms <= 20 ms",
            worst <= 20,
        )
    )
    return checks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000]
    )
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    head = (
        f"{'N':>9} {'build s':>7} {'MB':>6} {'p50':>6} {'p95':>6} {'p99':>6}"
        f" {'CP p50':>6} {'CP p95':>6} {'oth p50':>7} {'bare50':>6} {'bare95':>6}"
        f" {'r50':>5} {'r95':>5} {'NN p50':>7} {'upd50':>6}"
    )
    print(head + "\n" + "-" * len(head), flush=True)
    rows = []
    for n in args.sizes:
        r = bench_size(n, args.queries)
        rows.append(r)
        print(
            f"{r['n']:>9} {r['build']:>7.1f} {r['mb']:>6.0f} {r['rank50']:>6.2f}"
            f" {r['rank95']:>6.2f} {r['rank99']:>6.2f} {r['common50']:>6.2f}"
            f" {r['common95']:>6.2f} {r['other50']:>7.2f} {r['bare50']:>6.2f}"
            f" {r['bare95']:>6.2f} {r['ratio']:>5.2f} {r['ratio95']:>5.2f}"
            f" {r['nn50']:>7.1f} {r['upd50']:>6.2f}",
            flush=True,
        )
    print(
        "(ms unless noted; CP = mentees targeting CAPM or PMP, oth = the others;"
        " bare = X[:, query columns] @ w + argpartition; r50/r95 = engine/bare"
        " at p50/p95)\n"
    )
    failed = False
    for text, ok in verdicts(rows):
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
        failed |= not ok
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
