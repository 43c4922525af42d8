"""Goal-topic model: what a mentee's goals need and what a mentor's profile offers.

Words get topic evidence from the seed descriptions in ``goal_topics`` (exact word,
or a close spelling by character n-grams, so "programmes" and "scheduler" count),
from the concept tokens of ``synonyms``, and -- fitted on the platform's own
mentor profiles -- from the topics of the profiles a word appears in. A mentor's
offer per topic saturates (1 - exp(-evidence)) over text, certifications and
skills; a mentee's need is a distribution over topics led by the main goal (the
first sentence that names a topic, else the targeted certifications).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer

from mentormatch.matching import features as ft
from mentormatch.matching.catalog import CERTIFICATION_CODES, SKILL_NAMES
from mentormatch.matching.goal_topics import (
    GENERIC_WORDS,
    NEED_MARKERS,
    NONE_SEEDS,
    RELATED,
    TOPICS,
)
from mentormatch.matching.preferences import N_PREF, preference_block
from mentormatch.matching.store import TEXT_START, RowBlock
from mentormatch.matching.text import TextModel, transform_text
from mentormatch.matching.types import Mentor

TOPIC_NAMES: tuple[str, ...] = tuple(t.name for t in TOPICS)
N_TOPICS = len(TOPICS)
NONE = N_TOPICS
"""Evidence column of the "no topic" class (logistics sentences)."""
CHAR_MIN_SIM = 0.6
"""Cosine of character 3-5-grams from which an unseen word borrows a seed word's
topics (scaled by the similarity)."""
SPREAD_WEIGHT = 0.5
"""Evidence a word learns from the topics of the mentor profiles it appears in."""
SPREAD_MIN_DOCS = 3
CONCEPT_EVIDENCE = 1.0
GENERIC_CERT_EVIDENCE = 0.15
"""Holding CAPM/PMP is common: weak evidence of offering exam help."""
CERT_EVIDENCE = 0.9
"""A specialist or senior credential in the topic (offer 0.6 on its own)."""
SKILL_EVIDENCE = 0.2
"""Ticked skills are cheap to claim; split over the topics a skill belongs to."""
SKILL_CAP = 0.5
"""Most evidence ticked skills give one topic (offer 0.4 on their own)."""
MIN_OFFER = 0.2
"""Offers below this are dropped from the sparse topic block."""
MAIN_SHARE = 0.7
"""Share of the need vector held by the main goal."""
MIN_NEED = 0.08
NEED_STANCE_FACTOR = 0.25
"""A mentor sentence that asks for help offers only this much of its topics."""
_WORD = re.compile(ft.TOKEN_PATTERN)
_SENTENCE = re.compile(r"[.!?;:\n]+")
_NEED = re.compile("|".join(re.escape(m) for m in NEED_MARKERS))
_CONCEPT_TOPICS: dict[str, tuple[str, ...]] = {
    "c_agile": ("agile",),
    "c_hybrid": ("agile",),
    "c_program": ("program",),
    "c_portfolio": ("portfolio",),
    "c_benefits": ("program",),
    "c_pmo": ("pmo",),
    "c_risk": ("risk",),
    "c_schedule": ("scheduling",),
    "c_requirements": ("analysis",),
    "c_construction": ("construction",),
    "c_stakeholder": ("leadership",),
    "c_conflict": ("leadership",),
    "c_leadership": ("leadership",),
    "c_career": ("career",),
    "c_industry_change": ("industry",),
    "c_networking": ("networking",),
    "c_speaking": ("speaking", "networking"),
    "c_conference": ("speaking",),
    "c_volunteer": ("volunteer",),
    "c_exam": ("exam",),
}


def words_of(text: str) -> list[str]:
    """Terms of a text as the TF-IDF vocabulary spells them, with concept tokens."""
    return [w for w in _WORD.findall(ft.normalise_text(text)) if w not in ft.STOP_WORDS]


def _seed_table() -> tuple[list[str], NDArray[np.float64]]:
    """Seed words and their evidence: P(topic | word) over the seed sentences."""
    counts: dict[str, NDArray[np.float64]] = {}
    groups = [(i, t.seeds) for i, t in enumerate(TOPICS)] + [(NONE, NONE_SEEDS)]
    for col, seeds in groups:
        for sentence in seeds:
            for word in set(words_of(sentence)):
                if col == NONE or word not in GENERIC_WORDS:
                    counts.setdefault(word, np.zeros(N_TOPICS + 1))[col] += 1.0
    words = sorted(counts)
    table = np.array([counts[w] for w in words]).reshape(-1, N_TOPICS + 1)
    # a word seen under several topics tells them apart less: its mass shrinks
    spread = np.maximum((table[:, :N_TOPICS] > 0).sum(axis=1, keepdims=True), 1)
    return words, table / table.sum(axis=1, keepdims=True) / np.sqrt(spread)


SEED_WORDS, SEED_EVIDENCE = _seed_table()
_SEED_ROW = {w: i for i, w in enumerate(SEED_WORDS)}
_CHARS = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
_SEED_CHARS = _CHARS.fit_transform(SEED_WORDS)


def _concept_row(term: str) -> NDArray[np.float64] | None:
    names = _CONCEPT_TOPICS.get(term)
    if names is None and term.startswith("cert_"):
        code = ft.canonical_certification(term[5:].replace("_", "-"))
        names = tuple(t.name for t in TOPICS if code in t.certifications)
    if not names:
        return None
    row = np.zeros(N_TOPICS + 1)
    row[[TOPIC_NAMES.index(n) for n in names]] = CONCEPT_EVIDENCE / len(names)
    return row


def _lexical_rows(terms: Sequence[str]) -> NDArray[np.float64]:
    """Evidence of each term from seeds: exact, concept token or close spelling."""
    out = np.zeros((len(terms), N_TOPICS + 1))
    rest = []
    for i, term in enumerate(terms):
        concept = _concept_row(term)
        if concept is not None:
            out[i] = concept
        elif term in _SEED_ROW:
            out[i] = SEED_EVIDENCE[_SEED_ROW[term]]
        elif len(term) >= 4 and term not in ft.STOP_WORDS:
            rest.append(i)
    if rest:
        sims = (_CHARS.transform([terms[i] for i in rest]) @ _SEED_CHARS.T).toarray()
        best = sims.argmax(axis=1)
        score = sims[np.arange(len(rest)), best]
        ok = score >= CHAR_MIN_SIM
        rows = np.array(rest)[ok]
        out[rows] = SEED_EVIDENCE[best[ok]] * score[ok, None]
    return out


@dataclass(frozen=True)
class TopicModel:
    """Topic evidence per word (``words`` -> row of ``evidence``, T + 1 columns)."""

    words: dict[str, int]
    evidence: NDArray[np.float64]

    def word_evidence(self, word: str) -> NDArray[np.float64]:
        """Evidence of one word (unknown words: by spelling, cached)."""
        row = self.words.get(word)
        return self.evidence[row] if row is not None else _unseen(word)


@lru_cache(maxsize=16384)
def _unseen(word: str) -> NDArray[np.float64]:
    return _lexical_rows([word])[0]


def sentence_offer(evidence: NDArray[np.float64]) -> NDArray[np.float64]:
    """Per-topic strength of sentences from their evidence rows (..., T + 1).

    A sentence's evidence is shared out over the topics (and "no topic"), so one
    sentence cannot offer many topics strongly; its strength saturates.
    """
    total = evidence.sum(axis=-1, keepdims=True)
    share = evidence[..., :N_TOPICS] / np.maximum(total, 1e-9)
    strength = 1.0 - np.exp(-evidence[..., :N_TOPICS].sum(axis=-1, keepdims=True))
    return share * strength


def _sentences(
    texts: Sequence[str],
) -> tuple[list[str], NDArray[np.intp], NDArray[np.bool_]]:
    """Sentences of every text, the text each belongs to, and whether it is
    the whole text (a text without sentence breaks)."""
    out, owner, whole = [], [], []
    for i, text in enumerate(texts):
        if not _SENTENCE.search(text):
            if text.strip():
                out.append(text)
                owner.append(i)
                whole.append(True)
            continue
        for sentence in _SENTENCE.split(text):
            if sentence.strip():
                out.append(sentence)
                owner.append(i)
                whole.append(False)
    return out, np.array(owner, dtype=np.intp), np.array(whole, dtype=bool)


def fit_topics(
    model: TextModel | None, rows: sp.csr_matrix, texts: Sequence[str]
) -> tuple[TopicModel, sp.csr_matrix]:
    """Fit word evidence on the mentors' texts; return it and their text offers.

    Parameters
    ----------
    model, rows : the fitted text model and the TF-IDF rows of ``texts``
    texts : the mentors' texts (expertise plus unknown skills)

    Returns
    -------
    TopicModel
    csr_matrix of shape (n, N_TOPICS)
        Text offer per mentor in [0, 1]; ``with_topics`` adds the codes.
    """
    if model is None:
        return TopicModel({}, np.zeros((0, N_TOPICS + 1))), _empty(len(texts))
    terms = [str(t) for t in model.terms]
    lexical = _lexical_rows(terms)
    present = (rows != 0).astype(np.float64).tocsr()
    doc = present @ lexical[:, :N_TOPICS]
    share = doc / np.maximum(doc.sum(axis=1, keepdims=True), 1e-9)
    df = np.asarray(present.sum(axis=0)).ravel()
    learned = np.asarray(present.T @ share) / np.maximum(df, 1.0)[:, None]
    unknown = (lexical.sum(axis=1) == 0) & (df >= SPREAD_MIN_DOCS)
    lexical[unknown, :N_TOPICS] = SPREAD_WEIGHT * learned[unknown]
    topic_model = TopicModel({t: i for i, t in enumerate(terms)}, lexical)
    return topic_model, transform_topics(topic_model, model, texts, rows)


def transform_topics(
    topic_model: TopicModel | None,
    model: TextModel | None,
    texts: Sequence[str],
    rows: sp.csr_matrix | None = None,
) -> sp.csr_matrix:
    """Text offer per topic of mentors' texts: the best sentence per topic.

    ``rows`` (the texts' TF-IDF rows, when known) are reused for texts that are
    one sentence, so most profiles are not tokenised twice.
    """
    if topic_model is None or model is None or not topic_model.words:
        return _empty(len(texts))
    sentences, owner, whole = _sentences(texts)
    if not sentences:
        return _empty(len(texts))
    if rows is None or not whole.any():
        present = transform_text(model, sentences)
    else:
        present = sp.vstack(
            [
                rows[owner[whole]],
                transform_text(
                    model, [t for t, w in zip(sentences, whole, strict=True) if not w]
                ),
            ],
            format="csr",
        )
        order = np.concatenate([np.flatnonzero(whole), np.flatnonzero(~whole)])
        sentences = [sentences[i] for i in order]
        owner = owner[order]
    present = (present != 0).astype(np.float64).tocsr()
    offer = sentence_offer(np.asarray(present @ topic_model.evidence))
    asking = np.fromiter((bool(_NEED.search(t)) for t in sentences), bool)
    offer[asking] *= NEED_STANCE_FACTOR
    out = np.zeros((len(texts), N_TOPICS))
    np.maximum.at(out, owner, offer)
    return sp.csr_matrix(out.astype(np.float32))


def _empty(n: int) -> sp.csr_matrix:
    return sp.csr_matrix((n, N_TOPICS), dtype=np.float32)


def _code_topics() -> NDArray[np.float64]:
    """Evidence per certification and skill column (TEXT_START x N_TOPICS)."""
    out = np.zeros((len(CERTIFICATION_CODES) + len(SKILL_NAMES), N_TOPICS))
    for j, topic in enumerate(TOPICS):
        for code in topic.certifications:
            strength = (
                GENERIC_CERT_EVIDENCE if code in ("CAPM", "PMP") else CERT_EVIDENCE
            )
            out[CERTIFICATION_CODES.index(code), j] = strength
        for skill in topic.skills:
            out[len(CERTIFICATION_CODES) + SKILL_NAMES.index(skill), j] = 1.0
    skills = out[len(CERTIFICATION_CODES) :]
    skills *= SKILL_EVIDENCE / np.maximum((skills > 0).sum(axis=1, keepdims=True), 1)
    return out


CODE_TOPICS = _code_topics()
_N_CERTS = len(CERTIFICATION_CODES)


def finish_offers(
    certs: NDArray[np.float64], skills: NDArray[np.float64], text: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Offer per topic in [0, 1] from certification and skill evidence and the
    text offer, combined as independent signals; skills count at most SKILL_CAP."""
    coded = 1.0 - np.exp(-(certs + np.minimum(skills, SKILL_CAP)))
    offer = 1.0 - (1.0 - text) * (1.0 - coded)
    offer[offer < MIN_OFFER] = 0.0
    return offer


def with_topics(block: RowBlock, mentors: Sequence[Mentor]) -> RowBlock:
    """The block with its last N_TOPICS columns (text offers) turned into offers
    that also count the certification and skill columns, then the mentors'
    wish and availability columns (``preferences``).

    Works on the raw CSR arrays, so one-mentor updates stay cheap.
    """
    m = block.matrix.tocsr()
    n, width = m.shape
    rows = np.repeat(np.arange(n), np.diff(m.indptr))
    cols, data = m.indices.astype(np.int64), m.data.astype(np.float64)
    start = width - N_TOPICS
    certs, skills, text = np.zeros((3, n, N_TOPICS))
    for out, mask in (
        (certs, cols < _N_CERTS),
        (skills, (cols >= _N_CERTS) & (cols < TEXT_START)),
    ):
        np.add.at(out, rows[mask], CODE_TOPICS[cols[mask]] * data[mask, None])
    mask = cols >= start
    text[rows[mask], cols[mask] - start] = data[mask]
    offer = finish_offers(certs, skills, text)
    o_rows, o_cols = np.nonzero(offer)
    prefs = preference_block(mentors).tocoo()
    keep = cols < start
    values = np.concatenate([data[keep], offer[o_rows, o_cols], prefs.data])
    at_rows = np.concatenate([rows[keep], o_rows, prefs.row])
    at_cols = np.concatenate([cols[keep], start + o_cols, width + prefs.col])
    matrix = sp.csr_matrix(
        (values.astype(np.float32), (at_rows, at_cols)), shape=(n, width + N_PREF)
    )
    matrix.sort_indices()
    block.matrix = matrix
    return block


RELATEDNESS = np.eye(N_TOPICS)
for _pair, _value in RELATED.items():
    _a, _b = (TOPIC_NAMES.index(n) for n in sorted(_pair))
    RELATEDNESS[_a, _b] = RELATEDNESS[_b, _a] = _value
