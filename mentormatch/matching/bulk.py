"""Many mentees against a fixed set of index rows at once (cohort candidates).

``MentorIndex._score`` scores one mentee with a dozen column passes; a cohort
scores thousands, where those passes' Python overhead dominates. Here a block
of mentees becomes two query matrices (certification weights, capped at 1 per
mentee as in the engine, and every linear part) over only the feature columns
the block uses, multiplied once against those columns of the chosen rows;
practical parts come from the same per-combo tables. Same parts and weights
as the engine; only the float32 summation order differs (a few ulp, below 1e-6
of a score).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from mentormatch.matching.engine import language_ok, place_parts, years_part
from mentormatch.matching.preferences import AVAILABILITY_COL, NEUTRAL
from mentormatch.matching.topics import N_TOPICS

if TYPE_CHECKING:
    from mentormatch.matching.index import Encoded, MentorIndex

CELLS = 1_000_000
"""Scores per block (mentees x rows): 4 MB of float32. On the 10k demo
(6,262 mentors, so 159 mentees a block) a whole cohort run took 0.87-0.94 of
the time with 4M cells, and 0.85-0.93 of the peak memory: the blocks in
flight on the scoring threads and their temporaries are a quarter the size.
(2M: 0.90-0.98, 0.5M: 0.92-0.99.)"""
MIN_BLOCK = 40
"""Fewest mentees per block: each block densifies the feature rows its
queries use over all the block's columns, so against many mentors (a chapter
against 91k, where CELLS alone gives 10 mentees a block) small blocks would
repeat that work: 1.14-1.16 of the time with 10 mentees against 43."""


class BulkScorer:
    """Engine scores of many mentees against ``rows`` of a fitted index.

    Parameters
    ----------
    index : MentorIndex
    rows : ndarray of int
        Index rows to score (``index.row_of_`` values), in output column order.
    """

    def __init__(self, index: MentorIndex, rows: NDArray[np.intp]) -> None:
        index._check_fitted()
        self.index, self.rows = index, np.asarray(rows, dtype=np.intp)
        matrix = index.mentor_rows_
        if index.pending_count:
            matrix = sp.vstack([matrix, index.pending_rows()], format="csr")
        # feature-major (F x r), so a query row gathers whole feature rows
        self.features = sp.csr_matrix(matrix[self.rows].T, dtype=np.float32)
        self.combo = index._rows.view("combo")[self.rows]
        # read once here: blocks are scored on several threads
        self.combo_tables = index._rows.tables()
        self.chapter = index._rows.view("chapter")[self.rows]
        ids = index.mentor_ids_[self.rows].tolist()
        self.col_of_id = dict(zip(ids, range(len(ids)), strict=True))
        self._by_chapter: dict[int, tuple[NDArray[np.intp], NDArray]] = {}
        # combo_scores' parts per time-zone tables, and the combos each
        # language set rules out
        self._parts: dict[int, tuple[object, NDArray, NDArray]] = {}
        self._shut: dict[bytes, NDArray[np.bool_]] = {}
        start = index.topic_start_  # the rows' goal-topic columns, dense
        self._topics = self.features[start : start + N_TOPICS].toarray()

    def _chapter_cols(self, chapter: int) -> tuple[NDArray[np.intp], NDArray]:
        """Output columns of the rows in `chapter` and their combos (cached:
        a cohort's mentees share few chapters)."""
        found = self._by_chapter.get(chapter)
        if found is None:
            cols = np.flatnonzero(self.chapter == chapter)
            found = self._by_chapter[chapter] = (cols, self.combo[cols])
        return found

    def _practical(
        self, encoded: Sequence[Encoded]
    ) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """``combo_scores`` of each mentee of a block, (n x combos) each, from
        its parts: per time zone and formats, per years, per languages, each
        worked out once per block or scorer (a cohort has few of each, where
        one call per mentee was a third of the scoring's Python time)."""
        tables, w = self.combo_tables, self.index.weights_
        places: dict[int, int] = {}
        years: dict[float, int] = {}
        langs: dict[bytes, int] = {}
        picks = np.empty((3, len(encoded)), dtype=np.intp)
        for i, (query, tabs) in enumerate(encoded):
            picks[0, i] = places.setdefault(id(tabs), len(places))
            if id(tabs) not in self._parts:  # kept with its tables: the id stays theirs
                self._parts[id(tabs)] = (tabs, *place_parts(tables, w, tabs))
            picks[1, i] = years.setdefault(query.years, len(years))
            key = query.languages.tobytes()
            picks[2, i] = langs.setdefault(key, len(langs))
            if key not in self._shut:
                ok = language_ok(tables, self.index.lang_table_, query.languages)
                self._shut[key] = ~ok
        place = [self._parts[k][1:] for k in places]
        base = np.stack([b for b, _ in place])[picks[0]]
        base += np.stack([years_part(tables, w, y) for y in years])[picks[1]]
        bonus = np.stack([b for _, b in place])[picks[0]]
        shut = np.stack([self._shut[k] for k in langs])[picks[2]]
        base[shut] = -np.inf
        bonus[shut] = 0.0
        return base, bonus

    def _product(self, part: _Entries, n: int) -> NDArray[np.float32]:
        """Dense (n x r) ``query @ features`` over only the columns the block's
        queries use: a few hundred of the thousands, so both sides are small
        dense matrices and the product is one BLAS call."""
        if not part.cols:
            return np.zeros((n, len(self.rows)), dtype=np.float32)
        rows = np.repeat(np.arange(n, dtype=np.intp), part.counts)
        used, at = np.unique(np.asarray(part.cols, dtype=np.intp), return_inverse=True)
        query = np.zeros((n, used.size), dtype=np.float32)
        np.add.at(query, (rows, at), np.asarray(part.vals, dtype=np.float32))
        return query @ self.features[used].toarray()

    def block_size(self) -> int:
        """Mentees per block: about CELLS scores, at least MIN_BLOCK mentees."""
        return int(np.clip(CELLS // max(1, len(self.rows)), MIN_BLOCK, 4096))

    def scores(
        self, encoded: Sequence[Encoded], out: NDArray[np.float32] | None = None
    ) -> NDArray[np.float32]:
        """(len(encoded), len(rows)) scores; -inf where a hard rule forbids
        (written into `out` when given)."""
        index, w = self.index, self.index.weights_
        n = len(encoded)
        if out is None:
            out = np.empty((n, len(self.rows)), dtype=np.float32)
        base, bonus = self._practical(encoded)
        np.take(base, self.combo, axis=1, out=out)
        cert, linear = _Entries(), _Entries()
        capped = np.zeros(n, dtype=bool)
        topics = np.zeros((n, N_TOPICS), dtype=np.float64)  # dense: most are > 0
        for i, (query, _) in enumerate(encoded):
            if query.chapter >= 0:
                cols, combos = self._chapter_cols(query.chapter)
                out[i, cols] += bonus[i, combos]
            cert.add(query.cert_cols, 1.0)
            cert.close()
            capped[i] = sum(v for _, v in query.cert_cols) > 1.0
            share = 1.0 / max(1, len(query.skill_cols))
            linear.add([(c, share) for c in query.skill_cols], w["skills"])
            linear.add(query.text_cols, w["goals"])
            linear.add(query.wish_cols, w["reciprocity"])
            linear.add(
                ((index.pref_start_ + AVAILABILITY_COL, 1.0),), w["availability"]
            )
            if query.topics is not None:
                topics[i] = query.topics.expanded
            linear.close()
        certs = self._product(cert, n)
        np.minimum(certs, np.float32(1.0), out=certs, where=capped[:, None])
        certs *= np.float32(w["certification"])
        out += certs
        del certs
        out += self._product(linear, n)
        topics *= w["topics"]
        out += topics.astype(np.float32) @ self._topics
        out += np.float32(w["reciprocity"] * NEUTRAL + w["availability"])
        for i, (query, _) in enumerate(encoded):
            found = [self.col_of_id.get(m) for m in query.exclude]
            out[i, [c for c in found if c is not None]] = -np.inf
        return out


class _Entries:
    """One block's query entries, row by row: column and value lists and how
    many entries each row has (flat lists: far cheaper than (row, col, value)
    tuples at a block's hundreds of thousands of entries)."""

    __slots__ = ("cols", "counts", "vals", "_start")

    def __init__(self) -> None:
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.counts: list[int] = []
        self._start = 0

    def add(self, entries: Iterable[tuple[int, float]], scale: float) -> None:
        for c, v in entries:
            self.cols.append(c)
            self.vals.append(v * scale)

    def close(self) -> None:
        """End the current row."""
        self.counts.append(len(self.cols) - self._start)
        self._start = len(self.cols)


Entries = tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float32]]
"""(block rows, columns, scores) of some entries of a block."""


class ColumnBest:
    """Each column's ``depth`` best finite scores over row blocks fed in
    increasing row order (ties: lower row), kept per column best first.

    A block's entries above the column's current cut are merged into the
    columns they touch (a later row never wins a tie: scores share many exact
    values). Until as many rows were seen as a piece holds, blocks are taken in
    pieces of doubling size, so the cut rises before the many rows come: each
    piece merges about depth x columns entries, and after the first block a
    block costs one comparison pass and a small merge."""

    def __init__(self, columns: int, depth: int) -> None:
        self.depth = max(0, depth)
        # column-major: a column's kept scores are one contiguous row
        self.vals = np.full((columns, self.depth), -np.inf, dtype=np.float32)
        self.rows = np.full((columns, self.depth), -1, dtype=np.int64)
        self.seen = 0

    def above(self, block: NDArray[np.float32]) -> Entries | None:
        """A block's entries above the current cuts, for ``add`` (safe on
        another thread while ``add`` runs: cuts only rise, so an older cut
        lets more through, never fewer); None before the first block."""
        if not self.depth or not self.seen:
            return None
        return self._entries(block)

    def _entries(self, block: NDArray[np.float32]) -> Entries:
        r, c = np.nonzero(block > self.vals[:, -1][None, :])
        return r, c, block[r, c]

    def add(
        self,
        rows: NDArray[np.integer],
        block: NDArray[np.float32],
        above: Entries | None = None,
    ) -> None:
        """Merge a block of scores; ``rows``: the row number of each block row;
        ``above``: the block's ``above`` when already worked out (the whole
        block is then one piece)."""
        if not self.depth:
            return
        rows = np.asarray(rows, dtype=np.int64)
        start = 0
        while start < len(rows):
            if above is None:
                stop = min(len(rows), start + max(self.depth, self.seen))
                r, c, vals = self._entries(block[start:stop])
            else:
                stop, (r, c, vals) = len(rows), above
            if r.size:
                self._merge(rows[start:stop][r], c, vals)
            self.seen += stop - start
            start = stop

    def _merge(self, rows: NDArray, cols: NDArray, vals: NDArray) -> None:
        """Merge entries given row by row: grouped by column in row order, put
        after the column's kept ones, then a stable sort by score keeps the
        lower row first among ties."""
        order = np.argsort(cols, kind="stable")
        rows, cols, vals = rows[order], cols[order], vals[order]
        touched, first, count = np.unique(cols, return_index=True, return_counts=True)
        at = np.repeat(np.arange(touched.size), count)
        rank = np.arange(cols.size) - np.repeat(first, count)
        width = int(count.max())
        new_v = np.full((touched.size, width), -np.inf, dtype=np.float32)
        new_r = np.full((touched.size, width), -1, dtype=np.int64)
        new_v[at, rank], new_r[at, rank] = vals, rows
        both_v = np.hstack((self.vals[touched], new_v))
        both_r = np.hstack((self.rows[touched], new_r))
        best = np.argsort(-both_v, axis=1, kind="stable")[:, : self.depth]
        self.vals[touched] = np.take_along_axis(both_v, best, axis=1)
        self.rows[touched] = np.take_along_axis(both_r, best, axis=1)

    def pairs(self) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float32]]:
        """(rows, columns, scores) of every column's best."""
        c, k = np.nonzero(self.rows >= 0)
        return self.rows[c, k], c.astype(np.int64), self.vals[c, k]


