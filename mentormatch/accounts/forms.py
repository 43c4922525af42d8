"""Forms for signing up, logging in and changing a password."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from mentormatch.web.forms import email_field, no_control_chars

PASSWORD_MIN = 10
PASSWORD_MAX = 128


def password_strength(form: FlaskForm, field: PasswordField) -> None:
    """Refuse passwords that are only letters or only digits."""
    value = field.data or ""
    if value.strip() != value:
        raise ValidationError("Password cannot start or end with a space.")
    if value.isalpha() or value.isdigit():
        raise ValidationError("Use a mix of letters and digits or symbols.")


def _new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        render_kw={"autocomplete": "new-password"},
        validators=[
            DataRequired("Choose a password."),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=f"Use {PASSWORD_MIN} to {PASSWORD_MAX} characters.",
            ),
            no_control_chars,
            password_strength,
        ],
    )


class CredentialsForm(FlaskForm):
    """An email and a new password, under the sign-up rules (also for create-admin)."""

    email = email_field()
    password = _new_password_field("Password")
    confirm = PasswordField(
        render_kw={"autocomplete": "new-password"},
        label="Repeat password",
        validators=[
            DataRequired("Repeat your password."),
            EqualTo("password", message="The two passwords differ."),
        ],
    )


CONSENT_LABEL = (
    "I agree that MentorMatch uses my profile to suggest mentors and mentees "
    "(see the privacy page)"
)
CONSENT_REQUIRED = (
    "To create an account, agree that your profile is used to suggest "
    "mentors and mentees."
)


class SignupForm(CredentialsForm):
    """Create an account with an email and a password, consenting to matching."""

    consent = BooleanField(CONSENT_LABEL, validators=[DataRequired(CONSENT_REQUIRED)])


class LoginForm(FlaskForm):
    """Log in with email and password."""

    email = email_field()
    password = PasswordField(
        "Password",
        render_kw={"autocomplete": "current-password"},
        validators=[
            DataRequired("Enter your password."),
            Length(max=PASSWORD_MAX, message="Email or password is wrong."),
            no_control_chars,
        ],
    )
    remember = BooleanField("Keep me logged in on this device")
    next = StringField()


def repeat_password_field(label: str) -> PasswordField:
    """Return a field that must repeat the form's `password` field."""
    return PasswordField(
        label,
        validators=[
            DataRequired("Repeat your new password."),
            EqualTo("password", message="The two passwords differ."),
        ],
    )


class ChangePasswordForm(FlaskForm):
    """Change the password, confirming the current one."""

    current = PasswordField(
        "Current password",
        render_kw={"autocomplete": "current-password"},
        validators=[DataRequired("Enter your current password."), no_control_chars],
    )
    password = _new_password_field("New password")
    confirm = PasswordField(
        render_kw={"autocomplete": "new-password"},
        label="Repeat new password",
        validators=[
            DataRequired("Repeat your new password."),
            EqualTo("password", message="The two passwords differ."),
        ],
    )


class ChangeEmailForm(FlaskForm):
    """Move the account to a new email address, confirming with the password.

    Prefixed: it shares the account page with the password form (unique ids).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "change")
        super().__init__(*args, **kwargs)

    email = email_field("New email address")
    password = PasswordField(
        "Your password",
        render_kw={"autocomplete": "current-password"},
        validators=[DataRequired("Enter your password."), no_control_chars],
    )
