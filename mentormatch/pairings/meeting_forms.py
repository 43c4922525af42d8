"""Forms of the meetings on the pairing page: propose times, cancel with a note."""

from __future__ import annotations

from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateTimeLocalField, RadioField, StringField
from wtforms.validators import InputRequired, Length, Optional

from mentormatch.core.models import MEETING_ANSWERS
from mentormatch.pairings.forms import web_url
from mentormatch.pairings.services.items import URL_MAX
from mentormatch.web.forms import (
    near_today,
    note_field,
    number,
    options,
    single_line,
    strip_filter,
    text,
)

_FORMAT = "%Y-%m-%dT%H:%M"


def _slot(label: str, required: bool) -> DateTimeLocalField:
    first = InputRequired("Propose at least one time.") if required else Optional()
    return DateTimeLocalField(
        label,
        format=_FORMAT,
        validators=[first, near_today("time", past=False)],
        render_kw={"step": 900},
    )


class MeetingForm(FlaskForm):
    """Up to three times (in the proposer's own zone), a length, where to meet."""

    slot1 = _slot("First time", required=True)
    slot2 = _slot("Second time (optional)", required=False)
    slot3 = _slot("Third time (optional)", required=False)
    minutes = number("Minutes", 15, 240, "Give the length in minutes, 15 to 240.")
    video_url = StringField(
        "Video link (optional)",
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=URL_MAX, message=f"Keep the link under {URL_MAX} characters."),
            single_line,
            web_url,
        ],
    )
    location = text("Place (optional)", 200)
    note = note_field("Note (optional)")

    def walls(self) -> list[datetime]:
        """The proposed wall-clock times, in the order given."""
        return [f.data for f in (self.slot1, self.slot2, self.slot3) if f.data]


class CancelMeetingForm(FlaskForm):
    """Cancel a meeting, with a note to the other member."""

    note = note_field("Note (optional)")


class CheckupForm(FlaskForm):
    """The three-question pulse at 30 and 90 days."""

    working = RadioField(
        "Is this pairing working for you?",
        choices=options([("yes", "Yes"), ("no", "No")]),
        validators=[InputRequired("Answer whether it is working.")],
    )
    meeting = RadioField(
        "Are you meeting as agreed?",
        choices=options(MEETING_ANSWERS.items()),
        validators=[InputRequired("Answer whether you meet as agreed.")],
    )
    note = note_field(
        "Anything the program should know? (optional; the program's admins read it)"
    )
    end_not_fit = BooleanField(
        "It is not a good fit: end the pairing (this mentor will not be suggested to"
        " this mentee again)"
    )
