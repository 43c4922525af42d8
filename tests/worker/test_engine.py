"""The job engine: discovery, recorded runs, retries, the schedule, dead workers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from mentormatch.core.jobs import REGISTRY, JobSpec
from mentormatch.core.mail import SENT, queue_email
from mentormatch.core.models import JobRun, OutboxMessage, utcnow
from mentormatch.core.models.jobs import FAILED, RUNNING, SUCCEEDED
from mentormatch.worker import current_engine
from mentormatch.worker.engine import slot_start
from tests.core.test_mail import Inbox, free_port, start_server
from tests.factories import make_user

# Half past the current hour: jobs run on the real clock (prune keeps 30 days).
# A fixed hour of today: ticking an hour on must stay within the same day
# whatever time the suite runs (CI ran at 23:xx and crossed midnight).
NOW = utcnow().replace(hour=10, minute=30, second=0, microsecond=0)
CALLS: list[str] = []


class WorkerDied(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs."""


def _flaky(session, *, now, config, **params):
    CALLS.append(params.get("mode", ""))
    if params.get("mode") == "boom":
        raise RuntimeError("the disk is full")
    return "fine"


@pytest.fixture
def flaky() -> Iterator[None]:
    """A test-only job in the registry while the app is built."""
    REGISTRY["test-flaky"] = JobSpec("test-flaky", _flaky, "A job for tests.")
    CALLS.clear()
    yield
    REGISTRY.pop("test-flaky", None)


@pytest.fixture
def app_config(flaky) -> dict[str, object]:
    return {"JOBS_MAX_ATTEMPTS": 2, "JOBS_RETRY_DELAY": 0}


def runs_of(session, name: str) -> list[JobRun]:
    session.expire_all()
    return list(
        session.scalars(
            select(JobRun).where(JobRun.name == name).order_by(JobRun.run_id)
        )
    )


def test_every_feature_jobs_module_is_found_and_becomes_a_task(app):
    engine = current_engine()
    for name in (
        "deliver-mail",
        "expire-requests",
        "flag-overdue",
        "checkin-reminders",
        "nudge-requests",
        "nudge-pairings",
        "approval-digest",
        "prune",
    ):
        assert name in engine.specs
        assert engine.tasks[name].name == f"job.{name}"
    assert engine.huey.immediate  # TESTING runs tasks in-process


def test_a_run_is_recorded_with_its_summary(app, session):
    run_id = current_engine().enqueue("test-flaky", params={"mode": "ok"})
    (run,) = runs_of(session, "test-flaky")
    assert run.run_id == run_id
    assert (run.status, run.summary, run.attempts) == (SUCCEEDED, "fine", 1)
    assert run.started_at is not None and run.finished_at >= run.started_at


def test_a_failing_job_is_retried_then_shows_its_error(app, session):
    # No retry delay here: huey's immediate mode runs the retry at once.
    current_engine().enqueue("test-flaky", params={"mode": "boom"})
    (run,) = runs_of(session, "test-flaky")
    assert (run.status, run.attempts) == (FAILED, 2)
    assert run.error == "RuntimeError: the disk is full"
    assert CALLS == ["boom", "boom"]


def test_a_finished_run_delivered_twice_runs_once(app, session):
    run_id = current_engine().enqueue("test-flaky", params={"mode": "ok"})
    current_engine().execute(run_id)
    assert CALLS == ["ok"]


def test_the_schedule_queues_each_slot_once(app, session):
    engine = current_engine()
    first = engine.tick(NOW)
    again = engine.tick(NOW + timedelta(seconds=20))
    assert len(first) == len(engine.periodic()) and again == []
    hourly = runs_of(session, "flag-overdue")
    assert hourly[0].run_key == f"flag-overdue@{NOW:%Y-%m-%dT%H}:00:00"
    engine.tick(NOW + timedelta(hours=1))
    assert len(runs_of(session, "flag-overdue")) == 2
    assert len(runs_of(session, "expire-requests")) == 1  # daily: same day


def test_slots_and_next_run_follow_the_interval(app):
    engine = current_engine()
    moment = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
    assert slot_start(moment, timedelta(days=1)) == datetime(2026, 3, 2, tzinfo=UTC)
    spec = engine.specs["flag-overdue"]
    assert engine.next_run(spec, moment) == datetime(2026, 3, 2, 11, tzinfo=UTC)
    assert engine.next_run(engine.specs["test-flaky"], moment) is None


@pytest.mark.parametrize("app_config", [{"MAIL_SEND_SECONDS": 300}])
def test_a_setting_changes_a_schedule(app):
    engine = current_engine()
    assert engine.interval(engine.specs["deliver-mail"]) == timedelta(minutes=5)


@pytest.mark.parametrize(
    "app_config",
    [
        {
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": free_port(),
            "SMTP_STARTTLS": False,
            "MAIL_BACKOFF_SECONDS": 0,  # the unsent ones are due again at once
            "JOBS_LEASE_SECONDS": 0,  # and the dead worker's lease is over
        }
    ],
)
def test_a_worker_killed_mid_job_loses_nothing(app, session, monkeypatch):
    controller, inbox = start_server(app.config["SMTP_PORT"])
    try:
        _killed_then_restarted(app, session, monkeypatch, inbox)
    finally:
        controller.stop()


def _killed_then_restarted(app, session, monkeypatch, inbox: Inbox) -> None:
    people = [make_user(session, email=f"p{n}@example.org") for n in range(3)]
    for person in people:
        queue_email(session, user=person, kind="password_reset", link="/x", minutes=5)
    session.commit()
    real_send = __import__("smtplib").SMTP.send_message
    sent_before_death: list[str] = []

    def dies_on_second(self, msg, *args, **kwargs):
        if sent_before_death:
            raise WorkerDied
        sent_before_death.append(msg["To"])
        return real_send(self, msg, *args, **kwargs)

    monkeypatch.setattr("smtplib.SMTP.send_message", dies_on_second)
    engine = current_engine()
    with pytest.raises(WorkerDied):
        engine.enqueue("deliver-mail", key="deliver-mail@kill")
    (run,) = runs_of(session, "deliver-mail")
    assert run.status == RUNNING  # nobody recorded an end: the worker is gone
    monkeypatch.setattr("smtplib.SMTP.send_message", real_send)
    engine.tick()  # the lease ran out: the schedule sends the run again
    session.expire_all()
    run = session.get(JobRun, run.run_id)
    assert (run.status, run.attempts) == (SUCCEEDED, 2)
    session.expire_all()
    rows = session.scalars(select(OutboxMessage)).all()
    assert {row.status for row in rows} == {SENT}
    received = sorted(to for (to,) in inbox.recipients)
    assert received == sorted(p.email for p in people)  # each exactly once
