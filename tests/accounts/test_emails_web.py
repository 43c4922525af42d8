"""Email choices on the account page and one-click unsubscribe (RFC 8058)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mentormatch.core.mail import MailSettings, build_message, queue_email
from mentormatch.core.member_settings import settings_of
from mentormatch.core.models import MemberSettings, OutboxMessage
from mentormatch.extensions import db
from tests.factories import make_mentee
from tests.web.flow_helpers import client_as, count, shared_app

BASE = "https://mm.example.org"


@pytest.fixture(scope="module")
def app():
    yield from shared_app()


@pytest.fixture(autouse=True)
def fresh_session(app):
    yield
    db.session.remove()


def email(session, user, kind="request_received"):
    row = queue_email(session, user=user, kind=kind, link="/requests/1", text="Hi")
    session.commit()
    return row


def test_email_carries_list_unsubscribe_headers_and_link(session):
    user = make_mentee(session)
    row = email(session, user)
    msg = build_message(row, MailSettings(base_url=BASE))
    token = settings_of(session, user).unsubscribe_token
    url = f"{BASE}/account/unsubscribe/{token}/requests"
    assert msg["List-Unsubscribe"] == f"<{url}>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in msg.get_content()


def test_password_reset_has_no_unsubscribe(session):
    user = make_mentee(session)
    row = queue_email(
        session, user=user, kind="password_reset", link="/r/x", minutes=60
    )
    assert row is not None and row.unsubscribe == ""
    assert "List-Unsubscribe" not in build_message(row, MailSettings())


def test_one_click_post_without_login_or_csrf_switches_off(app, session, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    user = make_mentee(session)
    row = email(session, user)
    anonymous = app.test_client()
    page = anonymous.get(row.unsubscribe)
    assert page.status_code == 200 and b"Unsubscribe" in page.data
    assert not settings_of(session, user).is_off("requests")  # a GET changes nothing
    done = anonymous.post(row.unsubscribe, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and b'id="unsubscribed"' in done.data
    session.expire_all()
    assert settings_of(session, user).is_off("requests")
    before = count(session, OutboxMessage)
    assert email(session, user) is None  # switched off: nothing queued
    assert count(session, OutboxMessage) == before


@pytest.mark.parametrize(
    "path",
    ["/account/unsubscribe/nope/requests", "/account/unsubscribe/{token}/sql';--"],
)
def test_unsubscribe_unknown_token_or_category_404(app, session, path):
    user = make_mentee(session)
    token = settings_of(session, user).unsubscribe_token
    session.commit()
    assert app.test_client().post(path.format(token=token)).status_code == 404


def test_account_page_saves_choices(app, session):
    user = make_mentee(session)
    client = client_as(app, user)
    page = client.get("/account").get_data(as_text=True)
    assert (
        'id="emails"' in page
        and 'checked id="wanted-2" name="wanted" type="checkbox" value="messages"'
        in page
    )
    saved = client.post(
        "/account/emails",
        data={"wanted": ["requests", "decisions"], "message_email": "daily"},
    )
    assert saved.status_code == 302
    row = session.scalar(select(MemberSettings).filter_by(user_id=user.user_id))
    assert row.message_email == "daily"
    assert row.is_off("messages") and not row.is_off("requests")
    page = client.get("/account").get_data(as_text=True)
    assert (
        'checked id="wanted-2" name="wanted" type="checkbox" value="messages"'
        not in page
    )
