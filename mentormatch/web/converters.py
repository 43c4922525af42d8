"""URL converters: identifiers in paths stay within the database's integer range."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

# PostgreSQL `integer` (and SQLite's 64-bit INTEGER) would raise on larger values: a
# path like /people/10000000000000000000000 must be a 404, not a 500.
ID_MAX = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` that matches only 0 to ID_MAX (larger ids cannot exist)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", ID_MAX)
        super().__init__(map, *args, **kwargs)
