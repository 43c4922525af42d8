"""MentorMatch: mentor matching for PMI-certified project managers.

The factory lives in ``mentormatch.app``; this package imports nothing heavy, so
``mentormatch.matching`` can be used without loading Flask or SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create and configure the app (see ``mentormatch.app.create_app``)."""
    from mentormatch.app import create_app as build

    return build(config)
