"""Member pages: the programs, applying, and the member's own PDU record."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required
from sqlalchemy import select

from mentormatch.core.errors import WorkflowError
from mentormatch.core.models import MatchRequest, MatchStatus, Program, ProgramMember
from mentormatch.core.roles import programs_run_by, runs_program
from mentormatch.extensions import db
from mentormatch.programs.forms import ApplyForm, SplitForm
from mentormatch.programs.services import pdu, programs
from mentormatch.programs.services.certificate import certificate_pdf
from mentormatch.web.views import member

bp = Blueprint("programs", __name__, url_prefix="/programs")


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    """Every program, with the member's own applications."""
    rows = db.session.scalars(select(Program).order_by(Program.name)).all()
    mine = db.session.scalars(
        select(ProgramMember).where(ProgramMember.user_id == member().user_id)
    ).all()
    run = programs_run_by(db.session(), member())
    return render_template("programs/index.html", programs=rows, mine=mine, run=run)


def _detail(
    program: Program, form: ApplyForm, status: int = 200
) -> ResponseReturnValue:
    mine = db.session.scalars(
        select(ProgramMember).where(
            ProgramMember.program_id == program.program_id,
            ProgramMember.user_id == member().user_id,
        )
    ).all()
    runs = runs_program(db.session(), member(), program.program_id)
    return render_template(
        "programs/detail.html", program=program, form=form, mine=mine, runs=runs
    ), status


@bp.get("/<int:program_id>")
@login_required
def detail(program_id: int) -> ResponseReturnValue:
    """A program's description, cycle and rules, and the application form."""
    return _detail(
        db.get_or_404(Program, program_id), ApplyForm(data={"hours_per_month": 2})
    )


@bp.post("/<int:program_id>/apply")
@login_required
def apply(program_id: int) -> ResponseReturnValue:
    """Apply as mentor or mentee; the program's admins screen the application."""
    program, form = db.get_or_404(Program, program_id), ApplyForm()
    if not form.validate_on_submit():
        return _detail(program, form, 400)
    try:
        programs.apply(
            db.session(),
            program,
            user=member(),
            role=form.role.data,
            motivation=form.motivation.data,
            hours_per_month=form.hours_per_month.data,
            membership_confirmed=form.membership_confirmed.data,
        )
    except WorkflowError as err:
        db.session.rollback()
        form.role.errors = [str(err)]
        return _detail(program, form, 409)
    flash(
        f"You applied to {program.name}. Its admins will screen your application.",
        "success",
    )
    return redirect(url_for("programs.detail", program_id=program.program_id))


def _record_page(
    forms: dict[int, SplitForm] | None = None, status: int = 200
) -> ResponseReturnValue:
    rows = pdu.pdu_rows(db.session(), member())
    forms = forms or {}
    for row in rows:
        forms.setdefault(
            row.request_id,
            SplitForm(
                formdata=None,
                data={
                    "ways_of_working": row.split[0],
                    "power_skills": row.split[1],
                    "business_acumen": row.split[2],
                    "description": row.description,
                },
            ),
        )
    caps = pdu.cap_guidance(db.session(), member())
    total = sum(r.hours for r in rows)
    return render_template(
        "programs/pdu.html", rows=rows, forms=forms, caps=caps, total=total
    ), status


@bp.get("/pdu")
@login_required
def pdu_record() -> ResponseReturnValue:
    """The member's PDU record: hours per pairing, ready for a CCR claim."""
    return _record_page()


@bp.get("/pdu.csv")
@login_required
def pdu_export() -> ResponseReturnValue:
    """The CCR claim lines as CSV."""
    body = pdu.pdu_csv(pdu.pdu_rows(db.session(), member()))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=pdu-record.csv"},
    )


def _own_pairing(request_id: int) -> MatchRequest:
    req = db.session.get(MatchRequest, request_id)
    if req is None or not req.involves(member()):
        abort(404)
    return req


@bp.post("/pdu/<int:request_id>")
@login_required
def pdu_split(request_id: int) -> ResponseReturnValue:
    """Save the member's talent-triangle split and description of one pairing."""
    req, form = _own_pairing(request_id), SplitForm()
    if not form.validate_on_submit():
        return _record_page({request_id: form}, 400)
    split = (
        form.ways_of_working.data,
        form.power_skills.data,
        form.business_acumen.data,
    )
    pdu.save_split(
        db.session(),
        req,
        user=member(),
        split=split,
        description=form.description.data or "",
    )
    flash("Saved the split for your claim.", "success")
    return redirect(url_for("programs.pdu_record"))


@bp.get("/pdu/<int:request_id>/certificate.pdf")
@login_required
def certificate(request_id: int) -> ResponseReturnValue:
    """The certificate of participation of a closed pairing, as a PDF."""
    req = _own_pairing(request_id)
    if req.status != MatchStatus.ENDED:
        abort(404)
    row = next(
        r for r in pdu.pdu_rows(db.session(), member()) if r.request_id == request_id
    )
    body = certificate_pdf(
        row, mentee=req.mentee.display_name, mentor=req.mentor.display_name
    )
    return Response(
        body,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f"attachment; filename=certificate-{request_id}.pdf"
        },
    )
