"""The review queue of reported messages and members, and the admins' decisions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import SelectField

from mentormatch.admin.routes import bp
from mentormatch.admin.services import members
from mentormatch.core import workflow
from mentormatch.core.models import MatchRequest, Report
from mentormatch.extensions import db
from mentormatch.messages import DECISIONS, context_of, record_decision, review_queue
from mentormatch.web.decorators import admin_required
from mentormatch.web.forms import note_field, options
from mentormatch.web.views import member, page_of


class DecisionForm(FlaskForm):
    """What the admin decides about one report."""

    decision = SelectField(
        "Decision", choices=options(DECISIONS.items()), validate_choice=True
    )
    note = note_field("Note (sent to the member with a warning)")


@bp.get("/reports")
@admin_required
def reports() -> ResponseReturnValue:
    """Open reports, oldest first."""
    return render_template("admin/reports.html", page=page_of(review_queue()))


def _detail(
    report: Report, form: DecisionForm, status: int = 200
) -> ResponseReturnValue:
    context = context_of(db.session(), report)
    page = render_template(
        "admin/report.html", report=report, context=context, form=form
    )
    return page, status


@bp.get("/reports/<int:report_id>")
@admin_required
def report_detail(report_id: int) -> ResponseReturnValue:
    """One report with the reported message and the few before it."""
    return _detail(db.get_or_404(Report, report_id), DecisionForm(formdata=None))


def _carry_out(report: Report, decision: str) -> None:
    """Do the deed the decision names (deactivate, end the pairing)."""
    session = db.session()
    if decision == "deactivated" and report.reported.is_active:
        members.set_active(session, report.reported, admin=member(), active=False)
    if decision == "ended":
        req = (
            session.get(MatchRequest, report.request_id) if report.request_id else None
        )
        if req is None or not req.is_active:
            abort(409, "There is no active pairing to end for this report.")
        workflow.end_pairing(session, req, by=member(), reason="ended after a report")


@bp.post("/reports/<int:report_id>/decide")
@admin_required
def decide_report(report_id: int) -> ResponseReturnValue:
    """Dismiss, warn, deactivate or end the pairing; audited."""
    report, form = db.get_or_404(Report, report_id), DecisionForm()
    if not form.validate_on_submit():
        return _detail(report, form, 400)
    if report.status != "open":
        abort(409, "This report is already resolved.")
    _carry_out(report, form.decision.data)
    record_decision(
        db.session(),
        report,
        admin=member(),
        decision=form.decision.data,
        note=form.note.data or "",
    )
    flash("Report resolved.", "success")
    return redirect(url_for("admin.reports"))
