"""The pairing page: its data and every form on it, for the views that show it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import render_template, request
from flask_wtf import FlaskForm

from mentormatch.core.models import MatchRequest, MatchStatus, Meeting, utcnow
from mentormatch.core.roles import runs_program
from mentormatch.extensions import db
from mentormatch.messages import thread_context
from mentormatch.pairings import forms as f
from mentormatch.pairings.forms import EndPairingForm
from mentormatch.pairings.meeting_forms import (
    CancelMeetingForm,
    CheckupForm,
    MeetingForm,
)
from mentormatch.pairings.services import checkups, meetings
from mentormatch.pairings.services.feed import feed_token
from mentormatch.pairings.services.overview import Overview, overview
from mentormatch.pairings.services.schedule import CADENCES
from mentormatch.web.forms import ConfirmForm, strict_int
from mentormatch.web.views import member, public_url

SHOWN = (MatchStatus.ACTIVE, MatchStatus.ENDED)


def _agreement_data(view: Overview) -> dict[str, Any]:
    agreement = view.agreement
    if agreement is not None:
        names = ("goals", "cadence", "duration_months", "starts_on", "checkin_time")
        return {name: getattr(agreement, name) for name in names} | {
            "confidential": agreement.confidential
        }
    profile = view.req.mentee.profile
    return {
        "goals": profile.goals if profile else "",
        "cadence": "biweekly",
        "duration_months": 6,
        "starts_on": view.today + timedelta(days=7),
    }


def blank_forms(view: Overview) -> dict[str, FlaskForm]:
    """Every follow-up form, unbound, prefilled from the pairing."""
    forms: dict[str, FlaskForm] = {
        "agreement": f.AgreementForm(formdata=None, data=_agreement_data(view)),
        "checkin": f.CheckinForm(
            formdata=None, data={"held_on": view.today, "minutes": 60}
        ),
        "fit": f.FitForm(formdata=None),
        "goal": f.GoalForm(formdata=None),
        "resource": f.ResourceForm(formdata=None),
        "feedback": (f.CloseForm if view.active else f.FeedbackForm)(formdata=None),
        "confirm": ConfirmForm(formdata=None),
        "meeting": MeetingForm(formdata=None, prefix="meeting", data={"minutes": 60}),
        "cancel_meeting": CancelMeetingForm(formdata=None),
        "checkup": CheckupForm(formdata=None),
    }
    for goal in view.goals:
        name = f"goal{goal.goal_id}"
        forms[name] = f.GoalUpdateForm(
            formdata=None,
            prefix=name,
            data={"status": goal.status.value, "progress": goal.progress},
        )
    return forms


def _prefill(view: Overview, listed: list[Meeting]) -> dict[str, Any]:
    """Check-in values from ?log_meeting=<id>, a meeting of this pairing now past."""
    wanted = request.args.get("log_meeting", type=strict_int)
    meeting = next((m for m in listed if m.meeting_id == wanted), None)
    if meeting is None or view.role is None:
        return {}
    return meetings.checkin_prefill(meeting, view.agreement_zone, utcnow())


def followups_context(req: MatchRequest, **given: FlaskForm) -> dict[str, Any]:
    """Template values of the partials: `followups` (data), `fu` (forms), meetings."""
    session, viewer = db.session(), member()
    view = overview(session, req, viewer=viewer)
    token = feed_token(session, viewer) if view.role else None
    forms = blank_forms(view)
    listed = meetings.open_meetings(session, req) if view.role else []
    prefill = _prefill(view, listed)
    if prefill:
        forms["checkin"] = f.CheckinForm(formdata=None, data=prefill)
    zones = {
        "mentee": meetings.zone_of_member(req.mentee),
        "mentor": meetings.zone_of_member(req.mentor),
    }
    return {
        "followups": view,
        "fu": forms | given,
        "cadences": CADENCES,
        "meetings": listed,
        "zones": zones,
        "my_zone": meetings.zone_of_member(viewer),
        "checkin_prefilled": bool(prefill),
        "now": utcnow(),
        "feed_token": token,
        "feed_url": public_url("pairings.calendar_feed", token=token) if token else "",
        "checkup_due": checkups.due_milestone(session, req, viewer, utcnow()),
    }


def render_pairing(
    req: MatchRequest, end_form: EndPairingForm | None = None, **given: FlaskForm
) -> str:
    """Render the pairing page with the `given` (submitted, failing) forms."""
    viewer = member()
    return render_template(
        "pairings/detail.html",
        req=req,
        form=end_form or EndPairingForm(formdata=None),
        # The pair and the admins of its program may end it (the route allows
        # the same people: load_request).
        can_end=req.involves(viewer)
        or runs_program(db.session(), viewer, req.program_id),
        **followups_context(req, **given),
        **thread_context(req),
    )
