"""Bad input on every route: a clear 4xx, never a 500, and the database unchanged."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from mentormatch.core.models import User
from mentormatch.core.models.users import new_session_token
from mentormatch.extensions import db
from tests.bad_input_cases import (
    CASES,
    GET_PAGES,
    NO_INPUT,
    POST_ROUTES,
    SCRIPT,
    Case,
    World,
    build_world,
    checkin,
    meeting,
    own,
    profile,
)
from tests.web.flow_helpers import client_as, shared_app

Snapshot = dict[str, list[tuple[Any, ...]]]
RAW = ("<script>alert(1)</script>", "<img src=x onerror")


@pytest.fixture(scope="module")
def app() -> Iterator[Flask]:
    yield from shared_app()


@pytest.fixture(scope="module")
def worlds() -> list[World]:
    """The cast, built once; dropped (rebuilt) when a case changed the database."""
    return []


@pytest.fixture
def world(app: Flask, worlds: list[World]) -> Iterator[World]:
    if not worlds:
        worlds.append(build_world(db.session))
    before = snapshot()
    yield worlds[0]
    if snapshot() != before:
        worlds.clear()


def snapshot() -> Snapshot:
    """Every row of every table, as sorted tuples (fresh from the database)."""
    db.session.expire_all()
    return {
        table.name: sorted(
            (tuple(row) for row in db.session.execute(select(table))), key=repr
        )
        for table in db.metadata.sorted_tables
    }


def login_as(app: Flask, user: User | None) -> FlaskClient:
    """A client whose session carries the user's current session token."""
    client = client_as(app, user)
    if user is not None:
        with client.session_transaction() as sess:
            sess["_user_id"] = f"{user.user_id}:{user.session_token}"
    return client


def url(
    app: Flask, endpoint: str, args: dict[str, Any], query: dict[str, str] | None = None
) -> str:
    rule = next(app.url_map.iter_rules(endpoint))
    with app.test_request_context():
        path = url_for(endpoint, **{k: args[k] for k in rule.arguments})
    # Encoded by hand: keys such as `endpoint` or `_method` are url_for's own.
    return f"{path}?{urlencode(query)}" if query else path


def send(app: Flask, world: World, c: Case) -> TestResponse:
    args = world.args(c.endpoint) | (c.args(world) if c.args else {})
    data = c.data(world) if callable(c.data) else c.data
    client = login_as(app, world.actor(c.actor))
    target = url(app, c.endpoint, args, c.query)
    if c.json:
        return client.open(target, method=c.method, json=data)
    return client.open(target, method=c.method, data=data or {})


def shown(response: TestResponse) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.id)
def test_bad_input_refused_and_database_unchanged(app: Flask, world: World, c: Case):
    before = snapshot()
    response = send(app, world, c)
    assert response.status_code in c.status, shown(response)[:2000]
    assert c.message in shown(response)
    assert not [text for text in c.absent if text in shown(response)]
    after = snapshot()
    for table in c.writes:  # written by design (an audit row, a read marker)
        before.pop(table), after.pop(table)
    assert after == before


ENDPOINTS = sorted({c.endpoint for c in CASES} | set(NO_INPUT))


def test_every_route_is_in_the_table(app: Flask):
    routed = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = routed - set(ENDPOINTS)
    assert not missing, f"add bad-input cases (or a NO_INPUT reason) for {missing}"
    assert not set(ENDPOINTS) - routed, "the table names routes that no longer exist"


def test_every_post_route_and_get_page_has_its_class_rows(app: Flask):
    rules = list(app.url_map.iter_rules())
    posts = {r.endpoint for r in rules if "POST" in (r.methods or ())}
    pages = {r.endpoint for r in rules if "GET" in (r.methods or ())} - {"static"}
    assert posts == set(POST_ROUTES), "a POST route lacks its json-body row"
    assert pages == set(GET_PAGES), "a GET page lacks its hostile-query row"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_wrong_method_405_database_unchanged(app: Flask, world: World, endpoint: str):
    rule = next(app.url_map.iter_rules(endpoint))
    allowed = {
        m for r in app.url_map.iter_rules() if r.rule == rule.rule for m in r.methods
    }
    method = next(m for m in ("POST", "GET", "PUT", "DELETE") if m not in allowed)
    client = login_as(app, world.admin)
    before = snapshot()
    response = client.open(url(app, endpoint, world.args(endpoint)), method=method)
    assert response.status_code == 405
    assert "That action is not available at this address." in shown(response)
    assert snapshot() == before


