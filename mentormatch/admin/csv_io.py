"""CSV import and export pages of the admin area."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from mentormatch.admin.member_forms import ImportForm, MemberRowForm
from mentormatch.admin.routes import bp
from mentormatch.admin.services import csv_export, csv_import
from mentormatch.admin.services.csv_import import (
    CsvFileError,
    FormData,
    ImportReport,
    ProfileData,
)
from mentormatch.core.models import utcnow
from mentormatch.extensions import db
from mentormatch.web.decorators import admin_required
from mentormatch.web.views import member


def check_row(data: FormData) -> tuple[ProfileData | None, dict[str, list[str]]]:
    """Validate one CSV row with the profile form's rules (needs an app context)."""
    pairs = [(name, value) for name, values in data.items() for value in values]
    form = MemberRowForm(formdata=MultiDict(pairs), meta={"csrf": False})
    if form.validate():
        return form.to_data(), {}
    return None, form.errors


def _import_page(
    form: ImportForm, report: ImportReport | None = None, status: int = 200
) -> ResponseReturnValue:
    return render_template("admin/import.html", form=form, report=report), status


@bp.get("/import")
@admin_required
def import_members() -> ResponseReturnValue:
    """The upload form with the template's documentation."""
    return _import_page(ImportForm())


@bp.post("/import")
@admin_required
def import_upload() -> ResponseReturnValue:
    """Check every row; import all of them, or none and list every error."""
    form = ImportForm()
    if not form.validate_on_submit():
        return _import_page(form, status=400)
    data = form.file.data.read(csv_import.MAX_BYTES + 1)
    try:
        report = csv_import.import_members(
            db.session(), data, validate=check_row, actor=member()
        )
    except CsvFileError as err:
        db.session.rollback()
        form.file.errors = [str(err)]
        return _import_page(form, status=400)
    if not report.ok:
        return _import_page(form, report, status=400)
    flash(
        f"Imported {len(report.created)} members; each was sent an invitation "
        "to choose a password.",
        "success",
    )
    return redirect(url_for("admin.members"))


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
@admin_required
def export_members() -> ResponseReturnValue:
    """Every member with a profile, in the import template's columns."""
    return _csv(csv_export.members_csv(db.session()), "members")


@bp.get("/export/pairings.csv")
@admin_required
def export_pairings() -> ResponseReturnValue:
    """Every active or ended pairing."""
    return _csv(csv_export.pairings_csv(db.session()), "pairings")
