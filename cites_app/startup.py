"""Opening the database the way every entry point must: check, back up, upgrade, then open."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL

from cites_app.db.database import Database
from cites_app.db.migrate import UpgradeResult, upgrade_database
from cites_app.db.url import resolve_database_url


@dataclass(frozen=True)
class OpenedDatabase:
    database: Database
    upgrade: UpgradeResult


def open_database(location: str | URL | None = None, *, backup: bool = True) -> OpenedDatabase:
    """Resolve ``location`` (path, URL, or the user's default), back it up, upgrade it, open it.

    Raises ``DatabaseRefusedError`` (too new / not ours) and ``BackupError`` with French messages.
    """
    url = location if isinstance(location, URL) else resolve_database_url(location)
    result = upgrade_database(url, backup=backup)
    return OpenedDatabase(Database(url), result)
