"""A member's notifications: the list, and marking them all read."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from mentormatch.core import notifications, queries
from mentormatch.extensions import db
from mentormatch.web.forms import ConfirmForm
from mentormatch.web.views import member, page_of

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    """The member's notifications, newest first; unread ones stand out."""
    page = page_of(queries.member_notifications(member().user_id))
    return render_template("notifications/index.html", page=page)


@bp.post("/read-all")
@login_required
def read_all() -> ResponseReturnValue:
    """Mark every notification of the member read."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    changed = notifications.mark_all_read(db.session(), member().user_id)
    flash(
        f"Marked {changed} notification{'' if changed == 1 else 's'} read."
        if changed
        else "Nothing new to mark.",
        "info",
    )
    return redirect(url_for("notifications.index"))
