"""Irreversible actions take a second step: a required tick, checked on the server."""

from __future__ import annotations

import pytest

from mentormatch.core.models import MatchStatus, User
from tests.web.flow_helpers import client_as, make_cast, make_in_state

S = MatchStatus
SURE = "Tick the box to confirm."

# (state, actor, url, data without the tick)
ACTIONS = [
    (S.REQUESTED, "mentor", "/requests/{id}/decline", {"reason": "other"}),
    (S.ACCEPTED, "admin", "/admin/queue/{id}/approve", {"note": ""}),
    (S.ACCEPTED, "admin", "/admin/queue/{id}/reject", {"reason": "Same team"}),
    (S.ACCEPTED, "admin", "/admin/queue/approve-selected", {"request_ids": "{id}"}),
    (S.ACTIVE, "mentee", "/pairings/{id}/end", {"reason": "done"}),
    (S.ACTIVE, "mentee", "/pairings/{id}/close", {"rating": "4"}),
]


@pytest.mark.parametrize(("state", "actor", "url", "data"), ACTIONS)
def test_without_the_tick_nothing_happens_then_with_it_it_does(
    app, session, state, actor, url, data
):
    cast = make_cast(session)
    req = make_in_state(session, cast, state)
    client = client_as(app, getattr(cast, actor))
    target = url.format(id=req.request_id)
    filled = {k: v.format(id=req.request_id) for k, v in data.items()}
    refused = client.post(target, data=filled)
    assert refused.status_code == 400
    assert SURE in refused.get_data(as_text=True)
    session.refresh(req)
    assert req.status == state
    done = client.post(target, data={**filled, "sure": "y"})
    assert done.status_code == 302
    session.refresh(req)
    assert req.status != state


def test_error_page_has_error_title_and_summary_linking_the_tick(app, session):
    cast = make_cast(session)
    req = make_in_state(session, cast, S.ACTIVE)
    page = client_as(app, cast.mentee).post(
        f"/pairings/{req.request_id}/end", data={"reason": "x"}
    )
    text = page.get_data(as_text=True)
    assert "<title>Error: " in text
    assert 'class="error-summary"' in text and 'href="#end-sure"' in text


def test_account_deletion_needs_the_tick(app, session):
    cast = make_cast(session)
    client = client_as(app, cast.mentee)
    refused = client.post("/me/delete", data={"password": "correct-horse-42"})
    assert refused.status_code == 400
    assert session.get(User, cast.mentee.user_id).is_active
