"""The wishes migration: rows that existed before it get empty wishes and reasons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask_migrate import upgrade

from mentormatch.core.models import utcnow
from mentormatch.extensions import db
from tests.migration_support import app_for, preserved_logging

BEFORE = "c7d1e2f3a4b5"


def _value(column: sa.Column, n: int) -> Any:
    """A plausible value for a NOT NULL column with no default."""
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, (sa.Integer, sa.Float, sa.Numeric)):
        return 0
    if isinstance(kind, sa.DateTime):
        return utcnow()
    if isinstance(kind, sa.JSON):
        return []
    return f"x{n}"


def _insert(connection: sa.Connection, name: str, **given: Any) -> None:
    table = sa.Table(name, sa.MetaData(), autoload_with=connection)
    row = {
        c.name: _value(c, i)
        for i, c in enumerate(table.columns)
        if not c.nullable and c.server_default is None and not c.primary_key
    }
    connection.execute(table.insert().values(**(row | given)))


def test_existing_profiles_and_requests_get_empty_wishes(tmp_path: Path) -> None:
    app = app_for(f"sqlite:///{tmp_path / 'wishes.db'}")
    with app.app_context(), preserved_logging():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            for user_id in (1, 2):
                _insert(connection, "user_account", id=user_id, email=f"{user_id}@x")
                _insert(connection, "profile", user_id=user_id, mentor_capacity=1)
            _insert(connection, "match_request", id=1, mentee_id=1, mentor_id=2)
        upgrade()
        with db.engine.connect() as connection:
            profile = connection.execute(sa.text("SELECT * FROM profile")).mappings()
            for row in profile:
                assert row["max_hours_month"] is None
                for name in (
                    "wants_career_stages",
                    "wants_topics",
                    "target_industries",
                ):
                    assert row[name] in ("[]", [])
            said = connection.execute(
                sa.text("SELECT reader_reasons FROM match_request")
            )
            assert said.scalar_one() in ("{}", {})
        db.session.remove()
        db.engine.dispose()
