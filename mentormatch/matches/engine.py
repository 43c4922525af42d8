"""Web-side access to the shared mentor index and the workflow rules."""

from __future__ import annotations

from flask import current_app

from mentormatch.extensions import db
from mentormatch.models import User
from mentormatch.services import recommendations
from mentormatch.services.workflow import Rules, Suggested


def index_cache() -> recommendations.IndexCache:
    """Return this process's index cache (created by the app factory)."""
    cache: recommendations.IndexCache = current_app.extensions["mentor_index"]
    return cache


def rules() -> Rules:
    """Return the workflow rules from the app config."""
    return Rules.from_config(current_app.config)


def suggestion_for(mentee: User, mentor: User) -> Suggested:
    """Score and reasons of one pair, to store with a new request."""
    return recommendations.suggestion_for(
        db.session(), index_cache(), mentee=mentee, mentor=mentor, rules=rules()
    )
