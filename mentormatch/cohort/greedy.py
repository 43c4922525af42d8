"""Highest-score-first baseline: what picking pairs by hand, best first, reaches."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from mentormatch.cohort.graph import UNMATCHED


def greedy_matching(matrix: sp.csr_matrix, capacities) -> np.ndarray:
    """Take edges by descending score (ties: lower row, then lower column) while
    the mentee is free and the mentor has room; mentor column per row."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    order = np.lexsort((matrix.indices, rows, -matrix.data))
    left = np.asarray(capacities, dtype=np.int64).tolist()
    mentor_of = [UNMATCHED] * matrix.shape[0]
    to_fill = min(matrix.shape[0], sum(left))
    for row, col in zip(
        rows[order].tolist(), matrix.indices[order].tolist(), strict=True
    ):
        if mentor_of[row] == UNMATCHED and left[col] > 0:
            mentor_of[row] = col
            left[col] -= 1
            to_fill -= 1
            if not to_fill:
                break
    return np.asarray(mentor_of, dtype=np.int64)
