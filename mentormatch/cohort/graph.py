"""Candidate pairs as sparse rows, top-k pruning, and a dense reference optimum."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment

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
        bad = _forbidden_keys(problem)
        keys = coo.row.astype(np.int64) * edges.shape[1] + coo.col
        keep &= ~np.isin(keys, bad)
    return _csr(coo.row[keep], coo.col[keep], coo.data[keep], edges.shape)


def _forbidden_keys(problem: CohortProblem) -> np.ndarray:
    """Forbidden pairs as ``row * n_mentors + column`` (unknown ids dropped)."""
    pairs = np.array(sorted(problem.forbidden), dtype=np.int64).reshape(-1, 2)
    rows = _positions(problem.mentee_ids, pairs[:, 0])
    cols = _positions(problem.mentor_ids, pairs[:, 1])
    known = (rows >= 0) & (cols >= 0)
    return rows[known] * len(problem.mentor_ids) + cols[known]


def _positions(ids, wanted: np.ndarray) -> np.ndarray:
    """Index of each wanted id in ``ids`` (-1 when absent)."""
    ids = np.asarray(ids, dtype=np.int64)
    if not ids.size:
        return np.full(wanted.size, -1)
    sorter = np.argsort(ids, kind="stable")
    at = sorter[np.minimum(np.searchsorted(ids, wanted, sorter=sorter), ids.size - 1)]
    return np.where(ids[at] == wanted, at, -1)


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
    return split_top_k(matrix, k)[0]


def split_top_k(
    matrix: sp.csr_matrix, k: int | None
) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Each row's ``k`` best edges (ties to the lower column), and the rest."""
    if k is None or np.diff(matrix.indptr).max(initial=0) <= k:
        return matrix, sp.csr_matrix(matrix.shape)
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    order = row_order(matrix, score_order(matrix))
    kept = np.arange(rows.size) - matrix.indptr[rows[order]] < k
    parts = (order[kept], order[~kept])
    return tuple(
        _csr(rows[p], matrix.indices[p], matrix.data[p], matrix.shape) for p in parts
    )


def score_order(matrix: sp.csr_matrix) -> np.ndarray:
    """Entry positions by descending score, ties to the lower row then column
    (stable sort of a canonical CSR; far faster than ``np.lexsort``)."""
    return np.argsort(-matrix.data, kind="stable")


def row_order(matrix: sp.csr_matrix, by_score: np.ndarray) -> np.ndarray:
    """Entry positions row by row, each row best first (ties to the lower column)."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    return by_score[np.argsort(rows[by_score], kind="stable")]


def match_weights(matrix: sp.csr_matrix, capacities, objective: str) -> np.ndarray:
    """Edge weights: the score, or for "most_matched" a bonus outweighing any
    score difference so that the number matched is maximised first."""
    if objective == "total_score":
        return matrix.data
    slots = int(np.minimum(np.asarray(capacities), matrix.shape[0]).sum())
    return matrix.data + float(min(matrix.shape[0], slots) + 1)


def dense_optimum(matrix: sp.csr_matrix, capacities, weights: np.ndarray) -> float:
    """Reference optimum via dense ``linear_sum_assignment`` over every capacity
    slot plus one "unmatched" column per row (small problems only).

    Missing pairs are ``inf`` (infeasible), so integer weights stay exact."""
    n = matrix.shape[0]
    caps = np.asarray(capacities, dtype=np.int64)
    slot_mentor = np.repeat(np.arange(matrix.shape[1]), caps)
    cost = np.full((n, matrix.shape[1]), np.inf)
    rows = np.repeat(np.arange(n), np.diff(matrix.indptr))
    cost[rows, matrix.indices] = -np.asarray(weights, dtype=np.float64)
    cost = np.hstack((cost[:, slot_mentor], np.full((n, n), np.inf)))
    cost[np.arange(n), slot_mentor.size + np.arange(n)] = 0.0
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
