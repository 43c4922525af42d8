"""The admin area: approval queue, audit log, mentors who leave requests unanswered."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from mentormatch.admin.bulk import BulkResult, approve_each
from mentormatch.admin.dashboard import dashboard_page
from mentormatch.admin.forms import (
    ApproveForm,
    BulkApproveForm,
    QueueFilterForm,
    RejectForm,
)
from mentormatch.core import queries, workflow
from mentormatch.core.models import MatchRequest
from mentormatch.extensions import db
from mentormatch.web.scoping import (
    PROGRAM_ARG,
    admin_area_required,
    require_in_scope,
    scope,
)
from mentormatch.web.views import link_args, member, page_of, rules

bp = Blueprint("admin", __name__, url_prefix="/admin")

# Readable names of the actions the services write to the audit log.
ACTION_LABELS: dict[str, str] = {
    "approve_match": "Approved a pairing",
    "reject_match": "Rejected a pairing",
    "end_pairing": "Ended a pairing",
    "member.deactivated": "Deactivated a member",
    "member.reactivated": "Reactivated a member",
    "admin.granted": "Gave the admin right",
    "admin.removed": "Removed the admin right",
    "cert.verified": "Verified a certification",
    "cert.unverified": "Withdrew a certification's verification",
    "members.imported": "Imported members from CSV",
    "export_members_csv": "Exported every member (CSV)",
    "export_pairings_csv": "Exported every pairing (CSV)",
    "send_cohort_proposals": "Sent cohort proposals to the queue",
    "discard_cohort_proposals": "Discarded cohort proposals",
    "read_checkin_notes": "Read a pairing's check-in notes",
    "delete_account": "A member deleted their account",
}


@bp.get("")
@admin_area_required
def index() -> ResponseReturnValue:
    """The admin start page: the program dashboard."""
    return dashboard_page(scope())


def _queue_page(bulk_form: BulkApproveForm, status: int = 200) -> ResponseReturnValue:
    filters = QueueFilterForm(formdata=request.args)
    filters.set_chapters(queries.chapters(db.session()))
    valid = filters.validate()
    stmt = queries.approval_queue(
        chapter=filters.chapter.data if valid else "",
        min_age_days=filters.min_age.data if valid else None,
        programs=scope(),
    )
    page = page_of(stmt, options=queries.PEOPLE_BY_ID)
    args = link_args(filters, PROGRAM_ARG)
    return render_template(
        "admin/queue.html", page=page, filters=filters, bulk_form=bulk_form, args=args
    ), (status if valid else 400)


@bp.get("/queue")
@admin_area_required
def queue() -> ResponseReturnValue:
    """Requests the mentor accepted, oldest first, with filters."""
    return _queue_page(BulkApproveForm())


def _queued(request_id: int) -> MatchRequest:
    """A request within the page's programs, else 404 (others are not shown)."""
    req = db.get_or_404(MatchRequest, request_id)
    require_in_scope(req.program_id)
    return req


def _decide_page(
    req: MatchRequest, approve_form: ApproveForm, reject_form: RejectForm
) -> str:
    return render_template(
        "admin/decide.html", req=req, approve_form=approve_form, reject_form=reject_form
    )


@bp.get("/queue/<int:request_id>")
@admin_area_required
def decide(request_id: int) -> ResponseReturnValue:
    """One accepted request with both profiles, to approve or reject."""
    req = queries.visible_request(db.session(), request_id, member(), staff=True)
    if req is None:
        abort(404)
    require_in_scope(req.program_id)
    return _decide_page(req, ApproveForm(), RejectForm())


@bp.post("/queue/<int:request_id>/approve")
@admin_area_required
def approve(request_id: int) -> ResponseReturnValue:
    """Approve: the pairing becomes active and both members are told."""
    req, form = _queued(request_id), ApproveForm()
    if not form.validate_on_submit():
        return _decide_page(req, form, RejectForm()), 400
    workflow.approve_match(
        db.session(), req, admin=member(), rules=rules(), note=form.note.data or ""
    )
    flash(
        f"Approved: {req.mentee.display_name} with {req.mentor.display_name}.",
        "success",
    )
    return redirect(url_for("admin.queue"))


@bp.post("/queue/<int:request_id>/reject")
@admin_area_required
def reject(request_id: int) -> ResponseReturnValue:
    """Reject with a reason that both members read."""
    req, form = _queued(request_id), RejectForm()
    if not form.validate_on_submit():
        return _decide_page(req, ApproveForm(), form), 400
    workflow.reject_match(db.session(), req, admin=member(), reason=form.reason.data)
    flash(
        f"Rejected: {req.mentee.display_name} with {req.mentor.display_name}.", "info"
    )
    return redirect(url_for("admin.queue"))


def _report(result: BulkResult) -> None:
    total = len(result.approved) + len(result.failures)
    flash(
        f"Approved {len(result.approved)} of {total} requests.",
        "success" if result.approved else "info",
    )
    for request_id, message in result.failures:
        flash(f"Request #{request_id} not approved: {message}", "error")


@bp.post("/queue/approve-selected")
@admin_area_required
def approve_selected() -> ResponseReturnValue:
    """Approve every ticked request in turn; report successes and each failure."""
    form = BulkApproveForm()
    if not form.validate_on_submit():
        return _queue_page(form, status=400)
    _report(
        approve_each(
            db.session(),
            form.request_ids.data,
            admin=member(),
            rules=rules(),
            programs=scope(),
        )
    )
    return redirect(url_for("admin.queue"))


@bp.get("/audit")
@admin_area_required
def audit() -> ResponseReturnValue:
    """The audit log, newest first."""
    page = page_of(queries.audit_entries(scope()), options=queries.AUDIT_OPTIONS)
    return render_template("admin/audit.html", page=page, labels=ACTION_LABELS)


@bp.get("/unresponsive")
@admin_area_required
def unresponsive() -> ResponseReturnValue:
    """Mentors who let at least two requests expire, with their counts."""
    page = page_of(
        queries.unresponsive_mentors(programs=scope()),
        rows=True,
        options=queries.USER_OPTIONS,
    )
    return render_template("admin/unresponsive.html", page=page)
