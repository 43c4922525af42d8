"""Web-side access to the shared mentor index and the workflow rules."""

from __future__ import annotations

from flask import current_app

from mentormatch.core.models import User
from mentormatch.core.workflow import Suggested
from mentormatch.extensions import db
from mentormatch.suggestions.services import recommendations
from mentormatch.suggestions.services.index_cache import IndexCache
from mentormatch.web.views import rules


def index_cache() -> IndexCache:
    """Return this process's index cache (created by the app factory)."""
    cache: IndexCache = current_app.extensions["mentor_index"]
    return cache


def suggestion_for(mentee: User, mentor: User) -> Suggested:
    """Score and reasons of one pair, to store with a new request."""
    return recommendations.suggestion_for(
        db.session(), index_cache(), mentee=mentee, mentor=mentor, rules=rules()
    )
