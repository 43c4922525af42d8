"""The wishes section of a profile: whom a mentor wants to mentor, where a mentee aims.

A form of its own (with its own save) so that the main profile form stays as it is.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.validators import Optional

from mentormatch.core.choices import INDUSTRIES
from mentormatch.matching.goal_topics import TOPICS
from mentormatch.matching.preferences import CAREER_STAGES, STAGE_FROM_YEARS
from mentormatch.profiles.forms import multi
from mentormatch.profiles.services.wishes import WishData
from mentormatch.web.forms import StrictIntegerField, options, whole_number

HOURS_MIN, HOURS_MAX = 1, 40  # as the profile's own hours a month
HOURS_MESSAGE = (
    f"Enter the most hours a month as a whole number from {HOURS_MIN} to "
    f"{HOURS_MAX}, or leave it empty."
)
# "Other" names no industry, so nobody can wish for it.
WISH_INDUSTRIES: tuple[str, ...] = tuple(i for i in INDUSTRIES if i != "Other")


def stage_label(index: int) -> str:
    """A career stage with the years of experience it covers (as the engine counts)."""
    names = ("New to project management", "Early career", "Mid career", "Senior")
    bounds = (0.0, *STAGE_FROM_YEARS)
    low = int(bounds[index])
    if index == 0:
        span = f"under {int(STAGE_FROM_YEARS[0])} years"
    elif index == len(CAREER_STAGES) - 1:
        span = f"{low} years or more"
    else:
        span = f"{low} to {int(bounds[index + 1]) - 1} years"
    return f"{names[index]} ({span})"


STAGE_CHOICES = options(
    (stage, stage_label(i)) for i, stage in enumerate(CAREER_STAGES)
)
TOPIC_CHOICES = options(
    (t.name, t.need_label[:1].upper() + t.need_label[1:]) for t in TOPICS
)
INDUSTRY_CHOICES = options((i, i) for i in WISH_INDUSTRIES)


class WishesForm(FlaskForm):
    """Whom you want to mentor (empty: anyone) and the industries you aim for."""

    wants_career_stages = multi(
        "Career stages you want to mentor", STAGE_CHOICES, "career stages"
    )
    wants_topics = multi("Goals you want to help with", TOPIC_CHOICES, "goals")
    wants_industries = multi(
        "Industries of the mentees you want", INDUSTRY_CHOICES, "industries"
    )
    max_hours_month = StrictIntegerField(
        "Most hours a month you can give one mentee (optional)",
        invalid_value_message=HOURS_MESSAGE,
        validators=[Optional(), whole_number(HOURS_MIN, HOURS_MAX, HOURS_MESSAGE)],
        render_kw={
            "min": HOURS_MIN,
            "max": HOURS_MAX,
            "step": 1,
            "inputmode": "numeric",
        },
    )
    target_industries = multi(
        "Industries you want to move into", INDUSTRY_CHOICES, "industries"
    )

    def to_data(self) -> WishData:
        """Return the validated values as the service's WishData."""
        return WishData(
            wants_career_stages=tuple(self.wants_career_stages.data or ()),
            wants_topics=tuple(self.wants_topics.data or ()),
            wants_industries=tuple(self.wants_industries.data or ()),
            max_hours_month=self.max_hours_month.data,
            target_industries=tuple(self.target_industries.data or ()),
        )
