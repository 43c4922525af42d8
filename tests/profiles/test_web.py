"""Profile screens: create, view, edit, validation and who may see what."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from mentormatch.core.models import (
    CertKind,
    Chapter,
    Profile,
    ProfileCertification,
    SkillKind,
)
from tests.factories import make_profile, make_user

NEXT_YEAR = date.today().year + 1
ROLES_MESSAGE = "Choose whether you want a mentor, offer mentoring, or both."
CHAPTER_MESSAGE = "Choose your chapter from the list, or “Other” and type its name"


def valid_form(**overrides: object) -> dict[str, object]:
    """A complete, valid profile submission; a None override drops the field."""
    data: dict[str, object] = {
        "display_name": "Ada Lovelace",
        "headline": "Program manager in energy",
        "bio": "I help PMPs step up to program management.",
        "goals": "Pass the PfMP within two years.",
        "years_experience": "12",
        "industry": "Energy",
        "chapter": "PMI Berlin/Brandenburg",
        "timezone": "Europe/Berlin",
        "languages": ["English", "German"],
        "hours_per_month": "4",
        "formats": ["video", "async"],
        "roles": ["mentee", "mentor"],
        "mentor_capacity": "2",
        "certs_held": ["PMP", "PgMP"],
        "year_PMP": "2012",
        "year_PgMP": "",
        "certs_targeted": ["PfMP"],
        "skills_offered": ["scheduling", "leadership"],
        "skills_wanted": ["governance"],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def profile_of(session, user_id: int) -> Profile | None:
    session.expire_all()
    return session.get(Profile, user_id)


def test_profile_me_without_profile_leads_to_edit(client, session, login):
    user = make_user(session)
    login(user.email)
    response = client.get("/profile")
    assert response.status_code == 302
    assert response.headers["Location"] == "/profile/edit"
    page = client.get("/profile/edit")
    assert page.status_code == 200
    assert b"Complete your profile" in page.data
    assert b"Create your profile" in page.data


def test_profile_edit_creates_profile_then_me_shows_it(client, session, login):
    user = make_user(session)
    login(user.email)
    response = client.post("/profile/edit", data=valid_form())
    assert response.status_code == 302
    assert response.headers["Location"] == "/profile"
    profile = profile_of(session, user.user_id)
    assert profile.display_name == "Ada Lovelace"
    assert profile.chapter == "PMI Berlin/Brandenburg"
    assert profile.chapter_entry.name == "PMI Berlin/Brandenburg"
    assert profile.languages == ["English", "German"]
    assert profile.wants_mentor and profile.offers_mentoring
    assert profile.mentor_capacity == 2
    assert profile.held_years() == {"PMP": 2012, "PgMP": None}
    assert profile.cert_codes(CertKind.TARGET) == ["PfMP"]
    assert profile.skill_names(SkillKind.OFFERS) == ["leadership", "scheduling"]
    assert profile.skill_names(SkillKind.WANTS) == ["governance"]
    page = client.get("/profile")
    assert page.status_code == 200
    for text in (
        b"Your profile is saved.",
        b"Ada Lovelace",
        b"Project Management Professional",
        b"earned 2012",
        b"Portfolio Management Professional",
        b"1:1 video, Async messages",
        b"Europe/Berlin",
        b"English, German",
        b"4 hours per month",
        b"Power skills",
        b'href="/profile/edit"',
    ):
        assert text in page.data
    assert user.email.encode() not in page.data.split(b"<main", 1)[1]


def test_profile_edit_get_prefills_saved_values(client, session, login):
    user = make_profile(session, held={"PMP": 2015}, offers=["kanban"]).user
    login(user.email)
    page = client.get("/profile/edit")
    assert page.status_code == 200
    assert b'value="2015"' in page.data
    assert (
        b'checked id="certs_held-1" name="certs_held" type="checkbox" value="PMP"'
        in (page.data)
    )
    assert b'checked id="skills_offered-7"' in page.data
    assert b'<option selected value="Europe/Berlin">' in page.data


def test_profile_edit_updates_and_replaces_certs_and_skills(client, session, login):
    user = make_profile(
        session,
        held={"PMP": 2015},
        targets=["PgMP"],
        offers=["kanban"],
        wants_mentor=True,
    ).user
    login(user.email)
    response = client.post(
        "/profile/edit",
        data=valid_form(
            display_name="Ada B.",
            certs_held=["PgMP"],
            year_PMP="",
            year_PgMP="2020",
            certs_targeted=[],
            skills_offered=["risk management"],
            skills_wanted=[],
            roles=["mentee"],
            mentor_capacity="0",
        ),
    )
    assert response.status_code == 302
    profile = profile_of(session, user.user_id)
    assert profile.display_name == "Ada B."
    assert profile.held_years() == {"PgMP": 2020}
    assert profile.cert_codes(CertKind.TARGET) == []
    assert profile.skill_names(SkillKind.OFFERS) == ["risk management"]
    assert profile.skill_names(SkillKind.WANTS) == []
    assert not profile.offers_mentoring
    rows = session.scalar(
        select(func.count())
        .select_from(ProfileCertification)
        .where(ProfileCertification.user_id == user.user_id)
    )
    assert rows == 1


TOO_LONG = "x" * 2001
INVALID_CASES = [
    ("display_name", "", "Enter the name members see."),
    ("display_name", "   ", "Enter the name members see."),
    ("display_name", "x" * 81, "Keep this to 80 characters or fewer."),
    ("headline", "x" * 141, "Keep this to 140 characters or fewer."),
    ("bio", TOO_LONG, "Keep this to 2000 characters or fewer."),
    ("goals", TOO_LONG, "Keep this to 2000 characters or fewer."),
    ("chapter", "Berlin", CHAPTER_MESSAGE),
    ("chapter", "<b>PMI Atlantis</b>", CHAPTER_MESSAGE),
    ("chapter_other", "x" * 81, "Keep this to 80 characters or fewer."),
    ("chapter_other", "Agile Leeds", "Choose “Other” in the chapter list to type"),
    ("bio", "nul\x00byte", "Remove the invisible control characters."),
    ("display_name", "Ada\x07", "Remove the invisible control characters."),
    ("years_experience", "-1", "whole number from 0 to 60."),
    ("years_experience", "61", "whole number from 0 to 60."),
    ("years_experience", "abc", "whole number from 0 to 60."),
    ("years_experience", "", "whole number from 0 to 60."),
    ("years_experience", "2.5", "whole number from 0 to 60."),
    ("hours_per_month", "0", "Enter hours per month as a whole number from 1 to 40."),
    ("hours_per_month", "41", "Enter hours per month as a whole number from 1 to 40."),
    ("industry", "Piracy", "Choose an industry from the list."),
    ("timezone", "Mars/Olympus", "Choose a time zone from the list."),
    ("timezone", "", "Choose your time zone."),
    ("languages", [], "Choose at least one language."),
    ("languages", ["English", "Klingon"], "Choose languages from the list."),
    ("formats", [], "Choose at least one meeting format."),
    ("formats", ["telepathy"], "Choose meeting formats from the list."),
    ("roles", [], ROLES_MESSAGE),
    ("roles", ["admin"], "Choose a role from the list."),
    ("mentor_capacity", "0", "Set a capacity of at least 1 mentee"),
    (
        "mentor_capacity",
        "11",
        "Enter a mentor capacity as a whole number from 0 to 10.",
    ),
    (
        "mentor_capacity",
        "-1",
        "Enter a mentor capacity as a whole number from 0 to 10.",
    ),
    ("certs_held", ["PMP", "XYZ"], "Choose certifications from the list."),
    ("certs_targeted", ["XYZ"], "Choose certifications from the list."),
    ("certs_targeted", ["PMP"], "You already hold PMP; untick it as a target."),
    (
        "year_PMP",
        "1800",
        f"Enter the year you earned PMP, from 1990 to {NEXT_YEAR - 1}.",
    ),
    ("year_PMP", str(NEXT_YEAR), f"from 1990 to {NEXT_YEAR - 1}."),
    ("year_PMP", "abc", "Enter the year you earned PMP, like 2019."),
    ("year_CAPM", "2010", "Tick CAPM as held, or leave its year empty."),
    ("skills_offered", ["juggling"], "Choose skills from the list."),
    ("skills_wanted", ["scheduling", "<b>"], "Choose skills from the list."),
]


@pytest.mark.parametrize(("name", "value", "message"), INVALID_CASES)
def test_profile_edit_validation_messages(client, session, login, name, value, message):
    profile = make_profile(
        session, held={"PMP": 2015}, offers=["kanban"], wants_mentor=True
    )
    before = profile.as_dict()
    login(profile.user.email)
    response = client.post("/profile/edit", data=valid_form(**{name: value}))
    assert response.status_code == 400
    assert message.encode() in response.data
    assert f'id="{name}-errors"'.encode() in response.data  # next to its field
    assert profile_of(session, profile.user_id).as_dict() == before


@pytest.mark.parametrize(("name", "value", "message"), INVALID_CASES[::4])
def test_profile_create_bad_input_creates_nothing(
    client, session, login, name, value, message
):
    user = make_user(session)
    login(user.email)
    response = client.post("/profile/edit", data=valid_form(**{name: value}))
    assert response.status_code == 400
    assert message.encode() in response.data
    assert session.scalar(select(func.count()).select_from(Profile)) == 0


def test_profile_edit_missing_fields_is_400_not_500(client, session, login):
    user = make_user(session)
    login(user.email)
    response = client.post("/profile/edit", data={})
    assert response.status_code == 400
    for message in (
        b"Enter the name members see.",
        b"Choose at least one language.",
        ROLES_MESSAGE.encode(),
    ):
        assert message in response.data
    assert profile_of(session, user.user_id) is None


def test_profile_edit_capacity_below_slots_used_refused(client, session, login):
    profile = make_profile(
        session, offers_mentoring=True, mentor_capacity=3, mentor_slots_used=2
    )
    before = profile.as_dict()
    login(profile.user.email)
    response = client.post("/profile/edit", data=valid_form(mentor_capacity="1"))
    assert response.status_code == 400
    assert (
        b"You mentor 2 people now, so your capacity cannot go below 2." in response.data
    )
    assert b'id="mentor_capacity-errors"' in response.data
    assert profile_of(session, profile.user_id).as_dict() == before


def test_profile_html_in_bio_is_escaped_everywhere(client, session, login):
    owner = make_user(session)
    viewer = make_profile(session).user
    login(owner.email)
    script = '<script>alert("x")</script>'
    response = client.post(
        "/profile/edit", data=valid_form(bio=script, display_name="<b>Bold</b>")
    )
    assert response.status_code == 302
    assert profile_of(session, owner.user_id).bio == script
    own = client.get("/profile")
    assert script.encode() not in own.data
    assert b"&lt;script&gt;alert(" in own.data
    assert b"&lt;b&gt;Bold&lt;/b&gt;" in own.data
    client.post("/logout")
    login(viewer.email)
    public = client.get(f"/people/{owner.user_id}")
    assert public.status_code == 200
    assert script.encode() not in public.data
    assert b"&lt;script&gt;alert(" in public.data


def test_profile_edit_only_changes_the_logged_in_member(client, session, login):
    owner = make_profile(session, display_name="Owner").user
    other = make_profile(session, display_name="Other", held={"PMP": 2010})
    other_before = other.as_dict()
    login(owner.email)
    response = client.post(
        f"/profile/edit?user_id={other.user_id}",
        data=valid_form(display_name="Hijacked", user_id=str(other.user_id)),
    )
    assert response.status_code == 302
    assert profile_of(session, other.user_id).as_dict() == other_before
    assert profile_of(session, owner.user_id).display_name == "Hijacked"
    page = client.get(f"/people/{other.user_id}")
    assert page.status_code == 200
    assert b"Other" in page.data
    assert b'href="/profile/edit"' not in page.data
    assert b'<form method="post" action="/profile/edit"' not in page.data
    assert b"Edit profile" not in page.data


def test_people_detail_shows_public_profile_without_email(client, session, login):
    viewer = make_user(session)
    mentor = make_profile(
        session,
        display_name="Grace",
        offers_mentoring=True,
        mentor_capacity=2,
        held={"PgMP": 2018},
        offers=["leadership"],
    ).user
    login(viewer.email)
    page = client.get(f"/people/{mentor.user_id}")
    assert page.status_code == 200
    assert b"Grace" in page.data
    assert b"Program Management Professional" in page.data
    assert b"earned 2018" in page.data
    assert b"leadership" in page.data
    assert mentor.email.encode() not in page.data
    assert b"@example.org" not in page.data


@pytest.mark.parametrize("path", ["/people/1", "/profile", "/profile/edit"])
def test_profile_pages_require_login(client, session, path):
    make_profile(session)
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert response.headers["Location"].endswith(path.replace("/", "%2F"))


def test_profile_anonymous_post_changes_nothing(client, session):
    profile = make_profile(session)
    before = profile.as_dict()
    response = client.post("/profile/edit", data=valid_form())
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert profile_of(session, profile.user_id).as_dict() == before


def test_people_detail_404_for_unknown_no_profile_or_inactive(client, session, login):
    viewer = make_user(session)
    no_profile = make_user(session)
    inactive = make_profile(session, user=make_user(session, is_active=False))
    login(viewer.email)
    for user_id in (9999, no_profile.user_id, inactive.user_id):
        assert client.get(f"/people/{user_id}").status_code == 404


def test_profile_me_shows_completeness_hint(client, session, login):
    profile = make_profile(session, languages=[], wants_mentor=True)
    login(profile.user.email)
    page = client.get("/profile")
    assert page.status_code == 200
    assert b"Add your languages to get suggestions." in page.data


def edit_section(client, section: str, **fields: object):
    """Post one section's form of the edit page, as the browser sends it."""
    return client.post("/profile/edit", data={"section": section, **fields})


