"""The wishes section: whom a mentor wants to mentor, where a mentee aims."""

from __future__ import annotations

import pytest

from mentormatch.core.models import Profile
from mentormatch.profiles.services.profiles import ProfileFieldError
from mentormatch.profiles.services.wishes import WishData, save_wishes
from mentormatch.profiles.wish_forms import stage_label
from tests.factories import make_mentee, make_mentor, make_user
from tests.web.flow_helpers import client_as


def fresh(session, user_id: int) -> Profile:
    session.expire_all()
    return session.get(Profile, user_id)


def test_mentor_saves_wishes_and_the_profile_page_shows_them(app, session):
    mentor = make_mentor(session)
    client = client_as(app, mentor)
    form = client.get("/profile/wishes")
    assert form.status_code == 200
    assert "Whom I want to mentor" in form.text and 'value="agile"' in form.text
    saved = client.post(
        "/profile/wishes",
        data={
            "wants_career_stages": ["early", "new"],
            "wants_topics": ["pmo", "agile"],
            "wants_industries": ["Healthcare"],
            "max_hours_month": " 4 ",
        },
    )
    assert saved.status_code == 302 and saved.headers["Location"] == "/profile"
    profile = fresh(session, mentor.user_id)
    assert profile.wants_career_stages == ["new", "early"]  # the engine's order
    assert profile.wants_topics == ["agile", "pmo"]
    assert profile.wants_industries == ["Healthcare"]
    assert profile.max_hours_month == 4
    page = client.get("/profile").text
    for shown in ("Wants to mentor", "Early career", "Leading a PMO", "Up to 4"):
        assert shown in page
    other = client_as(app, make_mentee(session)).get(f"/people/{mentor.user_id}")
    assert "Moving to agile delivery" in other.text and "Edit wishes" not in other.text


def test_emptying_the_wishes_means_anyone(app, session):
    mentor = make_mentor(session, wants_topics=["agile"], max_hours_month=3)
    client = client_as(app, mentor)
    assert client.post("/profile/wishes", data={}).status_code == 302
    profile = fresh(session, mentor.user_id)
    assert profile.wants_topics == [] and profile.max_hours_month is None
    assert "Anyone: no wishes given." in client.get("/profile").text


def test_mentee_saves_industries_to_move_into(app, session):
    mentee = make_mentee(session, industry="Construction")
    client = client_as(app, mentee)
    assert "(Construction)" in client.get("/profile/wishes").text
    data = {"target_industries": ["Energy", "IT"]}
    assert client.post("/profile/wishes", data=data).status_code == 302
    assert fresh(session, mentee.user_id).target_industries == ["IT", "Energy"]
    assert "Wants to move into" in client.get("/profile").text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"wants_career_stages": ["guru"]}, "Choose career stages from the list."),
        ({"wants_topics": ["<b>x</b>"]}, "Choose goals from the list."),
        ({"wants_industries": ["Other"]}, "Choose industries from the list."),
        ({"target_industries": ["Mining"]}, "Choose industries from the list."),
        ({"max_hours_month": "0"}, "from 1 to 40, or leave it empty."),
        ({"max_hours_month": "41"}, "from 1 to 40, or leave it empty."),
        ({"max_hours_month": "2.5"}, "from 1 to 40, or leave it empty."),
        ({"max_hours_month": "ten"}, "from 1 to 40, or leave it empty."),
    ],
)
def test_bad_wishes_are_refused_with_a_clear_message(app, session, data, message):
    mentor = make_mentor(session, wants_topics=["risk"])
    response = client_as(app, mentor).post("/profile/wishes", data=data)
    assert response.status_code == 400
    assert message in response.text
    assert fresh(session, mentor.user_id).wants_topics == ["risk"]


def test_without_a_profile_the_wishes_lead_to_the_profile_form(app, session):
    client = client_as(app, make_user(session))
    for method in ("get", "post"):
        response = getattr(client, method)("/profile/wishes")
        assert response.status_code == 302
        assert response.headers["Location"] == "/profile/edit"


def test_service_refuses_values_the_form_would_not_offer(session):
    mentor = make_mentor(session)
    for data, field in (
        (WishData(wants_topics=("astrology",)), "wants_topics"),
        (WishData(max_hours_month=99), "max_hours_month"),
    ):
        with pytest.raises(ProfileFieldError) as err:
            save_wishes(session, mentor.profile, data)
        assert err.value.field == field


def test_stage_labels_say_the_years_the_engine_counts():
    assert [stage_label(i) for i in range(4)] == [
        "New to project management (under 2 years)",
        "Early career (2 to 4 years)",
        "Mid career (5 to 9 years)",
        "Senior (10 years or more)",
    ]
