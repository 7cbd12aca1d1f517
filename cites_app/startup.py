"""Opening the database the way every entry point must: check, back up, upgrade, then open."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL

from cites_app.db.database import Database
from cites_app.db.migrate import DatabaseState, UpgradeResult, upgrade_database
from cites_app.db.url import resolve_database_url, sqlite_file


@dataclass(frozen=True)
class OpenedDatabase:
    database: Database
    upgrade: UpgradeResult
    needs_backup: bool = False  # the caller owes the start-up backup (see open_database)


def open_database(
    location: str | URL | None = None, *, backup: bool = True, background_backup: bool = False
) -> OpenedDatabase:
    """Resolve ``location`` (path, URL, or the user's default), back it up, upgrade it, open it.

    With ``background_backup`` the routine copy of an up-to-date database is left to the caller
    (``OpenedDatabase.needs_backup``), to run off the UI thread. Raises
    ``DatabaseRefusedError`` (too new / not ours) and ``BackupError`` with French messages.
    """
    url = location if isinstance(location, URL) else resolve_database_url(location)
    result = upgrade_database(url, backup=backup, backup_when_current=not background_backup)
    needs_backup = (
        backup
        and background_backup
        and result.status_before.state is DatabaseState.CURRENT
        and sqlite_file(url) is not None
    )
    return OpenedDatabase(Database(url), result, needs_backup)