def section_html(html: str, section: str) -> str:
    """The markup of one section of the edit page."""
    start = html.index(f'<section class="card" id="{section}"')
    return html[start : html.index("</section>", start)]


def test_section_save_changes_only_that_section(client, session, login):
    user = make_profile(session, hours_per_month=3, headline="Old line").user
    login(user.email)
    before = profile_of(session, user.user_id).as_dict()
    # Fields of other sections posted along (stale or wrong) change nothing.
    response = edit_section(
        client,
        "about",
        display_name="Ada B.",
        headline="New line",
        bio="",
        goals="Lead a PMO.",
        hours_per_month="99",
        languages=[],
        roles=[],
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/profile/edit#about"
    after = profile_of(session, user.user_id).as_dict()
    assert (after["display_name"], after["headline"]) == ("Ada B.", "New line")
    assert after["goals"] == "Lead a PMO."
    unchanged = {"display_name", "headline", "bio", "goals", "updated_at"}
    assert {k: v for k, v in after.items() if k not in unchanged} == {
        k: v for k, v in before.items() if k not in unchanged
    }
    assert "About you: saved." in client.get("/profile/edit").text


def test_section_errors_show_in_that_section_only(client, session, login):
    user = make_profile(session, hours_per_month=3).user
    login(user.email)
    response = edit_section(
        client,
        "availability",
        timezone="Europe/Berlin",
        languages=["English"],
        hours_per_month="41",
        formats=["video"],
        display_name="",  # another section's field: not this save's business
    )
    assert response.status_code == 400
    html = response.text
    message = "Enter hours per month as a whole number from 1 to 40."
    assert message in section_html(html, "availability")
    assert "Enter the name members see." not in html
    assert html.count(message) == 2  # next to the field and in the summary
    summary = html[html.index('class="error-summary"') :]
    assert 'href="#hours_per_month"' in summary[: summary.index("</div>")]
    assert profile_of(session, user.user_id).hours_per_month == 3


def test_edit_page_has_one_form_per_section_and_creating_has_one(
    client, session, login
):
    user = make_user(session)
    login(user.email)
    creating = client.get("/profile/edit").text
    assert creating.count('name="section"') == 0 and creating.count("<form") == 2
    make_profile(session, user=user)
    editing = client.get("/profile/edit").text
    for name in ("about", "experience", "availability", "mentoring", "skills"):
        assert f'name="section" value="{name}"' in section_html(editing, name)
    assert "Save about you" in editing and "Save profile" not in editing


def test_unknown_section_is_400_and_changes_nothing(client, session, login):
    user = make_profile(session, headline="Kept").user
    login(user.email)
    response = edit_section(client, "nope", headline="Changed")
    assert response.status_code == 400
    assert profile_of(session, user.user_id).headline == "Kept"


def test_section_is_ignored_when_creating(client, session, login):
    user = make_user(session)
    login(user.email)
    response = edit_section(client, "about", display_name="Ada")
    assert response.status_code == 400  # the whole form is checked
    assert "Choose your time zone." in response.text
    assert profile_of(session, user.user_id) is None


def test_profile_chapter_is_a_choice_grouped_by_region(client, session, login):
    login(make_user(session).email)
    page = client.get("/profile/edit").get_data(as_text=True)
    select_html = re.search(r'<select[^>]* id="chapter"[^>]*>(.*?)</select>', page)[1]
    assert '<optgroup label="EMEA">' in select_html
    assert '<option value="PMI UK">PMI UK</option>' in select_html
    assert select_html.index('label="North America"') < select_html.index(
        'label="Asia Pacific"'
    )
    last = select_html[select_html.rindex("<optgroup") :]
    assert last == (
        '<optgroup label="Not listed"><option value="Other">Other</option></optgroup>'
    )
    assert 'list="chapter-list"' not in page  # no free-text suggestions any more


def test_profile_other_chapter_keeps_the_members_words(client, session, login):
    user = make_user(session)
    login(user.email)
    form = valid_form(chapter="Other", chapter_other="  Agile Leeds Circle ")
    assert client.post("/profile/edit", data=form).status_code == 302
    profile = profile_of(session, user.user_id)
    assert profile.chapter == "Agile Leeds Circle"
    assert profile.chapter_entry.name == "Other"
    shows_other(client, "Agile Leeds Circle")


def shows_other(client, words: str) -> None:
    """The profile shows the member's words; the edit form has "Other" chosen."""
    assert words.encode() in client.get("/profile").data
    page = client.get("/profile/edit").get_data(as_text=True)
    assert '<option selected value="Other">' in page
    assert f'value="{words}"' in page


@pytest.mark.parametrize("chapter_id", ["other", None])
def test_profile_unmapped_chapter_text_shows_as_other(
    client, session, login, chapter_id
):
    """Text the migration kept under "Other", and text with no catalogue id."""
    other = session.scalar(select(Chapter.chapter_id).where(Chapter.name == "Other"))
    profile = make_profile(
        session,
        chapter="Friends of Agile Leeds",
        chapter_id=other if chapter_id else None,
    )
    login(profile.user.email)
    shows_other(client, "Friends of Agile Leeds")


def test_profile_unknown_chapter_stores_nothing(client, session, login):
    profile = make_profile(session, chapter="")
    login(profile.user.email)
    reply = client.post("/profile/edit", data=valid_form(chapter="Atlantis"))
    assert reply.status_code == 400
    session.expire_all()
    assert profile.chapter == "" and profile.chapter_id is None
