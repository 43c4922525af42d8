"""``MentorIndex``: a scikit-learn style estimator that ranks mentors for a mentee."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.base import BaseEstimator
from sklearn.exceptions import NotFittedError

from mentormatch.matching.engine import (
    add_columns,
    combo_scores,
    practical_tables,
    top_rows,
)
from mentormatch.matching.explain import explain_pairs, explain_rows
from mentormatch.matching.filters import filter_mask
from mentormatch.matching.needs import (
    topic_needs_many,
    with_needs,
)
from mentormatch.matching.preferences import AVAILABILITY_COL, N_PREF, NEUTRAL
from mentormatch.matching.query import MenteeQuery, build_query
from mentormatch.matching.rows import RowMap, RowStore, stack_rows
from mentormatch.matching.scoring import PART_NAMES, WEIGHTS
from mentormatch.matching.store import ROW_FIELDS, RowBlock, Vocabularies, encode
from mentormatch.matching.text import TextModel, fit_text, transform_text
from mentormatch.matching.topics import (
    N_TOPICS,
    TopicModel,
    fit_topics,
    transform_topics,
    with_topics,
)
from mentormatch.matching.types import Mentee, Mentor, RankFilters, Suggestion

Encoded = tuple[MenteeQuery, dict[str, NDArray]]
"""A mentee's query and per-code tables on one index (``MentorIndex.encode``)."""

