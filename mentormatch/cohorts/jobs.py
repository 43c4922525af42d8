"""Jobs of cohort matching: a cohort run, started from the page, off the request."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from mentormatch.cohorts.services import runs as cohort
from mentormatch.core.errors import WorkflowError
from mentormatch.core.jobs import on_demand
from mentormatch.core.models import JobRun, User
from mentormatch.core.workflow import Rules
from mentormatch.suggestions import index_cache

COHORT_JOB = "cohort-run"


@on_demand(
    COHORT_JOB,
    description="Match a whole cohort and store the proposals for review "
    "(started by /admin/cohort, one at a time).",
)
def cohort_run(
    session: Session,
    *,
    now: datetime,
    config: Mapping[str, Any],
    run_id: int = 0,
    admin_id: int = 0,
    cohort_params: dict[str, Any] | None = None,
    **params: Any,
) -> str:
    """Proposals are only stored, never sent: a rerun at worst adds a second run."""
    job = session.get(JobRun, run_id)
    if job is not None and job.result:
        return "Done before; nothing to do."
    admin = session.get(User, admin_id)
    settings = cohort.CohortParams(**(cohort_params or {}))
    try:
        if admin is None:
            raise WorkflowError("The admin who started this run no longer exists.")
        run = cohort.run_cohort(
            session,
            index_cache().get(session, fresh=True),
            admin=admin,
            params=settings,
            rules=Rules.from_config(config),
        )
    except WorkflowError as err:
        session.rollback()
        _keep(session, run_id, {"error": str(err), "status": err.status_code})
        return str(err)
    _keep(session, run_id, {"cohort_run_id": run.run_id})
    return f"Cohort run #{run.run_id}: {run.matched_count} proposals."


def _keep(session: Session, run_id: int, result: dict[str, Any]) -> None:
    job = session.get(JobRun, run_id)
    if job is not None:
        job.result = result
        session.commit()
