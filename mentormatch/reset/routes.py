"""Forgotten password: ask for a link, then choose a new password through it."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from mentormatch.extensions import db
from mentormatch.reset.forms import ForgotPasswordForm, ResetPasswordForm
from mentormatch.services import reset

bp = Blueprint("reset", __name__)

LINK_SENT = (
    "If an account exists for that email, we sent a link to reset the password. "
    "Check your inbox."
)


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot() -> ResponseReturnValue:
    """Email a reset link; the answer is the same whether the account exists or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        minutes = int(current_app.config["PASSWORD_RESET_MINUTES"])
        reset.request_reset(
            db.session(), email=form.email.data, valid_for=timedelta(minutes=minutes)
        )
        flash(LINK_SENT, "info")
        return redirect(url_for("auth.login"))
    return render_template("reset/forgot.html", form=form), 400 if form.errors else 200


@bp.route("/password/reset/<string(maxlength=100):token>", methods=["GET", "POST"])
def choose(token: str) -> ResponseReturnValue:
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
        return redirect(url_for("auth.login"))
    return render_template("reset/choose.html", form=form), 400 if form.errors else 200
