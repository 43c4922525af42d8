"""The demo population: deterministic, realistic, seeded only into an empty database."""

from __future__ import annotations

import random
import statistics

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from mentormatch.core.choices import INDUSTRIES, LANGUAGES, timezones
from mentormatch.core.models import CertKind, SkillKind, User
from mentormatch.demo.services.data import CHAPTERS, DEMO_YEAR, INTRODUCED
from mentormatch.demo.services.people import DemoPerson, demo_people
from mentormatch.demo.services.seed import (
    ALREADY_SEEDED,
    DEMO_ADMIN_EMAIL,
    DEMO_MENTEE_EMAIL,
    DEMO_PASSWORD,
    DEMO_PROGRAM_ADMIN_EMAIL,
    AlreadySeededError,
    seed_demo,
)
from mentormatch.matching.catalog import (
    CERTIFICATION_CODES,
    MEETING_FORMATS,
    SKILL_NAMES,
)
from tests.factories import make_user


@pytest.fixture(scope="module")
def people() -> list[DemoPerson]:
    return list(demo_people(11, mentors=400, mentees=400))


def test_demo_people_same_seed_same_people() -> None:
    assert list(demo_people(3, mentors=30, mentees=30)) == list(
        demo_people(3, mentors=30, mentees=30)
    )
    assert list(demo_people(3, mentors=30, mentees=0)) != list(
        demo_people(4, mentors=30, mentees=0)
    )


def test_demo_people_mentors_do_not_depend_on_mentee_count() -> None:
    few = list(demo_people(5, mentors=20, mentees=2))
    many = list(demo_people(5, mentors=20, mentees=50))
    assert few[:20] == many[:20]


def test_demo_people_leave_the_global_random_alone() -> None:
    random.seed(99)
    expected = random.random()
    random.seed(99)
    list(demo_people(1, mentors=20, mentees=20))
    assert random.random() == expected


def test_demo_people_fields_come_from_the_catalogues(people) -> None:
    zones = set(timezones())
    chapters = {c.name: c.timezone for c in CHAPTERS}
    assert len({p.email for p in people}) == len(people)
    for person in people:
        profile = person.profile
        assert profile["languages"] and set(profile["languages"]) <= set(LANGUAGES)
        assert profile["formats"] and set(profile["formats"]) <= set(MEETING_FORMATS)
        assert profile["industry"] in INDUSTRIES
        assert profile["timezone"] in zones
        assert chapters[profile["chapter"]] == profile["timezone"]
        codes = [code for code, _ in person.held] + list(person.targets)
        assert set(codes) <= set(CERTIFICATION_CODES)
        assert len(codes) == len(set(codes)), "a target is never already held"
        assert set(person.offers) | set(person.wants) <= set(SKILL_NAMES)
        assert len(profile["headline"]) <= 140 and len(profile["display_name"]) <= 80
        assert "{" not in profile["bio"] + profile["goals"]


def test_demo_people_credential_years_are_plausible(people) -> None:
    for person in people:
        years = [year for _, year in person.held]
        assert all(INTRODUCED[code] <= y <= DEMO_YEAR for code, y in person.held)
        assert years == sorted(years), person.held


def test_demo_people_mentors_are_senior_and_mostly_pmp(people) -> None:
    mentors = [p for p in people if p.profile["offers_mentoring"]]
    mentees = [p for p in people if p.profile["wants_mentor"]]
    assert len(mentors) >= 400 and len(mentees) >= 400
    assert any(p.profile["offers_mentoring"] for p in mentees), "some are both"
    assert all(1 <= p.profile["mentor_capacity"] <= 3 for p in mentors)
    assert all(p.offers for p in mentors)
    assert all(p.targets and p.wants and p.profile["goals"] for p in mentees)
    mentor_years = statistics.mean(p.profile["years_experience"] for p in mentors)
    mentee_years = statistics.mean(p.profile["years_experience"] for p in mentees)
    assert mentor_years > mentee_years + 5
    pmp_share = sum(any(c == "PMP" for c, _ in p.held) for p in mentors) / len(mentors)
    assert pmp_share > 0.9
    seniors = {"PgMP", "PfMP", "PMI-ACP", "PMI-RMP", "PMI-SP", "PMI-CP", "PMO-CP"}
    assert sum(any(c in seniors for c, _ in p.held) for p in mentors) > len(mentors) / 2


def test_demo_people_introverts_prefer_async(people) -> None:
    introverts = [p for p in people if "introvert" in p.profile["goals"]]
    assert introverts
    assert all("async" in p.profile["formats"] for p in introverts)


def test_demo_people_texts_vary(people) -> None:
    goals = {p.profile["goals"] for p in people if p.profile["wants_mentor"]}
    bios = {p.profile["bio"] for p in people if p.profile["offers_mentoring"]}
    assert len(goals) > 100 and len(bios) > 100


def test_seed_demo_writes_admin_mentee_and_population(session) -> None:
    progress: list[int] = []
    result = seed_demo(
        session, seed=1, mentors=12, mentees=9, on_progress=progress.append
    )
    assert sum(progress) == 12 + 9 + 2  # the demo mentee and the demo mentor too
    assert result.members == session.scalar(select(func.count(User.user_id))) == 25
    admin = session.scalar(select(User).where(User.email == DEMO_ADMIN_EMAIL))
    assert admin.is_admin and admin.profile is None
    volunteer = session.scalar(
        select(User).where(User.email == DEMO_PROGRAM_ADMIN_EMAIL)
    )
    assert not volunteer.is_admin and volunteer.profile is None
    assert check_password_hash(volunteer.password_hash, DEMO_PASSWORD)
    assert check_password_hash(admin.password_hash, DEMO_PASSWORD)
    mentee = session.scalar(select(User).where(User.email == DEMO_MENTEE_EMAIL))
    assert mentee.has_profile and not mentee.is_admin
    assert mentee.profile.cert_codes(CertKind.TARGET) == ["PgMP"]
    assert "program and portfolio management" in mentee.profile.skill_names(
        SkillKind.WANTS
    )
    assert check_password_hash(mentee.password_hash, DEMO_PASSWORD)


def test_seed_demo_refuses_when_members_exist(session) -> None:
    make_user(session)
    with pytest.raises(AlreadySeededError, match=ALREADY_SEEDED):
        seed_demo(session, mentors=2, mentees=2)
    assert session.scalar(select(func.count(User.user_id))) == 1
