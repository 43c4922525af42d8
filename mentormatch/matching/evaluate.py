"""Judged sets and ranking metrics (NDCG@k, MRR@k) shared by the bench and the app."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mentormatch.matching.types import Mentee, Mentor

K = 10
RELEVANT = 2
"""A mentor graded this or higher counts as a relevant suggestion (MRR)."""
FORBIDDEN = -1
"""Grade of a pair a hard rule forbids (dev-set convention)."""
_MENTOR_FIELDS = frozenset(Mentor.__dataclass_fields__)
_MENTEE_FIELDS = frozenset(Mentee.__dataclass_fields__)


@dataclass(frozen=True)
class JudgedSet:
    """Mentors, mentees and per-mentee grades {mentor id: grade}."""

    name: str
    mentors: list[Mentor]
    mentees: list[Mentee]
    grades: list[dict[int, int]]
    forbidden: list[frozenset[int]] = field(default_factory=list)

    def judged(self) -> list[int]:
        """Positions of mentees with at least one relevant mentor."""
        return [
            i
            for i, g in enumerate(self.grades)
            if any(v >= RELEVANT for v in g.values())
        ]


def _mentor(raw: Mapping[str, Any]) -> Mentor:
    return Mentor(**{k: v for k, v in raw.items() if k in _MENTOR_FIELDS})


def _mentee(raw: Mapping[str, Any]) -> Mentee:
    return Mentee(**{k: v for k, v in raw.items() if k in _MENTEE_FIELDS})


def parse_judged(name: str, data: Mapping[str, Any]) -> JudgedSet:
    """Read any of the three layouts: grades beside the mentees (``grades``),
    inside them (``judgements`` with ``grade``), or a top-level ``grades`` map."""
    mentors = [_mentor(m) for m in data["mentors"]]
    top = data.get("grades", {})
    mentees, grades = [], []
    for raw in data["mentees"]:
        if "judgements" in raw:
            g = {int(i): int(j["grade"]) for i, j in raw["judgements"].items()}
        elif "grades" in raw:
            g = {int(i): int(v) for i, v in raw["grades"].items()}
        else:
            g = {int(i): int(v) for i, v in top[str(raw["id"])].items()}
        mentees.append(_mentee(raw))
        grades.append(g)
    forbidden = [frozenset(i for i, v in g.items() if v == FORBIDDEN) for g in grades]
    clean = [{i: max(0, v) for i, v in g.items()} for g in grades]
    return JudgedSet(name, mentors, mentees, clean, forbidden)


def load_judged(name: str, text: str) -> JudgedSet:
    """Parse a judged set from JSON text."""
    return parse_judged(name, json.loads(text))


def ndcg(ranked: list[int], grades: Mapping[int, int], k: int = K) -> float:
    """NDCG@k with gain ``2**grade - 1``; the ideal is over every graded mentor."""
    disc = 1 / np.log2(np.arange(2, k + 2))
    gains = [2 ** grades.get(i, 0) - 1 for i in ranked[:k]]
    ideal = sorted((2**g - 1 for g in grades.values()), reverse=True)[:k]
    best = float(np.dot(ideal, disc[: len(ideal)]))
    return float(np.dot(gains, disc[: len(gains)])) / best if best else float("nan")


def mrr(ranked: list[int], grades: Mapping[int, int], k: int = K) -> float:
    """Reciprocal rank of the first mentor graded RELEVANT or more (0 if none)."""
    for pos, i in enumerate(ranked[:k], 1):
        if grades.get(i, 0) >= RELEVANT:
            return 1 / pos
    return 0.0


def mean_ndcg(judged: JudgedSet, ranker: Callable[[Mentee], list[int]]) -> float:
    """Mean NDCG@K over the mentees that have a relevant mentor."""
    rows = judged.judged()
    if not rows:
        return float("nan")
    return float(
        np.mean([ndcg(ranker(judged.mentees[i]), judged.grades[i]) for i in rows])
    )


def bootstrap_ci(
    values: list[float], *, n: int = 2000, seed: int = 0
) -> tuple[float, float]:
    """95% percentile interval of the mean, resampling the per-mentee values."""
    data = np.asarray(values, dtype=float)
    if len(data) == 0:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, len(data), size=(n, len(data)))].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))
