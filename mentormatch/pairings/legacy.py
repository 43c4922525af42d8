"""The pairing page's old address under /matches, kept as redirects to /pairings."""

from __future__ import annotations

from flask import Blueprint, redirect, url_for
from flask.typing import ResponseReturnValue

bp = Blueprint("pairings_legacy", __name__, url_prefix="/matches/pairings")


@bp.get("/<int:request_id>")
def pairing(request_id: int) -> ResponseReturnValue:
    """The pairing page moved to /pairings/<id> (bookmarks and old emails)."""
    return redirect(url_for("pairings.detail", request_id=request_id), 301)


@bp.post("/<int:request_id>/end")
def end_pairing(request_id: int) -> ResponseReturnValue:
    """Forms posted to the old address keep their method and body (308)."""
    return redirect(url_for("pairings.end", request_id=request_id), 308)
