"""Shared fixtures: migrated template databases built once, copied for each test.

Database fixtures run every test on SQLite and, when ``CITES_TEST_PG_URL`` points at a server
(``python3 dev.py test`` starts a private one), on PostgreSQL too: the test ids end with
``[sqlite]`` or ``[postgresql]`` and the summary counts both. Qt runs offscreen; a Qt warning
fails the test (pyproject: qt_log_level_fail).
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Engine, make_url

from cites_app.db.database import Database
from cites_app.db.migrate import upgrade_database
from cites_app.db.url import sqlite_url
from tests.settings.keyring_double import MemoryKeyring

# Qt's offscreen screen is 800×600 by default, narrower than the window's minimum width, so a
# restored geometry would be clamped: give it a laptop-sized screen.
_SCREEN = Path(__file__).with_name("offscreen_screen.json")
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"
os.environ.setdefault("QT_SCALE_FACTOR", "1")

PG_URL = os.environ.get("CITES_TEST_PG_URL")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]
_names = itertools.count()


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test may touch the real user's data folder or database."""
    data = tmp_path / "donnees"
    monkeypatch.setenv("CITES_APP_DATA_DIR", str(data))
    monkeypatch.delenv("CITES_APP_DB", raising=False)
    return data


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The OS keyring replaced by an in-memory one (no test touches the real keyring)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def _generate_demo(database: Database) -> None:
    from cites_app.demo.generator import generate_demo  # noqa: PLC0415

    generate_demo(database, size="S", seed=1, rentree_year=2025)


# --- SQLite templates -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def template_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database at head, made once by running the migrations."""
    path = tmp_path_factory.mktemp("template") / "vide.sqlite"
    upgrade_database(sqlite_url(path), backup=False)
    return path


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory: pytest.TempPathFactory, template_db_file: Path) -> Path:
    """The demo territory (size S, seed 1, school year 2025-2026) generated once for the run."""
    path = tmp_path_factory.mktemp("template") / "demo.sqlite"
    shutil.copy(template_db_file, path)
    database = Database(sqlite_url(path))
    _generate_demo(database)
    database.dispose()
    return path


@pytest.fixture
def db_file(tmp_path: Path, template_db_file: Path) -> Path:
    """A private copy of the empty SQLite template, as a file path."""
    target = tmp_path / "cites.sqlite"
    shutil.copy(template_db_file, target)
    return target


# --- PostgreSQL templates ---------------------------------------------------------------------


class PostgresServer:
    """Creates databases on the test server, cloning migrated templates (fast, isolated)."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin: Engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self._templates: set[str] = set()

    def database_url(self, name: str) -> URL:
        return self.url.set(database=name)

    def create(self, name: str, template: str | None = None) -> URL:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            clause = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        return self.database_url(name)

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def template(self, name: str, fill: bool) -> str:
        if name not in self._templates:
            url = self.create(name)
            upgrade_database(url, backup=False)
            if fill:
                database = Database(url)
                _generate_demo(database)
                database.dispose()
            self._templates.add(name)
        return name

    def close(self) -> None:
        for name in self._templates:
            self.drop(name)
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    if PG_URL is None:
        pytest.fail("CITES_TEST_PG_URL absent : ce test exige PostgreSQL")
    server = PostgresServer(PG_URL)
    yield server
    server.close()


# --- Backend-parametrised databases -------------------------------------------------------------


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _drain_qt_workers() -> None:
    """Let the window's background jobs finish before their database goes away.

    A page may still be computing (home figures, calendar conflicts) when its test ends; on
    PostgreSQL the test's database is then dropped under it and the failure would surface in
    the next test's event loop. Runs before the widgets are closed, so results land on them.
    """
    core = sys.modules.get("PySide6.QtCore")
    widgets = sys.modules.get("PySide6.QtWidgets")
    if core is None:
        return
    core.QThreadPool.globalInstance().waitForDone(30_000)
    app = core.QCoreApplication.instance()
    if app is None:
        return
    app.processEvents()
    if widgets is not None:
        # Pending timers (a search field's debounce) must not query a dropped database in the
        # next test: the test is over, so its windows go now rather than at qtbot's teardown.
        for window in widgets.QApplication.topLevelWidgets():
            window.close()
            window.deleteLater()
        app.sendPostedEvents(None, core.QEvent.Type.DeferredDelete)


def _database(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path, demo: bool
) -> Iterator[Database]:
    if backend == "sqlite":
        source = request.getfixturevalue("demo_db_file" if demo else "template_db_file")
        target = tmp_path / ("demo.sqlite" if demo else "cites.sqlite")
        shutil.copy(source, target)
        database = Database(sqlite_url(target))
        yield database
        _drain_qt_workers()
        database.dispose()
        return
    server: PostgresServer = request.getfixturevalue("pg_server")
    template = server.template("cites_demo_template" if demo else "cites_template", fill=demo)
    name = f"cites_test_{os.getpid()}_{next(_names)}"
    database = Database(server.create(name, template))
    yield database
    _drain_qt_workers()
    database.dispose()
    server.drop(name)


@pytest.fixture
def db(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[Database]:
    """A fresh, empty, migrated database for one test (each backend in turn)."""
    yield from _database(request, backend, tmp_path, demo=False)


@pytest.fixture
def demo_db(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the demo territory for one test (each backend in turn)."""
    yield from _database(request, backend, tmp_path, demo=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if PG_URL:
        return
    kept = [item for item in items if item.get_closest_marker("postgresql") is None]
    deselected = [item for item in items if item.get_closest_marker("postgresql") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many database tests ran on each backend (issue: both must be exercised)."""
    counts = {name: 0 for name in ("sqlite", "postgresql")}
    for report in terminalreporter.stats.get("passed", []):
        for name in counts:
            # the backend's parameter id in the test id, or the postgresql marker
            if re.search(rf"[\[-]{name}[\]-]", report.nodeid) or name in report.keywords:
                counts[name] += 1
    pg = (
        f"{counts['postgresql']} tests réussis sur PostgreSQL"
        if PG_URL
        else "PostgreSQL non testé (CITES_TEST_PG_URL absent)"
    )
    terminalreporter.write_line(
        f"Bases de données : {counts['sqlite']} tests réussis sur SQLite, {pg}."
    )
