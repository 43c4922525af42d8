"""The mentee side of a request: send one to a mentor, follow it, withdraw it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from mentormatch.core import queries, workflow
from mentormatch.core.errors import WorkflowError
from mentormatch.core.models import User
from mentormatch.extensions import db
from mentormatch.messages import thread_context
from mentormatch.requests.forms import RequestForm
from mentormatch.requests.routes import bp
from mentormatch.suggestions import suggestion_for
from mentormatch.web.forms import ConfirmForm
from mentormatch.web.views import load_request, member, page_of, rules


def _send(
    form: RequestForm, mentee: User, mentor: User, suggested: workflow.Suggested
) -> WorkflowError | None:
    """Ask the workflow to send the request; return its refusal, if any."""
    try:
        workflow.request_mentor(
            db.session(),
            mentee=mentee,
            mentor=mentor,
            message=form.message.data,
            rules=rules(),
            suggested=suggested,
        )
    except WorkflowError as err:
        db.session.rollback()
        return err
    return None


@bp.route("/matches/request/<int:mentor_id>", methods=["GET", "POST"])
@login_required
def new(mentor_id: int) -> ResponseReturnValue:
    """Show a mentor's facts and why they fit; send them a request."""
    mentor, me = queries.requestable_mentor(db.session(), mentor_id), member()
    if mentor is None:
        abort(404)
    if mentor.user_id == me.user_id:
        abort(403, "You cannot request yourself as a mentor.")
    form, refusal, suggested = RequestForm(), None, suggestion_for(me, mentor)
    if form.validate_on_submit():
        refusal = _send(form, me, mentor, suggested)
        if refusal is None:
            flash(f"Your request is on its way to {mentor.display_name}.", "success")
            return redirect(url_for("requests.sent"))
    status = refusal.status_code if refusal else 400 if form.errors else 200
    return render_template(
        "requests/new.html",
        form=form,
        mentor=mentor,
        refusal=refusal,
        suggested=suggested,
    ), status


@bp.get("/matches/requests")
@login_required
def sent() -> ResponseReturnValue:
    """The member's own requests, newest first, and their active pairings."""
    me = member()
    page = page_of(queries.mentee_requests(me.user_id), options=queries.WITH_PEOPLE)
    pairings = queries.active_pairings(db.session(), me.user_id, as_mentor=False)
    return render_template("requests/sent.html", page=page, pairings=pairings)


@bp.get("/matches/requests/<int:request_id>")
@login_required
def sent_detail(request_id: int) -> ResponseReturnValue:
    """A request with its status history (mentee, mentor or admin only)."""
    req = load_request(request_id)
    return render_template("requests/detail.html", req=req, **thread_context(req))


@bp.post("/matches/requests/<int:request_id>/withdraw")
@login_required
def withdraw(request_id: int) -> ResponseReturnValue:
    """The mentee withdraws their request."""
    req, form = load_request(request_id), ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    workflow.withdraw_request(db.session(), req, by=member())
    flash("Your request is withdrawn.", "success")
    return redirect(url_for("requests.sent"))
