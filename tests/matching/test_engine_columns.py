"""add_columns: the sparse column sums equal a dense reference, capped or not."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from mentormatch.matching.engine import add_columns


def test_capped_and_plain_column_sums_match_a_dense_reference() -> None:
    rng = np.random.default_rng(3)
    dense = (rng.random((500, 12)) < 0.4).astype(np.float32)
    matrix = sp.csc_matrix(dense)
    matrix.sort_indices()
    start = rng.random(500).astype(np.float32)
    start[::7] = -np.inf  # forbidden rows stay forbidden
    cols = [(1, 0.7), (4, 0.5), (9, 0.4)]
    for cap in (None, 1.0):
        score = start.copy()
        add_columns(score, [(matrix[:300], 0), (matrix[300:], 300)], cols, 0.3, cap)
        sums = sum(np.float32(w) * dense[:, c] for c, w in cols)
        if cap is not None:
            sums = np.minimum(sums, cap)
        expected = start + np.float32(0.3) * sums.astype(np.float32)
        np.testing.assert_allclose(score, expected, rtol=1e-6)
        assert np.array_equal(np.isinf(score), np.isinf(start))
