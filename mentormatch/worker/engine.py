"""The job engine: huey runs the REGISTRY's jobs on their schedule and on demand.

Why huey: one small, well-kept library with both an embedded storage (a SQLite
file in instance/, no server to install) and Redis storage for many workers on
many hosts, periodic tasks, retries with backoff and an ``immediate`` mode that
runs tasks in-process for tests. The engine is built from an app (never at
import time); every task body pushes that app's context, so each run gets its
own database session.
"""

from __future__ import annotations

import inspect
import logging
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey, crontab
from huey.api import TaskWrapper
from sqlalchemy import update

from mentormatch.core.jobs import JobSpec
from mentormatch.core.models import JobRun, utcnow
from mentormatch.extensions import db
from mentormatch.worker import runs
from mentormatch.worker.discovery import discover_jobs

log = logging.getLogger("mentormatch.worker")


def build_huey(config: Mapping[str, Any], instance_path: str) -> Huey:
    """Redis when REDIS_URL is set, else a SQLite file in instance/."""
    immediate = config.get("JOBS_IMMEDIATE")
    if immediate is None:
        immediate = bool(config.get("TESTING"))
    url = str(config.get("REDIS_URL") or "")
    if url:
        return RedisHuey("mentormatch", url=url, immediate=immediate, results=False)
    path = str(config.get("JOBS_SQLITE_PATH") or "")
    path = path or str(Path(instance_path) / "jobs.sqlite3")
    return SqliteHuey("mentormatch", filename=path, immediate=immediate, results=False)


def slot_start(now: datetime, every: timedelta) -> datetime:
    """The start of the schedule slot holding `now` (slots count from the epoch)."""
    seconds = max(int(every.total_seconds()), 1)
    return datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, UTC)


class JobEngine:
    """The huey instance, one task per declared job, and the schedule's tick."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.huey = build_huey(app.config, app.instance_path)
        self.specs = discover_jobs()
        self.max_attempts = max(int(app.config["JOBS_MAX_ATTEMPTS"]), 1)
        self.lease = timedelta(seconds=int(app.config["JOBS_LEASE_SECONDS"]))
        self.tasks: dict[str, TaskWrapper] = {
            name: self._task(spec) for name, spec in self.specs.items()
        }
        tick = self.huey.periodic_task(crontab(), name="schedule-tick")
        self.tick_task = tick(lambda: self.tick())

    def _task(self, spec: JobSpec) -> TaskWrapper:
        def run_job(run_id: int) -> None:
            self.execute(run_id)

        task = self.huey.task(
            name=f"job.{spec.name}",
            retries=self.max_attempts - 1,
            retry_delay=int(self.app.config["JOBS_RETRY_DELAY"]),
            retry_backoff=2,
        )
        return task(run_job)

    def interval(self, spec: JobSpec) -> timedelta | None:
        """How often a periodic job runs: its setting when the config has it."""
        if spec.every is None:
            return None
        if spec.setting and self.app.config.get(spec.setting) is not None:
            return timedelta(seconds=int(self.app.config[spec.setting]))
        return spec.every

    def periodic(self) -> list[JobSpec]:
        return [spec for spec in self.specs.values() if spec.every is not None]

    def enqueue(
        self,
        name: str,
        *,
        key: str | None = None,
        params: dict[str, Any] | None = None,
        requested_by_id: int | None = None,
        now: datetime | None = None,
        exclusive: bool = False,
    ) -> int | None:
        """Queue a run of `name`; return its id, or None when `key` was queued.

        An `exclusive` run is refused (None) while another of its name is queued
        or running: its key is free again only once that run has finished.
        """
        if name not in self.specs:
            raise KeyError(name)
        now = now or utcnow()
        if exclusive:
            key = name + runs.EXCLUSIVE
        key = key or f"{name}@{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:12]}"
        with self.app.app_context():
            run = runs.queue_run(
                db.session(),
                name,
                key=key,
                now=now,
                params=params,
                requested_by_id=requested_by_id,
            )
            run_id = None if run is None else run.run_id
            db.session.remove()
        if run_id is not None:
            self.tasks[name](run_id)
        return run_id

    def execute(self, run_id: int, *, now: datetime | None = None) -> None:
        """Run one queued run inside a fresh app context (the huey task body)."""
        with self.app.app_context():
            try:
                self._execute(run_id, now or utcnow())
            finally:
                db.session.remove()

    def _execute(self, run_id: int, now: datetime) -> None:
        session = db.session()
        if not runs.claim_run(session, run_id, now=now, lease=self.lease):
            return  # done already, or another worker holds it
        run = session.get(JobRun, run_id)
        spec = self.specs.get(run.name) if run else None
        if run is None or spec is None:
            runs.finish_run(session, run_id, now=now, error="No such job.")
            return
        attempts = run.attempts
        try:
            summary = spec.run(
                session, now=now, config=self.app.config, **_params(spec, run)
            )
        except Exception as err:
            session.rollback()
            error = f"{type(err).__name__}: {err}"
            log.exception("job %s (run %s) failed", spec.name, run_id)
            if attempts >= self.max_attempts:
                runs.finish_run(session, run_id, now=utcnow(), error=error)
                return
            runs.requeue_run(session, run_id, error=error)
            raise  # huey sends the task again after its backoff
        runs.finish_run(session, run_id, now=utcnow(), summary=str(summary or ""))

    def tick(self, now: datetime | None = None) -> list[int]:
        """Queue each periodic job whose slot has no run yet; resend stranded runs."""
        now = now or utcnow()
        queued = []
        for spec in self.periodic():
            every = self.interval(spec)
            assert every is not None
            key = f"{spec.name}@{slot_start(now, every):%Y-%m-%dT%H:%M:%S}"
            run_id = self.enqueue(spec.name, key=key, now=now)
            if run_id is not None:
                queued.append(run_id)
        self._resend_stranded(now)
        return queued

    def _resend_stranded(self, now: datetime) -> None:
        with self.app.app_context():
            session = db.session()
            stranded = runs.stranded_runs(session, now=now, lost_after=2 * self.lease)
            names = {}
            for run_id in stranded:
                run = session.get(JobRun, run_id)
                if run is not None and run.name in self.tasks:
                    names[run_id] = run.name
            session.execute(
                update(JobRun)
                .where(JobRun.run_id.in_(list(names)), JobRun.status == runs.QUEUED)
                .values(queued_at=now)
            )
            session.commit()
            db.session.remove()
        for run_id, name in names.items():
            log.warning("resending stranded run %s of %s", run_id, name)
            self.tasks[name](run_id)

    def next_run(self, spec: JobSpec, now: datetime | None = None) -> datetime | None:
        """When the schedule next queues `spec` (the start of its next slot)."""
        every = self.interval(spec)
        if every is None:
            return None
        return slot_start(now or utcnow(), every) + every

    def queue_depth(self) -> int:
        """Tasks waiting in huey's queue, plus those scheduled for a retry."""
        return int(self.huey.pending_count()) + int(self.huey.scheduled_count())


def _params(spec: JobSpec, run: JobRun) -> dict[str, Any]:
    """The run's parameters, plus its id for jobs that name a `run_id` parameter."""
    params = dict(run.params or {})
    if "run_id" in inspect.signature(spec.run).parameters:
        params.setdefault("run_id", run.run_id)
    return params


def current_engine() -> JobEngine:
    """The engine of the app in context."""
    engine: JobEngine = current_app.extensions["jobs"]
    return engine
