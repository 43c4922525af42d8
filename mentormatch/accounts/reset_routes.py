"""Forgotten password: ask for a link, then choose a new password through it."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from mentormatch.accounts.ratelimit import forgot_limits
from mentormatch.accounts.reset_forms import ForgotPasswordForm, ResetPasswordForm
from mentormatch.accounts.routes import bp
from mentormatch.accounts.services import reset
from mentormatch.core.mail import MailSettings
from mentormatch.extensions import db


def mail_delivers() -> bool:
    """Whether email reaches anyone here: an SMTP server, or the dev mailbox."""
    return MailSettings.from_config(current_app.config).delivers


LINK_SENT = (
    "If an account exists for that email, we sent a link to reset the password. "
    "Check your inbox."
)
# Said instead when no mail server is configured: nothing would arrive.
NO_MAIL = (
    "This site cannot send email yet, so no reset link can reach you. "
    "Ask a program admin to reset your password."
)


@bp.route("/password/forgot", methods=["GET", "POST"])
@forgot_limits
def forgot_password() -> ResponseReturnValue:
    """Queue a reset link; the answer (and its timing) is the same for any address."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        reset.queue_reset(db.session(), email=form.email.data)
        flash(LINK_SENT if mail_delivers() else NO_MAIL, "info")
        return redirect(url_for("accounts.login"))
    return render_template(
        "accounts/forgot_password.html", form=form
    ), 400 if form.errors else 200


@bp.route("/password/reset/<string(maxlength=100):token>", methods=["GET", "POST"])
def reset_password(token: str) -> ResponseReturnValue:
    """Set a new password through a valid link; used or expired links get 410."""
    reset.check_token(db.session(), token)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        reset.reset_password(db.session(), token, password=form.password.data)
        flash(
            "Your password is changed and every device is logged out. "
            "Log in with the new password.",
            "success",
        )
        return redirect(url_for("accounts.login"))
    return render_template(
        "accounts/reset_password.html", form=form
    ), 400 if form.errors else 200
