"""The admin view of background work: schedule, last runs, failures, run now."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from mentormatch.admin.routes import bp
from mentormatch.core import audit
from mentormatch.extensions import db
from mentormatch.web.decorators import admin_required
from mentormatch.web.forms import ConfirmForm
from mentormatch.web.views import member
from mentormatch.worker import current_engine
from mentormatch.worker.runs import last_run, recent_failures


@bp.get("/jobs")
@admin_required
def jobs() -> ResponseReturnValue:
    """Each job with its schedule, last and next run; recent failures; queue depth."""
    engine = current_engine()
    session = db.session()
    rows = [
        {
            "spec": spec,
            "every": engine.interval(spec),
            "last": last_run(session, spec.name),
            "next": engine.next_run(spec),
        }
        for spec in sorted(
            engine.specs.values(), key=lambda s: (s.every is None, s.name)
        )
    ]
    try:
        depth: int | None = engine.queue_depth()
    except Exception:  # the queue's storage is down: say so, keep the page
        depth = None
    return render_template(
        "admin/jobs.html",
        rows=rows,
        failures=recent_failures(session),
        depth=depth,
        form=ConfirmForm(),
    )


@bp.post("/jobs/<string(maxlength=80):name>/run")
@admin_required
def run_job(name: str) -> ResponseReturnValue:
    """Queue one run of a job now (audited); the worker picks it up."""
    engine = current_engine()
    if name not in engine.specs:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    spec = engine.specs[name]
    if spec.every is None:
        abort(409, "This job needs its page (for example an upload) to start it.")
    run_id = engine.enqueue(name, requested_by_id=member().user_id)
    audit.record(
        db.session(),
        actor=member(),
        action="job.run_now",
        target_type="job_run",
        target_id=run_id,
        job=name,
    )
    db.session.commit()
    flash(f"Queued {name} (run #{run_id}); the worker runs it in a moment.", "success")
    return redirect(url_for("admin.jobs"))
