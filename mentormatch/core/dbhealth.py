"""Database engine options (PostgreSQL timeouts) and the outage errors that mean 503."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

# Errors that mean "the database is not answering now", not "this code is wrong".
OUTAGE_ERRORS: tuple[type[Exception], ...] = (
    OperationalError,
    InterfaceError,
    DisconnectionError,
    PoolTimeoutError,
)


def is_postgres(url: str) -> bool:
    """Tell whether a SQLAlchemy URL points at PostgreSQL."""
    return url.split(":", 1)[0].split("+", 1)[0] in {"postgresql", "postgres"}


def engine_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """Return SQLALCHEMY_ENGINE_OPTIONS with PostgreSQL statement and lock timeouts.

    Parameters
    ----------
    config
        The app config: SQLALCHEMY_DATABASE_URI, SQLALCHEMY_ENGINE_OPTIONS,
        DB_STATEMENT_TIMEOUT_MS and DB_LOCK_TIMEOUT_MS (0 switches one off).

    Returns
    -------
    dict
        A new mapping; the configured one is not changed.
    """
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if not is_postgres(str(config.get("SQLALCHEMY_DATABASE_URI", ""))):
        return options
    settings = {
        "statement_timeout": int(config.get("DB_STATEMENT_TIMEOUT_MS") or 0),
        "lock_timeout": int(config.get("DB_LOCK_TIMEOUT_MS") or 0),
    }
    flags = " ".join(f"-c {name}={ms}" for name, ms in settings.items() if ms > 0)
    connect_args = dict(options.get("connect_args") or {})
    if flags and "options" not in connect_args:
        connect_args["options"] = flags
        options["connect_args"] = connect_args
    return options
