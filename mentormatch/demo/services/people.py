"""Generate a deterministic, realistic population of demo mentors and mentees."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from mentormatch.demo.services import text
from mentormatch.demo.services.data import (
    CHAPTERS,
    DEMO_YEAR,
    DOMAINS,
    EXTRA_LANGUAGES,
    INTRODUCED,
    MENTEE_KINDS,
    MENTOR_KINDS,
    NAME_POOLS,
    Chapter,
    MenteeKind,
    MentorKind,
)
from mentormatch.matching.catalog import SKILL_NAMES

T = TypeVar("T")

FORMAT_MIXES: tuple[tuple[tuple[str, ...], int], ...] = (
    (("video", "async"), 5),
    (("video",), 3),
    (("video", "in_person"), 2),
    (("video", "async", "in_person"), 2),
    (("in_person",), 1),
    (("async",), 1),
)
INTROVERT_FORMATS: tuple[tuple[str, ...], ...] = (("async",), ("async", "video"))


@dataclass(frozen=True, slots=True)
class DemoPerson:
    """One demo member: account email, profile columns, credentials and skills."""

    email: str
    profile: dict[str, Any]
    held: tuple[tuple[str, int], ...] = ()
    targets: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    wants: tuple[str, ...] = ()


def demo_people(seed: int, *, mentors: int, mentees: int) -> Iterator[DemoPerson]:
    """Yield `mentors` mentors, then `mentees` mentees; same seed, same people.

    Mentors and mentees draw from separate random streams, so changing one count does
    not change the other group.
    """
    mentor_rng = random.Random(f"{seed}:mentors")
    for number in range(1, mentors + 1):
        yield _mentor(mentor_rng, number)
    mentee_rng = random.Random(f"{seed}:mentees")
    for number in range(1, mentees + 1):
        yield _mentee(mentee_rng, number)


def _weighted(rng: random.Random, items: Sequence[T], weights: Sequence[int]) -> T:
    return rng.choices(items, weights=weights)[0]


def _sentence(
    rng: random.Random, templates: Sequence[str], slots: dict[str, Any]
) -> str:
    return rng.choice(templates).format(**slots)


def _join(*sentences: str) -> str:
    return " ".join(s for s in sentences if s)


def _identity(rng: random.Random, number: int, domain: str) -> tuple[Chapter, str, str]:
    chapter = _weighted(rng, CHAPTERS, [c.weight for c in CHAPTERS])
    firsts, lasts = NAME_POOLS[chapter.names]
    first, last = rng.choice(firsts), rng.choice(lasts)
    slug = ".".join(_ascii(part) for part in (first, last))
    return chapter, f"{first} {last}", f"{slug}{number}@{domain}"


def _ascii(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _languages(rng: random.Random, chapter: Chapter) -> list[str]:
    languages = list(chapter.languages)
    if len(languages) > 1 and rng.random() < 0.15:
        languages = languages[:1]
    if rng.random() < 0.2:
        extra = rng.choice(EXTRA_LANGUAGES)
        if extra not in languages:
            languages.append(extra)
    return languages


def _formats(rng: random.Random, *, introvert: bool) -> list[str]:
    if introvert:
        return list(rng.choice(INTROVERT_FORMATS))
    mixes = [m for m, _ in FORMAT_MIXES]
    return list(_weighted(rng, mixes, [w for _, w in FORMAT_MIXES]))


def _place(rng: random.Random, chapter: Chapter, *, introvert: bool) -> dict[str, Any]:
    return {
        "chapter": chapter.name,
        "timezone": chapter.timezone,
        "languages": _languages(rng, chapter),
        "formats": _formats(rng, introvert=introvert),
    }


def _chain_years(
    rng: random.Random, codes: Sequence[str], start: int, gap: tuple[int, int]
) -> list[tuple[str, int]]:
    """Give each code a year after the previous one and its launch, up to DEMO_YEAR."""
    held, year = [], start
    for code in codes:
        year = min(DEMO_YEAR, max(year + rng.randint(*gap), INTRODUCED[code]))
        held.append((code, year))
    return held


def _mentor(rng: random.Random, number: int) -> DemoPerson:
    kind: MentorKind = _weighted(rng, MENTOR_KINDS, [k.weight for k in MENTOR_KINDS])
    chapter, name, email = _identity(rng, number, "example.com")
    industry = rng.choice(kind.industries)
    years = round(rng.triangular(8, 34, 15))
    pmp_year = min(DEMO_YEAR - 1, max(1995, DEMO_YEAR - years + rng.randint(3, 8)))
    held = [("PMP", pmp_year)]
    if rng.random() < 0.25 and pmp_year > INTRODUCED["CAPM"]:
        capm_year = max(INTRODUCED["CAPM"], pmp_year - rng.randint(1, 3))
        held.insert(0, ("CAPM", capm_year))
    held += _chain_years(rng, rng.choice(kind.extra_certs), pmp_year, (1, 6))
    offers = rng.sample(kind.offers, k=rng.randint(3, min(5, len(kind.offers))))
    if rng.random() < 0.3:
        offers.append(rng.choice([s for s in SKILL_NAMES if s not in offers]))
    signature = next((h for h in held if h[0] not in ("PMP", "CAPM")), held[-1])
    hours = rng.choice((2, 3, 4, 4, 6, 8))
    slots = {
        "years": years,
        "domain": rng.choice(DOMAINS[industry]),
        "city": chapter.city,
        "chapter": chapter.name,
        "cert": signature[0],
        "year": signature[1],
        "skill": offers[0],
        "skill2": offers[1],
        "hours": hours,
        "team": rng.choice((40, 60, 120, 250)),
    }
    codes = [code for code, _ in held]
    role = rng.choice(kind.roles)
    targets, wants, goals = _mentor_growth(rng, codes, slots)
    profile = {
        "display_name": name,
        "headline": f"{role} · {', '.join(codes)} · {industry}",
        "bio": _join(
            _sentence(rng, text.MENTOR_OPENERS[kind.key], slots),
            _sentence(rng, text.MENTOR_OFFERS, slots),
            _sentence(rng, text.MENTOR_CLOSERS, slots),
        ),
        "goals": goals,
        "years_experience": years,
        "industry": industry,
        "hours_per_month": hours,
        "wants_mentor": bool(targets),
        "offers_mentoring": True,
        "mentor_capacity": _weighted(rng, (1, 2, 3), (3, 4, 3)),
        **_place(rng, chapter, introvert=rng.random() < 0.1),
    }
    return DemoPerson(email, profile, tuple(held), targets, tuple(offers), wants)


def _mentor_growth(
    rng: random.Random, codes: list[str], slots: dict[str, Any]
) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """Some mentors want a mentor too: usually for the next senior credential."""
    if rng.random() >= 0.12:
        return (), (), ""
    target = "PgMP" if "PgMP" not in codes else "PfMP"
    if target in codes:
        return (), (), ""
    wants = tuple(
        rng.sample(("strategy alignment", "governance", "benefits realisation"), k=2)
    )
    goals = _sentence(
        rng, text.MENTOR_GOALS, {**slots, "target": target, "skill": wants[0]}
    )
    return (target,), wants, goals


def _mentee_certs(
    rng: random.Random, kind: MenteeKind, years: int
) -> tuple[list[tuple[str, int]], tuple[str, ...]]:
    codes = rng.choice(kind.held)
    held: list[tuple[str, int]] = []
    if codes and codes[0] == "CAPM":
        held.append(("CAPM", DEMO_YEAR - rng.randint(0, min(years, 4))))
    elif codes:
        pmp_year = DEMO_YEAR - rng.randint(0, max(0, years - 3))
        held = [("PMP", pmp_year)] + _chain_years(rng, codes[1:], pmp_year, (1, 4))
    owned = {code for code, _ in held}
    targets = [t for t in kind.targets if t not in owned] or ["PgMP"]
    count = 2 if len(targets) > 1 and rng.random() < 0.2 else 1
    return held, tuple(rng.sample(targets, k=count))


def _mentee(rng: random.Random, number: int) -> DemoPerson:
    kind: MenteeKind = _weighted(rng, MENTEE_KINDS, [k.weight for k in MENTEE_KINDS])
    chapter, name, email = _identity(rng, number, "example.org")
    industry = rng.choice(kind.industries)
    years = rng.randint(*kind.years)
    held, targets = _mentee_certs(rng, kind, years)
    wants = rng.sample(kind.wants, k=rng.randint(2, min(4, len(kind.wants))))
    if rng.random() < 0.25:
        wants.append(rng.choice([s for s in SKILL_NAMES if s not in wants]))
    introvert = kind.key == "introvert" or rng.random() < 0.08
    hours = rng.choice((2, 2, 3, 4, 4, 6))
    role = rng.choice(kind.roles)
    slots = {
        "years": years,
        "domain": rng.choice(DOMAINS[industry]),
        "city": chapter.city,
        "chapter": chapter.name,
        "role": role,
        "target": targets[0],
        "hours": hours,
        "skill": wants[-1],
        "season": rng.choice(text.SEASONS),
        "month": rng.choice(text.MONTHS),
    }
    offers: tuple[str, ...] = ()
    if years >= 8 and held and rng.random() < 0.35:
        offers = tuple(
            rng.sample(
                (
                    "predictive planning",
                    "scheduling",
                    "quality",
                    "communication",
                    "team building",
                ),
                k=2,
            )
        )
    profile = {
        "display_name": name,
        "headline": f"{role} · aiming for {' and '.join(targets)}",
        "bio": _sentence(rng, text.MENTEE_BIOS, slots),
        "goals": _join(
            _sentence(rng, text.MENTEE_GOALS[kind.key], slots),
            _sentence(rng, text.MENTEE_EXTRAS, slots),
        ),
        "years_experience": years,
        "industry": industry,
        "hours_per_month": hours,
        "wants_mentor": True,
        "offers_mentoring": bool(offers),
        "mentor_capacity": 1 if offers else 0,
        **_place(rng, chapter, introvert=introvert),
    }
    return DemoPerson(email, profile, tuple(held), targets, offers, tuple(wants))
