"""The suggestions page: ranking with reasons, filters, empty states, freshness."""

from __future__ import annotations

import pytest

from mentormatch.core.models import MatchStatus
from tests.factories import (
    make_match_request,
    make_mentee,
    make_mentor,
    make_profile,
    make_user,
)


@pytest.fixture
def mentee(session):
    return make_mentee(
        session,
        user=make_user(session, email="mentee@example.org"),
        display_name="Mia Mentee",
        chapter="PMI Berlin",
        timezone="Europe/Berlin",
        languages=["English", "German"],
    )


def mentor_ids(response) -> list[int]:
    import re

    return [int(x) for x in re.findall(rb'data-mentor-id="(\d+)"', response.data)]


def test_suggestions_rank_need_meets_offer_with_reasons(client, session, login, mentee):
    pgmp = make_mentor(session, display_name="Paula PgMP", chapter="PMI Berlin")
    plain = make_mentor(
        session,
        display_name="Carl CAPM",
        held={"CAPM": 2020},
        offers=["quality"],
        years_experience=6,
        bio="Quality audits.",
    )
    login("mentee@example.org")
    response = client.get("/matches")
    assert response.status_code == 200
    ids = mentor_ids(response)
    assert ids.index(pgmp.user_id) < ids.index(plain.user_id)
    assert b"Holds PgMP" in response.data
    assert b"% match" in response.data
    assert b"Request mentorship" in response.data


def test_suggestions_never_show_hard_rule_breakers(client, session, login, mentee):
    ok = make_mentor(session)
    full = make_mentor(session, mentor_capacity=1, mentor_slots_used=1)
    no_language = make_mentor(session, languages=["Japanese"])
    requested = make_mentor(session)
    make_match_request(session, mentee=mentee, mentor=requested)
    inactive = make_mentor(session)
    inactive.is_active = False
    session.commit()
    login("mentee@example.org")
    ids = mentor_ids(client.get("/matches"))
    assert ok.user_id in ids
    for bad in (full, no_language, requested, inactive, mentee):
        assert bad.user_id not in ids


def test_suggestions_profile_change_shows_without_restart(
    client, session, login, mentee
):
    mentor = make_mentor(session, languages=["Japanese"])
    login("mentee@example.org")
    assert mentor.user_id not in mentor_ids(client.get("/matches"))
    mentor.profile.languages = ["English"]
    session.commit()
    assert mentor.user_id in mentor_ids(client.get("/matches"))
    mentor.profile.offers_mentoring = False
    session.commit()
    assert mentor.user_id not in mentor_ids(client.get("/matches"))


def test_suggestions_filters_and_relax_hint(client, session, login, mentee):
    berlin = make_mentor(session, chapter="PMI Berlin")
    london = make_mentor(session, chapter="PMI UK", timezone="Europe/London")
    login("mentee@example.org")
    ids = mentor_ids(client.get("/matches?chapter=PMI+UK"))
    assert ids == [london.user_id]
    response = client.get("/matches?chapter=PMI+UK&certification=PfMP")
    assert response.status_code == 200
    assert mentor_ids(response) == []
    assert b"No mentor fits all these filters" in response.data
    assert b"Certification held" in response.data
    assert berlin.user_id in mentor_ids(client.get("/matches"))


@pytest.mark.parametrize(
    "query", ["chapter=Nowhere", "certification=XYZ", "format=telepathy", "page=abc"]
)
def test_suggestions_bad_filter_values_are_4xx_or_ignored(
    client, session, login, mentee, query
):
    make_mentor(session)
    login("mentee@example.org")
    response = client.get(f"/matches?{query}")
    assert response.status_code in (200, 400)
    assert response.status_code != 500


def test_suggestions_pagination_show_more(client, session, login, mentee):
    mentors = [make_mentor(session) for _ in range(12)]
    login("mentee@example.org")
    first = client.get("/matches")
    assert b"Show more" in first.data
    second = client.get("/matches?page=2")
    both = mentor_ids(first) + mentor_ids(second)
    assert sorted(both) == sorted(m.user_id for m in mentors)
    assert len(set(both)) == 12


def test_suggestions_incomplete_profile_says_what_is_missing(client, session, login):
    user = make_profile(session, wants_mentor=False, offers_mentoring=True).user
    login(user.email)
    response = client.get("/matches")
    assert response.status_code == 200
    assert b"Your profile is not ready for suggestions yet" in response.data
    assert b"I want a mentor" in response.data


def test_suggestions_no_mentor_empty_state(client, session, login, mentee):
    login("mentee@example.org")
    response = client.get("/matches")
    assert b"No mentor fits your profile right now" in response.data


def test_suggestions_requires_login(client):
    response = client.get("/matches")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_suggestions_exclude_active_pairing_mentor(client, session, login, mentee):
    paired = make_mentor(session)
    make_match_request(session, mentee=mentee, mentor=paired, status=MatchStatus.ACTIVE)
    login("mentee@example.org")
    assert paired.user_id not in mentor_ids(client.get("/matches"))
