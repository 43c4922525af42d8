"""Score components as plain functions, and the named weights that combine them."""

from __future__ import annotations

from collections.abc import Set

import numpy as np
from numpy.typing import NDArray

from mentormatch.matching.features import CERT_DESCENDANTS, FIRST_STEPS, NEXT_STEPS

W_TOPICS = 0.31
"""How far the mentor's experience covers the mentee's goal topics, led by the main
goal (``topics``): what a goal written in plain words needs, so it weighs most."""
W_CERTIFICATION = 0.10
"""Holding what the mentee targets is the clearest sign of being ahead on their path
(domain rule 1); a held specialist credential also counts in the topic offers, so
this part only adds the exact match."""
W_SKILLS = 0.11
"""Share of the wanted skills the mentor offers: explicit, but cheaply ticked."""
W_GOALS = 0.11
"""Goals text against expertise text (shared words): a finer, noisier signal than
the topics."""
W_SENIORITY = 0.16
"""A mentor should be several years ahead (rule 2); saturates at SENIORITY_FULL_GAP."""
W_TIMEZONE = 0.08
"""Being able to meet live matters but is practical fit, not need (rule 3)."""
W_FORMAT = 0.04
"""A shared meeting format; small because most people accept several formats."""
W_CHAPTER = 0.03
"""Same chapter is a plus (rule 3), never decisive."""
W_RECIPROCITY = 0.04
"""The mentor's own wishes (career stage, topic, industry, hours) met: the other
direction of the match; neutral (half) when the mentor states none."""
W_AVAILABILITY = 0.02
"""Logged in and not near capacity: breaks near-ties towards active mentors and
spreads exposure; never outweighs a real difference in fit."""

WEIGHTS: dict[str, float] = {
    "topics": W_TOPICS,
    "certification": W_CERTIFICATION,
    "skills": W_SKILLS,
    "goals": W_GOALS,
    "seniority": W_SENIORITY,
    "timezone": W_TIMEZONE,
    "format": W_FORMAT,
    "chapter": W_CHAPTER,
    "reciprocity": W_RECIPROCITY,
    "availability": W_AVAILABILITY,
}
"""Component weights; they sum to 1 so that the score lies in [0, 1]."""
PART_NAMES: tuple[str, ...] = tuple(WEIGHTS)

SENIORITY_FULL_GAP = 6.0
"""Years ahead at which the seniority component reaches 1 ("several years")."""
TZ_EASY_HOURS = 3.0
"""Up to this offset difference meeting live is easy: full time-zone score."""
TZ_HARD_HOURS = 9.0
"""From this difference on, live meetings are impractical: time-zone score 0."""
TZ_UNKNOWN_SCORE = 0.5
"""Neutral time-zone score when either zone is unknown."""
DESCENDANT_CREDIT = 0.5
"""Credit for holding a certification beyond a target (PgMP for a PMP target)."""
NEXT_STEP_CREDIT = 0.5
"""Credit, with no explicit target, for holding a usual next step of the mentee."""


def certification_weights(targets: Set[str], held: Set[str]) -> dict[str, float]:
    """Per-certification query weights for the certification component.

    Parameters
    ----------
    targets : set of str
        Canonical codes the mentee aims for (explicit or named in goals).
    held : set of str
        Canonical codes the mentee already holds.

    Returns
    -------
    dict of str to float
        A mentor's certification component is ``min(1, sum of weights of the
        codes they hold)``; each target contributes at most 1 / len(targets).
    """
    goals = set(targets) - set(held)
    out: dict[str, float] = {}
    if goals:
        share = 1.0 / len(goals)
        for target in sorted(goals):
            out[target] = out.get(target, 0.0) + share
            for later in sorted(CERT_DESCENDANTS.get(target, ())):
                out[later] = out.get(later, 0.0) + share * DESCENDANT_CREDIT
        return out
    steps = (
        set().union(*(NEXT_STEPS.get(c, set()) for c in held)) if held else FIRST_STEPS
    )
    return {code: NEXT_STEP_CREDIT for code in sorted(set(steps) - set(held))}


def seniority_score(gap_years: NDArray[np.float32]) -> NDArray[np.float32]:
    """Seniority component from ``mentor years - mentee years``.

    Parameters
    ----------
    gap_years : ndarray of shape (n,)

    Returns
    -------
    ndarray of shape (n,)
        0 when the mentor is not ahead, rising linearly to 1 at SENIORITY_FULL_GAP.
    """
    out = np.asarray(gap_years, dtype=np.float32) * np.float32(1.0 / SENIORITY_FULL_GAP)
    return np.clip(out, 0.0, 1.0, out=out)


def timezone_distance(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray:
    """Worst-case (January/July) circular offset difference in hours.

    Parameters
    ----------
    a, b : ndarray of shape (..., 2)
        UTC offsets in hours in January and July.

    Returns
    -------
    ndarray of shape (...)
    """
    diff = np.abs(np.asarray(a) - np.asarray(b)) % 24.0
    return np.minimum(diff, 24.0 - diff).max(axis=-1)


def timezone_score(hours: NDArray, both_async: NDArray) -> NDArray[np.float64]:
    """Time-zone component: 1 up to TZ_EASY_HOURS, 0 from TZ_HARD_HOURS.

    Parameters
    ----------
    hours : ndarray of shape (n,)
        Offset difference in hours; NaN when a zone is unknown.
    both_async : ndarray of bool, shape (n,)
        Both sides accept async messages, so the time zone does not matter.

    Returns
    -------
    ndarray of shape (n,)
    """
    span = TZ_HARD_HOURS - TZ_EASY_HOURS
    score = np.clip((TZ_HARD_HOURS - np.asarray(hours, dtype=float)) / span, 0.0, 1.0)
    score = np.where(np.isnan(score), TZ_UNKNOWN_SCORE, score)
    return np.where(both_async, 1.0, score)
