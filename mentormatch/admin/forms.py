"""Admin forms: queue filters, approving and rejecting, bulk approval."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import NumberRange, Optional

from mentormatch.web.forms import (
    StrictIntegerField,
    id_list,
    note_field,
    options,
    sure_field,
)


class QueueFilterForm(FlaskForm):
    """Filters of the approval queue, read from the query string."""

    class Meta:
        csrf = False

    chapter = SelectField("Chapter (mentee's or mentor's)", default="")
    min_age = StrictIntegerField(
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

    note = note_field("Note (optional)")
    sure = sure_field(
        "Yes, approve this pairing: both members are told", id="approve-sure"
    )


class RejectForm(FlaskForm):
    """Rejecting one accepted request: the reason is required and shown to both."""

    reason = note_field(
        "Reason (shown to both members)",
        required="Give a reason; both members will read it.",
    )
    sure = sure_field(
        "Yes, reject this pairing: both members are told", id="reject-sure"
    )


class BulkApproveForm(FlaskForm):
    """The requests ticked in the queue, approved one after another."""

    request_ids = id_list("Requests", "Tick at least one request to approve.")
    sure = sure_field("Yes, approve every ticked request", id="bulk-sure")
