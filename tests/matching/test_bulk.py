"""Bulk scoring of many mentees: the engine's own scores, the engine's order."""

from __future__ import annotations

import numpy as np

from bench import synthetic
from mentormatch.matching import MentorIndex
from mentormatch.matching.bulk import BulkScorer, best_columns


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
    # a block gives each mentee the same scores as any other block
    assert np.array_equal(BulkScorer(index, rows).scores(encoded[7:9]), bulk[7:9])


def test_best_columns_breaks_ties_to_the_lower_column() -> None:
    scores = np.array(
        [[0.5, 0.9, 0.5, 0.5, -np.inf], [0.1, -np.inf, -np.inf, -np.inf, -np.inf]],
        dtype=np.float32,
    )
    cols, best, left = best_columns(scores, 3)
    assert cols.tolist() == [[1, 0, 2], [0, -1, -1]]
    assert best[0].tolist() == [np.float32(0.9), 0.5, 0.5]
    assert left[0] == np.float32(0.5) and left[1] == -np.inf
