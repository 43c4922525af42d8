"""Plain value types exchanged between the web app and the matching engine."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Mentor:
    """A mentor profile as the engine sees it (built by an adapter from the database).

    Unknown certification codes, unknown skills, empty strings and unknown time
    zones are tolerated: they simply contribute nothing to the score.
    """

    id: int
    certifications: Collection[str] = ()
    skills: Collection[str] = ()
    expertise: str = ""
    years_experience: float = 0.0
    chapter: str = ""
    timezone: str = ""
    languages: Collection[str] = ()
    formats: Collection[str] = ()
    capacity_left: int = 1
    active: bool = True


@dataclass(frozen=True, slots=True)
class Mentee:
    """A mentee asking for suggestions; ``exclude_ids`` are never suggested."""

    id: int
    certifications: Collection[str] = ()
    target_certifications: Collection[str] = ()
    skills_wanted: Collection[str] = ()
    goals: str = ""
    years_experience: float = 0.0
    chapter: str = ""
    timezone: str = ""
    languages: Collection[str] = ()
    formats: Collection[str] = ()
    exclude_ids: Collection[int] = ()


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One ranked mentor: ``score`` in [0, 1] is the sum of ``parts``.

    ``parts`` maps component name (see ``scoring.PART_NAMES``) to its weighted
    contribution; ``reasons`` are short sentences, each backed by a non-zero part.
    """

    mentor_id: int
    score: float
    reasons: tuple[str, ...]
    parts: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RankFilters:
    """Optional filters of the suggestions page; ``None`` means "no filter".

    ``max_timezone_hours`` keeps mentors whose (worst-case over the year) offset
    difference to the mentee is at most that many hours; mentors or mentees with
    an unknown time zone are dropped when it is set.
    """

    certification: str | None = None
    skill: str | None = None
    chapter: str | None = None
    language: str | None = None
    format: str | None = None
    max_timezone_hours: float | None = None
