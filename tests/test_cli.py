"""The flask commands: init-db, create-admin and seed-demo, through the CLI runner."""

from __future__ import annotations

import zoneinfo
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict
from werkzeug.security import check_password_hash

from mentormatch.core.catalog import ensure_catalogue
from mentormatch.core.chapters import all_chapters
from mentormatch.core.models import AuditLog, Certification, Profile, User
from mentormatch.demo.services.seed import (
    DEMO_ADMIN_EMAIL,
    DEMO_MENTEE_EMAIL,
    DEMO_MENTOR_EMAIL,
    DEMO_PASSWORD,
    DEMO_PROGRAM_ADMIN_EMAIL,
)
from mentormatch.extensions import db
from mentormatch.matching.catalog import CERTIFICATION_CODES, MEETING_FORMATS
from mentormatch.profiles.forms import ProfileForm, initial_data
from tests.factories import TEST_PASSWORD, make_user
from tests.migration_support import app_for, preserved_logging

GOOD_PASSWORD = "s3cret-pass!"


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_init_db_migrates_a_new_file_to_head(tmp_path: Path) -> None:
    app = app_for(f"sqlite:///{tmp_path / 'x.db'}")
    with preserved_logging():
        result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "Database ready: sqlite:///" in result.output
    with app.app_context():
        assert "user_account" in inspect(db.engine).get_table_names()
        assert count(db.session, Certification) == 12
        db.engine.dispose()


def test_create_admin_with_password_option_creates_admin(runner, session) -> None:
    result = runner.invoke(
        args=["create-admin", "  Boss@Example.ORG ", "--password", GOOD_PASSWORD]
    )
    assert result.exit_code == 0, result.output
    assert result.output == "Created admin boss@example.org\n"
    user = session.scalar(select(User))
    assert (user.email, user.is_admin) == ("boss@example.org", True)
    assert check_password_hash(user.password_hash, GOOD_PASSWORD)
    assert session.scalar(select(AuditLog.action)) == "admin.created"


def test_create_admin_prompts_hidden_with_confirmation(runner, session) -> None:
    result = runner.invoke(
        args=["create-admin", "boss@example.org"],
        input=f"{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Repeat for confirmation" in result.output
    assert GOOD_PASSWORD not in result.output
    assert session.scalar(select(User.is_admin)) is True


def test_create_admin_mismatched_confirmation_creates_nobody(runner, session) -> None:
    result = runner.invoke(
        args=["create-admin", "boss@example.org"],
        input=f"{GOOD_PASSWORD}\nsomething-else-1\n",
    )
    assert result.exit_code != 0
    assert "do not match" in result.output
    assert count(session, User) == 0


def test_create_admin_promotes_existing_member_keeping_password(runner, session):
    make_user(session, email="member@example.org")
    result = runner.invoke(
        args=["create-admin", "MEMBER@example.org", "--password", GOOD_PASSWORD]
    )
    assert result.exit_code == 0, result.output
    assert "Promoted existing member to admin: member@example.org" in result.output
    session.expire_all()
    user = session.scalar(select(User))
    assert count(session, User) == 1
    assert user.is_admin is True
    assert check_password_hash(user.password_hash, TEST_PASSWORD)
    assert session.scalar(select(AuditLog.action)) == "admin.promoted"


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("not-an-email", GOOD_PASSWORD, "Enter a valid email address"),
        ("", GOOD_PASSWORD, "Enter your email address"),
        ("a\x00b@example.org", GOOD_PASSWORD, "invisible control characters"),
        ("boss@example.org", "short-1", "Use 10 to 128 characters"),
        ("boss@example.org", "x1" * 65, "Use 10 to 128 characters"),
        ("boss@example.org", "onlyletterspassword", "Use a mix of letters"),
        ("boss@example.org", "12345678901234", "Use a mix of letters"),
        ("boss@example.org", " padded-pass-1", "cannot start or end with a space"),
    ],
)
def test_create_admin_bad_input_refused_without_user(
    runner, session, email: str, password: str, message: str
) -> None:
    result = runner.invoke(args=["create-admin", email, "--password", password])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert message in result.output
    assert count(session, User) == 0


def seed(runner, *args: str) -> Any:
    result = runner.invoke(args=["seed-demo", *args])
    assert result.exit_code == 0, result.output
    return result


def snapshot(session) -> dict[str, Any]:
    """Return every member's email, admin flag and full profile, for comparison."""
    session.expire_all()
    return {
        u.email: (u.is_admin, u.profile.as_dict() if u.profile else None)
        for u in session.scalars(select(User))
    }


