"""Candidate pairs as sparse rows, and the exact maximum-weight capacitated matching."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from mentormatch.cohort.types import CohortProblem

UNMATCHED = -1


def candidate_matrix(problem: CohortProblem, min_score: float = 0.0) -> sp.csr_matrix:
    """Feasible pairs: stored edges minus forbidden pairs, zero-capacity mentors
    and scores below ``min_score``; rows sorted by column."""
    edges = sp.csr_matrix(problem.edges, dtype=np.float64, copy=True)
    edges.sum_duplicates()
    coo = edges.tocoo()
    keep = (coo.data >= min_score) & (np.asarray(problem.capacities)[coo.col] > 0)
    if problem.forbidden:
        row_of = {mentee: i for i, mentee in enumerate(problem.mentee_ids)}
        col_of = {mentor: j for j, mentor in enumerate(problem.mentor_ids)}
        bad = {
            (row_of[a], col_of[b])
            for a, b in problem.forbidden
            if a in row_of and b in col_of
        }
        pairs = zip(coo.row.tolist(), coo.col.tolist(), strict=True)
        keep &= np.fromiter((p not in bad for p in pairs), bool, coo.nnz)
    return _csr(coo.row[keep], coo.col[keep], coo.data[keep], edges.shape)


def _csr(rows, cols, data, shape) -> sp.csr_matrix:
    """Canonical CSR (explicit zero scores kept as edges)."""
    order = np.lexsort((cols, rows))
    indptr = np.zeros(shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=shape[0]), out=indptr[1:])
    return sp.csr_matrix(
        (data[order], cols[order].astype(np.int64), indptr), shape=shape
    )


def top_k(matrix: sp.csr_matrix, k: int | None) -> sp.csr_matrix:
    """Keep each row's ``k`` best-scoring edges (ties to the lower column)."""
    if k is None or np.diff(matrix.indptr).max(initial=0) <= k:
        return matrix
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    order = np.lexsort((matrix.indices, -matrix.data, rows))
    rank = np.arange(rows.size) - matrix.indptr[rows[order]]
    chosen = order[rank < k]
    return _csr(rows[chosen], matrix.indices[chosen], matrix.data[chosen], matrix.shape)


def match_weights(matrix: sp.csr_matrix, capacities, objective: str) -> np.ndarray:
    """Edge weights: the score, or for "most_matched" a bonus outweighing any
    score difference so that the number matched is maximised first."""
    if objective == "total_score":
        return matrix.data
    slots = int(np.minimum(np.asarray(capacities), matrix.shape[0]).sum())
    return matrix.data + float(min(matrix.shape[0], slots) + 1)


def optimal_matching(
    matrix: sp.csr_matrix, capacities, weights: np.ndarray
) -> np.ndarray:
    """Exact max-weight matching; each row takes one mentor column or none.

    Mentor j becomes min(capacity, degree) identical columns, each row gets a
    private "unmatched" column of weight 0, and scipy's sparse LAPJV solver
    finds the optimum. Returns the mentor column per row (-1 = unmatched).
    """
    mentor_of = np.full(matrix.shape[0], UNMATCHED, dtype=np.int64)
    rows_all = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    active = np.unique(rows_all)
    if not active.size:
        return mentor_of
    degree = np.bincount(matrix.indices, minlength=matrix.shape[1])
    copies = np.minimum(np.asarray(capacities, dtype=np.int64), degree)
    first = np.concatenate(([0], np.cumsum(copies)))
    reps = copies[matrix.indices]
    row_pos = np.searchsorted(active, np.repeat(rows_all, reps))
    offset = np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
    col = np.repeat(first[matrix.indices], reps) + offset
    slots = int(first[-1])
    rows = np.concatenate((row_pos, np.arange(active.size)))
    cols = np.concatenate((col, slots + np.arange(active.size)))
    # +1 keeps every weight non-zero (scipy drops zeros); it adds the same
    # constant to every row's choice, so the optimum is unchanged.
    data = np.concatenate((np.repeat(weights, reps) + 1.0, np.ones(active.size)))
    graph = sp.csr_matrix(
        (data, (rows, cols)), shape=(active.size, slots + active.size)
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(graph, maximize=True)
    real = col_ind < slots
    slot_mentor = np.repeat(np.arange(matrix.shape[1]), copies)
    mentor_of[active[row_ind[real]]] = slot_mentor[col_ind[real]]
    return mentor_of


def dense_optimum(matrix: sp.csr_matrix, capacities, weights: np.ndarray) -> float:
    """Reference optimum via dense ``linear_sum_assignment`` over every capacity
    slot plus one "unmatched" column per row (small problems only)."""
    n = matrix.shape[0]
    caps = np.asarray(capacities, dtype=np.int64)
    slot_mentor = np.repeat(np.arange(matrix.shape[1]), caps)
    dense = np.full((n, matrix.shape[1]), -np.inf)
    rows = np.repeat(np.arange(n), np.diff(matrix.indptr))
    dense[rows, matrix.indices] = weights
    gain = np.hstack((dense[:, slot_mentor], np.full((n, n), -np.inf)))
    gain[np.arange(n), slot_mentor.size + np.arange(n)] = 0.0
    big = np.abs(weights).sum() + 1.0
    cost = np.where(np.isfinite(gain), -gain, big)
    row_ind, col_ind = linear_sum_assignment(cost)
    return float(-cost[row_ind, col_ind].sum())


def pair_scores(matrix: sp.csr_matrix, mentor_of: np.ndarray) -> np.ndarray:
    """Score of each matched row's pair, in row order."""
    rows = np.flatnonzero(mentor_of != UNMATCHED)
    if not rows.size:
        return np.zeros(0)
    return np.asarray(matrix[rows, mentor_of[rows]]).ravel()


def pairs_total(matrix: sp.csr_matrix, mentor_of: np.ndarray) -> float:
    """Sum of scores of the chosen (row, mentor) pairs."""
    return float(pair_scores(matrix, mentor_of).sum())