SAMPLE = 8
"""``best_columns`` guesses each row's cut from every SAMPLE-th column."""


def best_columns(
    scores: NDArray[np.float32], depth: int
) -> tuple[NDArray[np.int32], NDArray[np.float32], NDArray[np.float32]]:
    """Per row the ``depth`` best finite columns, best first (ties: lower column),
    padded with -1 / -inf, and the best score left below them (-inf: none)."""
    n, m = scores.shape
    take = min(depth + 1, m)
    part = np.empty((n, take), dtype=np.intp)
    vals = np.empty((n, take), dtype=scores.dtype)
    todo = np.ones(n, dtype=bool)
    # wide float32 rows (the cut's keys read the score's 32 bits): most are
    # settled above a cut
    if take * SAMPLE * 2 < m and scores.dtype == np.float32:
        done, part[done], vals[done] = _best_above_cut(scores, take)
        todo[done] = False
    rest = np.flatnonzero(todo)
    if rest.size:
        part[rest], vals[rest] = _best_by_partition(
            scores if rest.size == n else scores[rest], take
        )
    left = vals[:, depth] if vals.shape[1] > depth else np.full(n, -np.inf, np.float32)
    best = vals[:, :depth]
    cols: NDArray[np.int32] = np.where(np.isfinite(best), part[:, :depth], -1).astype(
        np.int32
    )
    return cols, best, np.asarray(left, dtype=np.float32)


