"""Vectorised scoring of one mentee against every indexed row (no Python loops)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

try:  # compiled CSC mat-vec loop; private to scipy, so optional
    from scipy.sparse._sparsetools import csc_matvec as _csc_matvec
except ImportError:  # pragma: no cover - other scipy layouts use add.at
    _csc_matvec = None

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
    base, bonus = place_parts(combos, weights, tables)
    base = base + years_part(combos, weights, query.years)
    ok = language_ok(combos, languages, query.languages)
    base[~ok] = -np.inf
    bonus[~ok] = 0.0
    return base, bonus


def place_parts(
    combos: Mapping[str, NDArray],
    weights: Mapping[str, float],
    tables: Mapping[str, NDArray[np.float64]],
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """``combo_scores``' time-zone and format part per combo, and the bonus,
    before languages rule any out: they depend on the query only through
    `tables` (its time zone and formats), which many mentees share."""
    fmt = tables["format"]
    per_tzfmt = weights["timezone"] * tables["timezone"] + weights["format"] * fmt[:, 0]
    extra = weights["format"] * (fmt[:, 1] - fmt[:, 0]) + weights["chapter"]
    tzfmt = combos["tzfmt"]
    base = per_tzfmt.ravel().astype(np.float32)[tzfmt]
    bonus = np.broadcast_to(extra, per_tzfmt.shape).ravel().astype(np.float32)[tzfmt]
    return base, bonus


def years_part(
    combos: Mapping[str, NDArray], weights: Mapping[str, float], years: float
) -> NDArray[np.float32]:
    """``combo_scores``' weighted seniority part per combo."""
    seniority = seniority_score(combos["years"] - np.float32(years))
    seniority *= np.float32(weights["seniority"])
    return seniority[combos["year"]]


def language_ok(
    combos: Mapping[str, NDArray],
    languages: NDArray[np.uint64],
    wanted: NDArray[np.uint64],
) -> NDArray[np.bool_]:
    """Combos sharing a language with `wanted` (never combo 0: rows not suggested)."""
    ok = language_mask(languages, wanted)[combos["lang"]]
    ok[0] = False
    return ok


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
    if cap is not None and sum(w for _, w in cols) > cap:
        # Full-length passes: the capped columns are the common certifications
        # (CAPM, PMP) whose hits cover much of the index, where gathering and
        # scattering by row index cost several times a straight pass. Rows
        # without a hit add 0, so the result equals adding on the hits only.
        acc = np.zeros(len(score), dtype=np.float32)
        add_columns(acc, blocks, cols, 1.0)
        np.minimum(acc, np.float32(cap), out=acc)
        acc *= np.float32(scale)
        score += acc
        return
    index = np.array([c for c, _ in cols], dtype=np.intp)
    weights = np.array([scale * w for _, w in cols], dtype=np.float32)
    for matrix, start in blocks:
        scatter_columns(score[start : start + matrix.shape[0]], matrix, index, weights)


def scatter_columns(
    out: NDArray[np.float32],
    matrix: sp.csc_matrix,
    cols: NDArray[np.intp],
    weights: NDArray[np.float32],
) -> None:
    """``out += matrix[:, cols] @ weights``, visiting only those columns' entries.

    Uses scipy's compiled CSC mat-vec loop over a column pointer list holding
    (start, end) of each wanted column; the columns go in descending order so
    the ranges between them are empty and cost nothing.
    """
    if _csc_matvec is None or matrix.indptr.dtype != matrix.indices.dtype:
        for col, weight in zip(cols.tolist(), weights.tolist(), strict=True):
            lo, hi = matrix.indptr[col], matrix.indptr[col + 1]
            np.add.at(
                out, matrix.indices[lo:hi], np.float32(weight) * matrix.data[lo:hi]
            )
        return
    order = np.argsort(cols, kind="stable")[::-1]
    ptr = np.empty(2 * len(cols), dtype=matrix.indptr.dtype)
    ptr[0::2] = matrix.indptr[cols[order]]
    ptr[1::2] = matrix.indptr[cols[order] + 1]
    x = np.zeros(2 * len(cols) - 1, dtype=np.float32)
    x[0::2] = weights[order]
    _csc_matvec(matrix.shape[0], len(x), ptr, matrix.indices, matrix.data, x, out)


_SAMPLE_STRIDE = 16


def top_rows(
    score: NDArray[np.float32], ids: NDArray[np.int64], m: int
) -> NDArray[np.intp]:
    """Rows of the ``m`` best finite scores, sorted by (score desc, id asc).

    A threshold from a strided sample usually leaves a few dozen candidates, so
    the full-length work is one comparison instead of a full ``argpartition``;
    when too few rows pass it, the exact full partition decides.
    """
    n = len(score)
    if m <= 0 or n == 0:
        return np.empty(0, dtype=np.intp)
    floor = np.float32(-np.inf)
    cand = None
    if n >= 64 * m:
        sample = score[::_SAMPLE_STRIDE]
        r = min(len(sample), 2 + 2 * -(-m // _SAMPLE_STRIDE))
        guess = np.partition(sample, len(sample) - r)[len(sample) - r]
        if guess > floor:
            cand = np.flatnonzero(score >= guess)
            if len(cand) < m:
                cand = None
    if cand is None:
        if m < n:
            floor = score[np.argpartition(score, n - m)[n - m :]].min()
        cand = np.flatnonzero(score >= floor if floor > -np.inf else score > floor)
    elif len(cand) > m:
        sub = score[cand]
        floor = sub[np.argpartition(sub, len(sub) - m)[len(sub) - m :]].min()
        cand = cand[sub >= floor]
    order = np.lexsort((ids[cand], -score[cand]))
    return cand[order[:m]]
