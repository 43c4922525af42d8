"""Bulk scoring of many mentees: the engine's own scores, the engine's order."""

from __future__ import annotations

import numpy as np
import pytest

from bench import synthetic
from mentormatch.matching import MentorIndex
from mentormatch.matching.bulk import (
    BulkScorer,
    ColumnBest,
    _best_above_cut,
    best_columns,
)


def test_bulk_scores_equal_the_engine_and_forbid_the_same_pairs() -> None:
    index = MentorIndex().fit(synthetic.mentors(400))
    index.add(synthetic.mentors(410)[405])  # a pending row is scored too
    mentees = synthetic.mentees(60)
    rows = np.arange(0, len(index.mentor_ids_), 3)
    encoded = [index.encode(q) for q in mentees]
    bulk = BulkScorer(index, rows).scores(encoded)
    pairs = zip(mentees, encoded, strict=True)
    one = np.stack([index.row_scores(q, e)[rows] for q, e in pairs])
    finite = np.isfinite(one)
    assert np.array_equal(np.isfinite(bulk), finite)
    assert not finite.all()  # hard rules (languages, exclusions) were tested
    assert np.abs(bulk[finite] - one[finite]).max() < 1e-6
    # a block gives each mentee the same scores as any other block, up to the
    # order BLAS sums in (which depends on the block's shape and the CPU)
    again = BulkScorer(index, rows).scores(encoded[7:9])
    assert np.array_equal(np.isfinite(again), finite[7:9])
    assert np.abs(again[finite[7:9]] - bulk[7:9][finite[7:9]]).max() < 1e-6
    # encode_many shares time-zone tables between mentees, which the scorer
    # keeps per table: the same scores, block after block
    shared = BulkScorer(index, rows)
    many = index.encode_many(mentees)
    blocks = [shared.scores(many[i : i + 25]) for i in range(0, len(many), 25)]
    assert len({id(tabs) for _, tabs in many}) < len(many)
    blocks = np.vstack(blocks)
    assert np.array_equal(np.isfinite(blocks), finite)
    assert np.abs(blocks[finite] - bulk[finite]).max() < 1e-6


def test_best_columns_breaks_ties_to_the_lower_column() -> None:
    scores = np.array(
        [[0.5, 0.9, 0.5, 0.5, -np.inf], [0.1, -np.inf, -np.inf, -np.inf, -np.inf]],
        dtype=np.float32,
    )
    cols, best, left = best_columns(scores, 3)
    assert cols.tolist() == [[1, 0, 2], [0, -1, -1]]
    assert best[0].tolist() == [np.float32(0.9), 0.5, 0.5]
    assert left[0] == np.float32(0.5) and left[1] == -np.inf


def sorted_reference(scores: np.ndarray, depth: int) -> tuple:
    """best_columns by a full sort of each row: score descending, then column."""
    n, m = scores.shape
    order = np.lexsort((np.broadcast_to(np.arange(m), (n, m)), -scores), axis=1)
    vals = np.take_along_axis(scores, order, axis=1)
    best = vals[:, :depth]
    cols = np.where(np.isfinite(best), order[:, :depth], -1)
    left = vals[:, depth] if m > depth else np.full(n, -np.inf, np.float32)
    return cols, best, left


