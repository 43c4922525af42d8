"""Reciprocity (whom a mentor wants to mentor) and fair exposure, as sparse columns.

A mentor may state career stages, goal topics, industries and the hours a month
they can give. Each stated wish the mentee fits adds to the ``reciprocity`` part,
each one the mentee does not fit takes away; unstated wishes are neutral, so
profiles without wishes keep today's ranking. The ``availability`` part is 1 for
a mentor who has logged in and has room, lower for one near capacity (so one
mentor is not shown to everyone at once) and 0 for one who never logged in.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from mentormatch.matching import features as ft
from mentormatch.matching.goal_topics import TOPICS
from mentormatch.matching.types import Mentee, Mentor

CAREER_STAGES: tuple[str, ...] = ("new", "early", "mid", "senior")
STAGE_LABELS: dict[str, str] = {
    "new": "new to project management",
    "early": "early career",
    "mid": "mid career",
    "senior": "senior",
}
STAGE_FROM_YEARS: tuple[float, ...] = (2.0, 5.0, 10.0)
"""Years of experience at which the next career stage starts."""
INDUSTRIES: tuple[str, ...] = (
    "it",
    "construction",
    "healthcare",
    "government",
    "finance",
    "energy",
    "manufacturing",
    "telecommunications",
    "consulting",
    "education",
    "nonprofit",
    "retail",
    "pharma",
    "aerospace and defence",
)
"""Industries of the domain brief (skill "industry knowledge") and the rest of the
profile form's list but "Other": a wish for an industry the engine did not know
would count against exactly the mentees the mentor asked for."""
INDUSTRY_ALIASES: dict[str, str] = {
    "information technology": "it",
    "software": "it",
    "tech": "it",
    "technology": "it",
    "health": "healthcare",
    "public sector": "government",
    "banking": "finance",
    "financial services": "finance",
    "utilities": "energy",
}
HOUR_STEPS: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20)
"""Column k says "can give at least HOUR_STEPS[k] hours a month"."""
TOPIC_NAMES = tuple(t.name for t in TOPICS)
DIMENSIONS: tuple[tuple[str, int], ...] = (
    ("stage", len(CAREER_STAGES)),
    ("topic", len(TOPICS)),
    ("industry", len(INDUSTRIES)),
    ("hours", len(HOUR_STEPS)),
)
OFFSETS: dict[str, int] = {}
_at = 0
for _name, _width in DIMENSIONS:
    OFFSETS[_name] = _at  # the "stated" column; values follow it
    _at += 1 + _width
AVAILABILITY_COL = _at
N_PREF = _at + 1
NEUTRAL = 0.5
"""Reciprocity value of a mentor who states no wishes."""
STEP = NEUTRAL / len(DIMENSIONS)
NEAR_CAPACITY_DAMPING = 0.5
"""Availability lost at a full load (places taken / places offered)."""


def career_stage(years: object) -> int:
    """Stage index from years of experience (0 for missing or bad values)."""
    try:
        value = float(years)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0
    return bisect.bisect_right(STAGE_FROM_YEARS, value) if math.isfinite(value) else 0


def industry(name: str) -> int | None:
    """Index of an industry spelling, else None."""
    key = ft.text_key(name)
    key = INDUSTRY_ALIASES.get(key, key)
    return INDUSTRIES.index(key) if key in INDUSTRIES else None


def _topic(name: str) -> int | None:
    key = ft.text_key(name)
    for i, t in enumerate(TOPICS):
        if key in (t.name, t.need_label.lower(), t.offer_label.lower()):
            return i
    return None


def _stage(name: str) -> int | None:
    key = ft.text_key(name)
    for i, stage in enumerate(CAREER_STAGES):
        if key in (stage, STAGE_LABELS[stage]):
            return i
    return None


def _wish_columns(mentor: Mentor) -> list[int]:
    cols: list[int] = []
    for dim, values, parse in (
        ("stage", mentor.wants_career_stages, _stage),
        ("topic", mentor.wants_topics, _topic),
        ("industry", mentor.wants_industries, industry),
    ):
        found = {parse(str(v)) for v in values or ()} - {None}
        if found:
            cols += [OFFSETS[dim], *(OFFSETS[dim] + 1 + int(i) for i in found)]  # type: ignore[arg-type]
    hours = _hours(mentor.max_hours_month)
    if hours is not None:
        ok = [k for k, step in enumerate(HOUR_STEPS) if hours >= step]
        cols += [OFFSETS["hours"], *(OFFSETS["hours"] + 1 + k for k in ok)]
    return cols


def _hours(value: object) -> float | None:
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) and out >= 0 else None


def availability(mentor: Mentor) -> float:
    """1 when logged in with room; lower near capacity; 0 if never logged in."""
    if not mentor.has_logged_in:
        return 0.0
    total = _hours(mentor.capacity_total)
    left = _hours(mentor.capacity_left) or 0.0
    if not total:
        return 1.0
    load = min(1.0, max(0.0, 1.0 - left / total))
    return 1.0 - NEAR_CAPACITY_DAMPING * load


def preference_block(mentors: Sequence[Mentor]) -> sp.csr_matrix:
    """Wish columns and the availability shortfall (availability - 1) of each
    mentor (n x N_PREF)."""
    n = len(mentors)
    rows, cols = [], []
    for i, m in enumerate(mentors):
        if (
            m.wants_career_stages
            or m.wants_topics
            or m.wants_industries
            or (m.max_hours_month is not None)
        ):
            wish = _wish_columns(m)
            rows += [i] * len(wish)
            cols += wish
    plain = [
        m.has_logged_in and m.capacity_total is None for m in mentors
    ]  # the common case: availability 1 without per-mentor work
    avail = np.array(
        [1.0 if ok else availability(m) for ok, m in zip(plain, mentors, strict=True)],
        dtype=np.float32,
    )
    # stored as the shortfall from 1 (the scorer adds the 1 to every row), so
    # the column holds entries only for the few mentors who lose something
    data = np.concatenate([np.ones(len(rows), np.float32), avail - np.float32(1.0)])
    rows_all = np.concatenate([np.array(rows, np.int64), np.arange(n)])
    cols_all = np.concatenate(
        [np.array(cols, np.int64), np.full(n, AVAILABILITY_COL, np.int64)]
    )
    out = sp.csr_matrix((data, (rows_all, cols_all)), shape=(n, N_PREF))
    out.eliminate_zeros()
    return out


def wish_weights(mentee: Mentee, main_topic: int | None) -> dict[int, float]:
    """Query weights over the wish columns (relative to the block's start).

    A stated dimension costs STEP; fitting it gives back 2 * STEP.
    """
    out = {OFFSETS[dim]: -STEP for dim, _ in DIMENSIONS}
    fits = {"stage": [career_stage(mentee.years_experience)]}
    if main_topic is not None:
        fits["topic"] = [main_topic]
    fits["industry"] = sorted(
        {
            i
            for i in (industry(str(n)) for n in mentee.industries or ())
            if i is not None
        }
    )
    wanted = _hours(mentee.hours_month)
    if wanted is not None:
        steps = [k for k, step in enumerate(HOUR_STEPS) if step >= wanted]
        fits["hours"] = steps[:1]
    for dim, values in fits.items():
        share = 2 * STEP / max(1, len(values)) if dim == "industry" else 2 * STEP
        for v in values:
            out[OFFSETS[dim] + 1 + v] = share
    return out


def matched_wishes(
    entries: dict[int, float], weights: dict[int, float], start: int
) -> list[str]:
    """Readable wishes of the mentor the mentee fits (for the reasons)."""
    said = []
    for dim, width in DIMENSIONS:
        base = OFFSETS[dim] + 1
        for v in range(width):
            col = base + v
            if weights.get(start + col, 0) > 0 and start + col in entries:
                said.append(_wish_label(dim, v))
                break
    return said


def _wish_label(dim: str, v: int) -> str:
    if dim == "stage":
        return STAGE_LABELS[CAREER_STAGES[v]]
    if dim == "topic":
        return TOPICS[v].need_label
    if dim == "industry":
        return INDUSTRIES[v].upper() if INDUSTRIES[v] == "it" else INDUSTRIES[v]
    return f"{HOUR_STEPS[v]} or more hours a month"
