"""Deterministic synthetic mentors and mentees for the speed benchmark."""

from __future__ import annotations

import numpy as np

from mentormatch.matching import Mentee, Mentor
from mentormatch.matching.catalog import CERTIFICATION_CODES, SKILL_NAMES

PHRASES = (
    "agile transformation",
    "scrum coaching",
    "PMO setup",
    "program management",
    "portfolio governance",
    "risk registers",
    "critical path scheduling",
    "difficult stakeholders",
    "construction projects",
    "software delivery",
    "healthcare IT",
    "public speaking",
    "chapter volunteering",
    "job search",
    "promotion to senior PM",
    "benefits realisation",
    "earned value",
    "hybrid delivery",
    "vendor contracts",
    "change management",
    "conference talks",
    "exam prep",
    "business analysis",
    "team building",
    "kanban flow",
    "steering committees",
)
ZONES = (
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Australia/Sydney",
    "America/Sao_Paulo",
    "Africa/Lagos",
    "Asia/Dubai",
    "Europe/Madrid",
)
LANGS = ("English", "German", "Spanish", "French", "Portuguese", "Hindi", "Arabic")
FORMATS = ("video", "async", "in_person")
FILLER = tuple(f"word{i}" for i in range(3000))


def _pick(rng: np.random.Generator, pool: tuple, lo: int, hi: int) -> list:
    n = int(rng.integers(lo, hi + 1))
    return [
        pool[i] for i in rng.choice(len(pool), size=min(n, len(pool)), replace=False)
    ]


def _subsets(rng: np.random.Generator, pool: tuple, n: int, lo: int, hi: int) -> list:
    """``n`` random subsets of ``pool`` with sizes in [lo, hi] (vectorised)."""
    order = np.argsort(rng.random((n, len(pool))), axis=1)[:, :hi]
    sizes = rng.integers(lo, hi + 1, size=n)
    return [
        [pool[j] for j in row[:k]] for row, k in zip(order.tolist(), sizes, strict=True)
    ]


def mentors(n: int, seed: int = 0) -> list[Mentor]:
    """``n`` varied mentors; most active with capacity (generated in chunks)."""
    rng = np.random.default_rng(seed)
    out: list[Mentor] = []
    for start in range(0, n, 50_000):
        m = min(50_000, n - start)
        phrases = _subsets(rng, PHRASES, m, 2, 5)
        filler = rng.integers(0, len(FILLER), size=(m, 8)).tolist()
        certs = _subsets(rng, CERTIFICATION_CODES, m, 1, 3)
        skills = _subsets(rng, SKILL_NAMES, m, 2, 7)
        formats = _subsets(rng, FORMATS, m, 1, 3)
        extra = _subsets(rng, LANGS[1:], m, 0, 1)
        nums = rng.integers(0, 1 << 30, size=(m, 4)).tolist()
        flags = rng.random((m, 2)).tolist()
        for i in range(m):
            y, ch, tz, cap = nums[i]
            out.append(
                Mentor(
                    id=start + i + 1,
                    certifications=certs[i],
                    skills=skills[i],
                    expertise=" ".join(phrases[i] + [FILLER[f] for f in filler[i]]),
                    years_experience=float(2 + y % 28),
                    chapter=f"chapter {ch % 300}",
                    timezone=ZONES[tz % len(ZONES)],
                    languages=["English", *extra[i]]
                    if flags[i][0] < 0.85
                    else extra[i] or ["Hindi"],
                    formats=formats[i],
                    capacity_left=cap % 4,
                    active=flags[i][1] < 0.95,
                )
            )
    return out


def mentees(n: int, seed: int = 1) -> list[Mentee]:
    """``n`` mentees with targets, wanted skills and goals."""
    rng = np.random.default_rng(seed)
    return [
        Mentee(
            id=10_000_000 + i,
            certifications=_pick(rng, CERTIFICATION_CODES[:2], 0, 1),
            target_certifications=_pick(rng, CERTIFICATION_CODES, 1, 2),
            skills_wanted=_pick(rng, SKILL_NAMES, 1, 4),
            goals="I want help with " + " and ".join(_pick(rng, PHRASES, 1, 3)),
            years_experience=float(rng.integers(0, 12)),
            chapter=f"chapter {int(rng.integers(0, 300))}",
            timezone=ZONES[int(rng.integers(len(ZONES)))],
            languages=["English"],
            formats=_pick(rng, FORMATS, 1, 2),
            exclude_ids=[int(x) for x in rng.integers(1, 1000, size=3)],
        )
        for i in range(n)
    ]