FORMAT_VERSION = 3
"""Bumped whenever the saved layout changes; ``load`` refuses other versions."""


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
    text_model_ : TextModel or None
    vocabulary_ : dict of str to int
        Text terms -> column in the text block (empty when no text at fit).
    mentor_ids_ : ndarray of shape (n_rows,)
        Mentor id per row, including rows of removed mentors (see ``alive_``).
    mentor_rows_, mentor_matrix_ : csr_matrix, csc_matrix (n_base, n_features)
        Certification, skill and TF-IDF columns of the compacted rows.
    alive_ : ndarray of bool, shape (n_rows,)
    """

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
        self.text_model_: TextModel | None = None
        self.topic_model_: TopicModel | None = None

        def learn(texts: list[str]) -> sp.csr_matrix:
            self.text_model_, rows = fit_text(texts)
            self.topic_model_, topics = fit_topics(self.text_model_, rows, texts)
            return sp.hstack([rows, topics], format="csr")

        block = with_topics(encode(items, self.vocab_, learn), items)
        model = self.text_model_
        self.vocabulary_: dict[str, int] = (
            dict(model.vocabulary) if model is not None else {}
        )
        self.terms_ = model.terms if model is not None else np.array([], str)
        self.idf_ = model.idf.astype(np.float64) if model is not None else np.zeros(0)
        self.pref_start_ = block.matrix.shape[1] - N_PREF
        self.topic_start_ = self.pref_start_ - N_TOPICS
        self._set_rows(block)
        return self

    def _check_fitted(self) -> None:
        if "_rows" not in self.__dict__:
            raise NotFittedError(
                "This MentorIndex is not fitted yet; call fit() before using it."
            )

    def _set_rows(self, block: RowBlock) -> None:
        self._rows = RowStore(block)
        self.mentor_rows_ = sp.csr_matrix(block.matrix, dtype=np.float32)
        self.mentor_rows_.sort_indices()
        self.mentor_matrix_ = _csc(self.mentor_rows_)
        self._pending: list[sp.csr_matrix] = []
        self._pending_cache: tuple[sp.csr_matrix, sp.csc_matrix] | None = None
        self.row_of_: RowMap | dict[int, int] = RowMap(
            dict(zip(block.ids.tolist(), range(len(block.ids)), strict=True))
        )
        chapter = self._rows.view("chapter")
        self.chapter_order_ = np.argsort(chapter, kind="stable").astype(np.int32)
        counts = np.bincount(chapter + 1, minlength=1)
        self.chapter_starts_ = np.concatenate([[0], np.cumsum(counts)])
        self._refresh_codes()

    def _refresh_codes(self) -> None:
        self.tz_table_ = self.vocab_.timezone_table()
        self.lang_table_ = self.vocab_.language_table()

    def __getattr__(self, name: str) -> NDArray:
        """Row arrays (``years_``, ``tz_code_``, ...) as views of the row store."""
        field = "ids" if name == "mentor_ids_" else name[:-1]
        rows = self.__dict__.get("_rows")
        if rows is None or not name.endswith("_") or field not in rows.data:
            raise AttributeError(name)
        return rows.view(field)

    @property
    def available_(self) -> NDArray[np.bool_]:
        """Rows that may be suggested to someone: alive, active, capacity left."""
        return self.eligible_ & self.alive_

    @property
    def languages_(self) -> NDArray[np.uint64]:
        """Language bits per row, shape (n_rows, n_words)."""
        return self.lang_table_[self.lang_code_]

    # ------------------------------------------------------------ incremental
    def add(self, mentor: Mentor) -> MentorIndex:
        """Add one mentor without refitting (text uses the fitted vocabulary).

        Raises
        ------
        ValueError
            If the id is already indexed (use ``update``).
        """
        self._check_fitted()
        (mentor,) = _check_mentors([mentor])
        if int(mentor.id) in self.row_of_:
            raise ValueError(f"mentor {mentor.id} is already indexed; use update()")
        return self._append([mentor])

    def update(self, mentor: Mentor) -> MentorIndex:
        """Replace a mentor's profile (adds the mentor when the id is unknown)."""
        return self.update_many([mentor])

    def update_many(self, mentors: Iterable[Mentor]) -> MentorIndex:
        """Replace or add many mentors at once: one encode of them all and one
        pending block, so a batch of n edits costs far less than n ``update``.

        Ranks exactly as calling ``update`` for each mentor in turn would.

        Raises
        ------
        ValueError
            If an id repeats.
        """
        self._check_fitted()
        items = _check_mentors(mentors)
        for mentor in items:
            if int(mentor.id) in self.row_of_:
                self.remove(int(mentor.id))
        return self._append(items) if items else self

    def _append(self, items: list[Mentor]) -> MentorIndex:
        """Encode new rows (ids not indexed) and add them as one pending block."""
        text = partial(transform_text, self.text_model_)
        block = encode(items, self.vocab_, partial(_texts, text, self))
        block = with_topics(block, items)
        first = self._rows.n
        self._rows.append(block)
        ids = block.ids.tolist()
        self.row_of_.update(zip(ids, range(first, first + len(ids)), strict=True))
        self._pending.append(block.matrix)
        self._pending_cache = None
        self._refresh_codes()
        if self.pending_count > int(self.max_pending):
            self.compact()
        return self

    def remove(self, mentor_id: int) -> MentorIndex:
        """Drop a mentor; the row is masked now and dropped at the next compaction.

        Raises
        ------
        KeyError
            If the id is not indexed.
        """
        self._check_fitted()
        self._rows.kill(self.row_of_.pop(int(mentor_id)))
        return self

    def copy(self, spare: int = 64) -> MentorIndex:
        """A copy for the next snapshot (copy-on-write), with room for ``spare``
        more rows before the row arrays grow.

        The large matrices are shared, since nothing changes them in place; the
        row arrays, code tables, id map and pending list are copied, so
        ``add``/``update``/``remove``/``compact`` on the copy never touch this
        index and other threads may keep ranking with it meanwhile.
        """
        self._check_fitted()
        out = object.__new__(type(self))
        out.__dict__.update(self.__dict__)
        out._rows = self._rows.copy(spare=max(0, int(spare)))
        out.vocab_ = self.vocab_.copy()
        rows = self.row_of_  # a plain dict in files saved before RowMap
        out.row_of_ = rows.copy() if isinstance(rows, RowMap) else RowMap(dict(rows))
        out._pending = list(self._pending)
        return out

    @property
    def pending_count(self) -> int:
        """Mentors added or updated since the last compaction."""
        self._check_fitted()
        return sum(int(block.shape[0]) for block in self._pending)

    def compact(self) -> MentorIndex:
        """Merge pending rows into the main matrix and drop removed rows."""
        self._check_fitted()
        keep = np.flatnonzero(self.alive_)
        matrix = sp.vstack([self.mentor_rows_, self.pending_rows()], "csr")
        block = RowBlock(
            matrix=matrix[keep],
            **{name: self._rows.view(name)[keep] for name in ROW_FIELDS},
        )
        self._set_rows(block)
        return self

    def prepared(self) -> MentorIndex:
        """Build now what the first ``rank`` would build lazily (the stacked
        pending rows, the combo tables), e.g. before publishing a snapshot, so
        that no page pays for it. Returns self."""
        self._check_fitted()
        self._pending_blocks()
        self._rows.tables()
        return self

    def pending_rows(self) -> sp.csr_matrix:
        """Rows added since the last compaction (row-major)."""
        return self._pending_blocks()[0]

    def _pending_blocks(self) -> tuple[sp.csr_matrix, sp.csc_matrix]:
        if self._pending_cache is None:
            rows = stack_rows(self._pending, self.mentor_rows_.shape[1])
            self._pending_cache = (rows, _csc(rows))
        return self._pending_cache

    # ---------------------------------------------------------------- ranking
    def rank(
        self,
        mentee: Mentee,
        *,
        k: int = 10,
        offset: int = 0,
        filters: RankFilters | None = None,
        audience: str = "mentee",
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
        audience : {"mentee", "mentor", "admin"}, default "mentee"
            Who reads the reasons ("Aims for PgMP, which you hold" for a mentor).

        Returns
        -------
        list of Suggestion
            At most ``k``; never a mentor breaking a hard rule.

        Raises
        ------
        NotFittedError
            Before ``fit``.
        """
        self._check_fitted()
        k, offset = max(0, int(k)), max(0, int(offset))
        query, score, tables = self._score(mentee, filters)
        rows = top_rows(score, self.mentor_ids_, offset + k)[offset:]
        return explain_rows(self, query, score, tables, rows, audience)

    def explain(
        self, mentee: Mentee, mentor_id: int, *, audience: str = "mentee"
    ) -> Suggestion | None:
        """Score, parts and reasons of one indexed mentor for a mentee.

        Returns
        -------
        Suggestion or None
            None when the mentor is not indexed or a hard rule forbids the pair;
            otherwise the same numbers ``rank`` gives that mentor.
        """
        self._check_fitted()
        row = self.row_of_.get(int(mentor_id))
        if row is None:
            return None
        query, score, tables = self._score(mentee, None)
        if not np.isfinite(score[row]):
            return None
        return explain_rows(self, query, score, tables, np.array([row]), audience)[0]

    def explain_scored(
        self,
        mentee: Mentee,
        mentor_id: int,
        score: float,
        encoded: Encoded | None = None,
        *,
        audience: str = "mentee",
    ) -> Suggestion | None:
        """``explain`` for a pair whose score is known (from ``row_scores``):
        parts and reasons (for ``audience``) without scoring every row again.
        The caller vouches that no hard rule forbids the pair."""
        self._check_fitted()
        row = self.row_of_.get(int(mentor_id))
        if row is None:
            return None
        query, tables = encoded if encoded is not None else self.encode(mentee)
        scores = np.zeros(row + 1, dtype=np.float32)
        scores[row] = score
        return explain_rows(self, query, scores, tables, np.array([row]), audience)[0]

    def explain_scored_many(
        self,
        pairs: Sequence[tuple[Encoded, int, float]],
        audiences: Sequence[str] = ("mentee",),
    ) -> list[dict[str, Suggestion] | None]:
        """``explain_scored`` for many (encoded mentee, mentor id, score) pairs
        and several readers at once (a cohort run's proposals): per pair a dict
        of audience to Suggestion, or None when the mentor is not indexed."""
        self._check_fitted()
        found = [
            (i, row)
            for i, (_, mentor_id, _) in enumerate(pairs)
            if (row := self.row_of_.get(int(mentor_id))) is not None
        ]
        said = explain_pairs(
            self,
            [(*pairs[i][0], row, pairs[i][2]) for i, row in found],
            audiences,
        )
        out: list[dict[str, Suggestion] | None] = [None] * len(pairs)
        for (i, _), one in zip(found, said, strict=True):
            out[i] = one
        return out

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
        self._check_fitted()
        _, score, _ = self._score(mentee, filters)
        rows = np.flatnonzero(self.alive_)
        rows = rows[np.argsort(self.mentor_ids_[rows], kind="stable")]
        return self.mentor_ids_[rows].copy(), score[rows].astype(np.float64)

    def row_scores(
        self, mentee: Mentee, encoded: Encoded | None = None
    ) -> NDArray[np.float32]:
        """Score of the mentee against every row (``mentor_ids_`` order), -inf
        where a hard rule forbids the pair or the row is not available; the
        numbers ``rank`` orders by (for bulk candidate generation)."""
        self._check_fitted()
        return self._score(mentee, None, encoded)[1]

    def encode(self, mentee: Mentee) -> Encoded:
        """The mentee's query and per-code tables on this index; pass them to
        ``row_scores`` / ``explain_scored`` to score one mentee many times."""
        if not isinstance(mentee, Mentee):
            raise TypeError(f"expected Mentee, got {type(mentee).__name__}")
        width = self.lang_table_.shape[1]
        query = build_query(mentee, self.vocab_, self.vocabulary_, self.idf_, width)
        query = with_needs(query, self.topic_model_, mentee, self.pref_start_)
        return query, practical_tables(query, self.tz_table_, self.weights_)

    def encode_many(self, mentees: Iterable[Mentee]) -> list[Encoded]:
        """``encode`` for many mentees (a cohort): goal topics and practical
        tables computed once per distinct goals and per distinct time zone and
        formats, which many mentees share; the same encodings as ``encode``."""
        self._check_fitted()
        width = self.lang_table_.shape[1]
        tables: dict[tuple, dict[str, NDArray]] = {}
        out: list[Encoded] = []
        pending = []
        for mentee in mentees:
            if not isinstance(mentee, Mentee):
                raise TypeError(f"expected Mentee, got {type(mentee).__name__}")
            query = build_query(mentee, self.vocab_, self.vocabulary_, self.idf_, width)
            pending.append(
                (mentee, query, (str(mentee.goals or ""), query.targets, query.wanted))
            )
        keys = list(dict.fromkeys(key for _, _, key in pending))
        found = dict(zip(keys, topic_needs_many(self.topic_model_, keys), strict=True))
        for mentee, query, key in pending:
            query = with_needs(
                query, self.topic_model_, mentee, self.pref_start_, found[key]
            )
            where = (query.offsets.tobytes(), query.formats)
            if where not in tables:
                tables[where] = practical_tables(query, self.tz_table_, self.weights_)
            out.append((query, tables[where]))
        return out

    def _score(
        self,
        mentee: Mentee,
        filters: RankFilters | None,
        encoded: Encoded | None = None,
    ) -> tuple[MenteeQuery, NDArray[np.float32], dict[str, NDArray]]:
        """Score every row (``-inf`` where forbidden) without full-length temporaries
        beyond the score itself: practical parts come from a per-combo table."""
        query, tables = encoded if encoded is not None else self.encode(mentee)
        w = self.weights_
        base, bonus = combo_scores(
            query, self._rows.tables(), self.lang_table_, w, tables
        )
        combo = self._rows.view("combo")
        score = np.take(base, combo)
        same = self._chapter_rows(query.chapter)
        score[same] += bonus[combo[same]]
        blocks = self.blocks()
        add_columns(score, blocks, query.cert_cols, w["certification"], cap=1.0)
        share = 1.0 / max(1, len(query.skill_cols))
        add_columns(score, blocks, [(c, share) for c in query.skill_cols], w["skills"])
        add_columns(score, blocks, query.text_cols, w["goals"])
        if query.topics is not None:
            cols = query.topics.columns(self.topic_start_)
            add_columns(score, blocks, cols, w["topics"])
        score += np.float32(w["reciprocity"] * NEUTRAL + w["availability"])
        add_columns(score, blocks, query.wish_cols, w["reciprocity"])
        add_columns(
            score,
            blocks,
            [(self.pref_start_ + AVAILABILITY_COL, 1.0)],
            w["availability"],
        )
        for mentor_id in query.exclude:
            row = self.row_of_.get(mentor_id)
            if row is not None:
                score[row] = -np.inf
        if filters is not None:
            score[~filter_mask(self, filters, tables["hours"])] = -np.inf
        return query, score, tables

    def _chapter_rows(self, chapter: int) -> NDArray[np.intp]:
        """Rows in a chapter (code >= 0), compacted and pending."""
        if chapter < 0:
            return np.empty(0, dtype=np.intp)
        starts, n_base = self.chapter_starts_, self.mentor_rows_.shape[0]
        base = (
            self.chapter_order_[starts[chapter + 1] : starts[chapter + 2]]
            if chapter + 2 < len(starts)
            else self.chapter_order_[:0]
        )
        pending = np.flatnonzero(self.chapter_[n_base:] == chapter) + n_base
        out = np.concatenate([base, pending]) if len(pending) else base
        return np.asarray(out, dtype=np.intp)

    def blocks(self) -> list[tuple[sp.csc_matrix, int]]:
        """(column-major matrix, first row) for the main and the pending rows."""
        n_base = self.mentor_matrix_.shape[0]
        if not self._pending:
            return [(self.mentor_matrix_, 0)]
        return [(self.mentor_matrix_, 0), (self._pending_blocks()[1], n_base)]

    def row_entries(self, row: int) -> dict[int, float]:
        """Non-zero feature columns of one row: {column: value}."""
        n_base = self.mentor_rows_.shape[0]
        matrix, local = (
            (self.mentor_rows_, row)
            if row < n_base
            else (self.pending_rows(), row - n_base)
        )
        lo, hi = matrix.indptr[local], matrix.indptr[local + 1]
        return dict(
            zip(
                matrix.indices[lo:hi].tolist(), matrix.data[lo:hi].tolist(), strict=True
            )
        )

    # ------------------------------------------------------------- persistence
    def save(self, path: str | Path, *, meta: Mapping[str, Any] | None = None) -> None:
        """Write the fitted index with joblib, tagged with FORMAT_VERSION; `meta`
        (plain picklable values) is stored next to it for ``load_with_meta``."""
        self._check_fitted()
        payload = {"format_version": FORMAT_VERSION, "index": self}
        joblib.dump({**payload, "meta": dict(meta or {})}, path)

    @classmethod
    def load(cls, path: str | Path) -> MentorIndex:
        """Read an index written by ``save``.

        Raises
        ------
        IndexVersionError
            If the file is not a saved index or has another format version.
        """
        return cls.load_with_meta(path)[0]

    @classmethod
    def load_with_meta(cls, path: str | Path) -> tuple[MentorIndex, dict[str, Any]]:
        """Read an index written by ``save`` and the `meta` saved with it."""
        payload: Any = joblib.load(path)
        version = payload.get("format_version") if isinstance(payload, dict) else None
        if version != FORMAT_VERSION or not isinstance(payload.get("index"), cls):
            raise IndexVersionError(
                f"{path}: saved index format version {version!r}, this code reads "
                f"version {FORMAT_VERSION}; rebuild the index with fit()"
            )
        return payload["index"], dict(payload.get("meta") or {})

    def memory_bytes(self) -> int:
        """Bytes held by the index's arrays and sparse matrices (approximate)."""
        total = self._rows.nbytes()
        for value in [*vars(self).values(), *self._pending]:
            if isinstance(value, np.ndarray):
                total += value.nbytes
            elif sp.issparse(value):
                total += sum(
                    getattr(value, a).nbytes for a in ("data", "indices", "indptr")
                )
        return total + 64 * len(self.row_of_)


def _texts(text: partial, index: MentorIndex, texts: list[str]) -> sp.csr_matrix:
    """TF-IDF rows of new mentors' texts followed by their raw topic evidence."""
    rows = text(texts)
    topics = transform_topics(index.topic_model_, index.text_model_, texts, rows)
    return sp.hstack([rows, topics], format="csr")


def _csc(matrix: sp.csr_matrix) -> sp.csc_matrix:
    out = sp.csc_matrix(matrix, dtype=np.float32)
    out.sort_indices()
    return out


def _check_mentors(mentors: Iterable[Mentor]) -> list[Mentor]:
    items = list(mentors)
    for m in items:
        if not isinstance(m, Mentor):
            raise TypeError(f"expected Mentor, got {type(m).__name__}")
    ids = np.sort(np.array([int(m.id) for m in items], dtype=np.int64))
    repeated = ids[1:][ids[1:] == ids[:-1]]
    if len(repeated):
        raise ValueError(f"duplicate mentor id {int(repeated[0])}")
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
