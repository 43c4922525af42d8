"""Routes of the matches area."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("matches", __name__, url_prefix="/matches")
