"""Members' shortlist and block screen, and blocks as a hard rule in suggestions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mentormatch.core.models import MemberPreference, PreferenceKind
from tests.factories import make_mentee, make_mentor, make_user
from tests.web.flow_helpers import client_as, count, flashes


@pytest.fixture
def mentee(session):
    return make_mentee(session, display_name="Mia Mentee")


@pytest.fixture
def mentor(session):
    return make_mentor(session, display_name="Otto Mentor")


@pytest.fixture
def client(app, mentee):
    return client_as(app, mentee)


def add(client, other_id, kind="shortlist"):
    return client.post(
        "/matches/preferences", data={"other_id": str(other_id), "kind": kind}
    )


def test_preferences_page_lists_both_kinds(client, session, mentee, mentor):
    blocked = make_mentor(session, display_name="Bea Blocked")
    assert add(client, mentor.user_id).status_code == 302
    assert ("success", "Otto Mentor is shortlisted.") in flashes(client)
    response = add(client, blocked.user_id, "block")
    assert response.headers["Location"] == "/matches/preferences"
    page = client.get("/matches/preferences")
    assert page.status_code == 200
    assert "Otto Mentor</a> (#" in page.text and "Bea Blocked</a> (#" in page.text


def test_block_hides_the_mentor_from_suggestions(client, session, mentor):
    assert "Otto Mentor" in client.get("/matches").text
    add(client, mentor.user_id, "block")
    client.get("/matches/preferences")  # shows the flash message naming them
    assert "Otto Mentor" not in client.get("/matches").text


def test_block_by_the_mentor_hides_them_too(app, client, session, mentee, mentor):
    add(client_as(app, mentor), mentee.user_id, "block")
    assert "Otto Mentor" not in client.get("/matches").text


def test_choosing_again_replaces_the_earlier_choice(client, session, mentor):
    add(client, mentor.user_id)
    add(client, mentor.user_id, "block")
    (pref,) = session.scalars(select(MemberPreference)).all()
    assert pref.kind == PreferenceKind.BLOCK


@pytest.mark.parametrize(
    ("other", "kind", "message", "status"),
    [
        ("", "shortlist", "Enter the member&#39;s number.", 400),
        ("abc", "shortlist", "Not a valid integer value.", 400),
        ("0", "shortlist", "Enter a valid member number.", 400),
        ("99999999999", "block", "Enter a valid member number.", 400),
        ("1", "friend", "Not a valid choice.", 400),
        ("9999", "block", "No member has this number.", 400),
        ("self", "block", "You cannot list yourself.", 400),
        ("mentee", "shortlist", "Shortlist mentors if you look for a mentor", 400),
    ],
)
def test_add_preference_rejects_bad_input(
    client, session, mentee, other, kind, message, status
):
    ids = {"self": mentee.user_id, "mentee": make_mentee(session).user_id}
    response = add(client, ids.get(other, other), kind)
    assert response.status_code == status
    assert message in response.text
    assert count(session, MemberPreference) == 0


def test_remove_only_your_own_entries(app, client, session, mentee, mentor):
    add(client, mentor.user_id)
    (pref,) = session.scalars(select(MemberPreference)).all()
    stranger = client_as(app, make_user(session))
    stranger.post(f"/matches/preferences/{pref.preference_id}/remove")
    assert ("error", "This entry is not yours.") in flashes(stranger)
    assert count(session, MemberPreference) == 1
    response = client.post(f"/matches/preferences/{pref.preference_id}/remove")
    assert response.status_code == 302
    assert count(session, MemberPreference) == 0


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/matches/preferences"),
        ("post", "/matches/preferences"),
        ("post", "/matches/preferences/1/remove"),
    ],
)
def test_preference_routes_need_login(app, method, path):
    response = getattr(client_as(app, None), method)(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_add_preference_needs_csrf(app, mentee, mentor):
    app.config["WTF_CSRF_ENABLED"] = True
    assert add(client_as(app, mentee), mentor.user_id).status_code == 400


@pytest.mark.parametrize("preference_id", [0, 2**31, 10**30])
def test_remove_out_of_range_entry_is_refused(client, session, preference_id):
    response = client.post(f"/matches/preferences/{preference_id}/remove")
    assert response.status_code in (302, 404)  # refused, never a 500
    if response.status_code == 302:
        assert ("error", "This entry is not yours.") in flashes(client)
