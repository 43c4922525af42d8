"""The chapter catalogue: profiles choose from it, "Other" keeps the member's words."""

from __future__ import annotations

import pytest

from mentormatch.core.chapters import (
    OTHER_GROUP,
    SEED_CHAPTERS,
    all_chapters,
    by_region,
    chapter_cell,
    chapter_key,
    split_cell,
)
from mentormatch.core.models import Chapter
from mentormatch.extensions import db
from mentormatch.profiles import ProfileData, apply_profile
from mentormatch.profiles.services.profiles import ProfileFieldError
from tests.factories import make_profile, make_user


def save(session, user, chapter, other=""):
    data = ProfileData(
        display_name="Ann", chapter=chapter, chapter_other=other, wants_mentor=True
    )
    apply_profile(session, user=user, data=data)
    db.session.flush()
    return user.profile


@pytest.mark.parametrize(
    ("chosen", "other", "name", "catalogue"),
    [
        ("PMI UK", "", "PMI UK", "PMI UK"),
        ("pmi chicagoland", "", "PMI Chicagoland", "PMI Chicagoland"),
        ("Other", "  Friends of Agile Leeds ", "Friends of Agile Leeds", "Other"),
        ("Other", "", "", "Other"),
        ("", "", "", None),
    ],
)
def test_saving_a_profile_points_it_at_the_catalogue(
    session, chosen, other, name, catalogue
):
    profile = save(session, make_user(session), chosen, other)
    entry = session.get(Chapter, profile.chapter_id) if profile.chapter_id else None
    assert profile.chapter == name
    assert (entry.name if entry else None) == catalogue


def test_saving_an_unknown_chapter_is_refused_and_changes_nothing(session):
    profile = make_profile(session, chapter="PMI UK")
    with pytest.raises(ProfileFieldError) as err:
        save(session, profile.user, "Friends of Agile Leeds")
    assert err.value.field == "chapter"
    assert "is not in the chapter list" in str(err.value)
    session.rollback()
    session.expire_all()
    assert profile.chapter == "PMI UK" and profile.chapter_entry.name == "PMI UK"


def test_seed_names_are_unique_after_normalising():
    keys = [chapter_key(name) for name, *_ in SEED_CHAPTERS]
    assert len(keys) == len(set(keys)) >= 30


def test_chapters_group_by_region_with_other_last(session):
    session.add(Chapter(name="PMI Antarctica", region="Polar", timezone="UTC"))
    session.flush()
    groups = by_region(all_chapters(session))
    regions = [region for region, _ in groups]
    assert regions[:4] == ["North America", "Latin America", "EMEA", "Asia Pacific"]
    assert regions[4:] == ["Polar", OTHER_GROUP]
    assert [c.name for c in groups[-1][1]] == ["Other"]
    emea = [c.name for c in dict(groups)["EMEA"]]
    assert emea == sorted(emea, key=str.casefold) and "PMI UK" in emea
    session.rollback()


@pytest.mark.parametrize(
    ("cell", "parts"),
    [
        ("PMI UK", ("PMI UK", "")),
        ("Other: Agile Leeds", ("Other", "Agile Leeds")),
        ("other :  Agile: Leeds ", ("Other", "Agile: Leeds")),
        ("Other", ("Other", "")),
        ("Agile: Leeds", ("Agile: Leeds", "")),
    ],
)
def test_split_cell_reads_other_with_a_name(cell, parts):
    assert split_cell(cell) == parts


def test_export_cell_reads_back_to_the_same_chapter(session):
    for chapter, other in (("PMI UK", ""), ("Other", "Agile Leeds"), ("Other", "")):
        profile = save(session, make_user(session), chapter, other)
        assert split_cell(chapter_cell(profile)) == (chapter, other)


def test_platform_admin_adds_a_chapter_members_then_choose(client, session, login):
    admin = make_user(session, is_admin=True)
    login(admin.email)
    form = {"name": "PMI Ghana", "region": "EMEA", "timezone": "Africa/Accra"}
    reply = client.post("/programs/chapters", data=form)
    assert reply.status_code == 302
    added = session.scalar(db.select(Chapter).where(Chapter.name == "PMI Ghana"))
    assert (added.region, added.timezone) == ("EMEA", "Africa/Accra")
    page = client.get("/profile/edit").get_data(as_text=True)
    emea = page[page.index('<optgroup label="EMEA">') :]
    assert '<option value="PMI Ghana">' in emea[: emea.index("</optgroup>")]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"name": "the pmi uk chapter"}, "This chapter is already in the catalogue."),
        ({"name": "other"}, "This chapter is already in the catalogue."),
        ({"timezone": "Mars/Base"}, "Choose a time zone from the list."),
        ({"timezone": ""}, "Give the time zone, e.g. Europe/London."),
        ({"region": "Atlantis"}, "Choose a region from the list."),
    ],
)
def test_adding_a_chapter_checks_every_field(client, session, login, form, message):
    login(make_user(session, is_admin=True).email)
    before = session.scalar(db.select(db.func.count()).select_from(Chapter))
    data = {"name": "PMI Ghana", "region": "EMEA", "timezone": "UTC"} | form
    reply = client.post("/programs/chapters", data=data)
    assert reply.status_code == 400
    assert message in reply.get_data(as_text=True)
    assert session.scalar(db.select(db.func.count()).select_from(Chapter)) == before
