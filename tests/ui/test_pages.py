"""What a coordinator notices on the list pages: searching, filtering, sorting, empty states."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from cites_app.db.database import Database
from cites_app.ui.pages.establishments import EstablishmentsPage
from cites_app.ui.pages.list_page import ListPage
from cites_app.ui.pages.pupils import PupilsPage
from cites_app.ui.pages.sessions import SessionsPage
from tests.registers.sample import Sample, clock


def _column(page: ListPage, column: int) -> list[str]:
    model = page.model
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def _click_header(qtbot: QtBot, page: ListPage, section: int) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    QTest.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )


def test_typing_in_the_pupil_search_filters_the_rows(
    qtbot: QtBot, db: Database, sample: Sample
) -> None:
    page = PupilsPage(db)
    qtbot.addWidget(page)
    page.show()
    assert page.model.rowCount() == 6
    assert page.count_label.text() == "6 élèves"
    QTest.keyClicks(page.search, "eloise")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert _column(page, 1) == ["Éloïse"] and _column(page, 0) == ["Lefèvre"]
    assert page.count_label.text() == "1 sur 6 élèves"
    page.search.clear()
    QTest.keyClicks(page.search, "EL")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert _column(page, 1) == ["Éloïse", "Élodie"]


def test_unknown_search_shows_the_empty_state(qtbot: QtBot, db: Database, sample: Sample) -> None:
    page = PupilsPage(db)
    qtbot.addWidget(page)
    page.show()
    QTest.keyClicks(page.search, "Zebulon")  # QTest types ASCII only
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.model.empty_message() == "Aucun élève ne correspond à la recherche."
    page.table.viewport().repaint()  # paints the message without a Qt warning
    QTest.keyClick(page.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.model.rowCount() == 6)


def test_pupil_filters_by_establishment_niveau_and_qpv(
    qtbot: QtBot, db: Database, sample: Sample
) -> None:
    page = PupilsPage(db)
    qtbot.addWidget(page)
    combo = page.establishment_combo
    combo.setCurrentIndex(combo.findText("École élémentaire Jules Ferry"))
    assert sorted(_column(page, 1)) == ["Inès", "Zoé", "Éloïse"]
    page.niveau_combo.setCurrentIndex(page.niveau_combo.findText("CM2"))
    page.qpv_combo.setCurrentIndex(page.qpv_combo.findText("Oui"))
    assert _column(page, 1) == ["Inès", "Éloïse"]
    assert page.count_label.text() == "2 sur 6 élèves"
    # The sample has no authorisation at all: everyone filtered lacks their participation one.
    page.authorisation_combo.setCurrentIndex(
        page.authorisation_combo.findText("Participation manquante")
    )
    assert _column(page, 1) == ["Inès", "Éloïse"]


def test_clicking_a_header_sorts_the_pupils(qtbot: QtBot, db: Database, sample: Sample) -> None:
    page = PupilsPage(db)
    qtbot.addWidget(page)
    page.resize(1200, 500)
    page.show()
    qtbot.waitExposed(page)
    assert _column(page, 0)[0] == "Benali"  # by last name by default
    _click_header(qtbot, page, 1)  # Prénom
    assert _column(page, 1) == ["Adam", "Élodie", "Éloïse", "Inès", "Noé", "Zoé"]
    _click_header(qtbot, page, 1)  # again: descending
    assert _column(page, 1)[0] == "Zoé"
    _click_header(qtbot, page, 4)  # Niveau
    assert _column(page, 4)[0] == "CM1"


def test_establishments_page_search_and_sort(qtbot: QtBot, db: Database, sample: Sample) -> None:
    page = EstablishmentsPage(db)
    qtbot.addWidget(page)
    page.resize(1300, 500)
    page.show()
    qtbot.waitExposed(page)
    assert _column(page, 1)[0] == "Collège Jean Moulin"
    _click_header(qtbot, page, 6)  # IPS, lowest first
    assert _column(page, 6)[:3] == ["74,1", "85,6", "121,3"]
    QTest.keyClicks(page.search, "grigny")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert page.count_label.text() == "3 sur 5 établissements"


def test_sessions_page_filters_by_type_and_period(
    qtbot: QtBot, db: Database, sample: Sample
) -> None:
    page = SessionsPage(db, clock)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 0  # nothing is queried before the page is opened
    page.show()
    assert page.period_combo.currentText() == "À venir"
    assert _column(page, 0) == ["mer. 18 mars 2026", "mer. 25 mars 2026"]
    page.period_combo.setCurrentIndex(page.period_combo.findText("Passées sans appel"))
    assert _column(page, 2) == ["Découverte des métiers du numérique"]
    page.period_combo.setCurrentIndex(page.period_combo.findText("Toutes"))
    page.kind_combo.setCurrentIndex(page.kind_combo.findText("Périscolaire"))
    assert page.model.rowCount() == 4
    assert page.count_label.text() == "4 sur 7 séances"
