"""The main window: title, keyboard, home figures, remembered layout."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from cites_app.db.database import Database
from cites_app.ui.main_window import ESTABLISHMENTS, HOME, MIX, PUPILS, ROLL_CALL, MainWindow
from tests.registers.sample import Sample, clock


def _window(qtbot: QtBot, db: Database, settings: QSettings) -> MainWindow:
    window = MainWindow(db, settings, clock)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_title_has_the_territory_and_status_bar_the_database(
    qtbot: QtBot, db: Database, sample: Sample, ui_settings: QSettings
) -> None:
    window = _window(qtbot, db, ui_settings)
    assert window.windowTitle() == "Cités éducatives — coordination — Cité éducative de Grigny"
    labels = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert labels == [
        "Accueil",
        "Établissements",
        "Élèves",
        "Programme",
        "Calendrier",
        "Séances",
        "Appel",
        "Mixité",
        "Imports",
        "Exports",
        "Paramètres",
    ]
    assert window.stack.count() == len(labels)
    assert window.current_page() is window.home
    status_texts = [w.text() for w in window.statusBar().findChildren(type(window.home.title))]
    assert any(db.location in text for text in status_texts)


def test_keyboard_switches_pages_and_focuses_search(
    qtbot: QtBot, db: Database, sample: Sample, ui_settings: QSettings
) -> None:
    window = _window(qtbot, db, ui_settings)
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is window.establishments
    assert window.navigation.currentRow() == ESTABLISHMENTS
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is window.pupils
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.pupils.search.hasFocus()
    # Tab goes from the search field through the filters to the table.
    QTest.keyClick(window.pupils.search, Qt.Key.Key_Tab)
    assert window.pupils.establishment_combo.hasFocus()
    for _ in range(4):  # niveau, QPV, autorisation, then the table
        QTest.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    assert window.pupils.table.hasFocus()
    QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.navigation.currentRow() == HOME


def test_home_page_shows_the_territory_figures(
    qtbot: QtBot, db: Database, sample: Sample, ui_settings: QSettings
) -> None:
    home = _window(qtbot, db, ui_settings).home
    qtbot.waitUntil(lambda: not home.is_loading)  # figures are computed off the UI thread
    assert home.title.text() == "Cité éducative de Grigny"
    assert home.subtitle.text() == (
        "Communes : Grigny, Viry-Châtillon · Académie de Versailles · zone C"
    )
    assert home.year_combo.currentText() == "2025-2026"
    assert home.year_heading.text() == "Année scolaire 2025-2026"

    def card(key: str) -> tuple[str, str]:
        return home.cards[key].value_label.text(), home.cards[key].detail_label.text()

    assert card("establishments") == ("4", "2 écoles · 1 collège · 1 lycée")
    assert card("pupils") == ("6", "dont 5 inscrits à une activité")
    assert card("sessions") == ("6", "3 réalisées · 2 à venir · 1 annulée")
    assert card("presences") == ("4", "élèves présents, sur 6 élèves appelés")
    assert card("hours")[0] == "8,5\u00a0h"
    assert card("rate")[0] == "67\u00a0%"
    assert card("schools")[0] == "3"
    assert home.missing_value.text() == "1"
    # The previous year has one séance and one présence of 3 hours.
    home.year_combo.setCurrentIndex(home.year_combo.findText("2024-2025"))
    assert home.is_loading
    qtbot.waitUntil(lambda: not home.is_loading)
    assert card("sessions") == ("1", "1 réalisée · 0 à venir · 0 annulée")
    assert card("hours")[0] == "3,0\u00a0h"


def test_home_link_opens_the_sessions_without_attendance(
    qtbot: QtBot, db: Database, sample: Sample, ui_settings: QSettings
) -> None:
    window = _window(qtbot, db, ui_settings)
    QTest.mouseClick(window.home.see_missing, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.sessions
    assert window.sessions.period_combo.currentText() == "Passées sans appel"
    assert window.sessions.model.rowCount() == 1


def test_layout_is_remembered_between_runs(
    qtbot: QtBot, db: Database, sample: Sample, ui_settings: QSettings
) -> None:
    first = _window(qtbot, db, ui_settings)
    first.resize(QSize(1000, 640))
    first.splitter.setSizes([260, 740])
    first.show_page(PUPILS)
    first.pupils.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # prénom, Z → A
    first.pupils.table.setColumnWidth(0, 222)
    qtbot.waitUntil(lambda: first.size() == QSize(1000, 640))
    nav_width = first.splitter.sizes()[0]
    assert nav_width > 154  # wider than the default
    first.close()

    reopened = QSettings(ui_settings.fileName(), QSettings.Format.IniFormat)
    second = _window(qtbot, db, reopened)
    assert second.size() == QSize(1000, 640)
    assert second.splitter.sizes()[0] == nav_width
    header = second.pupils.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        1,
        Qt.SortOrder.DescendingOrder,
    )
    assert second.pupils.table.columnWidth(0) == 222
    assert second.current_page() is second.home  # the window always opens on Accueil
    second.show_page(PUPILS)
    model = second.pupils.model
    assert model.data(model.index(0, 1)) == "Zoé"  # the restored sort was applied


def test_the_demo_territory_fills_every_page(
    qtbot: QtBot, demo_db: Database, ui_settings: QSettings
) -> None:
    window = MainWindow(demo_db, ui_settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.home.is_loading)
    assert window.home.demo_note.isVisible()
    assert window.home.year_combo.currentText() == "2025-2026"  # the year the demo covers
    assert int(window.home.cards["pupils"].value_label.text().replace("\u202f", "")) > 2000
    for index, page in ((1, window.establishments), (2, window.pupils), (3, window.sessions)):
        window.show_page(index)
        assert page.model.rowCount() > 0
        assert page.model.data(page.model.index(page.model.rowCount() - 1, 0))


def test_mix_page_links_open_the_school_and_the_session(
    qtbot: QtBot, db: Database, sample: Sample, ui_settings: QSettings
) -> None:
    window = _window(qtbot, db, ui_settings)
    assert window.navigation.item(MIX).text() == "Mixité"
    window.mix.open_school.emit("GRIGNY")
    assert window.current_page() is window.establishments
    assert window.establishments.search.text() == "GRIGNY"
    assert window.establishments.model.rowCount() == 3
    session_id = next(iter(sample.sessions.values()))
    window.mix.open_session.emit(session_id)
    assert window.current_page() is window.sessions
    selected = window.sessions.table.selectionModel().selectedRows()
    assert [window.sessions.model.row_id(i.row()) for i in selected] == [session_id]


def test_enter_on_a_session_opens_its_roll_call(
    qtbot: QtBot, db: Database, sample: Sample, ui_settings: QSettings
) -> None:
    window = _window(qtbot, db, ui_settings)
    session_id = next(iter(sample.sessions.values()))
    window.mix.open_session.emit(session_id)  # selects it in Séances
    QTest.keyClick(window.sessions.table, Qt.Key.Key_Return)
    assert window.current_page() is window.roll_call
    assert window.navigation.currentRow() == ROLL_CALL
    assert window.roll_call.seance is not None and window.roll_call.seance.id == session_id


def test_first_run_opens_on_most_of_the_screen_with_every_establishment_column(
    qtbot: QtBot, db: Database, sample: Sample, ui_settings: QSettings
) -> None:
    window = _window(qtbot, db, ui_settings)
    screen = window.screen().availableGeometry()  # 1600×1000 (tests/offscreen_screen.json)
    assert window.width() == window.fontMetrics().averageCharWidth() * 200
    assert window.height() == round(screen.height() * 0.88)
    assert screen.contains(window.frameGeometry().center())
    window.show_page(ESTABLISHMENTS)
    table = window.establishments.table
    qtbot.waitUntil(lambda: table.model().rowCount() > 0)
    assert not table.horizontalScrollBar().isVisible()  # « Inscrits », « Venus » in view
