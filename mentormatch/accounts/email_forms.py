"""The account page's email choices form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from mentormatch.core.member_settings import CATEGORIES
from mentormatch.core.models import MESSAGE_EMAIL_CHOICES, MemberSettings
from mentormatch.extensions import db
from mentormatch.web.forms import options
from mentormatch.web.views import member


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EmailChoicesForm(FlaskForm):
    """Which emails the member gets; password resets always go out."""

    wanted = MultiCheckboxField(
        "Email me about", choices=options(CATEGORIES.items()), validate_choice=True
    )
    message_email = SelectField(
        "Messages by email",
        choices=options(MESSAGE_EMAIL_CHOICES.items()),
        validate_choice=True,
    )


def email_form() -> EmailChoicesForm:
    """The form filled with the member's current choices (no row: all on)."""
    row = db.session.get(MemberSettings, member().user_id)
    off = set(row.email_off.split()) if row else set()
    return EmailChoicesForm(
        formdata=None,
        data={
            "wanted": [c for c in CATEGORIES if c not in off],
            "message_email": row.message_email if row else "hourly",
        },
    )
