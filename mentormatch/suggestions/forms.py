"""The form of the shortlist-and-block screen."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import InputRequired, NumberRange

from mentormatch.web.forms import StrictIntegerField, options

KIND_CHOICES = [
    ("shortlist", "Shortlist: I would like to be matched with this person"),
    ("block", "Block: never match me with this person"),
]


class PreferenceForm(FlaskForm):
    """Add a member to your shortlist or your blocks by their member number."""

    other_id = StrictIntegerField(
        "Member number",
        description="The number at the end of their profile's address "
        "(/profiles/people/NUMBER).",
        validators=[
            InputRequired("Enter the member's number."),
            NumberRange(min=1, max=2**31 - 1, message="Enter a valid member number."),
        ],
    )
    kind = SelectField("List", choices=options(KIND_CHOICES), default="shortlist")
