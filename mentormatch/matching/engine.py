"""Vectorised scoring of one mentee against every indexed row (no Python loops)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from mentormatch.matching.features import FORMAT_BITS
from mentormatch.matching.query import MenteeQuery
from mentormatch.matching.scoring import (
    seniority_score,
    timezone_distance,
    timezone_score,
)

ASYNC = FORMAT_BITS["async"]
IN_PERSON = FORMAT_BITS["in_person"]
FMT_VALUES = np.arange(8)


def scatter_columns(
    blocks: Iterable[tuple[sp.csc_matrix, int]],
    cols: Iterable[tuple[int, float]],
    n_rows: int,
) -> NDArray[np.float32]:
    """Sum ``weight * X[:, col]`` over the query's non-zero columns only.

    Parameters
    ----------
    blocks : iterable of (csc_matrix of shape (n_i, n_features), first row offset)
    cols : iterable of (column, weight)
    n_rows : int
        Total rows over all blocks.

    Returns
    -------
    ndarray of shape (n_rows,), float32
    """
    acc = np.zeros(n_rows, dtype=np.float32)
    blocks = list(blocks)
    for col, weight in cols:
        for matrix, start in blocks:
            lo, hi = matrix.indptr[col], matrix.indptr[col + 1]
            if hi > lo:
                view = acc[start : start + matrix.shape[0]]
                view[matrix.indices[lo:hi]] += np.float32(weight) * matrix.data[lo:hi]
    return acc


def column_hits(
    blocks: Iterable[tuple[sp.csc_matrix, int]], col: int, rows: NDArray[np.intp]
) -> NDArray[np.float32]:
    """Values ``X[rows, col]`` by binary search in the sorted column (k rows).

    Returns
    -------
    ndarray of shape (len(rows),), float32
    """
    out = np.zeros(len(rows), dtype=np.float32)
    for matrix, start in blocks:
        local = rows - start
        inside = (local >= 0) & (local < matrix.shape[0])
        seg = matrix.indices[matrix.indptr[col] : matrix.indptr[col + 1]]
        pos = np.searchsorted(seg, local[inside])
        found = pos < len(seg)
        found[found] = seg[pos[found]] == local[inside][found]
        vals = np.zeros(len(pos), dtype=np.float32)
        vals[found] = matrix.data[matrix.indptr[col] + pos[found]]
        out[inside] = vals
    return out


def practical_tables(
    query: MenteeQuery, tz_table: NDArray[np.float64], weights: Mapping[str, float]
) -> dict[str, NDArray[np.float64]]:
    """Per-code lookup tables for time zone, format and chapter parts.

    Parameters
    ----------
    query : MenteeQuery
    tz_table : ndarray of shape (n_tz, 2)
        (January, July) offsets per time-zone code, NaN when unknown.
    weights : mapping of part name to weight

    Returns
    -------
    dict
        ``hours`` (n_tz,), ``timezone`` (n_tz, 8), ``format`` (8, 2) and
        ``total`` (n_tz * 8 * 2,): weighted tz + format + chapter part indexed by
        ``(tz_code * 8 + format_bits) * 2 + same_chapter``.
    """
    hours = timezone_distance(tz_table, query.offsets[None, :])
    both_async = (FMT_VALUES & ASYNC).astype(bool) & bool(query.formats & ASYNC)
    tz = timezone_score(hours[:, None], both_async[None, :])
    shared = FMT_VALUES & query.formats
    remote = (shared & ~IN_PERSON) != 0
    in_person = (shared & IN_PERSON) != 0
    fmt = np.stack([remote, remote | in_person], axis=1).astype(float)
    total = (
        weights["timezone"] * tz[:, :, None]
        + weights["format"] * fmt[None, :, :]
        + weights["chapter"] * np.array([0.0, 1.0])[None, None, :]
    )
    return {"hours": hours, "timezone": tz, "format": fmt, "total": total.ravel()}


def score_rows(
    query: MenteeQuery,
    blocks: list[tuple[sp.csc_matrix, int]],
    arrays: Mapping[str, NDArray],
    weights: Mapping[str, float],
    tables: Mapping[str, NDArray[np.float64]],
) -> dict[str, NDArray[np.float32]]:
    """Score every row; returns ``score`` and the raw need components.

    Parameters
    ----------
    arrays : mapping with ``years`` (n,), ``practical_code`` (n,), ``chapter`` (n,)

    Returns
    -------
    dict of ndarray of shape (n,), float32
        ``score`` (weighted sum, feasibility not applied), ``certification``,
        ``skills`` and ``goals`` (unweighted, in [0, 1]), ``same_chapter`` (bool).
    """
    n = len(arrays["years"])
    cert = scatter_columns(blocks, query.cert_cols, n)
    np.minimum(cert, 1.0, out=cert)
    share = 1.0 / max(1, len(query.skill_cols))
    skills = scatter_columns(blocks, [(c, share) for c in query.skill_cols], n)
    goals = scatter_columns(blocks, query.text_cols, n)
    np.clip(goals, 0.0, 1.0, out=goals)
    seniority = seniority_score(arrays["years"] - np.float32(query.years))
    same = arrays["chapter"] == query.chapter
    score = tables["total"].astype(np.float32)[arrays["practical_code"] + same]
    for name, part in (
        ("certification", cert),
        ("skills", skills),
        ("goals", goals),
        ("seniority", seniority),
    ):
        if weights[name]:
            score += np.float32(weights[name]) * part
    return {
        "score": score,
        "certification": cert,
        "skills": skills,
        "goals": goals,
        "same_chapter": same,
    }
