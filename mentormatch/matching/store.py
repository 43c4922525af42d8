"""Encoding of mentor profiles into the index's compact row arrays."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from mentormatch.matching import features as ft
from mentormatch.matching.catalog import CERTIFICATION_CODES, SKILL_NAMES
from mentormatch.matching.types import Mentor

CERT_COL: dict[str, int] = {c: i for i, c in enumerate(CERTIFICATION_CODES)}
SKILL_COL: dict[str, int] = {s: len(CERT_COL) + i for i, s in enumerate(SKILL_NAMES)}
TEXT_START = len(CERT_COL) + len(SKILL_COL)
"""Column layout: certifications, then skills, then the TF-IDF text vocabulary."""


@dataclass
class Vocabularies:
    """Growing code tables for chapters, languages, language sets and zones."""

    chapters: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    language_sets: dict[tuple[int, ...], int] = field(default_factory=dict)
    timezones: dict[tuple[float, float] | None, int] = field(
        default_factory=lambda: {None: 0}
    )

    def copy(self) -> Vocabularies:
        """Independent tables: growing the copy leaves this one untouched."""
        return Vocabularies(
            dict(self.chapters),
            dict(self.languages),
            dict(self.language_sets),
            dict(self.timezones),
        )

    def chapter(self, name: str, *, grow: bool) -> int:
        """Code of a chapter name (-1 for empty; -2 when unknown and not growing)."""
        key = " ".join(str(name).split()).lower()
        if not key:
            return -1
        if key not in self.chapters and grow:
            self.chapters[key] = len(self.chapters)
        return self.chapters.get(key, -2)

    def language_bits(self, names: Sequence[str], *, grow: bool) -> list[int]:
        """Language set as a list of 64-bit words (unknown names are dropped)."""
        bits: list[int] = []
        for lang in {ft.canonical_language(n) for n in names or ()} - {""}:
            if lang not in self.languages and grow:
                self.languages[lang] = len(self.languages)
            code = self.languages.get(lang)
            if code is not None:
                bits.extend([0] * (code // 64 + 1 - len(bits)))
                bits[code // 64] |= 1 << (code % 64)
        return bits

    def language_set(self, names: Sequence[str]) -> int:
        """Code of a mentor's language set (the vocabulary grows)."""
        words = tuple(self.language_bits(list(names), grow=True))
        return self.language_sets.setdefault(words, len(self.language_sets))

    def language_table(self) -> NDArray[np.uint64]:
        """Bits of every language set, shape (n_sets, n_words)."""
        width = len(self.languages) // 64 + 1
        table = np.zeros((max(1, len(self.language_sets)), width), dtype=np.uint64)
        for words, code in self.language_sets.items():
            table[code, : len(words)] = np.array(words, dtype=np.uint64)
        return table

    def timezone(self, name: str) -> int:
        """Code of the (January, July) offset pair of a zone; 0 when unknown."""
        pair = ft.timezone_offsets(str(name))
        return self.timezones.setdefault(pair, len(self.timezones))

    def timezone_table(self) -> NDArray[np.float64]:
        """Offsets per time-zone code, shape (n_codes, 2); NaN for unknown."""
        table = np.full((len(self.timezones), 2), np.nan)
        for pair, code in self.timezones.items():
            if pair is not None:
                table[code] = pair
        return table


ROW_FIELDS: dict[str, Any] = {
    "ids": np.int64,
    "years": np.float32,
    "tz_code": np.int32,
    "formats": np.uint8,
    "chapter": np.int32,
    "lang_code": np.int32,
    "eligible": np.bool_,
}
"""Per-row practical fields, one array each."""


@dataclass
class RowBlock:
    """Encoded mentors: a sparse feature matrix plus one array per practical field."""

    ids: NDArray[np.int64]
    matrix: sp.csr_matrix
    years: NDArray[np.float32]
    tz_code: NDArray[np.int32]
    formats: NDArray[np.uint8]
    chapter: NDArray[np.int32]
    lang_code: NDArray[np.int32]
    eligible: NDArray[np.bool_]


def _float(value: object) -> float:
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return out if np.isfinite(out) else 0.0


