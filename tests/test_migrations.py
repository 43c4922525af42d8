"""Migrations: upgrade a fresh database to head, seed the catalogue, match models."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from mentormatch.config import database_url
from mentormatch.core.models import Certification, Skill
from mentormatch.extensions import db
from tests.migration_support import app_for, preserved_logging

APP_TABLES = {
    "audit_log",
    "certification",
    "match_request",
    "notification",
    "profile",
    "profile_certification",
    "profile_skill",
    "skill",
    "status_change",
    "user_account",
}


def schema_diff(app: Flask) -> list[object]:
    """Return what autogenerate would put in a new revision (empty when in sync)."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def table_names() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def check_upgrade_cycle(app: Flask) -> None:
    """Upgrade to head, compare with the models, go down to base and up again."""
    with app.app_context(), preserved_logging():
        upgrade()
        assert APP_TABLES <= table_names()
        assert db.session.scalar(select(func.count()).select_from(Certification)) == 12
        assert db.session.scalar(select(func.count()).select_from(Skill)) == 26
        db.session.remove()
        assert schema_diff(app) == []
        downgrade(revision="base")
        assert table_names() <= {"alembic_version"}
        upgrade()
        assert APP_TABLES <= table_names()
        assert schema_diff(app) == []
        db.session.remove()
        db.engine.dispose()


def test_migrations_sqlite_upgrade_matches_models_and_round_trips(
    tmp_path: Path,
) -> None:
    check_upgrade_cycle(app_for(f"sqlite:///{tmp_path / 'migr.db'}"))


@pytest.fixture
def scratch_postgres() -> Iterator[str]:
    """Create a throwaway PostgreSQL database next to DATABASE_URL's, then drop it."""
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres:", "postgresql")):
        pytest.skip("needs DATABASE_URL pointing at PostgreSQL")
    url = make_url(database_url("/nonexistent"))
    name = f"mm_migr_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.postgres
def test_migrations_postgres_upgrade_matches_models_and_round_trips(
    scratch_postgres: str,
) -> None:
    check_upgrade_cycle(app_for(scratch_postgres))
