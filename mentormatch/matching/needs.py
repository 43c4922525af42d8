"""A mentee's goal topics: which ones the goals ask for, how strongly, the main one."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from mentormatch.matching import features as ft
from mentormatch.matching.goal_topics import TOPICS
from mentormatch.matching.preferences import wish_weights
from mentormatch.matching.query import MenteeQuery
from mentormatch.matching.store import CERT_COL, SKILL_COL
from mentormatch.matching.topics import (
    CODE_TOPICS,
    MAIN_SHARE,
    MIN_NEED,
    N_TOPICS,
    RELATEDNESS,
    TopicModel,
    sentence_offer,
    words_of,
)
from mentormatch.matching.types import Mentee

_SENTENCE = re.compile(r"[.!?;\n]+")
MIN_SENTENCE_STRENGTH = 0.25
"""Strength of its best topic a sentence needs to count as stating a goal."""
LATER_SENTENCE = 0.5
"""Weight of goals stated after the first one."""
TARGET_EVIDENCE = 1.0
SKILL_WANTED_EVIDENCE = 0.3


@dataclass(frozen=True)
class TopicNeeds:
    """Need per topic (sums to 1 when any), the main topic, and its expansion."""

    need: NDArray[np.float64]
    main: int | None
    expanded: NDArray[np.float64]

    @cached_property
    def shares(self) -> list[tuple[int, float]]:
        """(topic, need) of the topics with a need, as plain Python numbers."""
        return [(int(t), float(self.need[t])) for t in np.flatnonzero(self.need > 0)]

    @cached_property
    def _expanded(self) -> list[tuple[int, float]]:
        return [
            (int(t), float(self.expanded[t])) for t in np.flatnonzero(self.expanded > 0)
        ]

    def columns(self, start: int) -> tuple[tuple[int, float], ...]:
        """(column, weight) of the topic block for the scorer."""
        return tuple((start + t, w) for t, w in self._expanded)


@cache
def _target_evidence(code: str) -> NDArray[np.float64]:
    row = CODE_TOPICS[CERT_COL[code]]
    return TARGET_EVIDENCE * (row > 0) / max(1, int((row > 0).sum()))


@cache
def _skill_evidence(skill: str) -> NDArray[np.float64]:
    return SKILL_WANTED_EVIDENCE * (CODE_TOPICS[SKILL_COL[skill]] > 0)


def _code_evidence(
    targets: Collection[str], skills: Collection[str]
) -> NDArray[np.float64]:
    """Evidence of targeted certifications (their own topic) and wanted skills
    (each code's vector worked out once per process; never modified)."""
    out = np.zeros(N_TOPICS)
    for code in targets:
        out += _target_evidence(code)
    for skill in skills:
        out += _skill_evidence(skill)
    return out


def topic_needs(
    model: TopicModel | None,
    goals: str,
    targets: Collection[str],
    skills: Collection[str],
) -> TopicNeeds:
    """What the mentee's goals, targets and wanted skills ask for.

    The main goal is the strongest topic of the first sentence that states a
    goal; with none, the strongest topic of the targets and skills.
    """
    return topic_needs_many(model, [(goals, targets, skills)])[0]


def topic_needs_many(
    model: TopicModel | None,
    keys: Sequence[tuple[str, Collection[str], Collection[str]]],
) -> list[TopicNeeds]:
    """``topic_needs`` of many (goals, targets, skills) at once: every distinct
    sentence's topics come from one sparse product over the model's words."""
    split = [
        _SENTENCE.split(ft.text_key(goals)) if model is not None else []
        for goals, _, _ in keys
    ]
    distinct = list(dict.fromkeys(x for sentences in split for x in sentences))
    at = {sentence: i for i, sentence in enumerate(distinct)}
    topical = sentence_topics(model, distinct) if model is not None else None
    codes = np.array([_code_evidence(t, s) for _, t, s in keys]).reshape(-1, N_TOPICS)
    owner = np.repeat(np.arange(len(keys)), [len(x) for x in split])
    rows = [at[x] for sentences in split for x in sentences]
    if topical is None:
        topical = np.zeros((0, N_TOPICS))
    return _needs_many(codes, owner, topical[np.array(rows, dtype=np.intp)])


def _needs_many(
    codes: NDArray[np.float64], owner: NDArray[np.intp], rows: NDArray[np.float64]
) -> list[TopicNeeds]:
    """Needs of many mentees at once: ``codes`` (mentees, T) evidence of their
    targets and skills; ``rows`` (sentences, T) the topics of every goal
    sentence in order, ``owner`` the mentee of each. Per mentee: the first
    sentence strong enough states the main goal and counts fully, later strong
    ones LATER_SENTENCE; with none, the strongest topic of everything."""
    n = len(codes)
    strong = np.flatnonzero(rows.max(axis=1, initial=0.0) >= MIN_SENTENCE_STRENGTH)
    mine, taken = owner[strong], rows[strong]
    first = np.ones(mine.size, dtype=bool)
    first[1:] = mine[1:] != mine[:-1]
    weight = np.where(first, 1.0, LATER_SENTENCE)[:, None]
    text = np.zeros((n, N_TOPICS))
    np.add.at(text, mine, weight * taken / taken.sum(axis=1, keepdims=True))
    total = text + codes / np.maximum(1.0, codes.sum(axis=1))[:, None]
    main = np.full(n, -1, dtype=np.intp)
    some = total.max(axis=1, initial=0.0) > 0
    main[some] = np.argmax(total[some], axis=1)
    stated = mine[first]
    main[stated] = np.argmax(taken[first] + 0.25 * codes[stated], axis=1)
    found = np.flatnonzero(main >= 0)
    rest = total.copy()
    rest[found, main[found]] = 0.0
    left = rest.sum(axis=1)
    need = np.zeros((n, N_TOPICS))
    spread = found[left[found] > 0]
    need[spread] = (1 - MAIN_SHARE) * rest[spread] / left[spread, None]
    need[found, main[found]] += np.where(left[found] > 0, MAIN_SHARE, 1.0)
    need[need < MIN_NEED] = 0.0
    need[found] /= need[found].sum(axis=1, keepdims=True)
    expanded = need @ RELATEDNESS.T
    # sum <= 1 keeps the part in [0, 1] without a per-row cap (the fast path)
    expanded /= np.maximum(1.0, expanded.sum(axis=1))[:, None]
    mains = main.tolist()
    return [
        TopicNeeds(need[i], None if mains[i] < 0 else mains[i], expanded[i])
        for i in range(n)
    ]


def sentence_topics(model: TopicModel, sentences: Sequence[str]) -> NDArray[np.float64]:
    """(len(sentences), N_TOPICS) per-topic strength of each sentence: the
    summed evidence of its distinct words, through ``sentence_offer``."""
    rows, cols = [], []
    unseen = np.zeros((len(sentences), N_TOPICS + 1))
    for i, sentence in enumerate(sentences):
        for word in set(words_of(sentence)):
            row = model.words.get(word)
            if row is None:
                unseen[i] += model.word_evidence(word)
            else:
                rows.append(i)
                cols.append(row)
    words = sp.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(sentences), len(model.evidence))
    )
    return sentence_offer(words @ model.evidence + unseen)


def topic_label(index: int, *, offer: bool = False) -> str:
    """Readable name of a topic, as a need or as an offer."""
    topic = TOPICS[index]
    return topic.offer_label if offer else topic.need_label


def with_needs(
    query: MenteeQuery,
    model: TopicModel | None,
    mentee: Mentee,
    start: int,
    needs: TopicNeeds | None = None,
) -> MenteeQuery:
    """The query with the mentee's goal topics and reciprocity weights filled in
    (``start``: first column of the index's preference block; ``needs``: the
    mentee's ``topic_needs`` when already known)."""
    if needs is None:
        needs = topic_needs(model, str(mentee.goals or ""), query.targets, query.wanted)
    wishes = wish_weights(mentee, needs.main)
    cols = tuple((start + c, w) for c, w in sorted(wishes.items()))
    return replace(query, topics=needs, wish_cols=cols)
