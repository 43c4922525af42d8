"""The admin view of background work: what ran, what failed, run now."""

from __future__ import annotations

from sqlalchemy import select

from mentormatch.core.models import AuditLog, JobRun, utcnow
from mentormatch.worker import current_engine
from tests.factories import make_user
from tests.web.flow_helpers import client_as


def admin_client(app, session):
    return client_as(app, make_user(session, is_admin=True))


def test_the_page_lists_every_job_with_its_next_run(app, session):
    page = admin_client(app, session).get("/admin/jobs")
    assert page.status_code == 200
    for name in current_engine().specs:
        assert f'id="job-{name}"' in page.text
    assert 'id="queue-depth">0<' in page.text
    assert "never" in page.text  # nothing ran yet


def test_run_now_runs_the_job_and_is_audited(app, session):
    client = admin_client(app, session)
    answer = client.post("/admin/jobs/expire-requests/run")
    assert answer.status_code == 302
    run = session.scalars(select(JobRun)).one()
    assert (run.name, run.status) == ("expire-requests", "succeeded")
    (entry,) = session.scalars(
        select(AuditLog).where(AuditLog.action == "job.run_now")
    ).all()
    assert entry.detail["job"] == "expire-requests"
    assert "Expired 0 requests." in client.get("/admin/jobs").text


def test_a_failure_shows_its_message(app, session):
    session.add(
        JobRun(
            name="prune",
            run_key="prune@broken",
            status="failed",
            attempts=4,
            queued_at=utcnow(),
            finished_at=utcnow(),
            error="OperationalError: database is locked",
        )
    )
    session.commit()
    page = admin_client(app, session).get("/admin/jobs").text
    assert "OperationalError: database is locked" in page
    assert "4 attempts" in page


def test_an_on_demand_job_cannot_be_run_from_here(app, session):
    client = admin_client(app, session)
    assert client.post("/admin/jobs/import-members/run").status_code == 409
