"""Forms of the follow-ups: agreement, check-in, fit, goals, links, feedback."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Field,
    RadioField,
    SelectField,
    StringField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.validators import ValidationError as FieldError

from mentormatch.core.models import GoalStatus
from mentormatch.pairings.services.items import URL_MAX, is_web_url
from mentormatch.pairings.services.schedule import CADENCES
from mentormatch.web.forms import (
    near_today,
    note_field,
    number,
    options,
    single_line,
    strip_filter,
    sure_field,
    text,
)


def web_url(form: Any, field: Field) -> None:
    """Accept only absolute http:// or https:// links."""
    if not is_web_url(field.data or ""):
        raise FieldError("Give a web link starting with http:// or https://.")


class AgreementForm(FlaskForm):
    """The mentoring agreement both people accept at the start."""

    goals = text(
        "Goals (one per line)", 2000, required="Write at least one goal.", area=True
    )
    cadence = SelectField(
        "How often you check in",
        choices=options(CADENCES.items()),
        default="biweekly",
        validate_choice=True,
    )
    duration_months = number(
        "Duration in months", 1, 24, "Choose a duration of 1 to 24 months."
    )
    starts_on = DateField(
        "First check-in",
        validators=[
            InputRequired("Choose the first check-in date."),
            near_today("first date"),
        ],
    )
    checkin_time = TimeField(
        "Usual start time (optional, in the mentee's time zone)",
        validators=[Optional()],
    )
    confidential = BooleanField(
        "We keep what we discuss confidential",
        validators=[DataRequired("Both of you agree to confidentiality.")],
    )


class CheckinForm(FlaskForm):
    """A check-in the pair held, with its length for PDU claims."""

    held_on = DateField(
        "Date", validators=[InputRequired("Give the date of the check-in.")]
    )
    minutes = number("Minutes", 5, 600, "Give the length in minutes, 5 to 600.")
    notes = text("Notes (optional)", 2000, area=True)
    next_step = text("Next step (optional)", 500, area=True)


class FitForm(FlaskForm):
    """ "Is this a good fit?" after the first check-in."""

    answer = RadioField(
        "Is this pairing a good fit for you?",
        choices=options([("yes", "Yes, let's go on"), ("no", "No, end the pairing")]),
        validators=[InputRequired("Answer yes or no.")],
    )
    sure = BooleanField("If no: yes, I am sure the pairing should end", id="fit-sure")

    def validate_sure(self, field: BooleanField) -> None:
        """A "no" ends the pairing, so it needs the tick; a "yes" does not."""
        if self.answer.data == "no" and not field.data:
            raise FieldError("Tick the box to confirm that the pairing ends.")


class GoalForm(FlaskForm):
    """A goal the mentee adds."""

    title = text("New goal", 200, required="Write the goal.")


class GoalUpdateForm(FlaskForm):
    """Status and progress of one goal."""

    status = SelectField(
        "Status",
        choices=options((s.value, s.label) for s in GoalStatus),
        validate_choice=True,
    )
    progress = number("Progress %", 0, 100, "Give a progress from 0 to 100.")


class ResourceForm(FlaskForm):
    """A link one member shares."""

    title = text("Title", 120, required="Give the link a title.")
    # Its own id: the goal form on the same page has a "title" field too.
    title.kwargs["id"] = "resource-title"
    url = StringField(
        "Link (http or https)",
        filters=[strip_filter],
        validators=[
            DataRequired("Paste the link."),
            Length(max=URL_MAX, message=f"Keep the link under {URL_MAX} characters."),
            single_line,
            web_url,
        ],
    )


class FeedbackForm(FlaskForm):
    """A rating and a comment on the pairing."""

    rating = RadioField(
        "Rating",
        choices=options((str(n), f"{n} of 5") for n in range(5, 0, -1)),
        validators=[InputRequired("Choose a rating from 1 to 5.")],
    )
    comment = text("Comment (optional)", 1000, area=True)


class CloseForm(FeedbackForm):
    """Ending an active pairing with feedback: it cannot be undone."""

    sure = sure_field("Yes, end the pairing now", id="close-sure")


class EndPairingForm(FlaskForm):
    """Ending a pairing, with an optional reason for the other person."""

    reason = note_field("Reason (optional)")
    sure = sure_field("Yes, end the pairing now", id="end-sure")
