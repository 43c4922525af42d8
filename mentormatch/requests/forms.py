"""The mentor's decline form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField

from mentormatch.matches.forms import note_field
from mentormatch.models import DeclineReason
from mentormatch.profiles.forms import options


class DeclineForm(FlaskForm):
    """Why the mentor declines, from a fixed list, with an optional note."""

    reason = SelectField(
        "Reason",
        choices=options((r.value, r.label) for r in DeclineReason),
        default=DeclineReason.NO_CAPACITY.value,
        validate_choice=True,
    )
    note = note_field("Note to the mentee (optional)")

    @property
    def decline_reason(self) -> DeclineReason:
        return DeclineReason(self.reason.data)
