"""Starting the application: refusal of a foreign database, demo territory on first start."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cites_app.db.database import Database
from cites_app.db.url import sqlite_url
from cites_app.ui import style
from cites_app.ui.app import create_application
from cites_app.ui.main_window import MainWindow
from cites_app.ui.startup import EXIT_REFUSED, REFUSED_TITLE, Launcher, open_or_report
from tests.registers.sample import build_sample, clock


@pytest.fixture
def newer_db_file(tmp_path: Path, template_db_file: Path) -> Path:
    """A database stamped by a future version of the application."""
    path = tmp_path / "plus-recente.sqlite"
    shutil.copy(template_db_file, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f0f0f0f0_futur'")
    conn.close()
    return path


def test_a_newer_database_is_refused_and_left_untouched(newer_db_file: Path) -> None:
    before = newer_db_file.read_bytes()
    errors: list[tuple[str, str]] = []
    assert open_or_report(str(newer_db_file), lambda t, m: errors.append((t, m))) is None
    [(title, message)] = errors
    assert title == REFUSED_TITLE
    assert "version plus récente" in message and "f0f0f0f0_futur" in message
    assert newer_db_file.read_bytes() == before


def test_launcher_exits_with_code_2_without_opening_a_window(
    newer_db_file: Path, ui_settings: QSettings
) -> None:
    errors: list[tuple[str, str]] = []
    launcher = Launcher(ui_settings, report_error=lambda t, m: errors.append((t, m)))
    assert launcher.start(str(newer_db_file)) == EXIT_REFUSED
    assert launcher.window is None and len(errors) == 1


def test_first_start_creates_the_demo_in_a_worker_then_shows_the_window(
    qtbot: QtBot, db_file: Path, ui_settings: QSettings
) -> None:
    progress: list[int] = []

    def fake_demo(database: Database, report: object) -> object:
        assert callable(report)
        report(50, "Élèves…")
        progress.append(50)
        return build_sample(database)

    errors: list[tuple[str, str]] = []
    launcher = Launcher(
        ui_settings,
        report_error=lambda t, m: errors.append((t, m)),
        pool=QThreadPool(),
        create_demo=fake_demo,
        clock=clock,
    )
    with qtbot.waitSignal(launcher.window_shown, timeout=10_000):
        assert launcher.start(str(db_file)) is None
        assert _window_of(launcher) is None  # not before the territory exists
    window = _window_of(launcher)
    assert window is not None
    qtbot.addWidget(window)
    assert window.windowTitle().endswith("Cité éducative de Grigny")
    assert progress == [50] and errors == []


def test_a_failed_demo_still_opens_an_empty_window_and_says_why(
    qtbot: QtBot, db_file: Path, ui_settings: QSettings
) -> None:
    def broken_demo(database: Database, report: object) -> object:
        raise ValueError("fichier des établissements introuvable")

    errors: list[tuple[str, str]] = []
    launcher = Launcher(
        ui_settings,
        report_error=lambda t, m: errors.append((t, m)),
        pool=QThreadPool(),
        create_demo=broken_demo,
        clock=clock,
    )
    with qtbot.waitSignal(launcher.window_shown, timeout=10_000):
        launcher.start(str(db_file))
    assert launcher.window is not None
    qtbot.addWidget(launcher.window)
    assert launcher.window.windowTitle().endswith("aucun territoire")
    [(_title, message)] = errors
    assert "fichier des établissements introuvable" in message


def _window_of(launcher: Launcher) -> MainWindow | None:
    return launcher.window


def test_application_identity_and_style(qapp: QApplication) -> None:
    app = create_application()
    assert app.applicationName() == "Cités éducatives — coordination"
    assert app.organizationName() == "Cités éducatives"
    assert app.palette().highlight().color().name() == style.ACCENT
    assert "QTableView" in app.styleSheet()
    assert not app.windowIcon().isNull()
    assert app.font().pointSizeF() >= 10


def test_start_up_backs_the_database_up_in_the_background(
    qtbot: QtBot, db_file: Path, ui_settings: QSettings
) -> None:
    """An up-to-date database opens at once; its routine copy is made while the window shows."""
    build_sample(Database(sqlite_url(db_file)))
    errors: list[tuple[str, str]] = []
    launcher = Launcher(
        ui_settings, report_error=lambda t, m: errors.append((t, m)), pool=QThreadPool()
    )
    backups = db_file.parent / "sauvegardes"
    with qtbot.waitSignal(launcher.window_shown, timeout=10_000):
        assert launcher.start(str(db_file)) is None
    window = _window_of(launcher)
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: len(list(backups.glob("cites-*-demarrage.sqlite"))) == 1)
    (copy,) = backups.glob("cites-*-demarrage.sqlite")
    with sqlite3.connect(copy) as conn:
        names = conn.execute("SELECT last_name FROM pupil ORDER BY last_name").fetchall()
    conn.close()
    assert ("Lefèvre",) in names
    qtbot.waitUntil(lambda: "Sauvegarde de démarrage faite" in window.statusBar().currentMessage())
    assert errors == []
