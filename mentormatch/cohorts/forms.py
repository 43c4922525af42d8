"""Forms of the cohort screens: a run's settings, and ticking proposals."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FloatField, SelectField
from wtforms.validators import InputRequired, NumberRange

from mentormatch.web.forms import id_list, options, strict_int

OBJECTIVE_CHOICES = [
    ("total_score", "Best total match score"),
    ("most_matched", "Most mentees matched, then best score"),
]
MODE_CHOICES = [
    ("optimal", "Optimal: the best pairs for the program as a whole"),
    ("stable", "Stable: follows members' shortlists; nobody prefers to swap"),
]


class CohortRunForm(FlaskForm):
    """Settings of a cohort run; stable mode is offered only when shortlists exist."""

    program = SelectField("Program", coerce=strict_int, default=0)
    chapter = SelectField("Mentees of chapter", default="")
    objective = SelectField(
        "Objective", choices=options(OBJECTIVE_CHOICES), default="total_score"
    )
    mode = SelectField("Mode", default="optimal")
    min_score = FloatField(
        "Minimum match score (0 to 1)",
        default=0.0,
        validators=[
            InputRequired("Enter a minimum score between 0 and 1."),
            NumberRange(min=0.0, max=1.0, message="Enter a number from 0 to 1."),
        ],
    )

    def set_choices(
        self,
        chapters: list[str],
        *,
        can_stable: bool,
        programs: list[tuple[int, str]],
    ) -> None:
        """Fill the program and chapter lists; offer stable mode only when it can
        run. Program 0 (platform admins only) means members outside programs."""
        self.program.choices = programs
        self.chapter.choices = options(
            [("", "All chapters"), *((c, c) for c in chapters)]
        )
        self.mode.choices = options(MODE_CHOICES if can_stable else MODE_CHOICES[:1])


class ProposalsForm(FlaskForm):
    """The proposals ticked on a run's page."""

    proposal_ids = id_list("Proposals", "Tick at least one proposal.")
