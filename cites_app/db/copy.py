"""``cites-app db copy --to URL``: move a local database to a team server, history included.

Every row is copied with its id and UUID, table by table in foreign-key order, in one
transaction on the target: a failure leaves the target as empty as it was. The target must be a
database at the same schema revision with no data (it is created by the migrations first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Table, func, insert, select
from sqlalchemy.engine import URL, Connection
from sqlalchemy.orm import Session

from cites_app.db.database import Database
from cites_app.db.migrate import upgrade_database
from cites_app.db.sequences import sync_id_sequences
from cites_app.db.url import describe
from cites_app.models import Base

_CHUNK = 5_000


class CopyError(RuntimeError):
    """The copy was refused or failed; the message is French."""


@dataclass(frozen=True)
class CopyReport:
    source: str
    target: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def copy_database(
    source: Database, target_url: URL, progress: Callable[[str], None] | None = None
) -> CopyReport:
    """Copy every row of ``source`` into the (new or empty) database at ``target_url``."""
    if describe(source.url) == describe(target_url):
        raise CopyError("La base de destination est la base d'origine.")
    upgrade_database(target_url, backup=False)
    target = Database(target_url)
    tables = list(Base.metadata.sorted_tables)
    try:
        with target.session() as session:
            busy = [t.name for t in tables if session.scalar(select(func.count()).select_from(t))]
            if busy:
                raise CopyError(
                    f"La base de destination {describe(target_url)} contient déjà des données "
                    f"(tables : {', '.join(busy)}). La copie n'est faite que vers une base vide."
                )
            counts: dict[str, int] = {}
            with source.engine.connect() as reader:
                for table in tables:
                    if progress:
                        progress(f"Copie de « {table.name} »…")
                    counts[table.name] = _copy_table(reader, session, table)
            sync_id_sequences(session, tables)
    finally:
        target.dispose()
    return CopyReport(describe(source.url), describe(target_url), counts)


def _copy_table(reader: Connection, session: Session, table: Table) -> int:
    order = list(table.primary_key.columns)
    result = reader.execution_options(yield_per=_CHUNK).execute(select(table).order_by(*order))
    copied = 0
    for chunk in result.mappings().partitions(_CHUNK):
        session.execute(insert(table), [dict(row) for row in chunk])
        copied += len(chunk)
    return copied
