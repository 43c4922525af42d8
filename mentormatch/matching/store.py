"""Encoding of mentor profiles into the index's compact row arrays."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer

from mentormatch.matching import features as ft
from mentormatch.matching.catalog import CERTIFICATION_CODES, SKILL_NAMES
from mentormatch.matching.types import Mentor

CERT_COL: dict[str, int] = {c: i for i, c in enumerate(CERTIFICATION_CODES)}
SKILL_COL: dict[str, int] = {s: len(CERT_COL) + i for i, s in enumerate(SKILL_NAMES)}
TEXT_START = len(CERT_COL) + len(SKILL_COL)
"""Column layout: certifications, then skills, then the TF-IDF text vocabulary."""


@dataclass
class Vocabularies:
    """Growing code tables for chapters, languages and time-zone offset pairs."""

    chapters: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    timezones: dict[tuple[float, float] | None, int] = field(
        default_factory=lambda: {None: 0}
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


@dataclass
class RowBlock:
    """Encoded mentors: a sparse feature matrix plus one array per practical field."""

    ids: NDArray[np.int64]
    matrix: sp.csr_matrix
    years: NDArray[np.float32]
    tz_code: NDArray[np.int32]
    formats: NDArray[np.uint8]
    chapter: NDArray[np.int32]
    languages: NDArray[np.uint64]
    eligible: NDArray[np.bool_]


def mentor_text(mentor: Mentor, unknown_skills: Sequence[str]) -> str:
    """Normalised expertise text, with unknown (free-text) skills folded in."""
    raw = " ".join([str(mentor.expertise or ""), *map(str, unknown_skills)])
    return ft.normalise_text(raw)


def _float(value: object) -> float:
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return out if np.isfinite(out) else 0.0


def _code_block(mentors: Sequence[Mentor], width: int) -> sp.csr_matrix:
    indptr, indices = [0], []
    for m in mentors:
        cols = {CERT_COL[c] for c in ft.certifications(m.certifications or ())}
        cols |= {SKILL_COL[s] for s in ft.skills(m.skills or ())[0]}
        indices.extend(sorted(cols))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    shape = (len(mentors), width)
    return sp.csr_matrix((data, np.array(indices, np.int32), indptr), shape=shape)


def encode(
    mentors: Sequence[Mentor],
    vocab: Vocabularies,
    vectorizer: TfidfVectorizer | None,
    texts: Sequence[str] | None = None,
    text_matrix: sp.spmatrix | None = None,
) -> RowBlock:
    """Encode mentors with fitted vocabularies (chapters/languages/zones may grow).

    Parameters
    ----------
    mentors : sequence of Mentor, length n
    vocab : Vocabularies
    vectorizer : fitted TfidfVectorizer or None (no text features)
    texts : precomputed ``mentor_text`` values, or None
    text_matrix : precomputed ``vectorizer.transform(texts)``, or None

    Returns
    -------
    RowBlock
        ``matrix`` has shape (n, TEXT_START + len(text vocabulary)).
    """
    if texts is None:
        texts = [mentor_text(m, ft.skills(m.skills or ())[1]) for m in mentors]
    n_text = len(vectorizer.vocabulary_) if vectorizer is not None else 0
    codes = _code_block(mentors, TEXT_START)
    if text_matrix is not None:
        text = sp.csr_matrix(text_matrix, dtype=np.float32)
    elif vectorizer is not None:
        text = vectorizer.transform(texts).astype(np.float32)
    else:
        text = sp.csr_matrix((len(mentors), 0), dtype=np.float32)
    matrix = sp.hstack([codes, text], format="csr", dtype=np.float32)
    assert matrix.shape[1] == TEXT_START + n_text
    words = [vocab.language_bits(list(m.languages or ()), grow=True) for m in mentors]
    width = max([len(vocab.languages) // 64 + 1, *(len(w) for w in words)])
    lang = np.zeros((len(mentors), width), dtype=np.uint64)
    for row, word in enumerate(words):
        lang[row, : len(word)] = np.array(word, dtype=np.uint64)
    return RowBlock(
        ids=np.array([int(m.id) for m in mentors], dtype=np.int64),
        matrix=matrix,
        years=np.array([_float(m.years_experience) for m in mentors], np.float32),
        tz_code=np.array([vocab.timezone(m.timezone) for m in mentors], np.int32),
        formats=np.array([ft.format_bits(m.formats) for m in mentors], np.uint8),
        chapter=np.array(
            [vocab.chapter(m.chapter, grow=True) for m in mentors], np.int32
        ),
        languages=lang,
        eligible=np.array(
            [bool(m.active) and _float(m.capacity_left) > 0 for m in mentors], bool
        ),
    )


def widen(languages: NDArray[np.uint64], width: int) -> NDArray[np.uint64]:
    """Pad a (n, w) language bit array with zero words up to ``width`` columns."""
    if languages.shape[1] >= width:
        return languages
    pad = np.zeros((languages.shape[0], width - languages.shape[1]), np.uint64)
    return np.hstack([languages, pad])
