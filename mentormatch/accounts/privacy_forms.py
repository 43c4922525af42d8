"""Form for confirming account deletion."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length

from mentormatch.accounts.forms import PASSWORD_MAX
from mentormatch.web.forms import no_control_chars, sure_field


class DeleteAccountForm(FlaskForm):
    """Confirm deleting the account by entering the password again."""

    password = PasswordField(
        "Your password",
        validators=[
            DataRequired("Enter your password to confirm."),
            Length(max=PASSWORD_MAX, message="Your password is not right."),
            no_control_chars,
        ],
        render_kw={"autocomplete": "current-password"},
    )
    sure = sure_field("Yes, delete my account and everything I wrote", id="delete-sure")
