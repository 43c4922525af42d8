"""Jobs of the admin area: the approval-queue digest, the CSV import, retention."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from mentormatch.admin.csv_io import check_row
from mentormatch.admin.services import csv_import
from mentormatch.admin.services.csv_import import CsvFileError
from mentormatch.admin.services.retention import prune
from mentormatch.core.jobs import first_time, on_demand, periodic
from mentormatch.core.models import JobRun, MatchRequest, MatchStatus, User
from mentormatch.core.notifications import notify_event
from mentormatch.extensions import db

MAX_ERRORS_SHOWN = 1000
PROGRESS_EVERY = 250


@periodic(
    "approval-digest",
    every=timedelta(days=1),
    description="Tell each admin, once a day, how many accepted requests wait "
    "in the approval queue (nothing when it is empty).",
)
def approval_digest(
    session: Session, *, now: datetime, config: Mapping[str, Any], **params: Any
) -> str:
    """One digest per admin and UTC day, whatever the number of runs."""
    waiting = session.scalar(
        select(func.count())
        .select_from(MatchRequest)
        .where(MatchRequest.status == MatchStatus.ACCEPTED)
    )
    if not waiting:
        return "The approval queue is empty."
    admins = session.scalars(
        select(User).where(User.is_admin.is_(True), User.is_active.is_(True))
    ).all()
    told = 0
    for admin in admins:
        if first_time(session, f"approval-digest:{admin.user_id}:{now:%Y-%m-%d}"):
            notify_event(
                session,
                "approval_digest",
                user_id=admin.user_id,
                count=waiting,
                plural="" if waiting == 1 else "s",
                verb="s" if waiting == 1 else "",
            )
            told += 1
    session.commit()
    return f"Told {told} admins about {waiting} waiting requests."


@on_demand(
    "import-members",
    description="Import an uploaded CSV of members: all rows or none, with the "
    "row report (started by the import page, one at a time).",
)
def import_upload(
    session: Session,
    *,
    now: datetime,
    config: Mapping[str, Any],
    run_id: int = 0,
    csv: str = "",
    actor_id: int | None = None,
    program_id: int | None = None,
    **params: Any,
) -> str:
    """The import commits with its result, so a rerun finds the result and stops."""
    run = session.get(JobRun, run_id)
    if run is not None and run.result:
        return "Done before; nothing to do."
    data = csv.encode("latin-1")  # the upload's bytes, kept losslessly as text
    actor = session.get(User, actor_id) if actor_id else None
    try:
        report = csv_import.import_members(
            session,
            data,
            validate=check_row,
            actor=actor,
            on_progress=_progress(run_id, int(params.get("rows") or 0)),
            before_commit=lambda done: _keep(session, run_id, import_result(done)),
            program_id=program_id,
        )
    except CsvFileError as err:
        session.rollback()
        _keep(session, run_id, {"ok": False, "file_error": str(err)})
        session.commit()
        return str(err)
    if not report.ok:
        _keep(session, run_id, import_result(report))
        session.commit()
        return f"Nothing imported: {len(report.errors)} errors in {report.rows} rows."
    return f"Imported {len(report.created)} members."


def import_result(report: csv_import.ImportReport) -> dict[str, Any]:
    """The report as the status page shows it (at most MAX_ERRORS_SHOWN errors)."""
    return {
        "ok": report.ok,
        "rows": report.rows,
        "created": len(report.created),
        "errors": [[e.line, e.column, e.message] for e in report.errors][
            :MAX_ERRORS_SHOWN
        ],
        "error_count": len(report.errors),
    }


def _keep(session: Session, run_id: int, result: dict[str, Any]) -> None:
    """Put the result on the run, and drop the upload it no longer needs."""
    run = session.get(JobRun, run_id)
    if run is not None:
        run.result = result
        run.params = {k: v for k, v in (run.params or {}).items() if k != "csv"}


def _progress(run_id: int, rows: int) -> Callable[[int], None]:
    """Every PROGRESS_EVERY rows checked, say so on the run (own connection).

    Only while checking: once members are being written, the import's
    transaction holds SQLite's write lock, and the page says "importing".
    """
    seen = [0]
    memory = db.engine.url.database in (None, "", ":memory:")

    def step(count: int) -> None:
        seen[0] += count
        if memory or seen[0] % PROGRESS_EVERY or seen[0] > rows:
            return
        try:
            with db.engine.begin() as conn:
                conn.execute(
                    update(JobRun)
                    .where(JobRun.run_id == run_id)
                    .values(progress=f"Checked {min(seen[0], rows)} of {rows} rows")
                )
        except SQLAlchemyError:  # busy: the next step tries again
            return

    return step


@periodic(
    "prune-retention",
    every=timedelta(days=1),
    description="Delete audit rows and notifications past their retention time",
)
def prune_retention(
    session: Session, *, now: datetime, config: Mapping[str, Any], **params: Any
) -> str:
    """Apply AUDIT_RETENTION_DAYS and NOTIFICATION_RETENTION_DAYS."""
    done = prune(
        session,
        now=now,
        audit_days=int(config["AUDIT_RETENTION_DAYS"]),
        notification_days=int(config["NOTIFICATION_RETENTION_DAYS"]),
    )
    return f"pruned {done.audit} audit rows, {done.notifications} notifications"
