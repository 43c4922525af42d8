"""Email choices on the account page, and one-click unsubscribe links (RFC 8058)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from mentormatch.accounts.email_forms import EmailChoicesForm
from mentormatch.accounts.forms import ChangeEmailForm, ChangePasswordForm
from mentormatch.accounts.routes import bp
from mentormatch.core import member_settings as choices
from mentormatch.extensions import csrf, db
from mentormatch.web.views import member


@bp.post("/account/emails")
@login_required
def email_choices() -> ResponseReturnValue:
    """Store which emails the member wants."""
    form = EmailChoicesForm()
    if not form.validate_on_submit():
        page = render_template(
            "accounts/account.html",
            form=ChangePasswordForm(),
            email_form=ChangeEmailForm(),
            choices_form=form,
        )
        return page, 400
    off = set(choices.CATEGORIES) - set(form.wanted.data or [])
    choices.set_email_choices(
        db.session(), member(), off=off, message_email=form.message_email.data
    )
    flash("Your email choices are saved.", "success")
    return redirect(url_for("accounts.account", _anchor="emails"))


@bp.get("/account/unsubscribe/<token>/<category>")
def unsubscribe_page(token: str, category: str) -> ResponseReturnValue:
    """Ask before switching off (a GET must not: link scanners follow links)."""
    if category not in choices.CATEGORIES or len(token) > 64:
        abort(404)
    label = choices.CATEGORIES[category]
    return render_template("accounts/unsubscribe.html", label=label, done=False)


@bp.post("/account/unsubscribe/<token>/<category>")
@csrf.exempt  # mail apps POST "List-Unsubscribe=One-Click"; the token is the key
def unsubscribe(token: str, category: str) -> ResponseReturnValue:
    """Switch that kind of email off, without logging in."""
    user = choices.unsubscribe(db.session(), token, category)
    if user is None:
        abort(404)
    label = choices.CATEGORIES[category]
    return render_template("accounts/unsubscribe.html", label=label, done=True)
