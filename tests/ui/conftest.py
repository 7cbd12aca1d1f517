"""Fixtures of the window tests: a styled QApplication, private QSettings, the sample territory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from cites_app.db.database import Database
from cites_app.ui.app import create_application
from tests.registers.sample import Sample, build_sample


@pytest.fixture(autouse=True)
def styled_app(qapp: QApplication) -> QApplication:
    """The application as users get it: names, French locale, Fusion, palette, style sheet."""
    return create_application()


@pytest.fixture
def ui_settings(tmp_path: Path) -> Iterator[QSettings]:
    """A private settings file: tests never read or write the user's real settings."""
    settings = QSettings(str(tmp_path / "interface.ini"), QSettings.Format.IniFormat)
    yield settings
    settings.sync()


@pytest.fixture
def sample(db: Database) -> Sample:
    return build_sample(db)
