"""The chapter and program migrations on a populated database: nothing is lost."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from mentormatch.config import database_url
from mentormatch.extensions import db
from tests.migration_support import app_for, insert_row, preserved_logging

BEFORE = "ecbf10fe16ce"  # main's head before chapters and programs
# (email, chapter as typed, wants a mentor, offers mentoring)
PEOPLE = [
    ("ann@example.org", "PMI UK", True, False),
    ("bob@example.org", "pmi chicagoland chapter", False, True),
    ("cem@example.org", "Friends of Agile Leeds", True, True),
    ("dan@example.org", "", True, False),
]


def populate(connection) -> None:
    for n, (email, chapter, wants, offers) in enumerate(PEOPLE, start=1):
        insert_row(connection, "user_account", id=n, email=email, password_hash="x")
        insert_row(
            connection,
            "profile",
            user_id=n,
            display_name=email.split("@")[0],
            chapter=chapter,
            wants_mentor=wants,
            offers_mentoring=offers,
            hours_per_month=n,
            mentor_capacity=2 if offers else 0,
        )
    insert_row(
        connection,
        "match_request",
        id=1,
        mentee_id=1,
        mentor_id=2,
        status="active",
        message="Hello",
    )
    insert_row(
        connection,
        "match_request",
        id=2,
        mentee_id=4,
        mentor_id=3,
        status="requested",
        message="Hi",
    )


def rows(sql: str) -> list[tuple]:
    return [tuple(r) for r in db.session.execute(text(sql))]


def check_populated_upgrade(app: Flask) -> None:
    with app.app_context(), preserved_logging():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            populate(connection)
        upgrade()
        profiles = rows(
            "SELECT p.user_id, p.chapter, c.name FROM profile p"
            " LEFT JOIN chapter c ON c.id = p.chapter_id ORDER BY p.user_id"
        )
        assert profiles == [
            (1, "PMI UK", "PMI UK"),
            (2, "PMI Chicagoland", "PMI Chicagoland"),
            (3, "Friends of Agile Leeds", "Other"),  # kept word for word
            (4, "", None),
        ]
        assert rows("SELECT count(*) FROM chapter")[0][0] >= 30
        ((program_id, name),) = rows("SELECT id, name FROM program")
        assert rows(
            "SELECT id, program_id, message FROM match_request ORDER BY id"
        ) == [
            (1, program_id, "Hello"),
            (2, program_id, "Hi"),
        ]
        members = rows(
            "SELECT user_id, role, status, hours_per_month FROM program_member"
            " ORDER BY user_id, role"
        )
        assert members == [
            (1, "mentee", "accepted", 1),
            (2, "mentor", "accepted", 2),
            (3, "mentee", "accepted", 3),
            (3, "mentor", "accepted", 3),
            (4, "mentee", "accepted", 4),
        ]
        db.session.remove()
        downgrade(revision=BEFORE)
        assert rows("SELECT id, status FROM match_request ORDER BY id") == [
            (1, "active"),
            (2, "requested"),
        ]
        assert [r[0] for r in rows("SELECT chapter FROM profile ORDER BY user_id")] == [
            "PMI UK",
            "PMI Chicagoland",
            "Friends of Agile Leeds",
            "",
        ]
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()


def test_programs_migration_keeps_data_on_sqlite(tmp_path: Path) -> None:
    check_populated_upgrade(app_for(f"sqlite:///{tmp_path / 'populated.db'}"))


@pytest.fixture
def own_postgres() -> Iterator[str]:
    """DATABASE_URL's own PostgreSQL database, emptied before and after."""
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres:", "postgresql")):
        pytest.skip("needs DATABASE_URL pointing at PostgreSQL")
    url = database_url("/nonexistent")
    app = app_for(url)
    with app.app_context():
        db.drop_all()
        db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        db.engine.dispose()
    yield url


@pytest.mark.postgres
def test_programs_migration_keeps_data_on_postgres(own_postgres: str) -> None:
    check_populated_upgrade(app_for(own_postgres))
