"""What the « À propos » page shows: version, where the data lives, what the app runs on.

Pure data, no Qt: the page (and a support call reading it aloud) only formats it. The Qt version
is read from an already loaded QtCore when there is one, so that asking for it from the command
line does not load the Qt libraries.
"""

from __future__ import annotations

import json
import platform
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from cites_app import __version__
from cites_app.db.url import describe, resolve_database_url, sqlite_file
from cites_app.paths import backups_dir_for, data_dir

# Written by the installer build (installer/cites_app.spec) beside the bundled data.
BUILD_INFO_FILE = Path(__file__).resolve().parent / "_bundled" / "build-info.json"

# cites_app.db.migrate.backup_now writes PostgreSQL dumps there (no SQLite file to sit beside).
SERVER_BACKUPS_FOLDER = "sauvegardes-serveur"


@dataclass(frozen=True)
class AboutInfo:
    """Everything the « À propos » page shows, as plain values."""

    version: str
    python_version: str
    qt_version: str | None  # None: PySide6 is not installed (command-line use only)
    platform: str
    frozen: bool  # True in the installed application (PyInstaller build), False from Python
    build_date: str | None  # ISO date of the installer build; None outside one
    install_dir: Path
    database_location: str  # a file path, or a server URL without its password
    database_is_file: bool
    backups_dir: Path
    data_dir: Path

    def lines(self) -> list[tuple[str, str]]:
        """(French label, value) pairs in display order, for the page or a support e-mail."""
        build = f" (construite le {self.build_date})" if self.build_date else ""
        return [
            ("Version", f"{self.version}{build}"),
            ("Base de données", self.database_location),
            ("Sauvegardes", str(self.backups_dir)),
            ("Dossier des données", str(self.data_dir)),
            ("Dossier de l'application", str(self.install_dir)),
            ("Python", self.python_version),
            ("Qt", self.qt_version or "non chargé"),
            ("Système", self.platform),
        ]

    def to_dict(self) -> dict[str, object]:
        return {
            "version": self.version,
            "python_version": self.python_version,
            "qt_version": self.qt_version,
            "platform": self.platform,
            "frozen": self.frozen,
            "build_date": self.build_date,
            "install_dir": str(self.install_dir),
            "database_location": self.database_location,
            "database_is_file": self.database_is_file,
            "backups_dir": str(self.backups_dir),
            "data_dir": str(self.data_dir),
        }


def about_info(database: str | URL | None = None) -> AboutInfo:
    """The facts for ``database`` (path or URL; default: the one the app opens at start-up)."""
    url = database if isinstance(database, URL) else resolve_database_url(database)
    file = sqlite_file(url)
    backups = backups_dir_for(file) if file is not None else data_dir() / SERVER_BACKUPS_FOLDER
    frozen = bool(getattr(sys, "frozen", False))
    return AboutInfo(
        version=__version__,
        python_version=platform.python_version(),
        qt_version=qt_version(),
        platform=f"{platform.system()} {platform.release()} ({platform.machine()})",
        frozen=frozen,
        build_date=build_date(),
        install_dir=Path(sys.executable).resolve().parent
        if frozen
        else Path(__file__).resolve().parent,
        database_location=describe(url),
        database_is_file=file is not None,
        backups_dir=backups,
        data_dir=data_dir(),
    )


def qt_version() -> str | None:
    """The Qt the window runs on; without a loaded QtCore, the PySide6 release (same number)."""
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None:
        return str(qtcore.qVersion())
    try:
        import PySide6  # noqa: PLC0415 - only the package's __init__, not the Qt libraries
    except ImportError:
        return None
    return str(PySide6.__version__)


def build_date() -> str | None:
    """ISO date of the installer build this app comes from; None when run from Python."""
    try:
        info = json.loads(BUILD_INFO_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    date = info.get("build_date") if isinstance(info, dict) else None
    return date if isinstance(date, str) else None
