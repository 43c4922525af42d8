"""Plain value types exchanged between the web app and the matching engine."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Mentor:
    """A mentor profile as the engine sees it (built by an adapter from the database).

    Unknown certification codes, unknown skills, empty strings and unknown time
    zones are tolerated: they simply contribute nothing to the score.

    The optional wishes say whom the mentor wants to mentor: ``wants_career_stages``
    (``preferences.CAREER_STAGES`` or their labels), ``wants_topics`` (goal topic
    names, ``goal_topics.TOPICS``), ``wants_industries`` (``preferences.INDUSTRIES``)
    and ``max_hours_month``; empty means "anyone". ``has_logged_in`` is False for
    an imported account never used; ``capacity_total`` (places offered in all)
    lets a mentor near capacity be shown a little less often.
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
    wants_career_stages: Collection[str] = ()
    wants_topics: Collection[str] = ()
    wants_industries: Collection[str] = ()
    max_hours_month: float | None = None
    has_logged_in: bool = True
    capacity_total: int | None = None


@dataclass(frozen=True, slots=True)
class Mentee:
    """A mentee asking for suggestions; ``exclude_ids`` are never suggested.

    ``industries`` (current or wished, ``preferences.INDUSTRIES``) and
    ``hours_month`` (hours of mentoring a month wanted) meet the mentors' wishes.
    """

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
    industries: Collection[str] = ()
    hours_month: float | None = None


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
