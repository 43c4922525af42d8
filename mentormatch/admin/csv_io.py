"""CSV import and export pages of the admin area."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response, abort, current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from mentormatch.admin.member_forms import ImportForm, MemberRowForm
from mentormatch.admin.routes import bp
from mentormatch.admin.services import csv_export, csv_import
from mentormatch.admin.services.csv_import import (
    CsvFileError,
    FormData,
    ProfileData,
)
from mentormatch.core import audit
from mentormatch.core.mail import MailSettings
from mentormatch.core.models import JobRun, utcnow
from mentormatch.extensions import db
from mentormatch.web.scoping import admin_area_required, picked_program, scope
from mentormatch.web.views import member
from mentormatch.worker import current_engine
from mentormatch.worker.runs import active_run


def check_row(data: FormData) -> tuple[ProfileData | None, dict[str, list[str]]]:
    """Validate one CSV row with the profile form's rules (needs an app context)."""
    pairs = [(name, value) for name, values in data.items() for value in values]
    form = MemberRowForm(formdata=MultiDict(pairs), meta={"csrf": False})
    if form.validate():
        return form.to_data(), {}
    return None, form.errors


def _import_page(form: ImportForm, status: int = 200) -> ResponseReturnValue:
    return render_template(
        "admin/import.html", form=form, program=picked_program()
    ), status


@bp.get("/import")
@admin_area_required
def import_members() -> ResponseReturnValue:
    """The upload form with the template's documentation."""
    return _import_page(ImportForm())


IMPORT_JOB = "import-members"
BUSY = (
    "An import is already running. Wait for it to finish (its page shows how far "
    "it got), then upload again."
)


@bp.post("/import")
@admin_area_required
def import_upload() -> ResponseReturnValue:
    """Check the file as a whole, then import it in the background (one at a time)."""
    form, program = ImportForm(), picked_program()
    if not form.validate_on_submit():
        return _import_page(form, status=400)
    if program is None and not current_user.is_admin:
        form.file.errors = ["Choose the program to enrol the members in."]
        return _import_page(form, status=400)
    data = form.file.data.read(csv_import.MAX_BYTES + 1)
    form.file.data.close()  # a large upload is spooled to a temporary file
    try:
        rows = len(csv_import.read_rows(data))  # size, encoding, header: at once
    except CsvFileError as err:
        form.file.errors = [str(err)]
        return _import_page(form, status=400)
    run_id = current_engine().enqueue(
        IMPORT_JOB,
        exclusive=True,
        params={
            "csv": data.decode("latin-1"),
            "actor_id": member().user_id,
            "rows": rows,
            "program_id": program.program_id if program else None,
        },
        requested_by_id=member().user_id,
    )
    if run_id is None:
        running = active_run(db.session(), IMPORT_JOB)
        return render_template(
            "admin/import.html",
            form=form,
            busy=BUSY,
            running=running,
            program=program,
        ), 409
    return redirect(url_for("admin.import_status", run_id=run_id))


@bp.get("/import/<int:run_id>")
@admin_area_required
def import_status(run_id: int) -> ResponseReturnValue:
    """How far an import got; its row report once it is done (a program admin
    sees only their own imports)."""
    run = db.session.get(JobRun, run_id, populate_existing=True)
    if run is None or run.name != IMPORT_JOB:
        abort(404)
    if not member().is_admin and run.requested_by_id != member().user_id:
        abort(404)
    return render_template(
        "admin/import_status.html",
        run=run,
        result=run.result or {},
        mail=MailSettings.from_config(current_app.config).delivers,
    )


def _csv(chunks: Iterable[str], name: str) -> Response:
    body = "".join(chunks)
    stamp = utcnow().strftime("%Y%m%d")
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{name}-{stamp}.csv"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/export/members.csv")
@admin_area_required
def export_members() -> ResponseReturnValue:
    """The members (of the page's programs) with a profile, in the import
    template's columns (audited)."""
    body = csv_export.members_csv(db.session(), scope())
    audit.record(db.session(), actor=member(), action="export_members_csv")
    db.session.commit()
    return _csv(body, "members")


@bp.get("/export/pairings.csv")
@admin_area_required
def export_pairings() -> ResponseReturnValue:
    """The active or ended pairings (of the page's programs), audited."""
    body = csv_export.pairings_csv(db.session(), scope())
    audit.record(db.session(), actor=member(), action="export_pairings_csv")
    db.session.commit()
    return _csv(body, "pairings")
