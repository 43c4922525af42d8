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


def mentors(n: int, seed: int = 0) -> list[Mentor]:
    """``n`` varied mentors; about 80 % active with capacity."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        text = " ".join(_pick(rng, PHRASES, 2, 5) + _pick(rng, FILLER, 3, 10))
        out.append(
            Mentor(
                id=i + 1,
                certifications=_pick(rng, CERTIFICATION_CODES, 1, 3),
                skills=_pick(rng, SKILL_NAMES, 2, 7),
                expertise=text,
                years_experience=float(rng.integers(2, 30)),
                chapter=f"chapter {int(rng.integers(0, 300))}",
                timezone=ZONES[int(rng.integers(len(ZONES)))],
                languages=["English", *_pick(rng, LANGS, 0, 1)]
                if rng.random() < 0.8
                else _pick(rng, LANGS, 1, 2),
                formats=_pick(rng, FORMATS, 1, 3),
                capacity_left=int(rng.integers(0, 4)),
                active=bool(rng.random() < 0.95),
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
