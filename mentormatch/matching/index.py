"""``MentorIndex``: a scikit-learn style estimator that ranks mentors for a mentee."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from mentormatch.matching import features as ft
from mentormatch.matching.engine import practical_tables, score_rows
from mentormatch.matching.explain import explain_rows
from mentormatch.matching.filters import feasible_mask
from mentormatch.matching.query import MenteeQuery, build_query
from mentormatch.matching.scoring import PART_NAMES, WEIGHTS
from mentormatch.matching.store import (
    RowBlock,
    Vocabularies,
    encode,
    mentor_text,
    widen,
)
from mentormatch.matching.types import Mentee, Mentor, RankFilters, Suggestion

FORMAT_VERSION = 1
"""Bumped whenever the saved layout changes; ``load`` refuses other versions."""
_ARRAYS = ("ids", "years", "tz_code", "formats", "chapter", "languages", "eligible")


class IndexVersionError(ValueError):
    """A saved index was written by an incompatible version of this package."""


class MentorIndex(BaseEstimator):
    """Rank mentors for a mentee: need meets offer, hard rules as masks.

    Parameters
    ----------
    weights : mapping of str to float, optional
        Component weights (keys from ``scoring.PART_NAMES``); missing keys take
        the defaults of ``scoring.WEIGHTS``; normalised to sum 1 in ``fit``.
    max_pending : int, default 1024
        Mentors added or updated since the last compaction are kept in a small
        side matrix; when it exceeds this many rows the index is compacted.
    random_state : int or None
        Unused (the engine is deterministic); accepted for estimator symmetry.

    Attributes
    ----------
    weights_ : dict of str to float
    vectorizer_ : TfidfVectorizer or None
    vocabulary_ : dict of str to int
        Text terms -> column in the text block (empty when no text at fit).
    mentor_ids_ : ndarray of shape (n_rows,)
        Mentor id per row, including rows of removed mentors (see ``alive_``).
    mentor_matrix_ : csc_matrix of shape (n_base, n_features)
        Certification, skill and TF-IDF columns of the compacted rows.
    pending_matrix_ : csc_matrix of shape (n_rows - n_base, n_features)
    alive_ : ndarray of bool, shape (n_rows,)
    """

    mentor_ids_: NDArray[np.int64]
    years_: NDArray[np.float32]
    tz_code_: NDArray[np.int32]
    formats_: NDArray[np.uint8]
    chapter_: NDArray[np.int32]
    languages_: NDArray[np.uint64]
    eligible_: NDArray[np.bool_]

    def __init__(
        self,
        *,
        weights: Mapping[str, float] | None = None,
        max_pending: int = 1024,
        random_state: int | None = None,
    ) -> None:
        self.weights = weights
        self.max_pending = max_pending
        self.random_state = random_state

    # ------------------------------------------------------------------ fitting
    def fit(self, mentors: Iterable[Mentor], y: None = None) -> MentorIndex:
        """Build the index from scratch (earlier fits are forgotten).

        Parameters
        ----------
        mentors : iterable of Mentor
            Ids must be unique; an empty iterable gives an empty index.
        y : ignored

        Returns
        -------
        self

        Raises
        ------
        TypeError
            If an item is not a Mentor.
        ValueError
            If ids repeat or ``weights`` / ``max_pending`` are invalid.
        """
        items = _check_mentors(mentors)
        self.weights_ = _check_weights(self.weights)
        if int(self.max_pending) < 0:
            raise ValueError("max_pending must be >= 0")
        self.vocab_ = Vocabularies()
        texts = [mentor_text(m, ft.skills(m.skills or ())[1]) for m in items]
        self.vectorizer_: TfidfVectorizer | None = ft.make_vectorizer()
        text = None
        try:
            text = self.vectorizer_.fit_transform(texts)
        except ValueError:  # no usable words at all (or no mentors)
            self.vectorizer_ = None
        vocab = self.vectorizer_.vocabulary_ if self.vectorizer_ is not None else {}
        self.vocabulary_ = {str(t): int(i) for t, i in vocab.items()}
        self.terms_ = np.array(
            sorted(self.vocabulary_, key=self.vocabulary_.__getitem__)
        )
        self.idf_ = np.zeros(len(self.vocabulary_), dtype=np.float64)
        if self.vectorizer_ is not None:
            self.idf_ = self.vectorizer_.idf_.astype(np.float64)
        block = encode(items, self.vocab_, self.vectorizer_, texts, text)
        self._set_rows(block)
        return self

    def _set_rows(self, block: RowBlock) -> None:
        for name in _ARRAYS:
            setattr(self, _attr(name), getattr(block, name))
        self.mentor_rows_ = sp.csr_matrix(block.matrix, dtype=np.float32)
        self.mentor_rows_.sort_indices()
        self.mentor_matrix_ = _csc(block.matrix)
        self.pending_rows_ = block.matrix[:0]
        self.pending_matrix_ = _csc(self.pending_rows_)
        self.alive_ = np.ones(len(block.ids), dtype=bool)
        self.row_of_ = {int(i): r for r, i in enumerate(block.ids)}
        self._refresh_codes()

    def _refresh_codes(self) -> None:
        self.tz_table_ = self.vocab_.timezone_table()
        self.practical_code_ = (self.tz_code_ * 8 + self.formats_.astype(np.int32)) * 2
        self.available_ = self.eligible_ & self.alive_

    # ------------------------------------------------------------ incremental
    def add(self, mentor: Mentor) -> MentorIndex:
        """Add one mentor without refitting (text uses the fitted vocabulary).

        Raises
        ------
        ValueError
            If the id is already indexed (use ``update``).
        """
        check_is_fitted(self, "mentor_ids_")
        (mentor,) = _check_mentors([mentor])
        if int(mentor.id) in self.row_of_:
            raise ValueError(f"mentor {mentor.id} is already indexed; use update()")
        block = encode([mentor], self.vocab_, self.vectorizer_)
        width = max(block.languages.shape[1], self.languages_.shape[1])
        self.languages_ = widen(self.languages_, width)
        block.languages = widen(block.languages, width)
        for name in _ARRAYS:
            old = getattr(self, _attr(name))
            setattr(self, _attr(name), np.concatenate([old, getattr(block, name)]))
        self.alive_ = np.append(self.alive_, True)
        self.row_of_[int(mentor.id)] = len(self.mentor_ids_) - 1
        self.pending_rows_ = sp.vstack([self.pending_rows_, block.matrix], format="csr")
        self.pending_matrix_ = _csc(self.pending_rows_)
        self._refresh_codes()
        if self.pending_rows_.shape[0] > int(self.max_pending):
            self.compact()
        return self

    def update(self, mentor: Mentor) -> MentorIndex:
        """Replace a mentor's profile (adds the mentor when the id is unknown)."""
        check_is_fitted(self, "mentor_ids_")
        (mentor,) = _check_mentors([mentor])
        if int(mentor.id) in self.row_of_:
            self.remove(int(mentor.id))
        return self.add(mentor)

    def remove(self, mentor_id: int) -> MentorIndex:
        """Drop a mentor; the row is masked now and dropped at the next compaction.

        Raises
        ------
        KeyError
            If the id is not indexed.
        """
        check_is_fitted(self, "mentor_ids_")
        row = self.row_of_.pop(int(mentor_id))
        self.alive_[row] = False
        self.available_[row] = False
        return self

    def compact(self) -> MentorIndex:
        """Merge pending rows into the main matrix and drop removed rows."""
        check_is_fitted(self, "mentor_ids_")
        keep = np.flatnonzero(self.alive_)
        matrix = sp.vstack([self.mentor_rows_, self.pending_rows_], "csr")
        block = RowBlock(
            matrix=matrix[keep],
            **{name: getattr(self, _attr(name))[keep] for name in _ARRAYS},
        )
        self._set_rows(block)
        return self

    # ---------------------------------------------------------------- ranking
    def rank(
        self,
        mentee: Mentee,
        *,
        k: int = 10,
        offset: int = 0,
        filters: RankFilters | None = None,
    ) -> list[Suggestion]:
        """Best mentors for a mentee, best first (ties: lower mentor id first).

        Parameters
        ----------
        mentee : Mentee
        k : int, default 10
            Page size; 0 gives an empty list.
        offset : int, default 0
            Skip this many suggestions ("show more" pagination).
        filters : RankFilters, optional
            Page filters, applied as masks like the hard rules.

        Returns
        -------
        list of Suggestion
            At most ``k``; never a mentor breaking a hard rule.

        Raises
        ------
        NotFittedError
            Before ``fit``.
        """
        check_is_fitted(self, "mentor_ids_")
        k, offset = max(0, int(k)), max(0, int(offset))
        query, scored, mask = self._score(mentee, filters)
        rows = _top_rows(scored["score"], mask, self.mentor_ids_, offset + k)[offset:]
        return explain_rows(self, query, scored, rows)

    def score_all(
        self, mentee: Mentee, *, filters: RankFilters | None = None
    ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """Scores of the mentee against every indexed mentor.

        Returns
        -------
        ids : ndarray of shape (n_mentors,), int64, ascending
        scores : ndarray of shape (n_mentors,), float64
            In [0, 1]; ``-inf`` where a hard rule (or filter) forbids the pair.
        """
        check_is_fitted(self, "mentor_ids_")
        _, scored, mask = self._score(mentee, filters)
        rows = np.flatnonzero(self.alive_)
        rows = rows[np.argsort(self.mentor_ids_[rows], kind="stable")]
        scores = np.where(mask[rows], scored["score"][rows], -np.inf)
        return self.mentor_ids_[rows].copy(), scores.astype(np.float64)

    def _score(
        self, mentee: Mentee, filters: RankFilters | None
    ) -> tuple[MenteeQuery, dict[str, NDArray[Any]], NDArray[np.bool_]]:
        if not isinstance(mentee, Mentee):
            raise TypeError(f"expected Mentee, got {type(mentee).__name__}")
        width = self.languages_.shape[1]
        query = build_query(mentee, self.vocab_, self.vocabulary_, self.idf_, width)
        tables = practical_tables(query, self.tz_table_, self.weights_)
        scored: dict[str, NDArray[Any]] = score_rows(
            query, self.blocks(), self._arrays(), self.weights_, tables
        )
        scored.update(tables)
        mask = feasible_mask(self, query, filters, tables["hours"])
        return query, scored, mask

    def blocks(self) -> list[tuple[sp.csc_matrix, int]]:
        """(column-major matrix, first row) for the main and the pending rows."""
        n_base = self.mentor_matrix_.shape[0]
        return [(self.mentor_matrix_, 0), (self.pending_matrix_, n_base)]

    def row_entries(self, row: int) -> dict[int, float]:
        """Non-zero feature columns of one row: {column: value}."""
        n_base = self.mentor_rows_.shape[0]
        matrix, local = (
            (self.mentor_rows_, row)
            if row < n_base
            else (self.pending_rows_, row - n_base)
        )
        lo, hi = matrix.indptr[local], matrix.indptr[local + 1]
        return dict(
            zip(
                matrix.indices[lo:hi].tolist(), matrix.data[lo:hi].tolist(), strict=True
            )
        )

    def _arrays(self) -> dict[str, NDArray]:
        return {
            "years": self.years_,
            "practical_code": self.practical_code_,
            "chapter": self.chapter_,
        }

    # ------------------------------------------------------------- persistence
    def save(self, path: str | Path) -> None:
        """Write the fitted index with joblib, tagged with FORMAT_VERSION."""
        check_is_fitted(self, "mentor_ids_")
        joblib.dump({"format_version": FORMAT_VERSION, "index": self}, path)

    @classmethod
    def load(cls, path: str | Path) -> MentorIndex:
        """Read an index written by ``save``.

        Raises
        ------
        IndexVersionError
            If the file is not a saved index or has another format version.
        """
        payload: Any = joblib.load(path)
        version = payload.get("format_version") if isinstance(payload, dict) else None
        if version != FORMAT_VERSION or not isinstance(payload.get("index"), cls):
            raise IndexVersionError(
                f"{path}: saved index format version {version!r}, this code reads "
                f"version {FORMAT_VERSION}; rebuild the index with fit()"
            )
        return payload["index"]

    def memory_bytes(self) -> int:
        """Bytes held by the index's arrays and sparse matrices (approximate)."""
        total = 0
        for value in vars(self).values():
            if isinstance(value, np.ndarray):
                total += value.nbytes
            elif sp.issparse(value):
                total += sum(
                    getattr(value, a).nbytes for a in ("data", "indices", "indptr")
                )
        return total + 64 * len(self.row_of_)


def _attr(name: str) -> str:
    return "mentor_ids_" if name == "ids" else name + "_"


def _csc(matrix: sp.csr_matrix) -> sp.csc_matrix:
    out = sp.csc_matrix(matrix, dtype=np.float32)
    out.sort_indices()
    return out


def _check_mentors(mentors: Iterable[Mentor]) -> list[Mentor]:
    items = list(mentors)
    seen: set[int] = set()
    for m in items:
        if not isinstance(m, Mentor):
            raise TypeError(f"expected Mentor, got {type(m).__name__}")
        if int(m.id) in seen:
            raise ValueError(f"duplicate mentor id {m.id}")
        seen.add(int(m.id))
    return items


def _check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    merged = {**WEIGHTS, **(dict(weights) if weights else {})}
    unknown = set(merged) - set(PART_NAMES)
    if unknown or any(not np.isfinite(v) or v < 0 for v in merged.values()):
        raise ValueError(f"weights need non-negative values for {PART_NAMES}")
    total = sum(merged.values())
    if total <= 0:
        raise ValueError("weights must not all be zero")
    return {name: float(merged[name]) / total for name in PART_NAMES}


def _top_rows(
    score: NDArray[np.float32], mask: NDArray[np.bool_], ids: NDArray[np.int64], m: int
) -> NDArray[np.intp]:
    """Rows of the ``m`` best feasible scores, sorted by (score desc, id asc)."""
    n_ok = int(np.count_nonzero(mask))
    if m <= 0 or n_ok == 0:
        return np.empty(0, dtype=np.intp)
    score = np.where(mask, score, np.float32(-np.inf))
    if m >= n_ok:
        cand = np.flatnonzero(mask)
    else:
        part = np.argpartition(score, len(score) - m)[len(score) - m :]
        cand = np.flatnonzero(score >= score[part].min())
    order = np.lexsort((ids[cand], -score[cand]))
    return cand[order[:m]]