def _floats(values: list[object]) -> NDArray[np.float64]:
    """``float`` of each value; 0 for missing, non-numeric or non-finite."""
    try:
        out = np.array(values, dtype=np.float64)
    except (TypeError, ValueError):
        out = np.array([_float(v) for v in values], dtype=np.float64)
    out[~np.isfinite(out)] = 0.0
    return out


def _per_distinct(values: list[Hashable], fn: Callable[[Any], int]) -> list[int]:
    """``fn`` once per distinct value (in order of first appearance), mapped back."""
    table = {v: fn(v) for v in dict.fromkeys(values)}
    return list(map(table.__getitem__, values))


def _flat_columns(
    lists: list[Any], canonical: Callable[[str], str | None], columns: dict[str, int]
) -> tuple[NDArray[np.int64], NDArray[np.int64], list[Any]]:
    """(rows, columns, values) of every listed value; -1 for unknown values."""
    flat = [v for values in lists for v in values]
    col = {v: columns.get(canonical(v), -1) for v in dict.fromkeys(flat)}  # type: ignore[arg-type]
    cols = np.fromiter(map(col.__getitem__, flat), np.int64, len(flat))
    rows = np.repeat(np.arange(len(lists)), np.fromiter(map(len, lists), np.int64))
    return rows, cols, flat


def _code_block(mentors: Sequence[Mentor], texts: list[str]) -> sp.csr_matrix:
    """Certification and skill columns; unknown skills are appended to ``texts``."""
    c_rows, c_cols, _ = _flat_columns(
        [m.certifications or () for m in mentors], ft.canonical_certification, CERT_COL
    )
    s_rows, s_cols, skills = _flat_columns(
        [m.skills or () for m in mentors], ft.canonical_skill, SKILL_COL
    )
    for i in np.flatnonzero(s_cols < 0).tolist():
        texts[s_rows[i]] += " " + str(skills[i])
    rows, cols = np.concatenate([c_rows, s_rows]), np.concatenate([c_cols, s_cols])
    key = np.sort(rows[cols >= 0] * TEXT_START + cols[cols >= 0])
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    key = key[first]
    indptr = np.zeros(len(mentors) + 1, dtype=np.int64)
    np.cumsum(np.bincount(key // TEXT_START, minlength=len(mentors)), out=indptr[1:])
    data = np.ones(len(key), dtype=np.float32)
    shape = (len(mentors), TEXT_START)
    return sp.csr_matrix((data, (key % TEXT_START).astype(np.int32), indptr), shape)


def encode(
    mentors: Sequence[Mentor],
    vocab: Vocabularies,
    text: Callable[[list[str]], sp.csr_matrix],
) -> RowBlock:
    """Encode mentors with fitted vocabularies (chapters/languages/zones may grow).

    Parameters
    ----------
    mentors : sequence of Mentor, length n
    vocab : Vocabularies
    text : callable
        TF-IDF rows of the mentors' texts (expertise plus unknown skills),
        e.g. ``functools.partial(text.transform_text, model)``.

    Returns
    -------
    RowBlock
        ``matrix`` has shape (n, TEXT_START + len(text vocabulary)).
    """
    texts = [str(m.expertise or "") for m in mentors]
    codes = _code_block(mentors, texts)
    matrix = sp.hstack([codes, text(texts)], format="csr", dtype=np.float32)
    capacity = _floats([m.capacity_left for m in mentors])
    active = np.array([bool(m.active) for m in mentors], dtype=bool)
    return RowBlock(
        ids=np.array([int(m.id) for m in mentors], dtype=np.int64),
        matrix=matrix,
        years=_floats([m.years_experience for m in mentors]).astype(np.float32),
        tz_code=np.array(
            _per_distinct([str(m.timezone) for m in mentors], vocab.timezone), np.int32
        ),
        formats=np.array(
            _per_distinct([tuple(m.formats or ()) for m in mentors], ft.format_bits),
            np.uint8,
        ),
        chapter=np.array(
            _per_distinct(
                [str(m.chapter) for m in mentors],
                lambda c: vocab.chapter(c, grow=True),
            ),
            np.int32,
        ),
        lang_code=np.array(
            _per_distinct(
                [tuple(m.languages or ()) for m in mentors], vocab.language_set
            ),
            np.int32,
        ),
        eligible=active & (capacity > 0),
    )
