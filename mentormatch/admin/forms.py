"""Admin forms: queue filters, approving and rejecting, bulk approval."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from mentormatch.forms_common import no_control_chars, strip_filter
from mentormatch.matches.forms import NOTE_MAX, optional_note
from mentormatch.profiles.forms import options


class QueueFilterForm(FlaskForm):
    """Filters of the approval queue, read from the query string."""

    class Meta:
        csrf = False

    chapter = SelectField("Chapter (mentee's or mentor's)", default="")
    min_age = IntegerField(
        "Waiting at least (days)",
        validators=[
            Optional(),
            NumberRange(min=0, max=3650, message="Enter 0 to 3650 days."),
        ],
    )

    def set_chapters(self, chapters: list[str]) -> None:
        self.chapter.choices = options(
            [("", "All chapters"), *((c, c) for c in chapters)]
        )


class ApproveForm(FlaskForm):
    """Approving one accepted request, with an optional note."""

    note = optional_note("Note (optional)")


class RejectForm(FlaskForm):
    """Rejecting one accepted request: the reason is required and shown to both."""

    reason = TextAreaField(
        "Reason (shown to both members)",
        filters=[strip_filter],
        validators=[
            DataRequired("Give a reason; both members will read it."),
            Length(max=NOTE_MAX, message=f"Keep it under {NOTE_MAX} characters."),
            no_control_chars,
        ],
    )


class BulkApproveForm(FlaskForm):
    """The requests ticked in the queue, approved one after another."""

    request_ids = SelectMultipleField(
        "Requests",
        coerce=int,
        validate_choice=False,
        validators=[DataRequired("Tick at least one request to approve.")],
    )
