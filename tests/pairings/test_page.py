"""The pairing page as one view: its list, its old address, and what it costs in SQL."""

from __future__ import annotations

import pytest

from mentormatch.core.models import MatchStatus
from mentormatch.extensions import db
from tests.pairings.helpers import agree
from tests.web.flow_helpers import (
    client_as,
    make_cast,
    make_in_state,
    shared_app,
    statements,
)

S = MatchStatus
# The pairing page ran 18 statements when two blueprints and an app-wide context
# processor assembled it (measured on the commit before the restructure); 12 after
# it; 17 with conversations: the nav's unread count, the thread page, the block
# check, the open meetings and the member's calendar-feed token.
PAIRING_PAGE_STATEMENTS = 17


@pytest.fixture(scope="module")
def app():
    yield from shared_app()


@pytest.fixture(autouse=True)
def fresh_session(app):
    yield
    db.session.remove()


@pytest.fixture
def cast(session):
    return make_cast(session)


def test_pairings_index_lists_own_pairings_with_links(app, session, cast):
    active = make_in_state(session, cast, S.ACTIVE)
    other_cast = make_cast(session)
    hidden = make_in_state(session, other_cast, S.ACTIVE)
    page = client_as(app, cast.mentee).get("/pairings")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'href="/pairings/{active.request_id}"' in html
    assert f'href="/pairings/{hidden.request_id}"' not in html
    assert cast.mentor.display_name in html
    mentor_view = client_as(app, cast.mentor).get("/pairings").get_data(as_text=True)
    assert f'href="/pairings/{active.request_id}"' in mentor_view


def test_pairings_index_empty_state(app, session, cast):
    page = client_as(app, cast.other).get("/pairings")
    assert page.status_code == 200
    assert "No pairings yet" in page.get_data(as_text=True)


def test_pairings_old_address_redirects(app, session, cast):
    req = make_in_state(session, cast, S.ACTIVE)
    client = client_as(app, cast.mentee)
    old = client.get(f"/matches/pairings/{req.request_id}")
    assert old.status_code == 301
    assert old.headers["Location"] == f"/pairings/{req.request_id}"
    end = client.post(f"/matches/pairings/{req.request_id}/end", data={"reason": "x"})
    assert end.status_code == 308
    assert end.headers["Location"] == f"/pairings/{req.request_id}/end"
    followed = client.post(
        f"/matches/pairings/{req.request_id}/end",
        data={"reason": "moving on", "sure": "y"},
        follow_redirects=True,
    )
    assert followed.status_code == 200
    session.refresh(req)
    assert req.status == S.ENDED


def test_pairings_page_is_one_view_with_bounded_statements(app, session, cast):
    req = make_in_state(session, cast, S.ACTIVE)
    agree(session, req)
    client = client_as(app, cast.mentee)
    client.get(f"/pairings/{req.request_id}")  # warm caches (catalogue, user)
    with statements() as seen:
        page = client.get(f"/pairings/{req.request_id}")
    assert page.status_code == 200
    assert 'id="followups"' in page.get_data(as_text=True)
    assert len(seen) <= PAIRING_PAGE_STATEMENTS, seen


def test_no_context_processor_computes_page_data(app):
    names = {f.__name__ for f in app.template_context_processors[None]}
    assert "page_context" not in names
