"""Reset links: throttled, one live per account, revoked by a password change or a
deactivation, and asked for in the same work whether the account exists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from mentormatch import create_app
from mentormatch.accounts.ratelimit import server_workers
from mentormatch.accounts.services import credentials
from mentormatch.accounts.services.reset import request_reset
from mentormatch.admin.services.members import set_active
from mentormatch.config import ConfigError
from mentormatch.core.mail_requests import prepare_due
from mentormatch.core.models import OutboxMessage, PasswordResetToken, utcnow
from mentormatch.extensions import db
from tests.factories import TEST_PASSWORD, make_user

HOUR = timedelta(hours=1)


@pytest.fixture
def app_config() -> dict[str, object]:
    return {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "FORGOT_LIMIT": "3 per hour",
        "FORGOT_ADDRESS_LIMIT": "6 per hour",
        "RATELIMIT_NAMESPACE": f"forgot-{id(object())}",
    }


def ask(client, email: str, ip: str = "10.0.0.1"):
    return client.post(
        "/password/forgot", data={"email": email}, environ_base={"REMOTE_ADDR": ip}
    )


def live_tokens(session, user_id: int) -> list[PasswordResetToken]:
    return list(
        session.scalars(
            select(PasswordResetToken).where(
                PasswordResetToken.user_id == user_id,
                PasswordResetToken.used_at.is_(None),
                PasswordResetToken.expires_at > utcnow(),
            )
        )
    )


def test_forgot_throttled_per_account_and_one_live_link(app, client, session):
    user = make_user(session, email="me@example.org")
    codes = [
        ask(client, "me@example.org", ip=f"10.0.1.{n}").status_code for n in range(40)
    ]
    assert codes.count(302) == 3 and codes.count(429) == 37
    prepare_due(session, config=app.config)
    assert len(live_tokens(session, user.user_id)) == 1
    emails = session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "password_reset")
    ).all()
    assert len(emails) == 3


def test_forgot_throttled_per_client_address(client, session):
    codes = [ask(client, f"user{n}@example.org").status_code for n in range(10)]
    assert codes == [302] * 6 + [429] * 4
    assert ask(client, "other@example.org", ip="10.9.9.9").status_code == 302


def test_forgot_does_the_same_work_whether_or_not_the_account_exists(
    app, client, session
):
    make_user(session, email="me@example.org")
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement.split()[0])

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        ask(client, "me@example.org", ip="10.0.2.1")
        known, statements[:] = list(statements), []
        ask(client, "nobody@example.org", ip="10.0.2.2")
        unknown = list(statements)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert known == unknown  # the same statements: no lookup of the account
    assert not any(s.startswith("SELECT") for s in known if "user_account" in s)
    assert session.scalars(select(PasswordResetToken)).all() == []


def test_new_link_revokes_the_previous_one(client, session):
    make_user(session, email="me@example.org")
    first = request_reset(session, email="me@example.org", valid_for=HOUR)
    second = request_reset(session, email="me@example.org", valid_for=HOUR)
    assert client.get(f"/password/reset/{first}").status_code == 410
    assert client.get(f"/password/reset/{second}").status_code == 200


def test_password_change_revokes_links(client, session):
    user = make_user(session, email="me@example.org")
    token = request_reset(session, email="me@example.org", valid_for=HOUR)
    credentials.change_password(
        session, user, current=TEST_PASSWORD, new="n3w-pass-1234"
    )
    assert client.get(f"/password/reset/{token}").status_code == 410
    assert live_tokens(session, user.user_id) == []


def test_deactivation_revokes_links_for_good(client, session):
    user = make_user(session, email="me@example.org")
    admin = make_user(session, is_admin=True)
    token = request_reset(session, email="me@example.org", valid_for=HOUR)
    set_active(session, user, admin=admin, active=False)
    session.commit()
    assert client.get(f"/password/reset/{token}").status_code == 410
    set_active(session, user, admin=admin, active=True)
    session.commit()
    assert client.get(f"/password/reset/{token}").status_code == 410


# --- the throttle's storage must be shared by every worker ----------------------


@pytest.mark.parametrize(
    ("environ", "workers"),
    [
        ({}, 1),
        ({"MENTORMATCH_WORKERS": "4"}, 4),
        ({"WEB_CONCURRENCY": "3"}, 3),
        ({"MENTORMATCH_WORKERS": "\u0664"}, 1),
    ],
)
def test_server_workers_from_environment(environ, workers):
    assert server_workers(environ) == workers


def test_several_workers_on_memory_storage_refuse_to_start(monkeypatch):
    monkeypatch.setenv("MENTORMATCH_WORKERS", "4")
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    with pytest.raises(ConfigError, match="each count"):
        create_app(config)
    allowed = create_app(config | {"RATELIMIT_PER_WORKER_OK": True})
    assert allowed.config["RATELIMIT_STORAGE_URI"] == "memory://"
    shared = create_app(config | {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/7"})
    assert shared.config["RATELIMIT_STORAGE_URI"].startswith("redis://")
    monkeypatch.setenv("MENTORMATCH_WORKERS", "1")
    assert create_app(config)
