"""Id lists in queries: one array parameter on PostgreSQL, an IN list elsewhere."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, any_, literal
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session


def any_id(session: Session, column: Any, ids: Iterable[int]) -> ColumnElement[bool]:
    """``column IN ids``. On PostgreSQL ``column = ANY(:ids)``: one array
    parameter, so the statement's text is the same whatever the list. An IN
    list of 2,000 ids is a statement text psycopg splits anew every time (too
    long for its cache) and SQLAlchemy expands anew: about half of loading a
    10k cohort on PostgreSQL (1.0 s). SQLite keeps the IN list."""
    values = [int(i) for i in ids]
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(literal(values, ARRAY(column.type)))
    return column.in_(values)
