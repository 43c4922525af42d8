"""The requests blueprint and the mentor's inbox: accept or decline a request."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from mentormatch.core import queries, workflow
from mentormatch.extensions import db
from mentormatch.messages import thread_context
from mentormatch.requests.forms import DeclineForm
from mentormatch.web.forms import ConfirmForm
from mentormatch.web.views import load_request, member, page_of

bp = Blueprint("requests", __name__)


@bp.get("/requests")
@login_required
def index() -> ResponseReturnValue:
    """Incoming requests (waiting ones first) and the mentor's active pairings."""
    me = member()
    page = page_of(queries.mentor_inbox(me.user_id), options=queries.WITH_PEOPLE)
    pairings = queries.active_pairings(db.session(), me.user_id, as_mentor=True)
    return render_template("requests/index.html", page=page, pairings=pairings)


@bp.get("/requests/<int:request_id>")
@login_required
def detail(request_id: int) -> ResponseReturnValue:
    """One incoming request with the mentee's facts, to accept or decline."""
    req = load_request(request_id)
    if req.mentee_id == member().user_id:
        return redirect(url_for("requests.sent_detail", request_id=request_id))
    return render_template(
        "requests/detail.html",
        req=req,
        decline_form=DeclineForm(),
        **thread_context(req),
    )


@bp.post("/requests/<int:request_id>/accept")
@login_required
def accept(request_id: int) -> ResponseReturnValue:
    """The mentor accepts; an admin confirms the pairing next."""
    req, form = load_request(request_id), ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    workflow.accept_request(db.session(), req, by=member())
    flash(
        f"You accepted {req.mentee.display_name}. A program admin will confirm.",
        "success",
    )
    return redirect(url_for("requests.detail", request_id=request_id))


@bp.post("/requests/<int:request_id>/decline")
@login_required
def decline(request_id: int) -> ResponseReturnValue:
    """The mentor declines with a reason and an optional note."""
    req, form = load_request(request_id), DeclineForm()
    if not form.validate_on_submit():
        context = thread_context(req)
        return render_template(
            "requests/detail.html", req=req, decline_form=form, **context
        ), 400
    workflow.decline_request(
        db.session(),
        req,
        by=member(),
        reason=form.decline_reason,
        note=form.note.data or "",
    )
    flash("You declined the request. The mentee sees fresh suggestions.", "info")
    return redirect(url_for("requests.index"))
