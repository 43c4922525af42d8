"""Hard rules and page filters as boolean masks over the index rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from mentormatch.matching import features as ft
from mentormatch.matching.store import CERT_COL, SKILL_COL
from mentormatch.matching.types import RankFilters

if TYPE_CHECKING:
    from mentormatch.matching.index import MentorIndex


def language_mask(
    languages: NDArray[np.uint64], wanted: NDArray[np.uint64]
) -> NDArray[np.bool_]:
    """Rows sharing at least one language bit with ``wanted``.

    Parameters
    ----------
    languages : ndarray of shape (n, w), uint64
    wanted : ndarray of shape (w,), uint64

    Returns
    -------
    ndarray of bool, shape (n,)
    """
    if languages.shape[1] == 1:
        return (languages[:, 0] & wanted[0]) != 0
    return ((languages & wanted[None, :]) != 0).any(axis=1)


def _column_mask(index: MentorIndex, col: int | None) -> NDArray[np.bool_]:
    out = np.zeros(len(index.mentor_ids_), dtype=bool)
    if col is None:
        return out
    for matrix, start in index.blocks():
        rows = matrix.indices[matrix.indptr[col] : matrix.indptr[col + 1]]
        out[start + rows] = True
    return out


def filter_mask(
    index: MentorIndex, filters: RankFilters, hours: NDArray[np.float64]
) -> NDArray[np.bool_]:
    """Rows passing every set filter; an unknown filter value matches nothing.

    Parameters
    ----------
    hours : ndarray of shape (n_tz,)
        Offset distance to the mentee per time-zone code (NaN when unknown).

    Returns
    -------
    ndarray of bool, shape (n_rows,)
    """
    mask = np.ones(len(index.mentor_ids_), dtype=bool)
    if filters.certification is not None:
        code = ft.canonical_certification(filters.certification)
        mask &= _column_mask(index, CERT_COL.get(code or ""))
    if filters.skill is not None:
        skill = ft.canonical_skill(filters.skill)
        mask &= _column_mask(index, SKILL_COL.get(skill or ""))
    if filters.chapter is not None:
        mask &= index.chapter_ == index.vocab_.chapter(filters.chapter, grow=False)
        mask &= index.chapter_ >= 0
    if filters.language is not None:
        words = index.vocab_.language_bits([filters.language], grow=False)
        wanted = np.zeros(index.lang_table_.shape[1], dtype=np.uint64)
        wanted[: len(words)] = np.array(words, dtype=np.uint64)
        mask &= language_mask(index.lang_table_, wanted)[index.lang_code_]
    if filters.format is not None:
        fmt = ft.canonical_format(filters.format)
        bit = ft.FORMAT_BITS[fmt] if fmt else 0
        mask &= (index.formats_ & bit) != 0
    if filters.max_timezone_hours is not None:
        with np.errstate(invalid="ignore"):
            near = hours <= float(filters.max_timezone_hours) + 1e-9
        mask &= near[index.tz_code_]
    return mask
