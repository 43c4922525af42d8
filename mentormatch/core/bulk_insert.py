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
    `model`, in the session's transaction, without ORM objects.

    On PostgreSQL one ``COPY ... FROM STDIN`` streams them: each value goes
    through its column's own bind conversion (JSON, enums by value) and
    psycopg writes it as text. SQLAlchemy's executemany of the same rows
    renders a multi-row VALUES statement per thousand rows with nine
    parameters per row: 0.28 s for a 10k-mentee run's proposals, a tenth of
    that as COPY. Elsewhere (SQLite) one executemany INSERT."""
    if not rows:
        return
    bind = session.connection()
    dialect = bind.dialect
    if dialect.name != "postgresql" or dialect.driver != "psycopg":
        session.execute(insert(model), list(rows))
        return
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
                    value if fn is None or value is None else fn(value)
                    for fn, value in zip(convert, (row[n] for n in names), strict=True)
                ]
            )
