"""Page « Imports »: preview in a worker, tick, import in one go, refused files, rejected rows."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from cites_app.db.database import Database
from cites_app.imports import StalePreviewError, preview_pupils
from cites_app.models import Establishment, Pupil
from cites_app.ui.models.import_preview_model import (
    PUPIL_HEADERS,
    PUPIL_WIDTHS,
    ImportPreviewModel,
    pupil_entries,
)
from cites_app.ui.pages import imports_page
from cites_app.ui.pages.imports_page import ImportsPage

DATA = Path(__file__).resolve().parents[1] / "data"
PUPIL_FILES = DATA / "pupil_files"
IPS_COLLEGES = DATA / "opendata" / "ips_colleges_2022-2023_national.csv"
ECOLE = "0930288H"  # École élémentaire Édouard Vaillant, in the demo territory
NOW = datetime(2025, 9, 1, 9, 0)


def _count(database: Database, model: type[Any]) -> int:
    with database.read_session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _page(qtbot: QtBot, database: Database, file: Path | None = None) -> ImportsPage:
    page = ImportsPage(database, clock=lambda: NOW, pool=QThreadPool())
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.choose_file = lambda _kind: str(file) if file else None
    return page


def _preview(qtbot: QtBot, page: ImportsPage) -> None:
    QTest.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.choose_button.isEnabled, timeout=15_000)


def _import(qtbot: QtBot, page: ImportsPage) -> None:
    QTest.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.report_label.text().startswith("Import terminé"), timeout=15_000)


def test_a_clean_pupil_list_is_previewed_then_imported(qtbot: QtBot, demo_db: Database) -> None:
    page = _page(qtbot, demo_db, PUPIL_FILES / "liste.ods")
    page.select_establishment(ECOLE)
    before = _count(demo_db, Pupil)
    _preview(qtbot, page)

    assert page.model.rowCount() == 3
    assert "3 lignes" in page.counts_label.text()
    assert "3 nouveaux" in page.counts_label.text()
    assert {page.model.index(row, 0).data() for row in range(3)} == {"Nouveau"}
    assert page.model.index(0, 5).data() == ECOLE
    assert page.import_button.text() == "&Importer les 3 lignes acceptées"
    assert _count(demo_db, Pupil) == before  # a preview writes nothing

    _import(qtbot, page)
    assert _count(demo_db, Pupil) == before + 3
    assert "3 élèves créés" in page.report_label.text()
    assert "0 mis à jour" in page.report_label.text()
    assert page.model.rowCount() == 0  # nothing pending any more
    assert not page.import_button.isEnabled()


def test_unticked_rows_are_not_imported_and_errors_say_why(
    qtbot: QtBot, demo_db: Database, tmp_path: Path
) -> None:
    page = _page(qtbot, demo_db, PUPIL_FILES / "onde_utf8.csv")
    page.select_establishment(ECOLE)
    before = _count(demo_db, Pupil)
    _preview(qtbot, page)

    model = page.model
    statuses = [model.entry(row).status for row in range(model.rowCount())]
    assert statuses.count("new") == 4 and statuses.count("error") == 1
    error = next(row for row in range(model.rowCount()) if model.entry(row).status == "error")
    assert model.index(error, 1).data() == "7"
    assert "Date de naissance impossible" in model.index(error, 6).data()
    assert "colonne « Date naissance »" in model.index(error, 6).data()
    assert not model.flags(model.index(error, 0)) & Qt.ItemFlag.ItemIsUserCheckable

    first_new = statuses.index("new")
    model.setData(
        model.index(first_new, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole
    )
    assert page.import_button.text() == "&Importer les 3 lignes acceptées"

    target = tmp_path / "refusees.xlsx"
    page.choose_save_file = lambda _suggested: str(target)
    QTest.mouseClick(page.save_rejected_button, Qt.MouseButton.LeftButton)
    assert "1 ligne refusée enregistrée" in page.report_label.text()
    assert openpyxl.load_workbook(target).active is not None

    _import(qtbot, page)
    assert _count(demo_db, Pupil) == before + 3
    assert "1 ligne refusée" in page.report_label.text()
    assert "1 ligne non cochée" in page.report_label.text()
    assert [model.entry(row).status for row in range(model.rowCount())] == ["new", "error"]


def test_a_stale_preview_is_explained_and_writes_nothing(
    qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(qtbot, demo_db, PUPIL_FILES / "liste.ods")
    page.select_establishment(ECOLE)
    before = _count(demo_db, Pupil)
    _preview(qtbot, page)

    def stale(*_args: object, **_kwargs: object) -> None:
        raise StalePreviewError("liste.ods : la base a changé depuis l'aperçu")

    monkeypatch.setattr(imports_page, "commit_pupils", stale)
    QTest.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.message_label.isVisible, timeout=15_000)
    assert "Rien n'a été importé" in page.message_label.text()
    assert "Refaire l'aperçu" in page.message_label.text()
    assert _count(demo_db, Pupil) == before
    monkeypatch.undo()
    QTest.mouseClick(page.again_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=15_000)
    assert page.import_button.isEnabled()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ElevesSansAdresses_tronque.xml", "tronqué ou mal formé (ligne 13)"),
        ("binaire.csv", "image PNG"),
        ("vide.csv", "Le fichier est vide"),
        ("classeur_tronque.xlsx", "Archive zip tronquée"),
    ],
)
def test_a_damaged_file_is_refused_in_french_and_nothing_is_written(
    qtbot: QtBot, demo_db: Database, name: str, expected: str
) -> None:
    page = _page(qtbot, demo_db, PUPIL_FILES / name)
    before = _count(demo_db, Pupil)
    _preview(qtbot, page)

    assert page.message_label.isVisible()
    assert name in page.message_label.text() and expected in page.message_label.text()
    assert page.model.rowCount() == 0
    assert not page.table.isVisible()  # no table for a refused file
    assert not page.import_button.isEnabled()
    page.commit()  # even forced, nothing to write
    assert _count(demo_db, Pupil) == before


def test_open_data_schools_outside_the_territory_are_offered_unticked(
    qtbot: QtBot, demo_db: Database
) -> None:
    page = _page(qtbot, demo_db, IPS_COLLEGES)
    page.set_kind("establishments")
    assert not page.establishment_combo.isVisible()
    before = _count(demo_db, Establishment)
    _preview(qtbot, page)

    model = page.model
    rows = [model.entry(row) for row in range(model.rowCount())]
    assert len(rows) == 21
    outside = [row for row, entry in enumerate(rows) if entry.cells[4] == "hors territoire"]
    assert len(outside) == 15
    assert all(not rows[row].checked for row in outside)
    assert all(
        model.index(row, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
        for row in outside
    )
    inside = [entry for entry in rows if entry.cells[4] == "oui"]
    assert len(inside) == 6 and all(entry.status != "new" for entry in inside)  # demo schools
    assert all(entry.checked for entry in inside if entry.status == "update")

    # The user adds two schools from outside the territory.
    for row in outside[:2]:
        model.setData(model.index(row, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    pending = len([e for e in rows if e.status in ("new", "update") and not e.checked])
    _import(qtbot, page)
    assert _count(demo_db, Establishment) == before + 2
    assert "2 établissements créés" in page.report_label.text()
    assert "13 lignes non cochées" in page.report_label.text()
    assert model.rowCount() == pending  # the imported and unchanged rows are no longer pending
    # The new schools are offered for the next pupil list.
    page.set_kind("pupils")
    assert page.establishment_combo.findData(rows[outside[0]].key) > 0


def test_preview_model_passes_the_model_tester(qtmodeltester: Any, demo_db: Database) -> None:
    preview = preview_pupils(demo_db, PUPIL_FILES / "onde_utf8.csv", ECOLE, today=NOW.date())
    model = ImportPreviewModel()
    qtmodeltester.check(model)
    model.set_entries(pupil_entries(preview), PUPIL_HEADERS, PUPIL_WIDTHS)
    assert model.rowCount() == 5
    qtmodeltester.check(model)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    model.sort(0)
    assert model.entry(model.rowCount() - 1).status == "error"
    model.set_all_checked(False)
    assert model.accepted_count() == 0
    model.clear()
    qtmodeltester.check(model)


def test_the_attendance_import_opens_from_the_imports_page(qtbot: QtBot, demo_db: Database) -> None:
    from cites_app.ui.dialogs.attendance_import_dialog import AttendanceImportDialog  # noqa: PLC0415

    page = ImportsPage(demo_db)
    qtbot.addWidget(page)
    page.show()
    page.attendance_button.click()
    assert isinstance(page.attendance_dialog, AttendanceImportDialog)
    assert page.attendance_dialog.windowTitle() == "Importer des présences passées"
    page.attendance_dialog.reject()


def test_unknown_columns_are_corrected_then_remembered(
    qtbot: QtBot, demo_db: Database, tmp_path: Path
) -> None:
    from cites_app.models import ImportMapping  # noqa: PLC0415
    from cites_app.pupil_files import Field  # noqa: PLC0415

    odd = tmp_path / "liste_directrice.csv"
    odd.write_text(
        "Famille;Petit nom;Venu au monde le\nBELMONT;Inès;12/03/2015\nVALOREL;Noé;07/11/2014\n",
        encoding="utf-8",
    )
    page = _page(qtbot, demo_db, odd)
    page.select_establishment(ECOLE)
    before = _count(demo_db, Pupil)
    _preview(qtbot, page)
    assert page.model.rowCount() == 0  # refused: no column is recognised
    assert page.columns_button.isEnabled()
    page.columns_button.click()
    dialog = page.mapping_dialog
    assert dialog is not None
    dialog.choose(Field.LAST_NAME, 0)
    dialog.choose(Field.FIRST_NAME, 1)
    dialog.choose(Field.BIRTH_DATE, 2)
    dialog.accept()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=15_000)
    assert "2 nouveaux" in page.counts_label.text()
    _import(qtbot, page)
    assert _count(demo_db, Pupil) == before + 2
    assert _count(demo_db, ImportMapping) == 1  # the next file with these columns is understood
    # A second file with the same headers is read with the remembered columns at once.
    again = tmp_path / "liste_directrice_2.csv"
    again.write_text("Famille;Petit nom;Venu au monde le\nCORVILLE;Lou;01/02/2015\n", "utf-8")
    page.choose_file = lambda _kind: str(again)
    _preview(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=15_000)


def test_file_notes_and_unreadable_rows_are_shown_before_importing(
    qtbot: QtBot, demo_db: Database, tmp_path: Path
) -> None:
    """Class title rows are announced above the table; a refused row shows what it holds."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Nom", "Prénom", "Né(e) le"])
    sheet.append(["CM2 A"])
    sheet.append(["BENALI", "Yasmine", datetime(2014, 5, 2)])
    sheet.append(["Nouveaux arrivants"])
    path = tmp_path / "par_classe.xlsx"
    workbook.save(path)
    page = _page(qtbot, demo_db, path)
    page.select_establishment(ECOLE)
    _preview(qtbot, page)

    assert page.message_label.isVisible()
    assert page.message_label.text() == (
        "À vérifier avant l'import :\n"
        "par_classe.xlsx, ligne 2 : Titre de classe « CM2 A » : classe des élèves des lignes "
        "suivantes"
    )
    lines = {
        page.model.index(row, 1).data(): (
            page.model.index(row, 0).data(),
            page.model.index(row, 2).data(),
            page.model.index(row, 4).data(),
        )
        for row in range(page.model.rowCount())
    }
    assert lines == {
        "3": ("Nouveau", "BENALI Yasmine", "CM2 A"),
        "4": ("Erreur", "« Nouveaux arrivants »", ""),
    }


