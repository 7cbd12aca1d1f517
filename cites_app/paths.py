"""Every path the application uses, in one place.

Data lives in the user's data folder (platformdirs). ``CITES_APP_DATA_DIR`` overrides it, which the
tests, the smoke test and portable installs use. Bundled files (migrations, resources) are found
inside the installed package first, then in the source checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "cites-app"
APP_AUTHOR = "cites-educatives"
DATA_DIR_ENV = "CITES_APP_DATA_DIR"
DB_ENV = "CITES_APP_DB"
DB_FILE_NAME = "cites.sqlite"

_PACKAGE_DIR = Path(__file__).resolve().parent
_BUNDLED_DIR = _PACKAGE_DIR / "_bundled"
_CHECKOUT_DIR = _PACKAGE_DIR.parent


def data_dir() -> Path:
    """The folder holding the user's database, backups and settings (created on demand)."""
    override = os.environ.get(DATA_DIR_ENV)
    path = Path(override) if override else Path(user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / DB_FILE_NAME


def backups_dir_for(database_file: Path) -> Path:
    """Backups sit next to the database, in a ``sauvegardes`` folder."""
    return database_file.parent / "sauvegardes"


def _bundled_or_checkout(name: str) -> Path:
    for candidate in (_BUNDLED_DIR / name, _CHECKOUT_DIR / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"Dossier « {name} » introuvable : l'installation de l'application est incomplète "
        f"(cherché dans {_BUNDLED_DIR} et {_CHECKOUT_DIR})."
    )


def migrations_dir() -> Path:
    return _bundled_or_checkout("migrations")


def resources_dir() -> Path:
    return _bundled_or_checkout("resources")
