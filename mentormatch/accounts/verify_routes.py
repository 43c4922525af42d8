"""Email verification: the link, resending it, and changing the address."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user

from mentormatch.accounts.email_forms import email_form
from mentormatch.accounts.forms import ChangeEmailForm, ChangePasswordForm
from mentormatch.accounts.routes import bp
from mentormatch.accounts.services import verification
from mentormatch.core.errors import NotAllowedError
from mentormatch.extensions import db
from mentormatch.web.forms import ConfirmForm

EMAIL_LINK_SENT = (
    "If that address can be used, we sent a link to it. Open the link to confirm "
    "the new address; until then you are not suggested to others."
)


def _settings() -> dict[str, object]:
    config = current_app.config
    return {"secret": config["SECRET_KEY"], "days": int(config["VERIFY_EMAIL_DAYS"])}


@bp.get("/signup/sent")
def signup_sent() -> ResponseReturnValue:
    """The same answer for every sign-up: look in your inbox."""
    return render_template("accounts/signup_sent.html")


@bp.get("/verify/<string(maxlength=300):token>")
def verify(token: str) -> ResponseReturnValue:
    """Confirm the address; a visitor who is logged out is logged in."""
    user = verification.verify(db.session(), token, **_settings())  # type: ignore[arg-type]
    if not current_user.is_authenticated:
        login_user(user)
    elif current_user.user_id != user.user_id:
        flash("Email address confirmed for the other account.", "success")
        return redirect(url_for("main.index"))
    flash("Thank you: your email address is confirmed.", "success")
    target = "suggestions.index" if user.has_profile else "profiles.edit"
    return redirect(url_for(target))


@bp.post("/account/verify-email")
@login_required
def resend_verification() -> ResponseReturnValue:
    """Send a new link, at most once a minute."""
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("accounts.account")), 400
    wait = timedelta(seconds=int(current_app.config["VERIFY_RESEND_SECONDS"]))
    verification.resend(
        db.session(),
        current_user._get_current_object(),
        wait=wait,
        **_settings(),  # type: ignore[arg-type]
    )
    flash(f"We sent a new link to {current_user.email}.", "success")
    return redirect(url_for("accounts.account"))


@bp.post("/account/email")
@login_required
def change_email() -> ResponseReturnValue:
    """Change the address; the new one must be confirmed again."""
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            verification.change_email(
                db.session(),
                current_user._get_current_object(),
                password=form.password.data,
                new_email=form.email.data,
                **_settings(),  # type: ignore[arg-type]
            )
        except NotAllowedError as err:
            form.password.errors.append(str(err))
        else:
            flash(EMAIL_LINK_SENT, "success")
            return redirect(url_for("accounts.account"))
    return render_template(
        "accounts/account.html",
        form=ChangePasswordForm(),
        email_form=form,
        choices_form=email_form(),
    ), 400