def test_a_school_missing_from_the_database_is_added_from_the_preview(
    qtbot: QtBot, demo_db: Database
) -> None:
    """A SIECLE export of a lycée the territory does not have yet: add it, then import."""
    page = _page(qtbot, demo_db, PUPIL_FILES / "ElevesSansAdresses.xml")
    _preview(qtbot, page)
    assert page.add_school_button.isVisible()
    assert page.add_school_button.text() == "Ajouter l'établissement 0930123D…"
    assert "0 nouveau" in page.counts_label.text()

    QTest.mouseClick(page.add_school_button, Qt.MouseButton.LeftButton)
    dialog = page.school_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=15_000)
    dialog.choose(dialog.matches[0])
    dialog.add_outside.click()  # Noisy-le-Sec is not Pantin
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted

    qtbot.waitUntil(lambda: "6 nouveaux" in page.counts_label.text(), timeout=15_000)
    assert page.add_school_button.isHidden()
    with demo_db.read_session() as session:
        name = session.scalar(select(Establishment.name).where(Establishment.uai == "0930123D"))
    assert name == "Lycée général et technologique Olympe de Gouges"


def _drop_event(urls: list[QUrl]) -> tuple[QMimeData, QDropEvent]:
    data = QMimeData()
    data.setUrls(urls)
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    return data, event  # the event does not own its data: keep both alive


def test_a_file_dropped_on_the_page_is_previewed(
    qtbot: QtBot, demo_db: Database, tmp_path: Path
) -> None:
    page = _page(qtbot, demo_db)
    page.select_establishment(ECOLE)
    two = [QUrl.fromLocalFile(str(PUPIL_FILES / "liste.ods"))] * 2
    _keep, refused = _drop_event(two)
    page.dropEvent(refused)
    assert not refused.isAccepted()  # one file at a time
    assert page.file_label.text() == "Aucun fichier choisi."

    _keep, dropped = _drop_event([QUrl.fromLocalFile(str(PUPIL_FILES / "liste.ods"))])
    page.dropEvent(dropped)
    assert dropped.isAccepted()
    qtbot.waitUntil(page.choose_button.isEnabled, timeout=15_000)
    assert page.file_label.text() == "Élèves de « liste.ods »"
    assert "3 nouveaux" in page.counts_label.text()
