"""Configuration layers, the database URL rewrite, and the secret key rules."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

import mentormatch.app
from mentormatch import create_app
from mentormatch.config import DEFAULTS, ConfigError, database_url
from tests.migration_support import preserved_logging


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point create_app at an empty instance folder and a clean environment."""
    for name in list(os.environ):
        if name.startswith("MENTORMATCH_") or name in ("SECRET_KEY", "DATABASE_URL"):
            monkeypatch.delenv(name)
    folder = tmp_path / "instance"
    monkeypatch.setattr(
        mentormatch.app, "Flask", partial(Flask, instance_path=str(folder))
    )
    return folder


def build(overrides: dict[str, Any] | None = None) -> Flask:
    with preserved_logging():
        return create_app(overrides)


@pytest.mark.parametrize(
    ("instance_file", "env", "mapping", "expected"),
    [
        (False, False, False, DEFAULTS["PER_PAGE"]),
        (True, False, False, 7),
        (True, True, False, 9),
        (False, True, False, 9),
        (True, True, True, 11),
        (True, False, True, 11),
    ],
)
def test_config_layers_defaults_file_env_mapping(
    instance: Path,
    monkeypatch: pytest.MonkeyPatch,
    instance_file: bool,
    env: bool,
    mapping: bool,
    expected: int,
) -> None:
    instance.mkdir()
    monkeypatch.setenv("SECRET_KEY", "from-env")
    if instance_file:
        (instance / "config.py").write_text("PER_PAGE = 7\nMAX_OPEN_REQUESTS = 5\n")
    if env:
        monkeypatch.setenv("MENTORMATCH_PER_PAGE", "9")
    app = build({"PER_PAGE": 11} if mapping else None)
    assert app.config["PER_PAGE"] == expected
    assert app.config["MAX_OPEN_REQUESTS"] == (5 if instance_file else 3)
    assert app.instance_path == str(instance)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u:p@db:5432/mm", "postgresql+psycopg://u:p@db:5432/mm"),
        ("postgres://u@db/mm", "postgresql+psycopg://u@db/mm"),
        ("postgresql+psycopg://u@db/mm", "postgresql+psycopg://u@db/mm"),
        ("  sqlite:////var/mm.db ", "sqlite:////var/mm.db"),
    ],
)
def test_config_database_url_rewrites_postgres_scheme(
    instance: Path, monkeypatch: pytest.MonkeyPatch, url: str, expected: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    assert database_url(str(instance)) == expected
    app = build({"SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == expected


def test_config_database_url_defaults_to_sqlite_in_instance(instance: Path) -> None:
    app = build({"SECRET_KEY": "x"})
    expected = "sqlite:///" + str(instance / "mentormatch.db")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == expected


def test_config_production_without_secret_key_refuses(instance: Path) -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY is not set") as info:
        build()
    assert "MENTORMATCH_ENV_NAME=development" in str(info.value)
    assert not (instance / "secret_key").exists()


def test_config_development_generates_key_once_and_keeps_it(
    instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MENTORMATCH_ENV_NAME", "development")
    first = build().config["SECRET_KEY"]
    key_file = instance / "secret_key"
    assert len(first) >= 32
    assert key_file.read_text().strip() == first
    assert key_file.stat().st_mode & 0o077 == 0
    assert build().config["SECRET_KEY"] == first


def test_config_secure_cookies_follow_environment(
    instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build({"SECRET_KEY": "x"}).config["SESSION_COOKIE_SECURE"] is True
    monkeypatch.setenv("MENTORMATCH_ENV_NAME", "development")
    app = build()
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["REMEMBER_COOKIE_SECURE"] is False


def test_config_unprefixed_env_beats_instance_file(
    instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    instance.mkdir()
    (instance / "config.py").write_text(
        "SECRET_KEY = 'from-file'\nSQLALCHEMY_DATABASE_URI = 'sqlite:////file.db'\n"
    )
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("DATABASE_URL", "sqlite:////env.db")
    app = build(None)
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:////env.db"
    monkeypatch.delenv("SECRET_KEY")
    monkeypatch.delenv("DATABASE_URL")
    app = build(None)
    assert app.config["SECRET_KEY"] == "from-file"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:////file.db"
