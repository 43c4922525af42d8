"""Vectorised scoring of one mentee against every indexed row (no Python loops)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from mentormatch.matching.features import FORMAT_BITS
from mentormatch.matching.filters import language_mask
from mentormatch.matching.query import MenteeQuery
from mentormatch.matching.scoring import (
    seniority_score,
    timezone_distance,
    timezone_score,
)

ASYNC = FORMAT_BITS["async"]
IN_PERSON = FORMAT_BITS["in_person"]
FMT_VALUES = np.arange(8)


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


def combo_scores(
    query: MenteeQuery,
    combos: Mapping[str, NDArray],
    languages: NDArray[np.uint64],
    weights: Mapping[str, float],
    tables: Mapping[str, NDArray[np.float64]],
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Practical score per combo, and the extra for sharing the mentee's chapter.

    Parameters
    ----------
    combos : ``RowStore.tables()`` (time zone, formats, language set, years)
    languages : ndarray of shape (n_sets, w), bits of every language set
    tables : output of ``practical_tables``

    Returns
    -------
    base : ndarray of shape (n_combos,), float32
        Weighted time-zone, format and seniority parts; ``-inf`` for combo 0
        (rows never suggested) and combos sharing no language with the mentee.
    bonus : ndarray of shape (n_combos,), float32
        Chapter part plus the in-person format credit, 0 where ``base`` is -inf.
    """
    fmt = tables["format"]
    per_tzfmt = weights["timezone"] * tables["timezone"] + weights["format"] * fmt[:, 0]
    extra = weights["format"] * (fmt[:, 1] - fmt[:, 0]) + weights["chapter"]
    seniority = seniority_score(combos["years"] - np.float32(query.years))
    seniority *= np.float32(weights["seniority"])
    tzfmt = combos["tzfmt"]
    base = per_tzfmt.ravel().astype(np.float32)[tzfmt] + seniority[combos["year"]]
    bonus = np.broadcast_to(extra, per_tzfmt.shape).ravel().astype(np.float32)[tzfmt]
    ok = language_mask(languages, query.languages)[combos["lang"]]
    ok[0] = False
    base[~ok] = -np.inf
    bonus[~ok] = 0.0
    return base, bonus


def add_columns(
    score: NDArray[np.float32],
    blocks: Iterable[tuple[sp.csc_matrix, int]],
    cols: Iterable[tuple[int, float]],
    scale: float,
    cap: float | None = None,
) -> None:
    """Add ``scale * sum(weight * X[:, col])`` to ``score`` in place (hits only).

    With ``cap``, each row's sum is limited to ``cap`` before scaling.
    """
    blocks, cols = list(blocks), list(cols)
    if not cols or not scale:
        return
    hits = [_hits(blocks, c) for c, _ in cols]
    rows = np.concatenate([r for r, _ in hits])
    if cap is not None and sum(w for _, w in cols) > cap:
        acc = np.zeros(len(score), dtype=np.float32)
        add_columns(acc, blocks, cols, 1.0)
        # repeated rows carry equal values, so the buffered += adds them once
        score[rows] += np.float32(scale) * np.minimum(acc[rows], np.float32(cap))
        return
    vals = np.concatenate(
        [np.float32(scale * w) * d for (_, d), (_, w) in zip(hits, cols, strict=True)]
    )
    np.add.at(score, rows, vals)


def _hits(
    blocks: list[tuple[sp.csc_matrix, int]], col: int
) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
    rows, data = [], []
    for matrix, start in blocks:
        lo, hi = matrix.indptr[col], matrix.indptr[col + 1]
        rows.append(matrix.indices[lo:hi] + start if start else matrix.indices[lo:hi])
        data.append(matrix.data[lo:hi])
    if len(rows) == 1 or not len(rows[1]):
        return rows[0], data[0]
    return np.concatenate(rows), np.concatenate(data)
