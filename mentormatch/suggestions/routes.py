"""The match suggestions page."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from mentormatch.extensions import db
from mentormatch.profiles import missing_for_matching
from mentormatch.suggestions.engine import index_cache
from mentormatch.suggestions.filters import SuggestionFilterForm
from mentormatch.suggestions.services import recommendations
from mentormatch.web.forms import strict_int
from mentormatch.web.views import link_args, rules

bp = Blueprint("suggestions", __name__, url_prefix="/matches")

PAGE_SIZE = 10
MAX_PAGES = 20


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    """Show the best mentors for the member, with scores, reasons and filters."""
    form = SuggestionFilterForm(request.args)
    form.set_chapters(index_cache().chapters(db.session()))
    valid = form.validate()
    page = min(max(request.args.get("page", 1, type=strict_int) or 1, 1), MAX_PAGES)
    missing = missing_for_matching(current_user.profile)
    found = []
    if not missing:
        found = recommendations.suggest(
            db.session(),
            index_cache(),
            mentee=current_user,
            rules=rules(),
            k=PAGE_SIZE + 1,
            offset=(page - 1) * PAGE_SIZE,
            filters=form.to_filters() if valid else None,
        )
    status = 200 if valid else 400
    return render_template(
        "suggestions/index.html",
        form=form,
        args=link_args(form),
        missing=missing,
        page=page,
        suggestions=found[:PAGE_SIZE],
        has_more=len(found) > PAGE_SIZE,
    ), status
