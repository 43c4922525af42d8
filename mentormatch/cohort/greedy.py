"""Highest-score-first baseline: what picking pairs by hand, best first, reaches."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from mentormatch.cohort.graph import UNMATCHED, entry_rows, row_order, score_order


def greedy_matching(
    matrix: sp.csr_matrix,
    capacities,
    by_score: np.ndarray | None = None,
    order: np.ndarray | None = None,
) -> np.ndarray:
    """Take edges by descending score (ties: lower row, then lower column) while
    the mentee is free and the mentor has room; mentor column per row.

    Computed as vectorised rounds of mentee-proposing deferred acceptance where
    both sides rank pairs by that one global order: such preferences have a
    single stable matching, and it is exactly the greedy one (the best
    remaining pair must be in every stable matching; remove it and repeat).
    ``by_score`` and ``order`` are ``score_order(matrix)`` and ``row_order``
    if already known.
    """
    by_score = score_order(matrix) if by_score is None else by_score
    order = row_order(matrix, by_score) if order is None else order
    rank = np.empty(matrix.nnz, dtype=np.int64)
    rank[by_score] = np.arange(matrix.nnz)
    cols = matrix.indices[order].astype(np.int64)
    rows, rank = entry_rows(matrix), rank[order]
    state = _Proposals(rows, cols, rank, np.asarray(capacities, dtype=np.int64))
    nxt, end = matrix.indptr[:-1].astype(np.int64), matrix.indptr[1:]
    free = np.flatnonzero(nxt < end)
    while free.size:
        free = free[nxt[free] < end[free]]
        pos = nxt[free]
        nxt[free] += 1
        free = state.propose(pos)
    mentor_of = np.full(matrix.shape[0], UNMATCHED, dtype=np.int64)
    mentor_of[rows[state.held]] = cols[state.held]
    return mentor_of


class _Proposals:
    """Mentors' held proposals; ``worst`` is the rank a full mentor's
    weakest held pair has (``nnz`` while the mentor has room)."""

    def __init__(self, rows, cols, rank, caps) -> None:
        self.rows, self.cols, self.rank, self.caps = rows, cols, rank, caps
        self.held = np.zeros(0, dtype=np.int64)
        self.worst = np.full(caps.size, rows.size, dtype=np.int64)

    def propose(self, pos: np.ndarray) -> np.ndarray:
        """Entries ``pos`` propose; returns the rows rejected this round."""
        cols, rank = self.cols, self.rank
        hopeful = rank[pos] < self.worst[cols[pos]]
        refused, pos = self.rows[pos[~hopeful]], pos[hopeful]
        touched = np.zeros(self.caps.size, dtype=bool)
        touched[cols[pos]] = True
        mine = touched[cols[self.held]]
        pos = np.concatenate((self.held[mine], pos))
        pos = pos[np.argsort(cols[pos] * rank.size + rank[pos])]
        col = cols[pos]
        place = np.arange(pos.size) - np.searchsorted(col, col)
        keep = place < self.caps[col]
        last = place == self.caps[col] - 1
        self.worst[col[last]] = rank[pos[last]]
        self.held = np.concatenate((self.held[~mine], pos[keep]))
        return np.concatenate((refused, self.rows[pos[~keep]]))
