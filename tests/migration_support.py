"""Helpers for tests that run Alembic: own database, logging kept, raw rows."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

from flask import Flask
from sqlalchemy import Connection, MetaData, Table
from sqlalchemy.sql import sqltypes

from mentormatch import create_app


def app_for(database_uri: str) -> Flask:
    """Build an app on its own database (not the fixture's in-memory one)."""
    return create_app(
        {"SQLALCHEMY_DATABASE_URI": database_uri, "TESTING": True, "SECRET_KEY": "x"}
    )


@contextmanager
def preserved_logging() -> Iterator[None]:
    """Undo what Alembic's fileConfig does to logging (root level, disabled loggers)."""
    root = logging.getLogger()
    saved_root = (root.level, list(root.handlers))
    loggers = [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    saved = [(lg, lg.disabled, lg.level, list(lg.handlers)) for lg in loggers]
    try:
        yield
    finally:
        root.setLevel(saved_root[0])
        root.handlers[:] = saved_root[1]
        for logger, disabled, level, handlers in saved:
            logger.disabled, logger.level = disabled, level
            logger.handlers[:] = handlers


def insert_row(connection: Connection, name: str, **values: object) -> None:
    """Insert into a reflected table, filling NOT NULL columns the test leaves out."""
    table = Table(name, MetaData(), autoload_with=connection)
    row = dict(values)
    for column in table.columns:
        if column.name in row or column.nullable or column.primary_key:
            continue
        row[column.name] = _filler(column.type)
    connection.execute(table.insert().values(**row))


def _filler(kind: object) -> object:
    if isinstance(kind, sqltypes.JSON):
        return []
    if isinstance(kind, sqltypes.Boolean):
        return False
    if isinstance(kind, sqltypes.Integer | sqltypes.Float | sqltypes.Numeric):
        return 0
    if isinstance(kind, sqltypes.DateTime):
        return datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    if isinstance(kind, sqltypes.Date):
        return date(2026, 1, 5)
    return ""
