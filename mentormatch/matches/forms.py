"""Forms of the mentee side: a request message, confirmations, ending a pairing."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import Field, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from mentormatch.forms_common import no_control_chars, strip_filter

NOTE_MAX = 500


def message_length(form: Any, field: Field) -> None:
    """Keep the request message within the configured REQUEST_MESSAGE_MAX."""
    limit = int(current_app.config["REQUEST_MESSAGE_MAX"])
    if len(field.data or "") > limit:
        raise ValidationError(f"Keep your message under {limit} characters.")


def note_field(label: str, required: str | None = None) -> TextAreaField:
    """A free-text note of at most NOTE_MAX characters; `required` is the message
    shown when it is left empty (None: the note is optional)."""
    return TextAreaField(
        label,
        filters=[strip_filter],
        validators=[
            DataRequired(required) if required else Optional(),
            Length(max=NOTE_MAX, message=f"Keep it under {NOTE_MAX} characters."),
            no_control_chars,
        ],
    )


class ConfirmForm(FlaskForm):
    """No fields: a POST button that carries the CSRF token."""


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


class EndPairingForm(FlaskForm):
    """Ending a pairing, with an optional reason for the other person."""

    reason = note_field("Reason (optional)")
