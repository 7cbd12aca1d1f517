"""Backups: SQLite online backup API with rotation; ``pg_dump`` for PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import URL

DEFAULT_KEEP = 10


class BackupError(RuntimeError):
    """A backup could not be made; the caller must not go on to change the database."""


def backup_sqlite(database: Path, backups_dir: Path, reason: str, keep: int = DEFAULT_KEEP) -> Path:
    """Copy ``database`` with SQLite's online backup API and keep the ``keep`` newest copies.

    The source is opened read-only, so a backup never changes the file it copies.
    """
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir / f"{database.stem}-{stamp}-{reason}.sqlite"
    # Written under a temporary name, renamed when complete: a half copy never looks like one.
    partial = target.with_suffix(".partiel")
    try:
        source = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
        try:
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(
            f"La sauvegarde de {database} a échoué ({exc}). La base n'a pas été modifiée."
        ) from exc
    os.replace(partial, target)
    _rotate(backups_dir, database.stem, keep)
    return target


def list_backups(backups_dir: Path, stem: str) -> list[Path]:
    """Backups of one database, oldest first (names sort by their timestamp)."""
    if not backups_dir.is_dir():
        return []
    return sorted(backups_dir.glob(f"{stem}-*.sqlite"))


def _rotate(backups_dir: Path, stem: str, keep: int) -> None:
    copies = list_backups(backups_dir, stem)
    for old in copies[: max(0, len(copies) - keep)]:
        old.unlink(missing_ok=True)


def backup_postgresql(url: URL, backups_dir: Path, reason: str) -> Path:
    """Dump a PostgreSQL database with the server's own tool (``pg_dump``, custom format)."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError(
            "pg_dump est introuvable : impossible de sauvegarder la base PostgreSQL avant la "
            "mise à jour. Installez les outils clients PostgreSQL ou faites une sauvegarde "
            "(pg_dump) puis relancez avec --sans-sauvegarde."
        )
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir / f"{url.database}-{stamp}-{reason}.dump"
    env = {"PGPASSWORD": url.password} if url.password else {}
    command = [pg_dump, "--format=custom", f"--file={target}", "--no-password"]
    if url.host:
        command.append(f"--host={url.host}")
    if url.port:
        command.append(f"--port={url.port}")
    if url.username:
        command.append(f"--username={url.username}")
    command.append(str(url.database))
    result = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, **env}, check=False
    )
    if result.returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupError(f"pg_dump a échoué : {result.stderr.strip()}")
    return target
