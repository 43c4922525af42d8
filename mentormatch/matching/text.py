"""TF-IDF of expertise text over a whole corpus at once (no per-row Python work)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from mentormatch.matching import features as ft

_SEP = "\n"
"""Row separator of the joined corpus; ``text_key`` output never contains it."""
_WORDS = re.compile(r"\w+|\n")
_TOKEN = re.compile(ft.TOKEN_PATTERN)
_PHRASES = re.compile("\n|" + ft.PHRASE_PATTERN)
_EXPANSION_TERMS: dict[str, tuple[str, ...]] = {
    phrase: tuple(
        t for t in re.findall(ft.TOKEN_PATTERN, extra) if t not in ft.STOP_WORDS
    )
    for phrase, extra in ft.EXPANSION.items()
}


@dataclass(frozen=True)
class TextModel:
    """Fitted text vocabulary: ``terms`` sorted (column order), ``idf`` per term."""

    vocabulary: dict[str, int]
    terms: NDArray[np.str_]
    idf: NDArray[np.float32]


def _term_codes(
    items: list[str], vocabulary: dict[str, int], learn: bool
) -> NDArray[np.int64]:
    """Column per scanned word: -1 row break, -2 not a term (or unknown)."""
    code: dict[str, int] = {}
    for w in set(items):
        if w == _SEP:
            code[w] = -1
        elif w in ft.STOP_WORDS or not _TOKEN.fullmatch(w):
            code[w] = -2
        elif learn:
            code[w] = vocabulary.setdefault(w, len(vocabulary))
        else:
            code[w] = vocabulary.get(w, -2)
    return np.fromiter(map(code.__getitem__, items), np.int64, len(items))


def _expansions(
    found: list[str], vocabulary: dict[str, int], learn: bool
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(rows, columns) of the concept terms added by the phrases found."""
    slot: dict[str, int] = {_SEP: 0}
    table: list[list[int]] = [[]]
    for phrase in set(found) - {_SEP}:
        slot[phrase] = len(table)
        terms = _EXPANSION_TERMS[phrase]
        if learn:
            table.append([vocabulary.setdefault(t, len(vocabulary)) for t in terms])
        else:
            table.append([vocabulary[t] for t in terms if t in vocabulary])
    ids = np.fromiter(map(slot.__getitem__, found), np.int64, len(found))
    rows = np.cumsum(ids == 0)
    lens = np.array([len(t) for t in table], dtype=np.int64)
    flat = np.array([c for t in table for c in t], dtype=np.int64)
    starts = np.cumsum(lens) - lens
    per = lens[ids]
    offsets = np.arange(int(per.sum())) - np.repeat(np.cumsum(per) - per, per)
    return np.repeat(rows, per), flat[np.repeat(starts[ids], per) + offsets]


def _counts(
    keys: Sequence[str], vocabulary: dict[str, int], *, learn: bool
) -> sp.csr_matrix:
    """Term counts per key; with ``learn`` new terms join ``vocabulary``."""
    joined = _SEP.join(keys)
    cols = _term_codes(_WORDS.findall(joined), vocabulary, learn)
    rows = np.cumsum(cols == -1)
    extra_rows, extra_cols = _expansions(_PHRASES.findall(joined), vocabulary, learn)
    hit = cols >= 0
    rows = np.concatenate([rows[hit], extra_rows])
    cols = np.concatenate([cols[hit], extra_cols])
    shape = (len(keys), len(vocabulary))
    ones = np.ones(len(rows), dtype=np.float32)
    counts = sp.csr_matrix((ones, (rows, cols)), shape=shape)
    counts.sum_duplicates()
    return counts


def _weigh(
    counts: sp.csr_matrix, idf: NDArray[np.float32], weights: NDArray | None = None
) -> sp.csr_matrix:
    """Sublinear tf times idf, rows scaled to unit l2 norm (as TfidfVectorizer)."""
    np.log(counts.data, out=counts.data)
    counts.data += np.float32(1.0)
    counts.data *= idf[counts.indices]
    sq = np.asarray(counts.multiply(counts).sum(axis=1), dtype=np.float64).ravel()
    norms = np.sqrt(sq)
    norms[norms == 0] = 1.0
    counts.data /= np.repeat(norms, np.diff(counts.indptr)).astype(np.float32)
    return counts


def unique_keys(texts: Sequence[str]) -> tuple[list[str], NDArray[np.intp]]:
    """``text_key`` of each distinct text once, and the row -> distinct map."""
    slot: dict[str, int] = {}
    inverse = np.fromiter(
        (slot.setdefault(t, len(slot)) for t in texts), np.intp, len(texts)
    )
    return [ft.text_key(t) for t in slot], inverse


def fit_text(texts: Sequence[str]) -> tuple[TextModel | None, sp.csr_matrix]:
    """Learn vocabulary and idf, and return the TF-IDF rows of ``texts``.

    Same numbers as a ``TfidfVectorizer(sublinear_tf=True)`` over
    ``features.normalise_text`` of each text, with the package's token pattern
    and stop words; the model is None when no text has a usable word.
    """
    keys, inverse = unique_keys(texts)
    vocabulary: dict[str, int] = {}
    counts = _counts(keys, vocabulary, learn=True)
    if not vocabulary:
        return None, sp.csr_matrix((len(texts), 0), dtype=np.float32)
    per_key = np.bincount(inverse, minlength=len(keys)).astype(np.float64)
    df = np.bincount(
        counts.indices,
        weights=np.repeat(per_key, np.diff(counts.indptr)),
        minlength=len(vocabulary),
    ).astype(np.float32)
    idf = np.float32(len(texts) + 1) / (df + np.float32(1.0))
    np.log(idf, out=idf)
    idf += np.float32(1.0)
    terms = np.array(list(vocabulary))
    order = np.argsort(terms, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    counts.indices = rank[counts.indices].astype(counts.indices.dtype)
    counts.has_sorted_indices = False
    counts.sort_indices()
    terms, idf = terms[order], idf[order]
    model = TextModel({str(t): i for i, t in enumerate(terms)}, terms, idf)
    rows = _weigh(counts, idf)
    return model, rows[inverse] if len(keys) < len(texts) else rows


def transform_text(model: TextModel | None, texts: Sequence[str]) -> sp.csr_matrix:
    """TF-IDF rows of ``texts`` with a fitted model (unknown terms dropped)."""
    if model is None:
        return sp.csr_matrix((len(texts), 0), dtype=np.float32)
    keys, inverse = unique_keys(texts)
    counts = _counts(keys, model.vocabulary, learn=False)
    return _weigh(counts, model.idf)[inverse]
