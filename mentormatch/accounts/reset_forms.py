"""Forms for asking for a reset link and choosing a new password."""

from __future__ import annotations

from flask_wtf import FlaskForm

from mentormatch.accounts.forms import (
    _new_password_field,
    email_field,
    repeat_password_field,
)


class ForgotPasswordForm(FlaskForm):
    """Ask for a password reset link by email."""

    email = email_field()


class ResetPasswordForm(FlaskForm):
    """Choose a new password (same rules as at sign-up)."""

    password = _new_password_field("New password")
    confirm = repeat_password_field("Repeat new password")
