"""Runs of background jobs: what ran, when, and how it ended."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mentormatch.core.models.types import UTCDateTime, utcnow
from mentormatch.extensions import db

QUEUED, RUNNING, SUCCEEDED, FAILED = "queued", "running", "succeeded", "failed"


class JobRun(db.Model):  # type: ignore[name-defined,misc]
    """One run of a job, written when it is queued and updated as it goes.

    ``run_key`` is unique: a scheduled run's key names its time slot, so two
    schedulers (or a restarted one) cannot queue the same slot twice. A run
    that is ``running`` past ``lease_until`` belongs to a worker that died; the
    schedule queues it again.
    """

    __tablename__ = "job_run"
    __table_args__ = (Index("ix_job_run_name_queued", "name", "queued_at"),)

    run_id: Mapped[int] = mapped_column("id", primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    run_key: Mapped[str] = mapped_column(String(160), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=QUEUED, index=True)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    attempts: Mapped[int] = mapped_column(default=0)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    progress: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    # What a page shows when the run is done (an import's row report, say).
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str] = mapped_column(Text, default="")
    # Who asked for an on-demand run (an admin's "run now", an upload), if anyone.
    requested_by_id: Mapped[int | None]


class JobEffect(db.Model):  # type: ignore[name-defined,misc]
    """An effect a job had once and must not have again (a reminder, a nudge).

    Written in the same transaction as the effect; the unique key makes a second
    run, or a run racing another worker, fail instead of repeating it.
    """

    __tablename__ = "job_effect"

    effect_id: Mapped[int] = mapped_column("id", primary_key=True)
    effect_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
