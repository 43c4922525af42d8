"""Request forms: the mentee's message to a mentor, the mentor's decline."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired

from mentormatch.core.models import DeclineReason
from mentormatch.web.forms import (
    message_length,
    no_control_chars,
    note_field,
    options,
    strip_filter,
    sure_field,
)


class RequestForm(FlaskForm):
    """The mentee's message to the mentor they ask for."""

    message = TextAreaField(
        "Your message to the mentor",
        filters=[strip_filter],
        validators=[
            DataRequired("Write a short message: who you are and what you hope for."),
            message_length,
            no_control_chars,
        ],
        description="Say what you want to work on and how you like to meet.",
    )


class DeclineForm(FlaskForm):
    """Why the mentor declines, from a fixed list, with an optional note."""

    reason = SelectField(
        "Reason",
        choices=options((r.value, r.label) for r in DeclineReason),
        default=DeclineReason.NO_CAPACITY.value,
        validate_choice=True,
    )
    note = note_field("Note to the mentee (optional)")
    sure = sure_field("Yes, decline this request", id="decline-sure")

    @property
    def decline_reason(self) -> DeclineReason:
        return DeclineReason(self.reason.data)
