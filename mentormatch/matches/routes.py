"""The mentee side: send a request, follow your requests, see and end a pairing."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import Select

from mentormatch.extensions import db
from mentormatch.matches.engine import rules, suggestion_for
from mentormatch.matches.forms import ConfirmForm, EndPairingForm, RequestForm
from mentormatch.models import MatchRequest, MatchStatus, User
from mentormatch.services import queries, workflow
from mentormatch.services.errors import WorkflowError

bp = Blueprint("matches", __name__, url_prefix="/matches")


def member() -> User:
    """The logged-in member as a plain User (not the proxy)."""
    return current_user._get_current_object()  # type: ignore[no-any-return]


def page_of(stmt: Select, **kwargs: object) -> queries.Page:
    """Paginate `stmt` with ?page= (bad values fall back to the first page)."""
    return queries.paginate(
        db.session(),
        stmt,
        page=request.args.get("page", 1, type=int),
        per_page=int(current_app.config["PER_PAGE"]),
        **kwargs,  # type: ignore[arg-type]
    )


def load_request(request_id: int) -> MatchRequest:
    """The request if the member may see it (mentee, mentor, admin); else 404."""
    req = queries.visible_request(db.session(), request_id, member())
    if req is None:
        abort(404)
    return req


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


@bp.route("/request/<int:mentor_id>", methods=["GET", "POST"])
@login_required
def request_mentor(mentor_id: int) -> ResponseReturnValue:
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
            return redirect(url_for("matches.my_requests"))
    status = refusal.status_code if refusal else 400 if form.errors else 200
    return render_template(
        "matches/request_form.html",
        form=form,
        mentor=mentor,
        refusal=refusal,
        suggested=suggested,
    ), status


@bp.get("/requests")
@login_required
def my_requests() -> ResponseReturnValue:
    """The member's own requests, newest first, and their active pairings."""
    me = member()
    page = page_of(queries.mentee_requests(me.user_id), options=queries.WITH_PEOPLE)
    pairings = queries.active_pairings(db.session(), me.user_id, as_mentor=False)
    return render_template("matches/requests.html", page=page, pairings=pairings)


@bp.get("/requests/<int:request_id>")
@login_required
def request_detail(request_id: int) -> ResponseReturnValue:
    """A request with its status history (mentee, mentor or admin only)."""
    req = load_request(request_id)
    return render_template("matches/request_detail.html", req=req)


@bp.post("/requests/<int:request_id>/withdraw")
@login_required
def withdraw(request_id: int) -> ResponseReturnValue:
    """The mentee withdraws their request."""
    req, form = load_request(request_id), ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    workflow.withdraw_request(db.session(), req, by=member())
    flash("Your request is withdrawn.", "success")
    return redirect(url_for("matches.my_requests"))


@bp.get("/pairings/<int:request_id>")
@login_required
def pairing(request_id: int) -> ResponseReturnValue:
    """An approved pairing: both people, contact emails while active, goals."""
    req = load_request(request_id)
    if req.status not in (MatchStatus.ACTIVE, MatchStatus.ENDED):
        return redirect(url_for("matches.request_detail", request_id=request_id))
    return render_template("matches/pairing.html", req=req, form=EndPairingForm())


@bp.post("/pairings/<int:request_id>/end")
@login_required
def end_pairing(request_id: int) -> ResponseReturnValue:
    """Either member (or an admin) ends an active pairing, with an optional reason."""
    req, form = load_request(request_id), EndPairingForm()
    if not form.validate_on_submit():
        return render_template("matches/pairing.html", req=req, form=form), 400
    workflow.end_pairing(db.session(), req, by=member(), reason=form.reason.data or "")
    flash("The pairing has ended. Thank you for taking part.", "success")
    return redirect(url_for("matches.pairing", request_id=request_id))
