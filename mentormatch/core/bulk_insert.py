"""Many plain rows into one table: COPY on PostgreSQL, one INSERT elsewhere."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import insert, inspect
from sqlalchemy.orm import Session


def insert_rows(
    session: Session, model: Any, rows: Sequence[Mapping[str, Any]]
) -> None:
    """INSERT `rows` (attribute name -> value, the same names in every row) of
    `model`, in the session's transaction, without ORM objects; what the
    session holds unflushed is flushed first, as before any statement.

    On PostgreSQL one ``COPY ... FROM STDIN`` streams them: each value goes
    through its column's own bind conversion, as in an INSERT (JSON, enums by
    value), and psycopg writes it as text. SQLAlchemy's executemany of the
    same rows renders a multi-row VALUES statement per thousand rows, nine
    parameters a row: for a 10k-mentee run's proposals 0.28 s wall and 0.18 s
    of this process's CPU, against 0.20 s and 0.08 s by COPY (the rest is the
    server's foreign-key and unique checks). Elsewhere (SQLite) one
    executemany INSERT."""
    if not rows:
        return
    bind = session.connection()
    dialect = bind.dialect
    if dialect.name != "postgresql" or dialect.driver != "psycopg":
        session.execute(insert(model), list(rows))
        return
    session.flush()  # COPY goes around the session: its pending rows first
    mapper = inspect(model)
    names = list(rows[0])
    columns = [mapper.columns[name] for name in names]
    convert = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
    quote = dialect.identifier_preparer
    sql = (
        f"COPY {quote.format_table(mapper.local_table)} "
        f"({', '.join(quote.quote(c.name) for c in columns)}) FROM STDIN"
    )
    raw = bind.connection.driver_connection
    assert raw is not None  # an open connection of the session's transaction
    with raw.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(
                [
                    value if fn is None else fn(value)
                    for fn, value in zip(convert, (row[n] for n in names), strict=True)
                ]
            )
