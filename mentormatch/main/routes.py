"""Home page, privacy page and the health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import text

from mentormatch.core.roles import is_any_admin
from mentormatch.extensions import db

bp = Blueprint("main", __name__)


@bp.get("/")
def index() -> ResponseReturnValue:
    """Send members to their next step; show the product to visitors."""
    if current_user.is_authenticated:
        if current_user.has_profile:
            return redirect(url_for("profiles.me"))
        if is_any_admin(db.session(), current_user):
            return redirect(url_for("admin.index"))  # program staff, not a member
        return redirect(url_for("profiles.edit"))
    return render_template("main/index.html")


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Answer 200 once the database answers a trivial query."""
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok", database="ok")
