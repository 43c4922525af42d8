"""The profile service: create, update, replace rows, refuse domain-rule breaks."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mentormatch.core.errors import ValidationError
from mentormatch.core.models import (
    CertKind,
    ProfileCertification,
    ProfileSkill,
    SkillKind,
)
from mentormatch.profiles.services.profiles import (
    ProfileData,
    completeness_hint,
    get_public_profile,
    profile_card,
    save_profile,
)
from tests.factories import make_profile, make_user


def data(**overrides: object) -> ProfileData:
    values: dict[str, object] = {
        "display_name": "Ada",
        "timezone": "Europe/Berlin",
        "languages": ("English",),
        "formats": ("video",),
        "wants_mentor": True,
        "held": {"PMP": 2015},
        "targets": ("PgMP",),
        "offers": ("kanban",),
        "wants": ("governance", "leadership"),
    }
    values.update(overrides)
    return ProfileData(**values)


def count(session, model, user_id: int) -> int:
    return session.scalar(
        select(func.count()).select_from(model).where(model.user_id == user_id)
    )


def test_save_profile_creates_with_certs_and_skills(session):
    user = make_user(session)
    profile = save_profile(session, user=user, data=data())
    session.expire_all()
    assert user.profile is not None
    assert profile.display_name == "Ada"
    assert profile.held_years() == {"PMP": 2015}
    assert profile.cert_codes(CertKind.TARGET) == ["PgMP"]
    assert profile.skill_names(SkillKind.OFFERS) == ["kanban"]
    assert profile.skill_names(SkillKind.WANTS) == ["governance", "leadership"]
    assert count(session, ProfileSkill, user.user_id) == 3


def test_save_profile_update_replaces_certs_and_skills(session):
    user = make_user(session)
    save_profile(session, user=user, data=data())
    save_profile(
        session,
        user=user,
        data=data(
            display_name="Ada B.",
            held={"PMP": 2016, "PgMP": 2021},
            targets=("PfMP",),
            offers=(),
            wants=("governance",),
            languages=("English", "English", "German"),
        ),
    )
    session.expire_all()
    profile = user.profile
    assert profile.display_name == "Ada B."
    assert profile.held_years() == {"PMP": 2016, "PgMP": 2021}
    assert profile.cert_codes(CertKind.TARGET) == ["PfMP"]
    assert profile.skill_names(SkillKind.OFFERS) == []
    assert profile.skill_names(SkillKind.WANTS) == ["governance"]
    assert profile.languages == ["English", "German"]
    assert count(session, ProfileCertification, user.user_id) == 3
    assert count(session, ProfileSkill, user.user_id) == 1


def test_save_profile_capacity_below_slots_used_refused(session):
    profile = make_profile(
        session,
        offers_mentoring=True,
        mentor_capacity=3,
        mentor_slots_used=2,
        held={"PMP": 2010},
        offers=["kanban"],
    )
    before = profile.as_dict()
    with pytest.raises(ValidationError, match="cannot go below 2") as caught:
        save_profile(
            session,
            user=profile.user,
            data=data(offers_mentoring=True, mentor_capacity=1, held={}),
        )
    assert caught.value.field == "mentor_capacity"
    session.rollback()
    session.expire_all()
    assert profile.as_dict() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"held": {"XYZ": None}}, "certs_held"),
        ({"targets": ("XYZ",)}, "certs_targeted"),
        ({"offers": ("juggling",)}, "skills_offered"),
        ({"wants": ("juggling",)}, "skills_wanted"),
    ],
)
def test_save_profile_unknown_catalogue_values_refused(session, overrides, field):
    user = make_user(session)
    with pytest.raises(ValidationError) as caught:
        save_profile(session, user=user, data=data(**overrides))
    assert caught.value.field == field
    session.rollback()
    session.expire_all()
    assert user.profile is None


def test_get_public_profile_hides_missing_and_inactive(session):
    active = make_profile(session)
    inactive = make_profile(session, user=make_user(session, is_active=False))
    bare = make_user(session)
    assert get_public_profile(session, active.user_id) is active
    assert get_public_profile(session, inactive.user_id) is None
    assert get_public_profile(session, bare.user_id) is None
    assert get_public_profile(session, 9999) is None


def test_profile_card_groups_skills_and_labels_formats(session):
    profile = make_profile(
        session,
        held={"PgMP": 2018, "PMP": 2012},
        offers=["leadership", "scheduling", "governance"],
        formats=["async", "in_person"],
    )
    card = profile_card(profile)
    assert card.held == [
        ("PMP", "Project Management Professional", 2012),
        ("PgMP", "Program Management Professional", 2018),
    ]
    assert card.offers == [
        ("ways of working", ["scheduling"]),
        ("power skills", ["leadership"]),
        ("business acumen", ["governance"]),
    ]
    assert card.formats == ["Async messages", "In person at chapter events"]


def test_completeness_hint_names_what_is_missing(session):
    assert completeness_hint(make_profile(session, wants_mentor=True)) is None
    lacking = make_profile(session, languages=[], timezone="", wants_mentor=True)
    assert (
        completeness_hint(lacking)
        == "Add your languages and time zone to get suggestions."
    )
