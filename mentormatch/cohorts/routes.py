"""Admin cohort matching: run a cohort, review proposals, send them to the queue."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from mentormatch.cohorts.forms import CohortRunForm, ProposalsForm
from mentormatch.cohorts.jobs import COHORT_JOB
from mentormatch.cohorts.services import proposals
from mentormatch.cohorts.services import runs as cohort
from mentormatch.core import queries
from mentormatch.core.models import CohortRun, JobRun, ProposalStatus
from mentormatch.core.roles import runs_program
from mentormatch.extensions import db
from mentormatch.suggestions import index_cache
from mentormatch.web.forms import ConfirmForm, strict_int
from mentormatch.web.scoping import (
    admin_area_required,
    picked_program,
    require_in_scope,
    scope,
)
from mentormatch.web.views import member, page_of, rules
from mentormatch.worker import current_engine

bp = Blueprint("cohorts", __name__, url_prefix="/admin/cohort")

RECENT_RUNS = 10
WAITING_SHOWN = 200
"""Waiting mentees listed on a run's page (the rest are counted)."""
SHOW = {
    "open": ProposalStatus.PROPOSED,
    "sent": ProposalStatus.ACCEPTED,
    "discarded": ProposalStatus.DISCARDED,
}
"""The ?show= filters of a run's proposals (anything else shows them all)."""


def _program_choices() -> list[tuple[int, str]]:
    """The programs the admin runs; platform admins may also match outside them."""
    mine = [(p.program_id, p.name) for p in g.admin_programs]
    return [(0, "Members in no program"), *mine] if current_user.is_admin else mine


def _run_form(form: CohortRunForm | None = None) -> CohortRunForm:
    picked = picked_program()
    form = form or CohortRunForm(program=picked.program_id if picked else 0)
    form.set_choices(
        queries.chapters(db.session()),
        can_stable=cohort.has_shortlists(db.session()),
        programs=_program_choices(),
    )
    return form


def _start_page(form: CohortRunForm, status: int = 200) -> ResponseReturnValue:
    ids, stmt = scope(), select(CohortRun)
    if ids is not None:
        stmt = stmt.where(CohortRun.program_id.in_(ids))
    runs = db.session.scalars(
        stmt.order_by(CohortRun.run_id.desc()).limit(RECENT_RUNS)
    ).all()
    return render_template("cohorts/start.html", form=form, runs=runs), status


@bp.get("")
@admin_area_required
def start() -> ResponseReturnValue:
    """The run form and the latest runs."""
    return _start_page(_run_form())


@bp.post("")
@admin_area_required
def start_run() -> ResponseReturnValue:
    """Match the chosen cohort at once and show the proposals."""
    form = _run_form()
    if form.program.data and not runs_program(
        db.session(), member(), form.program.data
    ):
        abort(403)  # another program's run: refused, not a form error
    if not form.validate_on_submit():
        return _start_page(form, 400)
    settings = {
        "program_id": form.program.data or None,
        "chapter": form.chapter.data or "",
        "objective": form.objective.data,
        "mode": form.mode.data,
        "min_score": float(form.min_score.data),
    }
    job_id = current_engine().enqueue(
        COHORT_JOB,
        exclusive=True,
        params={"admin_id": member().user_id, "cohort_params": settings},
        requested_by_id=member().user_id,
    )
    if job_id is None:
        flash("A cohort run is already in progress; wait for it to finish.", "error")
        return _start_page(form, 409)
    return _after_job(form, job_id)


def _after_job(form: CohortRunForm, job_id: int) -> ResponseReturnValue:
    """Straight to the proposals when the job is done already, else its page."""
    job = db.session.get(JobRun, job_id)
    result = (job.result or {}) if job else {}
    if "error" in result:
        flash(result["error"], "error")
        return _start_page(form, int(result.get("status", 409)))
    if "cohort_run_id" in result:
        return job_status(job_id)
    return redirect(url_for("cohorts.job_status", job_run_id=job_id))


@bp.get("/jobs/<int:job_run_id>")
@admin_area_required
def job_status(job_run_id: int) -> ResponseReturnValue:
    """A cohort run in the background: waiting, running, or where its result is
    (a program admin sees only the runs they started)."""
    job = db.session.get(JobRun, job_run_id, populate_existing=True)
    if job is None or job.name != COHORT_JOB:
        abort(404)
    if not member().is_admin and job.requested_by_id != member().user_id:
        abort(404)
    result = job.result or {}
    if "cohort_run_id" in result:
        run = db.session.get(CohortRun, result["cohort_run_id"])
        if run is not None:
            flash(
                f"Cohort run #{run.run_id}: {run.matched_count} proposals.", "success"
            )
            return redirect(url_for("cohorts.detail", run_id=run.run_id))
    return render_template("cohorts/job_status.html", job=job, result=result)