def _best_above_cut(
    scores: NDArray[np.float32], take: int
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float32]]:
    """(rows, their `take` best columns and scores in order) for the rows whose
    guessed cut held. The cut is a score that about 1.5 x `take` columns reach,
    read off every SAMPLE-th column; a row where at least `take` (and not too
    many) reach it has its `take` best among them, so only those are ordered,
    as one integer key per pair (score descending, then column): a third of
    the time of a partition over the whole row. Other rows are left to
    ``_best_by_partition``."""
    n, m = scores.shape
    sample = scores[:, ::SAMPLE]
    rank = min(sample.shape[1], -(-3 * take // (2 * SAMPLE)))
    cut = np.partition(sample, sample.shape[1] - rank, axis=1)[:, -rank]
    above = scores >= cut[:, None]
    counts = above.sum(axis=1)
    rows = np.flatnonzero((counts >= take) & (counts <= 8 * take))
    if not rows.size:
        return rows, np.empty((0, take), np.intp), np.empty((0, take), scores.dtype)
    flat = np.flatnonzero(above if rows.size == n else above[rows])
    r, c = np.divmod(flat, m)
    counts = counts[rows]
    at = np.arange(r.size) - np.repeat(np.cumsum(counts) - counts, counts)
    # key: the negated score's bits made order-preserving (zeros of either sign
    # as +0, so they tie and the column decides), then the column
    neg = -scores[rows[r], c]
    neg += np.float32(0.0)
    bits = neg.view(np.int32).astype(np.int64)
    bits ^= (bits >> 31) & 0x7FFFFFFF
    keys = np.full((rows.size, int(counts.max())), np.iinfo(np.int64).max)
    keys[r, at] = (bits << 32) | c
    if keys.shape[1] > take:
        keys = np.partition(keys, take - 1, axis=1)[:, :take]
    keys.sort(axis=1)
    cols = (keys & 0xFFFFFFFF).astype(np.intp)
    return rows, cols, scores[rows[:, None], cols]


def _best_by_partition(
    scores: NDArray[np.float32], take: int
) -> tuple[NDArray[np.intp], NDArray[np.float32]]:
    """Each row's `take` best columns and scores in order (ties: lower column),
    by a partition of the whole row."""
    n, m = scores.shape
    if take < m:  # the `take` largest of each row (no negated copy of the block)
        part = np.argpartition(scores, m - take, axis=1)[:, m - take :]
        vals = np.take_along_axis(scores, part, axis=1)
        kth = vals.min(axis=1)  # the cut
    else:
        part = np.broadcast_to(np.arange(m), (n, m))
        vals = scores
        kth = np.full(n, -np.inf, dtype=np.float32)
    # ties at the cut: keep the lowest columns among those equal to the cut;
    # rows where some score equal to the cut was left out (maybe a lower column)
    level = kth[:, None]
    tie = (scores == level).sum(axis=1) > (vals == level).sum(axis=1)
    tie &= np.isfinite(kth)
    part = np.array(part, copy=True)
    tied = np.flatnonzero(tie)
    # those rows: every column above the cut, then the lowest equal (a loop
    # over the tied rows is cheaper than a cumulative count over the block)
    for i in tied.tolist():
        row = scores[i]
        above = np.flatnonzero(row > kth[i])
        equal = np.flatnonzero(row == kth[i])[: take - above.size]
        part[i] = np.concatenate((above, equal))
        vals[i] = row[part[i]]
    order = np.lexsort((part, -vals), axis=1)
    return np.take_along_axis(part, order, axis=1), np.take_along_axis(
        vals, order, axis=1
    )
