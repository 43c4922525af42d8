"""Helpers for tests that run Alembic: an app on its own database, and logging kept."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask

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
