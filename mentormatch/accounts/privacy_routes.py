"""The privacy page, the own-data download and account deletion."""

from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, logout_user

from mentormatch.accounts.privacy_forms import DeleteAccountForm
from mentormatch.accounts.routes import bp
from mentormatch.accounts.services import erasure, own_data
from mentormatch.core.errors import NotAllowedError
from mentormatch.extensions import db


@bp.get("/privacy")
def privacy() -> ResponseReturnValue:
    """Say what is stored, who sees it, how matching works and how to leave."""
    return render_template("accounts/privacy.html")


@bp.get("/accessibility")
def accessibility() -> ResponseReturnValue:
    """The accessibility statement: the standard we meet, how we check, who to ask."""
    return render_template("accounts/accessibility.html")


@bp.get("/me/data.json")
@login_required
def download_data() -> ResponseReturnValue:
    """Download everything held about the logged-in member as a JSON file."""
    data = own_data.export_member(db.session(), current_user._get_current_object())
    return Response(
        json.dumps(data, indent=2, ensure_ascii=False),
        mimetype="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="mentormatch-my-data.json"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/me/delete", methods=["GET", "POST"])
@login_required
def delete_account() -> ResponseReturnValue:
    """Confirm with the password, then delete the account and log out."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            member = current_user._get_current_object()
            erasure.delete_account(db.session(), member, password=form.password.data)
        except NotAllowedError as err:
            form.password.errors.append(str(err))
        else:
            logout_user()
            flash("Your account is deleted. Thank you for taking part.", "info")
            return redirect(url_for("main.index"))
    status = 400 if form.errors else 200
    return render_template("accounts/delete.html", form=form), status
