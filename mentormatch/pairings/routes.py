"""The pairing page and its follow-ups: agreement, check-ins, goals, links, closing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required
from flask_wtf import FlaskForm

from mentormatch.core import workflow
from mentormatch.core.errors import ValidationError
from mentormatch.core.models import (
    GoalStatus,
    MatchRequest,
    PairingGoal,
    SharedResource,
    utcnow,
)
from mentormatch.extensions import db
from mentormatch.pairings import forms as f
from mentormatch.pairings.forms import EndPairingForm
from mentormatch.pairings.page import SHOWN, render_pairing
from mentormatch.pairings.services import calendar, followups
from mentormatch.pairings.services import items as pairing_items
from mentormatch.pairings.services import overview as pairing_overview
from mentormatch.web.forms import ConfirmForm
from mentormatch.web.scoping import admin_area_required, picked_program, scope
from mentormatch.web.views import load_request, member, page_of

bp = Blueprint("pairings", __name__, url_prefix="/pairings")


@bp.app_template_filter("in_zone")
def in_zone(moment: datetime, zone: str) -> str:
    """An instant as wall time in `zone`, e.g. "Tue 03 Mar 2026 18:00 CET"."""
    return moment.astimezone(ZoneInfo(zone)).strftime("%a %d %b %Y %H:%M %Z")


def _back(req: MatchRequest, message: str, anchor: str = "followups") -> Any:
    flash(message, "success")
    return redirect(
        url_for("pairings.detail", request_id=req.request_id, _anchor=anchor)
    )


def _act(
    req: MatchRequest,
    form: FlaskForm,
    name: str,
    action: Callable[[], object],
    message: str,
    field: str | None = None,
) -> ResponseReturnValue:
    """Validate `form`, run the service `action`, flash and go back (PRG).

    Bad input re-renders the pairing page with the messages next to the fields.
    """
    if form.validate_on_submit():
        try:
            action()
        except ValidationError as err:
            db.session.rollback()
            if field is None:
                raise
            form[field].errors = [*form[field].errors, str(err)]
        else:
            return _back(req, message)
    return render_pairing(req, **{name: form}), 400


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    """The member's own pairings, as mentee and as mentor, newest first."""
    page = page_of(pairing_overview.member_pairings(member().user_id))
    return render_template("pairings/index.html", page=page, me=member())


@bp.get("/<int:request_id>")
@login_required
def detail(request_id: int) -> ResponseReturnValue:
    """A pairing: both people, goals, follow-ups; a request not yet paired goes to
    its request page. The program's admins read it too (no messages, no
    confidential notes)."""
    req = load_request(request_id)
    if req.status not in SHOWN:
        return redirect(url_for("requests.sent_detail", request_id=request_id))
    return render_pairing(req)


@bp.post("/<int:request_id>/end")
@login_required
def end(request_id: int) -> ResponseReturnValue:
    """Either member (or an admin) ends an active pairing, with an optional reason."""
    req, form = load_request(request_id), EndPairingForm()
    if not form.validate_on_submit():
        return render_pairing(req, end_form=form), 400
    workflow.end_pairing(db.session(), req, by=member(), reason=form.reason.data or "")
    flash("The pairing has ended. Thank you for taking part.", "success")
    return redirect(url_for("pairings.detail", request_id=request_id))


@bp.post("/<int:request_id>/agreement")
@login_required
def propose_agreement(request_id: int) -> ResponseReturnValue:
    """Either member writes the agreement; the other is asked to accept it."""
    req, form = load_request(request_id), f.AgreementForm()

    def action() -> object:
        terms = followups.Terms(
            goals=form.goals.data,
            cadence=form.cadence.data,
            duration_months=form.duration_months.data,
            starts_on=form.starts_on.data,
            checkin_time=form.checkin_time.data,
            confidential=form.confidential.data,
        )
        return followups.propose_agreement(db.session(), req, by=member(), terms=terms)

    other = req.other(member()).display_name if req.involves(member()) else ""
    return _act(
        req, form, "agreement", action, f"Agreement sent to {other}.", "starts_on"
    )


@bp.post("/<int:request_id>/agreement/accept")
@login_required
def accept_agreement(request_id: int) -> ResponseReturnValue:
    """The other member accepts the agreement."""
    req, form = load_request(request_id), ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    followups.accept_agreement(db.session(), req, by=member())
    return _back(req, "You accepted the agreement.")


@bp.post("/<int:request_id>/checkins")
@login_required
def log_checkin(request_id: int) -> ResponseReturnValue:
    """Log a check-in the pair held."""
    req, form = load_request(request_id), f.CheckinForm()

    def action() -> object:
        return followups.log_checkin(
            db.session(),
            req,
            by=member(),
            held_on=form.held_on.data,
            minutes=form.minutes.data,
            notes=form.notes.data or "",
            next_step=form.next_step.data or "",
        )

    return _act(req, form, "checkin", action, "Check-in logged.", field="held_on")


