"""The development mailbox: what the app sent, readable, and never in production."""

from __future__ import annotations

import logging

import pytest

from mentormatch.core.mail import MailSettings, queue_email, send_due
from tests.factories import make_user

DEV = {"ENV_NAME": "development", "DEV_MAILBOX": True, "BASE_URL": "http://h:5130"}


@pytest.mark.parametrize("app_config", [DEV])
def test_mail_without_smtp_lands_in_the_dev_mailbox(app, client, session, caplog):
    caplog.set_level(logging.INFO, logger="mentormatch.mail")
    user = make_user(session, email="ada@example.org")
    queue_email(
        session,
        user=user,
        kind="password_reset",
        link="/password/reset/t0k",
        minutes=60,
    )
    session.commit()
    report = send_due(session, MailSettings.from_config(app.config))
    assert report.sent == 1
    logged = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("DEV MAILBOX to ada@example.org") for m in logged)
    page = client.get("/dev/mailbox")
    assert page.status_code == 200
    assert b"Reset your MentorMatch password" in page.data
    assert b"http://h:5130/password/reset/t0k" in page.data  # the link still works


@pytest.mark.parametrize(
    "app_config",
    [
        {"ENV_NAME": "production", "DEV_MAILBOX": True},
        {},  # tests: off unless enabled
        {**DEV, "DEV_MAILBOX": False},
    ],
)
def test_the_dev_mailbox_is_404_unless_enabled_in_development(client):
    assert client.get("/dev/mailbox").status_code == 404


def test_without_smtp_or_dev_mailbox_mail_waits_untouched(app, session):
    user = make_user(session, email="ada@example.org")
    row = queue_email(session, user=user, kind="password_reset", link="/x", minutes=5)
    session.commit()
    assert send_due(session, MailSettings.from_config(app.config)).sent == 0
    session.refresh(row)
    assert (row.status, row.attempts) == ("pending", 0)
