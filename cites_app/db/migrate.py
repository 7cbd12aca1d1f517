"""Bring a database to the schema of this version of the code, safely.

Rules (DESIGN.md §2, CODE_STYLE.md §4): look before touching — a database stamped with a revision
this code does not know is refused and left byte-for-byte as it was; otherwise back it up, then
upgrade it to head in one transaction. New databases are created by running the migrations.
"""

from __future__ import annotations

import enum
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError

from cites_app.db.backup import backup_postgresql, backup_sqlite
from cites_app.db.engine import make_engine
from cites_app.db.url import describe, sqlite_file
from cites_app.paths import backups_dir_for, data_dir, migrations_dir


class DatabaseState(enum.Enum):
    MISSING = "missing"  # no file / no table at all: will be created
    CURRENT = "current"
    OUTDATED = "outdated"
    UNKNOWN_REVISION = "unknown_revision"  # newer than this code, or from another program
    FOREIGN = "foreign"  # has tables but no revision stamp: not ours


@dataclass(frozen=True)
class DatabaseStatus:
    state: DatabaseState
    revision: str | None
    head: str


@dataclass(frozen=True)
class UpgradeResult:
    status_before: DatabaseStatus
    backup: Path | None


class DatabaseRefusedError(RuntimeError):
    """The database must not be opened by this version; the message is for the user."""


class DatabaseUnavailableError(DatabaseRefusedError):
    """The database server cannot be reached: nothing can be read or saved."""


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "migrations/ has no revision"
    return head


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def inspect_database(url: URL) -> DatabaseStatus:
    """Read the revision stamp without changing anything (SQLite files are opened read-only)."""
    head = head_revision()
    file = sqlite_file(url)
    if file is not None:
        revision, has_tables = _read_sqlite_stamp(file)
    elif url.get_backend_name() == "sqlite":  # in-memory
        return DatabaseStatus(DatabaseState.MISSING, None, head)
    else:
        revision, has_tables = _read_server_stamp(url)
    if revision is None:
        state = DatabaseState.FOREIGN if has_tables else DatabaseState.MISSING
    elif revision == head:
        state = DatabaseState.CURRENT
    elif revision in known_revisions():
        state = DatabaseState.OUTDATED
    else:
        state = DatabaseState.UNKNOWN_REVISION
    return DatabaseStatus(state, revision, head)


def _read_sqlite_stamp(file: Path) -> tuple[str | None, bool]:
    if not file.exists() or file.stat().st_size == 0:
        return None, False
    try:
        conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {
                row[0]
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if "alembic_version" not in tables:
                return None, bool(tables)
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseRefusedError(
            f"Le fichier {file} n'est pas une base de données de l'application ({exc}). "
            "Il n'a pas été modifié."
        ) from exc
    return (row[0] if row else None), True


def _read_server_stamp(url: URL) -> tuple[str | None, bool]:
    engine = make_engine(url, connect_args={"connect_timeout": 5})
    try:
        conn_context = engine.connect()
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseUnavailableError(
            f"Le serveur de base de données {describe(url)} ne répond pas ({reason}). "
            "Vérifiez la connexion au réseau ou au serveur, ou revenez à la base locale "
            "(Paramètres). Rien n'a été lu ni enregistré."
        ) from exc
    try:
        with conn_context as conn:
            tables = set(inspect(conn).get_table_names())
            if "alembic_version" not in tables:
                return None, bool(tables)
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
            return (row[0] if row else None), True
    finally:
        engine.dispose()


def refusal_message(url: URL, status: DatabaseStatus) -> str:
    where = describe(url)
    if status.state is DatabaseState.UNKNOWN_REVISION:
        return (
            f"La base {where} a été créée ou mise à jour par une version plus récente de "
            f"l'application (révision « {status.revision} », inconnue de cette version). "
            "Elle n'a pas été modifiée. Installez la dernière version de l'application pour "
            "l'ouvrir."
        )
    return (
        f"Le fichier {where} contient des données qui ne viennent pas de cette application "
        "(aucune révision de schéma). Il n'a pas été modifié."
    )


def upgrade_database(
    url: URL, *, backup: bool = True, backup_when_current: bool = True
) -> UpgradeResult:
    """Back up (when there is something to lose), then upgrade to head in one transaction.

    ``backup_when_current=False`` skips the routine start-up copy of a database that needs no
    upgrade, for a caller that makes it in the background instead (the window does, so that
    it paints at once); a database that is about to be upgraded is always copied first.
    """
    status = inspect_database(url)
    if status.state in (DatabaseState.UNKNOWN_REVISION, DatabaseState.FOREIGN):
        raise DatabaseRefusedError(refusal_message(url, status))
    backup_path: Path | None = None
    # A server's routine copies are its administrators' job (pg_dump schedules); the app only
    # insists on a dump before it changes the schema there.
    routine = status.state is DatabaseState.CURRENT and (
        not backup_when_current or sqlite_file(url) is None
    )
    if backup and status.state is not DatabaseState.MISSING and not routine:
        reason = "avant-migration" if status.state is DatabaseState.OUTDATED else "demarrage"
        backup_path = backup_now(url, reason)
    if status.state is not DatabaseState.CURRENT:
        file = sqlite_file(url)
        if file is not None:
            file.parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(url, sqlite_begin="BEGIN EXCLUSIVE")
        try:
            run_migrations(engine)
        finally:
            engine.dispose()
    return UpgradeResult(status, backup_path)


def run_migrations(engine: Engine, revision: str = "heads") -> None:
    """Run Alembic on ``engine`` inside one transaction (all revisions or none)."""
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def backup_now(url: URL, reason: str = "manuelle") -> Path:
    file = sqlite_file(url)
    if file is not None:
        return backup_sqlite(file, backups_dir_for(file), reason)
    return backup_postgresql(url, data_dir() / "sauvegardes-serveur", reason)
