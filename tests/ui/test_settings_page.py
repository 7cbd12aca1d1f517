"""Paramètres: backups, the team server section, the settings, À propos."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from cites_app import __version__
from cites_app.db.database import Database
from cites_app.settings import MASKING_THRESHOLD, get_setting
from cites_app.ui.pages.settings_page import SettingsPage
from tests.settings.keyring_double import MemoryKeyring


def _page(qtbot: QtBot, db: Database) -> SettingsPage:
    page = SettingsPage(db, pool=QThreadPool())
    qtbot.addWidget(page)
    page.show()
    return page


def test_backup_now_writes_a_copy_and_says_where(qtbot: QtBot, db: Database) -> None:
    page = _page(qtbot, db)
    if db.backend != "sqlite":
        return  # pg_dump is exercised by the migration tests
    QTest.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.backup_status.text().startswith("Sauvegarde faite"))
    copies = list(page.backups_folder.glob("*-manuelle.sqlite"))
    assert len(copies) == 1 and str(copies[0]) in page.backup_status.text()


def test_settings_are_saved_in_the_database(qtbot: QtBot, db: Database) -> None:
    page = _page(qtbot, db)
    assert page.option_fields[MASKING_THRESHOLD.key].value() == 5
    page.option_fields[MASKING_THRESHOLD.key].setValue(10)
    page.save_options()
    assert page.options_status.text() == "Réglages enregistrés."
    with db.read_session() as session:
        assert get_setting(session, MASKING_THRESHOLD) == 10


def test_team_server_is_validated_saved_without_password_and_reversible(
    qtbot: QtBot, db: Database, memory_keyring: MemoryKeyring, _isolated_data_dir: Path
) -> None:
    page = _page(qtbot, db)
    page.use_server()
    assert "Indiquez l'adresse du serveur." in page.server_status.text()
    page.host.setText("db.mairie.local")
    page.user.setText("coord1")
    page.password.setText("s3cret")
    page.use_server()
    assert "prochain démarrage" in page.server_status.text()
    saved = (_isolated_data_dir / "connexion.json").read_text(encoding="utf-8")
    assert json.loads(saved)["mode"] == "server" and "s3cret" not in saved
    assert ("cites-app", "coord1@db.mairie.local:5432/cites") in memory_keyring.secrets
    assert page.password.text() == ""  # not kept on screen either
    page.use_local()
    assert json.loads((_isolated_data_dir / "connexion.json").read_text())["mode"] == "local"


def test_connection_test_reports_an_unreachable_server(
    qtbot: QtBot, db: Database, memory_keyring: MemoryKeyring
) -> None:
    page = _page(qtbot, db)
    page.host.setText("127.0.0.1")
    page.port.setValue(1)
    page.user.setText("coord1")
    QTest.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "ne répond pas" in page.server_status.text(), timeout=15_000)


def test_about_shows_version_and_offline_use(qtbot: QtBot, db: Database) -> None:
    page = _page(qtbot, db)
    texts = [label.text() for label in page.findChildren(type(page.location_label))]
    assert any(__version__ in text for text in texts)
    assert any("hors connexion" in text for text in texts)
    assert page.location_label.text() == db.location


def test_retention_lists_then_anonymises_pupils_without_activity(
    qtbot: QtBot, demo_db: Database
) -> None:
    from datetime import datetime  # noqa: PLC0415

    from sqlalchemy import func, select  # noqa: PLC0415

    from cites_app.models import Pupil  # noqa: PLC0415

    page = SettingsPage(demo_db, pool=QThreadPool(), clock=lambda: datetime(2026, 10, 1))
    qtbot.addWidget(page)
    page.retention_list_button.click()
    assert "rien à anonymiser" in page.retention_status.text()  # the demo is recent
    late = SettingsPage(demo_db, pool=QThreadPool(), clock=lambda: datetime(2031, 10, 1))
    qtbot.addWidget(late)
    late.retention_list_button.click()
    due = len(late.expired_ids)
    assert due > 1000 and late.retention_apply_button.isEnabled()
    late.retention_apply_button.click()
    assert late.retention_status.text().startswith(f"{due} élève(s) anonymisé(s)")
    with demo_db.read_session() as session:
        anonymised = session.scalar(
            select(func.count()).select_from(Pupil).where(Pupil.anonymised_at.is_not(None))
        )
    assert anonymised == due


def test_a_newer_calendar_is_imported_from_the_settings(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    page = _page(qtbot, db)
    assert page.calendar_label.text().startswith("Utilisé : calendrier_scolaire_2023-2027.csv")
    source = Path(__file__).resolve().parents[1] / "data" / "calendar"
    page.choose_calendar_file = lambda: str(source / "calendrier_scolaire_2023-2027.csv")
    page.calendar_button.click()
    assert page.calendar_label.text().startswith("Calendrier importé. Utilisé : ")
    assert "_importe.csv" in page.calendar_label.text()
    bad = tmp_path / "faux.csv"
    bad.write_text("ceci;n'est;pas\n1;2;3\n", encoding="utf-8")
    page.choose_calendar_file = lambda: str(bad)
    page.calendar_button.click()
    assert page.calendar_label.text().startswith("Fichier refusé")
