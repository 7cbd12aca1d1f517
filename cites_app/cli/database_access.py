"""Opening an existing database for a sub-command: refused in French, never created here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cites_app.cli.output import CommandError

if TYPE_CHECKING:
    from cites_app.db.database import Database


def open_existing(location: str | None, *, write: bool, missing_hint: str) -> Database:
    """The database at ``location`` (path, URL or the user's default).

    A missing database is a French error ending with ``missing_hint``; a newer or foreign one
    is refused untouched. It is backed up and upgraded only when it must be: before a write,
    or when it is at an older revision; a read-only command otherwise opens it as it is.
    """
    from cites_app.db.database import Database  # noqa: PLC0415 - keeps start-up fast
    from cites_app.db.migrate import (  # noqa: PLC0415
        DatabaseRefusedError,
        DatabaseState,
        inspect_database,
        refusal_message,
    )
    from cites_app.db.url import describe, resolve_database_url  # noqa: PLC0415
    from cites_app.startup import open_database  # noqa: PLC0415

    url = resolve_database_url(location)
    status = inspect_database(url)
    if status.state is DatabaseState.MISSING:
        raise CommandError(f"Aucune base de données à {describe(url)} : {missing_hint}")
    if status.state in (DatabaseState.UNKNOWN_REVISION, DatabaseState.FOREIGN):
        raise DatabaseRefusedError(refusal_message(url, status))
    if write or status.state is DatabaseState.OUTDATED:
        return open_database(url).database
    return Database(url)
