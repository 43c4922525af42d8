"""A cohort run off the request: the page answers at once, a worker matches."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mentormatch.core.models import CohortRun, JobRun
from mentormatch.worker import current_engine
from tests.cohorts.test_web import admin, admin_user, people, start_run  # noqa: F401
from tests.web.flow_helpers import count


@pytest.fixture
def app_config(tmp_path) -> dict[str, object]:
    return {
        "JOBS_IMMEDIATE": False,
        "JOBS_SQLITE_PATH": str(tmp_path / "q.db"),
        "REDIS_URL": "",  # this test's own queue even when CI sets Redis
    }


def test_a_cohort_run_starts_a_job_then_shows_its_proposals(admin, session, people):  # noqa: F811
    response = start_run(admin)
    assert response.status_code == 302
    status_url = response.headers["Location"]
    assert status_url.startswith("/admin/cohort/jobs/")
    assert count(session, CohortRun) == 0  # nothing matched inside the request
    assert "Waiting for a worker" in admin.get(status_url).text
    assert start_run(admin).status_code == 409  # one run at a time
    job = session.scalars(select(JobRun).where(JobRun.name == "cohort-run")).one()
    current_engine().execute(job.run_id)
    done = admin.get(status_url)
    (run,) = session.scalars(select(CohortRun)).all()
    session.expire_all()
    assert done.status_code == 302, (job.result, job.error, job.status)
    assert done.headers["Location"] == f"/admin/cohort/{run.run_id}"
