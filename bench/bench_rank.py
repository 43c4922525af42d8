"""Speed benchmark of ``MentorIndex.rank`` against a bare ``X @ q`` + argpartition.

Run: ``python bench/bench_rank.py [--sizes 10000 100000 1000000] [--queries 40]``.
Prints build time, index memory, per-query latency (median, p95) of rank(k=10),
the ratio to the bare product over the same matrix, scikit-learn's brute cosine
``NearestNeighbors`` for orientation, one-mentor update time, and PASS/FAIL.
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


def query_vector(index: MentorIndex, mentee) -> np.ndarray:
    """Dense need vector of the mentee over the index's feature columns."""
    q = build_query(
        mentee, index.vocab_, index.vocabulary_, index.idf_, index.lang_table_.shape[1]
    )
    vec = np.zeros(index.mentor_rows_.shape[1], dtype=np.float32)
    w = index.weights_
    for col, val in q.cert_cols:
        vec[col] += w["certification"] * val
    for col in q.skill_cols:
        vec[col] += w["skills"] / len(q.skill_cols)
    for col, val in q.text_cols:
        vec[col] += w["goals"] * val
    return vec


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
    X = index.mentor_rows_
    vecs = [query_vector(index, e) for e in queries]

    def bare(q: np.ndarray) -> None:
        s = X @ q
        np.argpartition(s, len(s) - K)[len(s) - K :]

    bare_ms = np.concatenate([timed(lambda q=q: bare(q), 1) for q in vecs])
    nn = NearestNeighbors(metric="cosine", algorithm="brute").fit(X)
    n_nn = max(3, n_queries // (10 if n >= 1_000_000 else 2))
    nn_ms = np.concatenate(
        [timed(lambda q=q: nn.kneighbors(sp.csr_matrix(q), K), 1) for q in vecs[:n_nn]]
    )
    rng = np.random.default_rng(7)
    picks = rng.choice(len(people), size=30, replace=False)
    changed = [dataclasses.replace(people[i], years_experience=33.0) for i in picks]
    update_ms = np.concatenate([timed(lambda m=m: index.update(m), 1) for m in changed])
    row = dict(
        n=n,
        build=build,
        mb=index.memory_bytes() / 2**20,
        rank50=np.median(rank_ms),
        rank95=np.percentile(rank_ms, 95),
        bare50=np.median(bare_ms),
        nn50=np.median(nn_ms),
        upd50=np.median(update_ms),
        upd95=np.percentile(update_ms, 95),
    )
    row["ratio"] = row["rank50"] / row["bare50"]
    gc.collect()
    return row


def verdicts(rows: list[dict]) -> list[tuple[str, bool | None]]:
    by_n = {r["n"]: r for r in rows}
    checks: list[tuple[str, bool | None]] = []
    if 100_000 in by_n:
        r = by_n[100_000]
        checks += [
            (f"rank/bare ratio at 100k = {r['ratio']:.2f} <= 1.5", r["ratio"] <= 1.5),
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
    parser.add_argument("--queries", type=int, default=40)
    args = parser.parse_args()
    head = (
        f"{'N':>9} {'build s':>8} {'index MB':>9} {'rank p50':>9} {'rank p95':>9}"
        f" {'bare p50':>9} {'ratio':>6} {'NN p50':>8} {'upd p50':>8} {'upd p95':>8}"
    )
    print(head + "\n" + "-" * len(head), flush=True)
    rows = []
    for n in args.sizes:
        r = bench_size(n, args.queries)
        rows.append(r)
        print(
            f"{r['n']:>9} {r['build']:>8.2f} {r['mb']:>9.1f} {r['rank50']:>9.2f}"
            f" {r['rank95']:>9.2f} {r['bare50']:>9.2f} {r['ratio']:>6.2f}"
            f" {r['nn50']:>8.1f} {r['upd50']:>8.2f} {r['upd95']:>8.2f}",
            flush=True,
        )
    print("(times in ms unless noted; ratio = rank p50 / bare X@q+argpartition p50)\n")
    failed = False
    for text, ok in verdicts(rows):
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
        failed |= not ok
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
