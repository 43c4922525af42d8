"""CSV import off the request: the page answers at once, a worker imports."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from mentormatch.admin.services.csv_export import MEMBER_COLUMNS
from mentormatch.core.models import JobRun, OutboxMessage, User
from mentormatch.worker import current_engine
from tests.factories import make_user
from tests.web.flow_helpers import client_as, count

HEADER = ",".join(MEMBER_COLUMNS)
ROW = (
    "m{n}@example.org,Member {n},mentee,4,IT,Other: PMI Lisbon,Europe/Lisbon,English,"
    "video,3,0,PMP:2022,PgMP,,program and portfolio management,Hi,Grow,"
)


def big_csv(rows: int) -> bytes:
    return "\n".join([HEADER, *(ROW.format(n=n) for n in range(rows))]).encode()


@pytest.fixture
def app_config(tmp_path) -> dict[str, object]:
    # Queued for a worker, as in production (the queue in a file of this test's).
    return {
        "JOBS_IMMEDIATE": False,
        "JOBS_SQLITE_PATH": str(tmp_path / "q.db"),
        "REDIS_URL": "",  # this test's own queue even when CI sets Redis
    }


@pytest.fixture
def admin(app, session):
    return client_as(app, make_user(session, is_admin=True))


def upload(client, data: bytes):
    # Encoded in memory: the test client would spool a large body to a temporary
    # file it never closes.
    boundary, body = encode_multipart(
        MultiDict({"file": FileStorage(io.BytesIO(data), "m.csv")})
    )
    return client.post(
        "/admin/import",
        data=body,
        content_type=f'multipart/form-data; boundary="{boundary}"',
    )


def the_run(session) -> JobRun:
    session.expire_all()
    return session.scalars(select(JobRun).where(JobRun.name == "import-members")).one()


def test_a_4000_row_import_returns_at_once_then_completes(app, session, admin):
    response = upload(admin, big_csv(4000))
    assert response.status_code == 302
    status_url = response.headers["Location"]
    assert count(session, User) == 1  # nothing imported inside the request
    assert "Waiting for a worker" in admin.get(status_url).text
    current_engine().execute(the_run(session).run_id)  # what the worker does
    page = admin.get(status_url).text
    assert "Imported 4000 members" in page
    assert count(session, User) == 4001
    assert count(session, OutboxMessage, OutboxMessage.kind == "invitation") == 4000
    run = the_run(session)
    assert run.status == "succeeded" and "csv" not in run.params


def test_a_second_upload_while_one_runs_is_refused(app, session, admin):
    assert upload(admin, big_csv(3)).status_code == 302
    refused = upload(admin, big_csv(2))
    assert refused.status_code == 409
    assert "An import is already running" in refused.text
    current_engine().execute(the_run(session).run_id)
    assert upload(admin, big_csv(0)).status_code == 302  # free again once done


def test_a_rerun_after_the_import_committed_changes_nothing(app, session, admin):
    upload(admin, big_csv(5))
    run_id = the_run(session).run_id
    current_engine().execute(run_id)
    # A worker that died after the commit leaves the run "running"; it runs again.
    session.execute(
        JobRun.__table__.update().values(status="running", lease_until=None)
    )
    session.commit()
    current_engine().tick()
    assert count(session, User) == 6
    assert the_run(session).result["created"] == 5


def test_the_report_lists_row_errors(app, session, admin):
    bad = big_csv(2).replace(b"Member 1,", b",")
    status_url = upload(admin, bad).headers["Location"]
    current_engine().execute(the_run(session).run_id)
    page = admin.get(status_url).text
    assert "Nothing was imported: 1 error in 2 rows" in page
    assert "Enter the name members see." in page


def test_import_status_of_another_job_is_404(app, session, admin):
    assert admin.get("/admin/import/999").status_code == 404
