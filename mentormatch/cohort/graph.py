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
    edges.indices = edges.indices.astype(np.int64, copy=False)
    caps = np.asarray(problem.capacities)
    keep = (edges.data >= min_score) & (caps[edges.indices] > 0)
    if problem.forbidden:
        keys = entry_rows(edges) * edges.shape[1] + edges.indices
        keep &= ~np.isin(keys, _forbidden_keys(problem))
    return subset(edges, keep)


def entry_rows(matrix: sp.csr_matrix) -> np.ndarray:
    """Row index of every stored entry, in storage order."""
    return np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))


def subset(matrix: sp.csr_matrix, keep: np.ndarray) -> sp.csr_matrix:
    """The stored entries where ``keep`` is True; a canonical matrix stays
    canonical (explicit zero scores are kept as edges)."""
    indptr = np.zeros(matrix.shape[0] + 1, dtype=np.int64)
    counts = np.bincount(entry_rows(matrix)[keep], minlength=matrix.shape[0])
    np.cumsum(counts, out=indptr[1:])
    indices = matrix.indices[keep].astype(np.int64, copy=False)
    return sp.csr_matrix((matrix.data[keep], indices, indptr), shape=matrix.shape)


def _forbidden_keys(problem: CohortProblem) -> np.ndarray:
    """Forbidden pairs as ``row * n_mentors + column`` (unknown ids dropped)."""
    pairs = np.array(sorted(problem.forbidden), dtype=np.int64).reshape(-1, 2)
    rows = positions(problem.mentee_ids, pairs[:, 0])
    cols = positions(problem.mentor_ids, pairs[:, 1])
    known = (rows >= 0) & (cols >= 0)
    return rows[known] * len(problem.mentor_ids) + cols[known]


def positions(ids, wanted: np.ndarray) -> np.ndarray:
    """Index of each wanted id in ``ids`` (-1 when absent)."""
    ids = np.asarray(ids, dtype=np.int64)
    if not ids.size:
        return np.full(wanted.size, -1)
    sorter = np.argsort(ids, kind="stable")
    at = sorter[np.minimum(np.searchsorted(ids, wanted, sorter=sorter), ids.size - 1)]
    return np.where(ids[at] == wanted, at, -1)


def top_k(matrix: sp.csr_matrix, k: int | None) -> sp.csr_matrix:
    """Keep each row's ``k`` best-scoring edges (ties to the lower column)."""
    return split_top_k(matrix, k)[0]


def split_top_k(
    matrix: sp.csr_matrix, k: int | None, order: np.ndarray | None = None
) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Each row's ``k`` best edges (ties to the lower column), and the rest.

    ``order`` is ``row_order(matrix, score_order(matrix))`` if already known.
    """
    if k is None or np.diff(matrix.indptr).max(initial=0) <= k:
        return matrix, sp.csr_matrix(matrix.shape)
    if order is None:
        order = row_order(matrix, score_order(matrix))
    kept = np.empty(matrix.nnz, dtype=bool)
    kept[order] = np.arange(matrix.nnz) - matrix.indptr[entry_rows(matrix)] < k
    return subset(matrix, kept), subset(matrix, ~kept)


def score_order(matrix: sp.csr_matrix) -> np.ndarray:
    """Entry positions by descending score, ties to the lower row then column
    (stable sort of a canonical CSR; far faster than ``np.lexsort``)."""
    return np.argsort(-matrix.data, kind="stable")


def row_order(matrix: sp.csr_matrix, by_score: np.ndarray) -> np.ndarray:
    """Entry positions row by row, each row best first (ties to the lower column).

    A stable sort by row of ``by_score``, as two 16-bit radix passes."""
    rows = entry_rows(matrix)[by_score]
    low = np.argsort((rows & 0xFFFF).astype(np.uint16), kind="stable")
    high = np.argsort((rows[low] >> 16).astype(np.uint16), kind="stable")
    return by_score[low[high]]


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
    rows = entry_rows(matrix)
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
