"""Profile pages: your own, editing it, and other members' public profiles."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_login import login_required

bp = Blueprint("profiles", __name__)


@bp.get("/profile")
@login_required
def me() -> ResponseReturnValue:
    """Show the member's own profile (placeholder until the profile screens land)."""
    return render_template("errors/error.html", code=200, title="Profile", message="")


@bp.route("/profile/edit", methods=["GET", "POST"])
@login_required
def edit() -> ResponseReturnValue:
    """Edit the member's own profile (placeholder until the profile screens land)."""
    return render_template("errors/error.html", code=200, title="Profile", message="")
