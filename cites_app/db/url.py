"""Turn what the user typed (``--db``, ``CITES_APP_DB``) into a SQLAlchemy URL."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from cites_app.paths import DB_ENV, data_dir, default_database_path


def resolve_database_url(value: str | None = None) -> URL:
    """``value`` may be a file path or any SQLAlchemy URL; empty means the user's database.

    The user's database is the team server when Paramètres says so (``connexion.json``, password
    from the OS keyring), otherwise the local file in the data folder.
    """
    raw = value or os.environ.get(DB_ENV) or ""
    if not raw:
        if (data_dir() / "connexion.json").exists():
            from cites_app.connection_settings import (  # noqa: PLC0415 - keyring is slow to load
                load_connection_settings,
                server_url,
            )

            server = server_url(load_connection_settings())
            if server is not None:
                return server
        return sqlite_url(default_database_path())
    if "://" in raw:
        return make_url(raw)
    return sqlite_url(Path(raw))


def sqlite_url(path: Path) -> URL:
    return URL.create("sqlite", database=str(path.expanduser().resolve()))


def sqlite_file(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for other backends and in-memory databases."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def describe(url: URL) -> str:
    """A readable location for messages, without the password."""
    file = sqlite_file(url)
    return str(file) if file else url.render_as_string(hide_password=True)