def reset_database(session) -> None:
    session.remove()
    db.drop_all()
    db.create_all()
    ensure_catalogue(db.session)


def test_seed_demo_same_seed_gives_identical_members(runner, session) -> None:
    seed(runner, "--seed", "7", "--mentors", "40", "--mentees", "40")
    first = snapshot(session)
    reset_database(session)
    seed(runner, "--seed", "7", "--mentors", "40", "--mentees", "40")
    assert snapshot(session) == first
    reset_database(session)
    seed(runner, "--seed", "8", "--mentors", "40", "--mentees", "40")
    assert snapshot(session) != first


def test_seed_demo_small_counts_and_logins(runner, session) -> None:
    result = seed(runner, "--mentors", "25", "--mentees", "30")
    assert f"{DEMO_ADMIN_EMAIL} / {DEMO_PASSWORD}" in result.output
    assert f"{DEMO_MENTEE_EMAIL} / {DEMO_PASSWORD}" in result.output
    offering = select(func.count()).where(Profile.offers_mentoring)
    wanting = select(func.count()).where(Profile.wants_mentor)
    assert session.scalar(offering) >= 25
    assert session.scalar(wanting) >= 31
    assert f"{DEMO_MENTOR_EMAIL} / {DEMO_PASSWORD}" in result.output
    assert "Every demo member shares the password" in result.output
    # the two admins (platform, program), the demo mentee and the demo mentor
    assert count(session, User) == 25 + 30 + 4
    assert f"Seeded {25 + 30 + 4} members" in result.output
    assert f"{DEMO_PROGRAM_ADMIN_EMAIL} / {DEMO_PASSWORD}" in result.output
    assert "Demo program: Berlin/Brandenburg mentoring circle, " in result.output
    assert "is paired with" in result.output


@pytest.mark.parametrize("email", [DEMO_MENTEE_EMAIL, DEMO_MENTOR_EMAIL])
def test_seed_demo_printed_logins_work_in_login_form(runner, session, client, email):
    seed(runner, "--mentors", "5", "--mentees", "5")
    response = client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.data[:500]
    assert client.get("/matches").status_code == 200


def test_seed_demo_second_run_refuses_and_exits_zero(runner, session) -> None:
    seed(runner, "--mentors", "3", "--mentees", "3")
    result = seed(runner, "--mentors", "3", "--mentees", "3")
    assert result.output.startswith("Database already has members; not seeding.\n")
    assert f"Mentor login: {DEMO_MENTOR_EMAIL}" in result.output  # shown again
    assert count(session, User) == 3 + 3 + 4


def test_seed_demo_refuses_into_database_with_a_real_member(runner, session) -> None:
    make_user(session)
    result = seed(runner)
    assert "Database already has members; not seeding." in result.output
    assert count(session, User) == 1


def test_seed_demo_refuses_outside_development(app, runner, session, monkeypatch):
    monkeypatch.setitem(app.config, "TESTING", False)
    result = runner.invoke(args=["seed-demo", "--mentors", "1", "--mentees", "1"])
    assert result.exit_code == 1
    assert "--allow-production" in result.output
    assert count(session, User) == 0


def form_data(profile: Profile) -> MultiDict:
    """Turn a saved profile into what the edit form would post."""
    data = MultiDict()
    for key, value in initial_data(profile).items():
        for item in value if isinstance(value, list) else [value]:
            if item is not None and not isinstance(item, bool):
                data.add(key, str(item))
    return data


def test_seed_demo_default_population_passes_profile_form(runner, session) -> None:
    seed(runner)
    eager = (selectinload(Profile.certifications), selectinload(Profile.skills))
    profiles = session.scalars(select(Profile).options(*eager)).all()
    mentors = [p for p in profiles if p.offers_mentoring]
    assert len(mentors) >= 300
    assert sum(p.wants_mentor for p in profiles) >= 300
    assert any(p.offers_mentoring and p.wants_mentor for p in profiles)
    zones = zoneinfo.available_timezones()
    chapters = all_chapters(session)
    for profile in profiles:
        form = ProfileForm(formdata=form_data(profile), meta={"csrf": False})
        form.set_chapters(chapters)
        assert form.validate(), (profile.display_name, form.errors)
        # Every demo member belongs to a catalogue chapter (none under "Other").
        assert profile.chapter_entry and profile.chapter_entry.name == profile.chapter
        assert profile.is_complete and profile.languages
        assert set(profile.formats) <= set(MEETING_FORMATS)
        assert {c.code for c in profile.certifications} <= set(CERTIFICATION_CODES)
        assert profile.timezone in zones
    assert all(1 <= p.mentor_capacity <= 3 for p in mentors)
