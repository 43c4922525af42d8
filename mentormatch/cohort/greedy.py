"""Highest-score-first baseline: what picking pairs by hand, best first, reaches."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from mentormatch.cohort.graph import UNMATCHED, row_order, score_order


def greedy_matching(matrix: sp.csr_matrix, capacities) -> np.ndarray:
    """Take edges by descending score (ties: lower row, then lower column) while
    the mentee is free and the mentor has room; mentor column per row.

    Computed as vectorised rounds of mentee-proposing deferred acceptance where
    both sides rank pairs by that one global order: such preferences have a
    single stable matching, and it is exactly the greedy one (the best
    remaining pair must be in every stable matching; remove it and repeat).
    """
    n = matrix.shape[0]
    rows = np.repeat(np.arange(n), np.diff(matrix.indptr))
    by_score = score_order(matrix)
    rank = np.empty(rows.size, dtype=np.int64)
    rank[by_score] = np.arange(rows.size)
    order = row_order(matrix, by_score)
    cols, rank = matrix.indices[order].astype(np.int64), rank[order]
    caps = np.asarray(capacities, dtype=np.int64)
    nxt, end = matrix.indptr[:-1].astype(np.int64), matrix.indptr[1:]
    held = np.zeros(0, dtype=np.int64)
    free = np.flatnonzero(nxt < end)
    while free.size:
        free = free[nxt[free] < end[free]]
        pos = np.concatenate((held, nxt[free]))
        nxt[free] += 1
        pos = pos[np.argsort(cols[pos] * rows.size + rank[pos])]
        col = cols[pos]
        keep = np.arange(pos.size) - np.searchsorted(col, col) < caps[col]
        held, free = pos[keep], rows[pos[~keep]]
    mentor_of = np.full(n, UNMATCHED, dtype=np.int64)
    mentor_of[rows[held]] = cols[held]
    return mentor_of
