"""The follow-ups part of the pairing page: its data and its forms."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm

from mentormatch.extensions import db
from mentormatch.matches.forms import ConfirmForm, EndPairingForm
from mentormatch.matches.routes import member
from mentormatch.models import MatchRequest, MatchStatus
from mentormatch.pairings import forms as f
from mentormatch.services import queries
from mentormatch.services.pairing_overview import Overview, overview
from mentormatch.services.schedule import CADENCES

# The matches views that render the pairing page (which includes our partial).
PAGE_ENDPOINTS = frozenset({"matches.pairing", "matches.end_pairing"})
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
        "feedback": f.FeedbackForm(formdata=None),
        "confirm": ConfirmForm(formdata=None),
    }
    for goal in view.goals:
        name = f"goal{goal.goal_id}"
        forms[name] = f.GoalUpdateForm(
            formdata=None,
            prefix=name,
            data={"status": goal.status.value, "progress": goal.progress},
        )
    return forms


def followups_context(req: MatchRequest, **given: FlaskForm) -> dict[str, Any]:
    """Template values of the partial: `followups` (data) and `fu` (forms)."""
    view = overview(db.session(), req, viewer=member())
    return {"followups": view, "fu": blank_forms(view) | given, "cadences": CADENCES}


def render_pairing(req: MatchRequest, **given: FlaskForm) -> str:
    """Render the pairing page with the `given` (submitted, failing) forms."""
    return render_template(
        "matches/pairing.html",
        req=req,
        form=EndPairingForm(formdata=None),
        **followups_context(req, **given),
    )


def page_context() -> dict[str, Any]:
    """Context processor: add the follow-ups when a matches view shows a pairing."""
    if request.endpoint not in PAGE_ENDPOINTS or not current_user.is_authenticated:
        return {}
    request_id = (request.view_args or {}).get("request_id")
    if not isinstance(request_id, int):
        return {}
    req = queries.visible_request(db.session(), request_id, member())
    if req is None or req.status not in SHOWN:
        return {}
    return followups_context(req)
