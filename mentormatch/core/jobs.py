"""The job registry: background work that features declare and the worker runs.

Features declare their jobs in their own ``jobs.py`` module with ``periodic`` (run on
a schedule) or ``on_demand`` (started by a page or a command). A job is a plain
function ``run(session, *, now, config, **params) -> str`` that returns a one-line
summary, commits its own work, and is idempotent: running it twice has one effect.
The job engine (the worker) only looks jobs up here, so this module imports no
engine and no Flask.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session


class JobFunction(Protocol):
    """What a job does, given a session, the time and the app config."""

    def __call__(
        self,
        session: Session,
        *,
        now: datetime,
        config: Mapping[str, Any],
        **params: Any,
    ) -> str: ...


@dataclass(frozen=True, slots=True)
class JobSpec:
    """One declared job: its name, function, schedule and what it is for."""

    name: str
    run: JobFunction
    description: str
    every: timedelta | None = None  # None: only on demand
    setting: str | None = None  # config key that can change `every` (seconds)


REGISTRY: dict[str, JobSpec] = {}


def first_time(session: Session, key: str) -> bool:
    """Claim the once-only effect `key` in the current transaction.

    True the first time (the caller then has the effect and commits both);
    False when a run before had it. The unique key stops a racing run at commit.
    """
    from mentormatch.core.models import JobEffect

    if session.scalar(select(JobEffect.effect_id).where(JobEffect.effect_key == key)):
        return False
    session.add(JobEffect(effect_key=key[:200]))
    return True


def _register(spec: JobSpec) -> None:
    if spec.name in REGISTRY and REGISTRY[spec.name].run is not spec.run:
        raise ValueError(f"job {spec.name!r} is declared twice")
    REGISTRY[spec.name] = spec


def periodic(
    name: str, *, every: timedelta, description: str, setting: str | None = None
) -> Callable[[JobFunction], JobFunction]:
    """Declare `run` as a job the schedule starts every `every`."""

    def declare(run: JobFunction) -> JobFunction:
        _register(JobSpec(name, run, description, every, setting))
        return run

    return declare


def on_demand(name: str, *, description: str) -> Callable[[JobFunction], JobFunction]:
    """Declare `run` as a job that a page or a command starts."""

    def declare(run: JobFunction) -> JobFunction:
        _register(JobSpec(name, run, description))
        return run

    return declare