@bp.post("/<int:request_id>/fit")
@login_required
def answer_fit(request_id: int) -> ResponseReturnValue:
    """Answer "is this a good fit?"; a no ends the pairing."""
    req, form = load_request(request_id), f.FitForm()
    good = form.answer.data == "yes"

    def action() -> object:
        return followups.answer_fit(db.session(), req, by=member(), good=good)

    message = (
        "Thank you."
        if good
        else f"The pairing has ended: not a good fit. {req.mentor.display_name} "
        f"will not be suggested to {req.mentee.display_name} again."
    )
    return _act(req, form, "fit", action, message)


@bp.post("/<int:request_id>/extend")
@login_required
def extend(request_id: int) -> ResponseReturnValue:
    """Lengthen the agreed duration by three months."""
    req, form = load_request(request_id), ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    agreement = followups.extend(db.session(), req, by=member())
    return _back(req, f"Extended until {followups.ends_on(agreement):%d %b %Y}.")


@bp.post("/<int:request_id>/goals")
@login_required
def add_goal(request_id: int) -> ResponseReturnValue:
    """The mentee adds a goal."""
    req, form = load_request(request_id), f.GoalForm()

    def action() -> object:
        return pairing_items.add_goal(
            db.session(), req, by=member(), title=form.title.data
        )

    return _act(req, form, "goal", action, "Goal added.")


@bp.post("/<int:request_id>/goals/<int:goal_id>")
@login_required
def update_goal(request_id: int, goal_id: int) -> ResponseReturnValue:
    """Either member updates a goal's status and progress."""
    req, goal = load_request(request_id), db.get_or_404(PairingGoal, goal_id)
    if goal.request_id != req.request_id:
        abort(404)
    form = f.GoalUpdateForm(prefix=f"goal{goal_id}")

    def action() -> object:
        return pairing_items.update_goal(
            db.session(),
            req,
            goal,
            by=member(),
            status=GoalStatus(form.status.data),
            progress=form.progress.data,
        )

    return _act(req, form, f"goal{goal_id}", action, "Goal updated.")


@bp.post("/<int:request_id>/resources")
@login_required
def add_resource(request_id: int) -> ResponseReturnValue:
    """Share a link with the other member."""
    req, form = load_request(request_id), f.ResourceForm()

    def action() -> object:
        return pairing_items.add_resource(
            db.session(), req, by=member(), title=form.title.data, url=form.url.data
        )

    return _act(req, form, "resource", action, "Link shared.", field="url")


@bp.post("/<int:request_id>/resources/<int:resource_id>/delete")
@login_required
def remove_resource(request_id: int, resource_id: int) -> ResponseReturnValue:
    """Remove a link the member shared."""
    req = load_request(request_id)
    resource = db.get_or_404(SharedResource, resource_id)
    if resource.request_id != req.request_id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    pairing_items.remove_resource(db.session(), req, resource, by=member())
    return _back(req, "Link removed.")


@bp.post("/<int:request_id>/close")
@login_required
def close(request_id: int) -> ResponseReturnValue:
    """End the pairing with a rating and a comment."""
    req, form = load_request(request_id), f.CloseForm()

    def action() -> object:
        return pairing_items.close_pairing(
            db.session(),
            req,
            by=member(),
            rating=int(form.rating.data),
            comment=form.comment.data or "",
        )

    return _act(req, form, "feedback", action, "The pairing has ended. Thank you!")


@bp.post("/<int:request_id>/feedback")
@login_required
def feedback(request_id: int) -> ResponseReturnValue:
    """Leave feedback on a pairing that has ended (once per member)."""
    req, form = load_request(request_id), f.FeedbackForm()

    def action() -> object:
        return pairing_items.leave_feedback(
            db.session(),
            req,
            by=member(),
            rating=int(form.rating.data),
            comment=form.comment.data or "",
        )

    return _act(req, form, "feedback", action, "Thank you for your feedback.")


@bp.get("/<int:request_id>/checkins.ics")
@login_required
def checkins_ics(request_id: int) -> ResponseReturnValue:
    """Every check-in of the agreement as an iCalendar file (members and admins)."""
    req = load_request(request_id)
    events = calendar.pairing_events(db.session(), req, now=utcnow())
    body = calendar.calendar(events, name="Mentoring check-ins")
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'attachment; filename="checkins-{request_id}.ics"'
        },
    )


@bp.get("/hours.csv")
@login_required
def hours_csv() -> ResponseReturnValue:
    """The member's mentoring hours as CSV, for PDU claims."""
    body = pairing_overview.hours_csv(db.session(), member())
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="mentoring-hours.csv"'},
    )


@bp.get("/feedback")
@admin_area_required
def feedback_list() -> ResponseReturnValue:
    """Closing feedback with ratings, within the programs the admin runs."""
    page = page_of(pairing_items.recent_feedback(scope()))
    picked = picked_program()
    args = {"program": picked.program_id} if picked else {}
    return render_template("pairings/feedback.html", page=page, args=args)
