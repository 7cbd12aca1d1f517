"""Keep PostgreSQL id sequences in step after bulk inserts that chose their own ids.

SQLite derives the next rowid from the table itself; PostgreSQL draws it from a sequence that
explicit ids do not advance, so the next ordinary insert would collide with an existing row.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Table, text
from sqlalchemy.orm import Session


def sync_id_sequences(session: Session, tables: Iterable[Table]) -> None:
    """After inserting explicit ids into ``tables``, move their sequences past the highest id."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )
