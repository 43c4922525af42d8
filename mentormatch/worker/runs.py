"""Job runs in the database: queue one, claim it with a lease, record its end."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mentormatch.core.models import JobRun
from mentormatch.core.models.jobs import FAILED, QUEUED, RUNNING, SUCCEEDED

__all__ = ["FAILED", "QUEUED", "RUNNING", "SUCCEEDED"]


# The key suffix of a run that may not overlap another of its name (an import).
EXCLUSIVE = "@exclusive"


def active_run(session: Session, name: str) -> JobRun | None:
    """The queued or running exclusive run of `name`, if there is one."""
    return session.scalar(select(JobRun).where(JobRun.run_key == name + EXCLUSIVE))


def queue_run(
    session: Session,
    name: str,
    *,
    key: str,
    now: datetime,
    params: dict[str, Any] | None = None,
    requested_by_id: int | None = None,
) -> JobRun | None:
    """Write a queued run under the unique `key`; None when that key exists."""
    run = JobRun(
        name=name,
        run_key=key,
        status=QUEUED,
        params=params or {},
        queued_at=now,
        requested_by_id=requested_by_id,
    )
    session.add(run)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return None
    return run


def claim_run(
    session: Session, run_id: int, *, now: datetime, lease: timedelta
) -> bool:
    """Take the run for this worker until `now + lease`; False when another has it.

    A queued run, or a running one whose lease ran out (its worker died), can be
    claimed; a finished one cannot, so a duplicate delivery of the task is a no-op.
    """
    result = session.execute(
        update(JobRun)
        .where(
            JobRun.run_id == run_id,
            or_(
                JobRun.status == QUEUED,
                (JobRun.status == RUNNING) & (JobRun.lease_until < now),
            ),
        )
        .values(
            status=RUNNING,
            attempts=JobRun.attempts + 1,
            started_at=now,
            lease_until=now + lease,
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount == 1  # type: ignore[attr-defined]


def finish_run(
    session: Session, run_id: int, *, now: datetime, summary: str = "", error: str = ""
) -> None:
    """Record how the run ended: succeeded with its summary, or failed with why."""
    run = session.get(JobRun, run_id)
    if run is None:
        return
    run.status = FAILED if error else SUCCEEDED
    run.finished_at, run.lease_until = now, None
    if run.run_key.endswith(EXCLUSIVE):  # the next exclusive run may start now
        run.run_key = f"{run.name}@run-{run.run_id}"
    run.summary, run.error = summary[:2000], error[:2000]
    session.commit()


def requeue_run(session: Session, run_id: int, *, error: str) -> None:
    """Put a failed attempt back in the queue state; huey sends it again later."""
    session.execute(
        update(JobRun)
        .where(JobRun.run_id == run_id)
        .values(status=QUEUED, lease_until=None, error=error[:2000])
    )
    session.commit()


def report_progress(session: Session, run_id: int, text: str) -> None:
    """Show how far a long run got (the admin pages read it)."""
    session.execute(
        update(JobRun).where(JobRun.run_id == run_id).values(progress=text[:200])
    )
    session.commit()


def stranded_runs(
    session: Session, *, now: datetime, lost_after: timedelta
) -> list[int]:
    """Runs whose worker died (lease over) or whose queue message was lost."""
    return list(
        session.scalars(
            select(JobRun.run_id).where(
                or_(
                    (JobRun.status == RUNNING) & (JobRun.lease_until < now),
                    (JobRun.status == QUEUED) & (JobRun.queued_at < now - lost_after),
                )
            )
        )
    )


def last_run(session: Session, name: str) -> JobRun | None:
    """The newest run of the job `name`, if it ever ran."""
    return session.scalar(
        select(JobRun)
        .where(JobRun.name == name)
        .order_by(JobRun.queued_at.desc(), JobRun.run_id.desc())
        .limit(1)
    )


def recent_failures(session: Session, *, limit: int = 20) -> list[JobRun]:
    """The newest failed runs, with their error message."""
    return list(
        session.scalars(
            select(JobRun)
            .where(JobRun.status == FAILED)
            .order_by(JobRun.finished_at.desc(), JobRun.run_id.desc())
            .limit(limit)
        )
    )
