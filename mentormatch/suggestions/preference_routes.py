"""Members' shortlists and blocks: the people they would like, and must not meet."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from mentormatch.core.errors import WorkflowError
from mentormatch.core.models import PreferenceKind
from mentormatch.extensions import db
from mentormatch.suggestions.forms import PreferenceForm
from mentormatch.suggestions.routes import bp
from mentormatch.suggestions.services import preferences
from mentormatch.web.forms import ConfirmForm
from mentormatch.web.views import member


def _page(form: PreferenceForm, status: int = 200) -> ResponseReturnValue:
    lists = preferences.list_preferences(db.session(), member())
    return render_template(
        "suggestions/preferences.html",
        form=form,
        confirm_form=ConfirmForm(),
        shortlist=lists[PreferenceKind.SHORTLIST],
        blocks=lists[PreferenceKind.BLOCK],
    ), status


@bp.get("/preferences")
@login_required
def preferences_page() -> ResponseReturnValue:
    """Your shortlist and blocks, and the form to add someone."""
    return _page(PreferenceForm())


@bp.post("/preferences")
@login_required
def add_preference() -> ResponseReturnValue:
    """Shortlist or block a member by number."""
    form = PreferenceForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    kind = PreferenceKind(form.kind.data)
    try:
        pref = preferences.add_preference(
            db.session(), member=member(), other_id=form.other_id.data, kind=kind
        )
    except WorkflowError as err:
        db.session.rollback()
        form.other_id.errors = [str(err)]
        return _page(form, err.status_code)
    verb = "shortlisted" if kind == PreferenceKind.SHORTLIST else "blocked"
    flash(f"{pref.other.display_name} is {verb}.", "success")
    return redirect(url_for("suggestions.preferences_page"))


@bp.post("/preferences/<int:preference_id>/remove")
@login_required
def remove_preference(preference_id: int) -> ResponseReturnValue:
    """Take someone off your shortlist or blocks."""
    if not ConfirmForm().validate_on_submit():
        return _page(PreferenceForm(), 400)
    try:
        preferences.remove_preference(
            db.session(), member=member(), preference_id=preference_id
        )
    except WorkflowError as err:
        db.session.rollback()
        flash(str(err), "error")
        return redirect(url_for("suggestions.preferences_page"))
    flash("Removed.", "info")
    return redirect(url_for("suggestions.preferences_page"))
