"""Shared fixtures: a migrated template database built once, copied for each test.

Qt runs offscreen (no display needed); a Qt warning fails the test (pyproject: qt_log_level_fail).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR", "1")

from cites_app.db.database import Database
from cites_app.db.migrate import upgrade_database
from cites_app.db.url import sqlite_url


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test may touch the real user's data folder or database."""
    data = tmp_path / "donnees"
    monkeypatch.setenv("CITES_APP_DATA_DIR", str(data))
    monkeypatch.delenv("CITES_APP_DB", raising=False)
    return data


@pytest.fixture(scope="session")
def template_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database at head, made once by running the migrations."""
    path = tmp_path_factory.mktemp("template") / "vide.sqlite"
    upgrade_database(sqlite_url(path), backup=False)
    return path


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory: pytest.TempPathFactory, template_db_file: Path) -> Path:
    """The demo territory (size S, seed 1, school year 2025-2026) generated once for the run."""
    from cites_app.demo.generator import generate_demo  # noqa: PLC0415

    path = tmp_path_factory.mktemp("template") / "demo.sqlite"
    shutil.copy(template_db_file, path)
    database = Database(sqlite_url(path))
    generate_demo(database, size="S", seed=1, rentree_year=2025)
    database.dispose()
    return path


def _copy_database(source: Path, target: Path) -> Iterator[Database]:
    shutil.copy(source, target)
    database = Database(sqlite_url(target))
    yield database
    database.dispose()


@pytest.fixture
def db_file(tmp_path: Path, template_db_file: Path) -> Path:
    target = tmp_path / "cites.sqlite"
    shutil.copy(template_db_file, target)
    return target


@pytest.fixture
def db(tmp_path: Path, template_db_file: Path) -> Iterator[Database]:
    """A fresh, empty, migrated database for one test."""
    yield from _copy_database(template_db_file, tmp_path / "cites.sqlite")


@pytest.fixture
def demo_db(tmp_path: Path, demo_db_file: Path) -> Iterator[Database]:
    """A private copy of the demo territory for one test."""
    yield from _copy_database(demo_db_file, tmp_path / "demo.sqlite")
