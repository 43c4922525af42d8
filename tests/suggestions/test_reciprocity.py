"""Mentor wishes reach the engine through the adapter and show in the reasons."""

from __future__ import annotations

import re

from mentormatch.core.workflow import Rules
from mentormatch.suggestions.services.index_cache import IndexCache
from mentormatch.suggestions.services.recommendations import (
    all_mentors,
    mentee_from_profile,
    mentor_from_profile,
    suggest,
)
from tests.factories import make_mentee, make_mentor, make_user
from tests.web.flow_helpers import client_as

AGILE_GOALS = "I want to move my team from waterfall to agile delivery with scrum."
AGILE_BIO = "Agile coach: I help teams adopt scrum, kanban and agile delivery."


def agile_mentor(session, **overrides):
    values = {
        "held": {"PMP": 2012, "PMI-ACP": 2016},
        "offers": ["agile/scrum"],
        "bio": AGILE_BIO,
        "years_experience": 12,
    }
    return make_mentor(session, **(values | overrides))


def agile_mentee(session, **overrides):
    values = {
        "targets": ["PMI-ACP"],
        "wants": ["agile/scrum"],
        "goals": AGILE_GOALS,
        "years_experience": 3,
    }
    return make_mentee(session, **(values | overrides))


def ids_on_page(response) -> list[int]:
    return [int(x) for x in re.findall(rb'data-mentor-id="(\d+)"', response.data)]


def test_adapter_fills_the_engines_wish_fields(session):
    mentor = agile_mentor(
        session,
        wants_career_stages=["early"],
        wants_topics=["agile"],
        wants_industries=["Healthcare"],
        max_hours_month=4,
    )
    mentee = agile_mentee(session, industry="IT", target_industries=["Healthcare"])
    engine = mentor_from_profile(mentor.profile)
    assert engine.wants_career_stages == ("early",)
    assert engine.wants_topics == ("agile",)
    assert engine.wants_industries == ("Healthcare",)
    assert engine.max_hours_month == 4
    rows = {m.id: m for m in all_mentors(session)}
    assert rows[mentor.user_id] == engine  # the row path reads the same columns
    query = mentee_from_profile(mentee.profile)
    assert query.industries == ("IT", "Healthcare")
    assert query.hours_month == mentee.profile.hours_per_month


def test_mentor_who_wants_agile_mentees_ranks_first_with_the_reason(
    client, session, login
):
    plain = agile_mentor(session, display_name="Pat Plain")
    wishing = agile_mentor(session, display_name="Wendy Wish", wants_topics=["agile"])
    agile_mentee(session, user=make_user(session, email="agile@example.org"))
    login("agile@example.org")
    response = client.get("/matches")
    assert response.status_code == 200
    ids = ids_on_page(response)
    assert ids.index(wishing.user_id) < ids.index(plain.user_id)
    page = response.get_data(as_text=True)
    assert "Wants to mentor people like you: moving to agile delivery" in page
    assert page.count("Wants to mentor people like you") == 1  # only Wendy said so


def test_mentor_who_wants_other_stages_ranks_below(session, app):
    plain = agile_mentor(session)
    seniors_only = agile_mentor(session, wants_career_stages=["senior"])
    mentee = agile_mentee(session)  # 3 years: early career
    found = suggest(session, IndexCache(), mentee=mentee, rules=Rules())
    ids = [r.user.user_id for r in found]
    assert ids.index(plain.user_id) < ids.index(seniors_only.user_id)
    reasons = {r.user.user_id: r.suggestion.reasons for r in found}
    assert not any("like you" in x for x in reasons[seniors_only.user_id])


def test_industry_wish_from_the_full_list_counts_for_that_industry(session, app):
    # "Manufacturing" is on the form's list though not in the domain brief's six
    others = agile_mentor(session, wants_industries=["Healthcare"])
    makers = agile_mentor(session, wants_industries=["Manufacturing"])
    mentee = agile_mentee(
        session, industry="Retail", target_industries=["Manufacturing"]
    )
    found = suggest(session, IndexCache(), mentee=mentee, rules=Rules())
    ids = [r.user.user_id for r in found]
    assert ids.index(makers.user_id) < ids.index(others.user_id)
    said = next(r.suggestion.reasons for r in found if r.user.user_id == makers.user_id)
    assert "Wants to mentor people like you: manufacturing" in said


def test_wishes_saved_on_the_profile_show_in_the_next_suggestions(app, session):
    first = agile_mentor(session)
    second = agile_mentor(session)
    mentee = client_as(app, agile_mentee(session))
    assert ids_on_page(mentee.get("/matches"))[:2] == [first.user_id, second.user_id]
    saved = client_as(app, second).post(
        "/profile/wishes",
        data={"wants_topics": ["agile"], "wants_career_stages": ["early"]},
    )
    assert saved.status_code == 302
    page = mentee.get("/matches")  # same process, same index: refreshed, not refit
    assert ids_on_page(page)[:2] == [second.user_id, first.user_id]
    assert "like you: early career and moving to agile delivery" in page.text