def test_best_columns_equal_a_full_sort_of_each_row() -> None:
    """Wide rows take the guessed-cut path, narrow ones the partition; rows the
    cut does not settle (mostly forbidden, one score repeated, every score of
    a sampled column on top) fall back. Ties, -inf and zeros of both signs."""
    rng = np.random.default_rng(7)
    for m, depth in ((6000, 200), (5000, 3), (300, 200), (40, 5), (3, 5)):
        scores = np.round(rng.random((60, m)), 2).astype(np.float32)
        scores[rng.random((60, m)) < 0.1] = -np.inf
        scores[1] = -np.inf
        scores[2, : m // 2] = -np.inf
        scores[3] = 0.5
        scores[4] = -rng.random(m) - 0.01  # on top: zeros of both signs
        zeros = rng.permutation(m)[: max(1, m // 20)]
        scores[4, zeros[::2]], scores[4, zeros[1::2]] = 0.0, -0.0
        scores[5, ::8] = 1.0  # the sample overestimates the row
        scores[6, 1::8] = 1.0  # and underestimates it
        got = best_columns(scores, depth)
        for a, b in zip(got, sorted_reference(scores, depth), strict=True):
            assert np.array_equal(a, b), (m, depth)
        wide = best_columns(scores.astype(np.float64), depth)  # the partition
        for a, b in zip(wide, sorted_reference(scores, depth), strict=True):
            assert np.array_equal(a, b), (m, depth)
        if m == 6000:  # the cut settles the plain rows, not the odd ones
            settled = set(_best_above_cut(scores, depth + 1)[0].tolist())
            assert {4, 5, 6} | set(range(7, 60)) <= settled
            assert not {1, 3} & settled


def test_batched_explanations_equal_one_by_one() -> None:
    index = MentorIndex().fit(synthetic.mentors(300))
    mentees = synthetic.mentees(40)
    encoded = [index.encode(q) for q in mentees]
    pairs = []
    for q, e in zip(mentees, encoded, strict=True):
        scores = index.row_scores(q, e)
        for row in np.flatnonzero(np.isfinite(scores))[:3].tolist():
            pairs.append((q, e, int(index.mentor_ids_[row]), float(scores[row])))
    pairs.append((mentees[0], encoded[0], 10**9, 0.5))  # not indexed
    audiences = ("admin", "mentee", "mentor")
    many = index.explain_scored_many([(e, m, s) for _, e, m, s in pairs], audiences)
    assert many[-1] is None
    said = 0
    for (q, e, m, s), got in zip(pairs[:-1], many[:-1], strict=True):
        assert got is not None
        for a in audiences:
            assert got[a] == index.explain_scored(q, m, s, e, audience=a)
        said += len(got["admin"].reasons) > 0
    assert said > 0  # reasons were compared, not only empty tuples
    assert len({got["admin"].reasons for got in many[:-1] if got}) > 1


def test_encode_many_equals_encode_one_by_one() -> None:
    index = MentorIndex().fit(synthetic.mentors(300))
    mentees = synthetic.mentees(50)
    mentees += mentees[:10]  # repeated goals, zones and formats share their tables
    many = index.encode_many(mentees)
    for q, (query, tables) in zip(mentees, many, strict=True):
        one_query, one_tables = index.encode(q)
        assert query.text_cols == one_query.text_cols
        assert query.wish_cols == one_query.wish_cols
        assert np.array_equal(query.topics.need, one_query.topics.need)
        assert query.topics.main == one_query.topics.main
        assert tables.keys() == one_tables.keys()
        for name in tables:
            assert np.array_equal(tables[name], one_tables[name], equal_nan=True)
        assert np.array_equal(
            index.row_scores(q, (query, tables)),
            index.row_scores(q, (one_query, one_tables)),
        )


def column_reference(scores: np.ndarray, depth: int) -> set[tuple[int, int, float]]:
    """Each column's `depth` best finite scores by a full stable sort: score
    descending, then the lower row."""
    out = set()
    for j in range(scores.shape[1]):
        rows = np.flatnonzero(np.isfinite(scores[:, j]))
        best = rows[np.argsort(-scores[rows, j], kind="stable")[:depth]]
        out |= {(int(i), j, float(scores[i, j])) for i in best}
    return out


@pytest.mark.parametrize("threaded", [False, True])
def test_column_best_equals_a_full_sort_of_each_column(threaded: bool) -> None:
    """Blocks of any size, ties (scores rounded to 0.05), -inf, whole columns
    forbidden, fewer finite rows than the depth; with `threaded`, each block's
    entries are taken against the cuts of two blocks before (as the scoring
    threads see them), which lets more in but keeps the same result."""
    rng = np.random.default_rng(3)
    scores = np.round(rng.random((700, 90)) * 20) / 20
    scores = scores.astype(np.float32)
    scores[rng.random(scores.shape) < 0.2] = -np.inf
    scores[:, 5] = -np.inf
    scores[:690, 6] = -np.inf  # only ten rows can reach it
    scores[::7, 7] = 0.5  # one score repeated down a column
    for depth, size in ((3, 1), (10, 64), (10, 701), (25, 37)):
        best = ColumnBest(scores.shape[1], depth)
        cuts = [best.vals[:, -1].copy()] * 2
        for start in range(0, len(scores), size):
            block = scores[start : start + size]
            above = None
            if threaded and best.seen:
                r, c = np.nonzero(block > cuts[-2][None, :])
                above = (r, c, block[r, c])
            best.add(np.arange(start, start + len(block)), block, above)
            cuts.append(best.vals[:, -1].copy())
        rows, cols, vals = best.pairs()
        got = set(
            zip(rows.tolist(), cols.tolist(), vals.astype(float).tolist(), strict=True)
        )
        assert got == column_reference(scores, depth), (depth, size)
        assert 5 not in set(cols.tolist())


def test_column_best_of_depth_zero_keeps_nothing() -> None:
    best = ColumnBest(4, 0)
    best.add(np.arange(3), np.ones((3, 4), np.float32))
    assert all(part.size == 0 for part in best.pairs())