# name: ((actor, endpoint, URL args, form) storing it, (viewer, page, args) showing it)
STORED: dict[str, tuple[tuple[str, str, Any, dict[str, str]], tuple[str, str, Any]]] = {
    "profile": (
        (
            "stranger",
            "profiles.edit",
            None,
            profile(
                display_name=SCRIPT,
                headline=SCRIPT,
                bio=SCRIPT,
                goals=SCRIPT,
                chapter="Other",
                chapter_other=SCRIPT[:80],
            ),
        ),
        ("mentee", "profiles.detail", lambda w: {"user_id": w.stranger.user_id}),
    ),
    "request-message": (
        ("stranger", "requests.new", None, {"message": SCRIPT}),
        ("mentor", "requests.index", None),
    ),
    "decline-note": (
        (
            "mentor",
            "requests.decline",
            None,
            {"reason": "no_capacity", "note": SCRIPT, "sure": "y"},
        ),
        ("mentee", "requests.sent_detail", None),
    ),
    "reject-reason": (
        ("admin", "admin.reject", None, {"reason": SCRIPT, "sure": "y"}),
        ("mentor", "requests.detail", lambda w: {"request_id": w.accepted.request_id}),
    ),
    "checkin-notes": (
        (
            "agreed_mentee",
            "pairings.log_checkin",
            own("agreed"),
            checkin(notes=SCRIPT, next_step=SCRIPT),
        ),
        ("mentor", "pairings.detail", own("agreed")),
    ),
    "goal-and-resource": (
        (
            "pair_mentee",
            "pairings.add_resource",
            None,
            {"title": SCRIPT[:120], "url": "https://example.org/?q=<script>"},
        ),
        ("mentor", "pairings.detail", None),
    ),
    "message-body": (
        ("pair_mentee", "messages.post_pairing", own("active"), {"body": SCRIPT}),
        ("mentor", "pairings.detail", None),
    ),
    "request-message-body": (
        ("mentor", "messages.post_request", None, {"body": SCRIPT}),
        ("mentee", "requests.sent_detail", None),
    ),
    "meeting-note-and-place": (
        (
            "pair_mentee",
            "pairings.propose_meeting",
            own("active"),
            meeting(**{"meeting-note": SCRIPT, "meeting-location": SCRIPT[:200]}),
        ),
        ("mentor", "pairings.detail", None),
    ),
    "report-reason": (
        ("mentor", "messages.report_message", None, {"reason": SCRIPT}),
        ("admin", "admin.reports", None),
    ),
    "goal-title": (
        ("pair_mentee", "pairings.add_goal", None, {"title": SCRIPT}),
        ("mentor", "pairings.detail", None),
    ),
}


@pytest.mark.parametrize("name", STORED)
def test_script_stored_and_shown_escaped(app: Flask, world: World, name: str):
    (actor, endpoint, args, data), (viewer, page, page_args) = STORED[name]
    store = Case(endpoint, name, actor=actor, data=data, args=args)
    response = send(app, world, store)
    assert response.status_code == 302, shown(response)[:1500]
    show = Case(page, name, actor=viewer, method="GET", args=page_args)
    body = send(app, world, show).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert not any(raw in body for raw in RAW)


@pytest.fixture
def csrf_on(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_missing_or_wrong_csrf_400_database_unchanged(
    app: Flask, world: World, csrf_on: None, token: str | None
):
    client = login_as(app, world.mentee)
    data = profile(display_name="Changed") | ({"csrf_token": token} if token else {})
    before = snapshot()
    response = client.post("/profile/edit", data=data)
    assert response.status_code == 400
    assert "The CSRF" in shown(response)  # missing, invalid or no session token
    assert snapshot() == before


def test_expired_session_sent_to_login_and_changes_nothing(app: Flask, world: World):
    user = world.stranger
    client = login_as(app, user)
    user.session_token = new_session_token()  # "log out everywhere" on another device
    db.session.commit()
    before = snapshot()
    page = client.get("/profile")
    assert page.status_code == 302 and page.location.startswith("/login")
    posted = client.post("/profile/edit", data=profile(display_name="Changed"))
    assert posted.status_code == 302 and posted.location.startswith("/login")
    assert snapshot() == before