def _run(run_id: int) -> CohortRun:
    run = cohort.load_run(db.session(), run_id)
    if run is None:
        abort(404)
    require_in_scope(run.program_id)
    return run


def _view_args() -> dict[str, Any]:
    """The page and filter of a run's proposals, kept across its actions
    (unknown or bad values dropped)."""
    args: dict[str, Any] = {}
    show = request.args.get("show", "")
    if show in SHOW:
        args["show"] = show
    page = request.args.get("page", None, type=strict_int)
    if page is not None and page > 1:
        args["page"] = page
    return args


def _detail_page(run: CohortRun, form: ProposalsForm, status: int = 200):
    """A run's figures, one page of its proposals, and its waiting list."""
    session, view = db.session(), _view_args()
    shown = SHOW.get(str(view.get("show", "")))
    page = page_of(
        cohort.proposals_of(run.run_id, shown), options=cohort.PROPOSAL_PEOPLE
    )
    # a run stores no reasons; a page explains its proposals once, when first
    # shown, and stores them after rendering (a commit first would expire the
    # page's proposals and reload both people of each, one query at a time)
    explained = cohort.explain_proposals(
        session, index_cache().get(session), page.items
    )
    html = render_template(
        "cohorts/detail.html",
        run=run,
        form=form,
        page=page,
        counts=cohort.proposal_counts(session, run.run_id),
        show=view.get("show", ""),
        view=view,
        waiting=cohort.waiting_people(session, run, limit=WAITING_SHOWN),
        confirm_form=ConfirmForm(),
    )
    if explained:
        session.commit()
    return html, status


@bp.get("/<int:run_id>")
@admin_area_required
def detail(run_id: int) -> ResponseReturnValue:
    """A run's figures, its proposals with reasons a page at a time (?page=,
    ?show=open|sent|discarded), and the waiting list."""
    return _detail_page(_run(run_id), ProposalsForm())


def _report(result: proposals.ProposalResult) -> None:
    total = len(result.accepted) + len(result.failures)
    flash(
        f"Sent {len(result.accepted)} of {total} proposals to the approval queue.",
        "success" if result.accepted else "info",
    )
    for proposal, message in result.failures:
        names = f"{proposal.mentee.display_name} with {proposal.mentor.display_name}"
        flash(f"{names} not sent: {message}", "error")


@bp.post("/<int:run_id>/accept")
@admin_area_required
def accept(run_id: int) -> ResponseReturnValue:
    """Send the ticked proposals to the approval queue."""
    run, form = _run(run_id), ProposalsForm()
    if not form.validate_on_submit():
        return _detail_page(run, form, 400)
    ids = form.proposal_ids.data
    _report(
        proposals.accept_proposals(
            db.session(), run, admin=member(), rules=rules(), proposal_ids=ids
        )
    )
    return redirect(url_for("cohorts.detail", run_id=run_id, **_view_args()))


@bp.post("/<int:run_id>/accept-all")
@admin_area_required
def accept_all(run_id: int) -> ResponseReturnValue:
    """Send every open proposal of the run to the approval queue."""
    run, form = _run(run_id), ConfirmForm()
    if not form.validate_on_submit():
        return _detail_page(run, ProposalsForm(), 400)
    accepted = proposals.accept_proposals(
        db.session(), run, admin=member(), rules=rules()
    )
    _report(accepted)
    return redirect(url_for("cohorts.detail", run_id=run_id, **_view_args()))


@bp.post("/<int:run_id>/discard")
@admin_area_required
def discard(run_id: int) -> ResponseReturnValue:
    """Drop the ticked proposals."""
    run, form = _run(run_id), ProposalsForm()
    if not form.validate_on_submit():
        return _detail_page(run, form, 400)
    ids = form.proposal_ids.data
    count = proposals.discard_proposals(
        db.session(), run, admin=member(), proposal_ids=ids
    )
    flash(f"Discarded {count} proposal{'s' if count != 1 else ''}.", "info")
    return redirect(url_for("cohorts.detail", run_id=run_id, **_view_args()))
