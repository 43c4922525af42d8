"""Whom a mentor wants to mentor and where a mentee aims: saved, checked, shown."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from mentormatch.core.choices import INDUSTRIES
from mentormatch.core.models import Profile
from mentormatch.matching.goal_topics import TOPICS
from mentormatch.matching.preferences import CAREER_STAGES, STAGE_LABELS
from mentormatch.profiles.services.profiles import ProfileFieldError

TOPIC_LABELS: dict[str, str] = {t.name: t.need_label for t in TOPICS}
WISH_INDUSTRIES = frozenset(i for i in INDUSTRIES if i != "Other")
HOURS_RANGE = range(1, 41)


@dataclass(frozen=True, slots=True)
class WishData:
    """Validated wishes; empty (or None hours) means "anyone"."""

    wants_career_stages: tuple[str, ...] = ()
    wants_topics: tuple[str, ...] = ()
    wants_industries: tuple[str, ...] = ()
    max_hours_month: int | None = None
    target_industries: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class WishCard:
    """What the profile page shows of the wishes, in words."""

    stages: list[str]
    topics: list[str]
    industries: list[str]
    max_hours_month: int | None
    target_industries: list[str]

    @property
    def mentor_wishes(self) -> bool:
        """Whether the member said anything about whom they want to mentor."""
        return bool(
            self.stages
            or self.topics
            or self.industries
            or self.max_hours_month is not None
        )


def _known(values: tuple[str, ...], allowed: object, field: str, what: str) -> list:
    if any(v not in allowed for v in values):  # type: ignore[operator]
        raise ProfileFieldError(f"Choose {what} from the list.", field=field)
    return list(dict.fromkeys(values))


def save_wishes(session: Session, profile: Profile, data: WishData) -> Profile:
    """Replace the profile's wishes with `data` and commit.

    Raises
    ------
    ProfileFieldError
        A value outside the lists or the hours range; nothing is changed.
    """
    stages = _known(
        data.wants_career_stages, CAREER_STAGES, "wants_career_stages", "career stages"
    )
    topics = _known(data.wants_topics, TOPIC_LABELS, "wants_topics", "goals")
    wanted = _known(
        data.wants_industries, WISH_INDUSTRIES, "wants_industries", "industries"
    )
    targets = _known(
        data.target_industries, WISH_INDUSTRIES, "target_industries", "industries"
    )
    hours = data.max_hours_month
    if hours is not None and hours not in HOURS_RANGE:
        raise ProfileFieldError(
            "Enter the most hours a month from 1 to 40, or leave it empty.",
            field="max_hours_month",
        )
    # in the engine's order, so the same wishes always read the same
    profile.wants_career_stages = [s for s in CAREER_STAGES if s in stages]
    profile.wants_topics = [t for t in TOPIC_LABELS if t in topics]
    profile.wants_industries = [i for i in INDUSTRIES if i in wanted]
    profile.target_industries = [i for i in INDUSTRIES if i in targets]
    profile.max_hours_month = hours
    session.commit()
    return profile


def _first_up(label: str) -> str:
    return label[:1].upper() + label[1:]  # not capitalize(): keeps "PMO"


def wish_card(profile: Profile) -> WishCard:
    """The profile's wishes as readable labels (unknown stored values are skipped)."""
    return WishCard(
        stages=[
            _first_up(STAGE_LABELS[s])
            for s in profile.wants_career_stages or ()
            if s in STAGE_LABELS
        ],
        topics=[
            _first_up(TOPIC_LABELS[t])
            for t in profile.wants_topics or ()
            if t in TOPIC_LABELS
        ],
        industries=list(profile.wants_industries or ()),
        max_hours_month=profile.max_hours_month,
        target_industries=list(profile.target_industries or ()),
    )
