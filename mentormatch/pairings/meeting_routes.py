"""Meetings and check-ups on the pairing page, and each member's calendar feed."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from mentormatch.core import queries
from mentormatch.core.models import MatchRequest, Meeting, MeetingSlot, utcnow
from mentormatch.extensions import db
from mentormatch.pairings.meeting_forms import (
    CancelMeetingForm,
    CheckupForm,
    MeetingForm,
)
from mentormatch.pairings.page import render_pairing
from mentormatch.pairings.routes import _act, bp
from mentormatch.pairings.services import checkups, feed
from mentormatch.pairings.services import meetings as svc
from mentormatch.web.forms import ConfirmForm, strict_int
from mentormatch.web.views import load_request, member


def _meeting_of(request_id: int, meeting_id: int) -> tuple[MatchRequest, Meeting]:
    req, meeting = load_request(request_id), db.get_or_404(Meeting, meeting_id)
    if meeting.request_id != req.request_id:
        abort(404)
    return req, meeting


def _propose(request_id: int, replaces: Meeting | None) -> ResponseReturnValue:
    req, form, me = load_request(request_id), MeetingForm(prefix="meeting"), member()
    zone = svc.zone_of_member(me)

    def action() -> object:
        return svc.propose_meeting(
            db.session(),
            req,
            by=me,
            starts=[svc.local_to_utc(w, zone) for w in form.walls()],
            minutes=form.minutes.data,
            video_url=form.video_url.data or "",
            location=form.location.data or "",
            note=form.note.data or "",
            replaces=replaces,
        )

    return _act(req, form, "meeting", action, "Times proposed.", field="slot1")


@bp.post("/<int:request_id>/meetings")
@login_required
def propose_meeting(request_id: int) -> ResponseReturnValue:
    """Propose up to three times (or other times than the ones waiting)."""
    return _propose(request_id, None)


@bp.post("/<int:request_id>/meetings/<int:meeting_id>/reschedule")
@login_required
def reschedule_meeting(request_id: int, meeting_id: int) -> ResponseReturnValue:
    """Cancel the meeting with a note and propose new times in one step."""
    _, meeting = _meeting_of(request_id, meeting_id)
    return _propose(request_id, meeting)


@bp.post("/<int:request_id>/meetings/<int:meeting_id>/slots/<int:slot_id>/pick")
@login_required
def pick_meeting(request_id: int, meeting_id: int, slot_id: int) -> ResponseReturnValue:
    """The other member picks one of the proposed times."""
    req, meeting = _meeting_of(request_id, meeting_id)
    slot = db.get_or_404(MeetingSlot, slot_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    svc.pick_slot(db.session(), req, meeting, slot, by=member())
    flash("Meeting confirmed.", "success")
    return redirect(
        url_for("pairings.detail", request_id=request_id, _anchor="meetings")
    )


@bp.post("/<int:request_id>/meetings/<int:meeting_id>/cancel")
@login_required
def cancel_meeting(request_id: int, meeting_id: int) -> ResponseReturnValue:
    """Either member cancels, with a note."""
    req, meeting = _meeting_of(request_id, meeting_id)
    form = CancelMeetingForm()
    if not form.validate_on_submit():
        return render_pairing(req, cancel_meeting=form), 400
    svc.cancel_meeting(
        db.session(), req, meeting, by=member(), note=form.note.data or ""
    )
    flash("Meeting cancelled.", "success")
    return redirect(
        url_for("pairings.detail", request_id=request_id, _anchor="meetings")
    )


@bp.get("/calendar/<token>.ics")
def calendar_feed(token: str) -> ResponseReturnValue:
    """A member's private feed (no login: the secret address is the key)."""
    body = feed.member_feed(db.session(), token, now=utcnow())
    if body is None:
        abort(404)
    return Response(body, mimetype="text/calendar")


@bp.post("/calendar/reset")
@login_required
def reset_calendar() -> ResponseReturnValue:
    """Give the member a new feed address; the old one stops working."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    feed.reset_token(db.session(), member())
    flash("Your calendar address changed. Subscribe again with the new one.", "success")
    # Back to the pairing page the form was on, where the new address shows.
    back = request.form.get("pairing", type=strict_int)
    if back is not None and queries.visible_request(db.session(), back, member()):
        return redirect(url_for("pairings.detail", request_id=back) + "#calendar")
    return redirect(url_for("pairings.index"))


@bp.post("/<int:request_id>/checkup")
@login_required
def answer_checkup(request_id: int) -> ResponseReturnValue:
    """The member answers the 30- or 90-day pulse."""
    req, form = load_request(request_id), CheckupForm()

    def action() -> object:
        return checkups.answer_checkup(
            db.session(),
            req,
            by=member(),
            is_working=form.working.data == "yes",
            meeting_as_agreed=form.meeting.data,
            note=form.note.data or "",
            end_not_fit=bool(form.end_not_fit.data),
        )

    ends = form.working.data == "no" and bool(form.end_not_fit.data)
    done = (
        f"The pairing has ended: not a good fit. {req.mentor.display_name} will not "
        f"be suggested to {req.mentee.display_name} again."
        if ends
        else "Thank you: your answers help the program."
    )
    return _act(req, form, "checkup", action, done)
