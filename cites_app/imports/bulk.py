"""Helpers for bulk work on tens of thousands of rows."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large batch of objects is built.

    Building 25,000 preview rows (and their insert parameters) makes the collector scan every
    live object again and again, for nothing: these objects hold no reference cycles and are
    freed by reference counting. Pausing it saves a fifth of an import's time. The previous
    state is restored on exit, whatever happens.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def insert_rows(
    session: Session,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    chunk: int = 5000,
) -> int:
    """INSERT ``rows`` (tuples of ``columns`` values) with the driver's executemany.

    Core's ``session.execute(insert(table), list_of_dicts)`` spends more time building each
    row's parameters than SQLite spends storing it (25,000 pupils: 0.15 s of 0.30 s). Here the
    statement is compiled once and each value goes through its column type's own bind
    processor for this dialect (dates, UUIDs, booleans are stored exactly as SQLAlchemy stores
    them), then straight to the DBAPI cursor. Columns left out get their server defaults;
    Python-side defaults are *not* applied, so callers name every column they need. Returns
    the number of rows inserted.
    """
    connection = session.connection()
    dialect = connection.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    processors = [
        (position, processor)
        for position, name in enumerate(columns)
        if (processor := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
        is not None
    ]
    positional = compiled.positional
    order = [columns.index(name) for name in compiled.positiontup or ()] if positional else []
    # The compiled statement lists the columns in the table's order: pick the values in it
    # (itemgetter: one C call a row, not a Python loop over the columns).
    pick = itemgetter(*order) if positional and order != list(range(len(columns))) else None
    count = 0
    buffer: list[Any] = []

    def flush() -> None:
        if not buffer:
            return
        params = buffer if positional else [dict(zip(columns, r, strict=True)) for r in buffer]
        connection.exec_driver_sql(compiled.string, params)
        buffer.clear()

    for row in rows:
        if processors:
            values = list(row)
            for position, processor in processors:
                values[position] = processor(values[position])
            row = values  # noqa: PLW2901 - the same row, converted
        buffer.append(row if pick is None else pick(row))
        count += 1
        if len(buffer) >= chunk:
            flush()
    flush()
    return count
