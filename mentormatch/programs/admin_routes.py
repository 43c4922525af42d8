"""Program admin pages: create, screen, the program's queue, dashboard and CSV."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import login_required
from sqlalchemy import select

from mentormatch.core import workflow
from mentormatch.core.chapters import add_chapter, all_chapters
from mentormatch.core.errors import ValidationError, WorkflowError
from mentormatch.core.models import (
    ApplicationStatus,
    MatchRequest,
    MatchStatus,
    Program,
    ProgramMember,
    ProgramRole,
    User,
)
from mentormatch.core.roles import programs_run_by
from mentormatch.extensions import db
from mentormatch.programs.forms import (
    AdminForm,
    ApproveForm,
    ChapterForm,
    ProgramForm,
    RejectForm,
    ScreenForm,
)
from mentormatch.programs.routes import bp
from mentormatch.programs.services import programs
from mentormatch.programs.services.dashboard import (
    figures_csv,
    members_csv,
    program_figures,
)
from mentormatch.web.decorators import admin_required
from mentormatch.web.scoping import program_admin_required, request_in
from mentormatch.web.views import member, rules

DEFAULTS = {"pairing_weeks": 26, "default_capacity": 2, "self_request": True}


def _program_form() -> ProgramForm:
    """The form, with sensible defaults on first view (a POST keeps what was sent)."""
    posted = request.method == "POST"
    form = ProgramForm() if posted else ProgramForm(data=DEFAULTS)
    if not posted:
        form.mentor_min_years.data = form.mentee_min_years.data = 0
    form.set_chapters(all_chapters(db.session()))
    return form


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> ResponseReturnValue:
    """Create a program (platform admins; program admins, for their chapter)."""
    if not (member().is_admin or programs_run_by(db.session(), member())):
        abort(403)
    form = _program_form()
    if form.validate_on_submit():
        try:
            program = programs.create_program(
                db.session(), by=member(), data=form.to_data()
            )
        except WorkflowError as err:
            db.session.rollback()
            if err.status_code == 403:
                abort(403)
            form.chapter.errors = [str(err)]
        else:
            flash(f"Created {program.name}.", "success")
            return redirect(url_for("programs.manage", program_id=program.program_id))
    return render_template("programs/new.html", form=form), 400 if form.errors else 200


def _manage(program: Program, **forms: object) -> str:
    apps = db.session.scalars(
        select(ProgramMember)
        .where(ProgramMember.program_id == program.program_id)
        .order_by(ProgramMember.created_at)
    ).all()
    queue = db.session.scalars(
        select(MatchRequest).where(
            MatchRequest.program_id == program.program_id,
            MatchRequest.status == MatchStatus.ACCEPTED,
        )
    ).all()
    return render_template(
        "programs/manage.html",
        program=program,
        apps=apps,
        queue=queue,
        figures=program_figures(db.session(), program),
        screen_form=forms.get("screen_form") or ScreenForm(),
        approve_form=ApproveForm(),
        reject_form=forms.get("reject_form") or RejectForm(),
        admin_form=forms.get("admin_form") or AdminForm(),
        R=ProgramRole,
        A=ApplicationStatus,
    )


@bp.get("/<int:program_id>/admin")
@program_admin_required
def manage(program: Program) -> ResponseReturnValue:
    """The program's applications, approval queue and dashboard."""
    return _manage(program)


@bp.post("/<int:program_id>/admin/applications/<int:member_id>")
@program_admin_required
def screen(program: Program, member_id: int) -> ResponseReturnValue:
    """Accept, waitlist or decline one application (with a reason)."""
    application = db.session.get(ProgramMember, member_id)
    if application is None or application.program_id != program.program_id:
        abort(404)
    form = ScreenForm()
    if not form.validate_on_submit():
        return _manage(program, screen_form=form), 400
    programs.screen(
        db.session(),
        application,
        by=member(),
        decision=form.decision.data,
        reason=form.reason.data or "",
    )
    flash(f"{application.user.display_name}: {application.status.value}.", "success")
    return redirect(url_for("programs.manage", program_id=program.program_id))


@bp.post("/<int:program_id>/admin/queue/<int:request_id>/approve")
@program_admin_required
def approve(program: Program, request_id: int) -> ResponseReturnValue:
    """Approve a request of this program: the pairing starts."""
    req, form = request_in(program, request_id), ApproveForm()
    if not form.validate_on_submit():
        return _manage(program), 400
    workflow.approve_match(
        db.session(), req, admin=member(), rules=rules(), note=form.note.data or ""
    )
    flash(
        f"Approved: {req.mentee.display_name} with {req.mentor.display_name}.",
        "success",
    )
    return redirect(url_for("programs.manage", program_id=program.program_id))


@bp.post("/<int:program_id>/admin/queue/<int:request_id>/reject")
@program_admin_required
def reject(program: Program, request_id: int) -> ResponseReturnValue:
    """Reject a request of this program with a reason."""
    req, form = request_in(program, request_id), RejectForm()
    if not form.validate_on_submit():
        return _manage(program, reject_form=form), 400
    workflow.reject_match(db.session(), req, admin=member(), reason=form.reason.data)
    flash("Rejected.", "info")
    return redirect(url_for("programs.manage", program_id=program.program_id))


@bp.get("/<int:program_id>/admin/dashboard.csv")
@program_admin_required
def dashboard_csv(program: Program) -> ResponseReturnValue:
    """The dashboard's figures as CSV."""
    body = figures_csv(program, program_figures(db.session(), program))
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": (
                f"attachment; filename=program-{program.program_id}.csv"
            )
        },
    )


@bp.get("/<int:program_id>/admin/members.csv")
@program_admin_required
def members_export(program: Program) -> ResponseReturnValue:
    """The program's members and applications as CSV (this program's only)."""
    return Response(
        members_csv(program),
        mimetype="text/csv",
        headers={
            "Content-Disposition": (
                f"attachment; filename=program-{program.program_id}-members.csv"
            )
        },
    )


@bp.post("/<int:program_id>/admin/admins")
@program_admin_required
def add_admin(program: Program) -> ResponseReturnValue:
    """Name another member an admin of this program."""
    form = AdminForm()
    if not form.validate_on_submit():
        return _manage(program, admin_form=form), 400
    user = db.session.scalar(select(User).where(User.email == form.email.data.lower()))
    if user is None:
        form.email.errors = ["No member has this email address."]
        return _manage(program, admin_form=form), 400
    programs.add_admin(db.session(), program, user=user, by=member())
    flash(f"{user.display_name} now runs {program.name}.", "success")
    return redirect(url_for("programs.manage", program_id=program.program_id))


@bp.route("/chapters", methods=["GET", "POST"])
@admin_required
def chapters() -> ResponseReturnValue:
    """The chapter catalogue; platform admins add chapters."""
    form = ChapterForm()
    if form.validate_on_submit():
        try:
            added = add_chapter(db.session(), by=member(), **form.values())
        except ValidationError as err:
            form.name.errors = [str(err)]
        else:
            flash(f"Added {added.name}.", "success")
            return redirect(url_for("programs.chapters"))
    return render_template(
        "programs/chapters.html", form=form, chapters=all_chapters(db.session())
    ), 400 if form.errors else 200
