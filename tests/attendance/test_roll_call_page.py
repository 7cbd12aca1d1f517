"""The « Appel » page: a keystroke per pupil, every change in the database at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QSpinBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cites_app.attendance import EXCUSED, PRESENT, UNEXCUSED, RollCallService
from cites_app.db.database import Database
from cites_app.models import Attendance
from cites_app.ui.models.roll_call_model import (
    ABSENT_COLUMN,
    MINUTES,
    NAME,
    NOTE,
    PRESENT_COLUMN,
    RollCallModel,
)
from cites_app.ui.pages.roll_call import RollCallPage
from tests.attendance.conftest import World, clock


def _saved(database: Database, session_id: int) -> dict[int, tuple[str, int | None]]:
    with database.read_session() as session:
        rows = session.execute(
            select(Attendance.pupil_id, Attendance.status, Attendance.minutes).where(
                Attendance.session_id == session_id
            )
        ).all()
    return {pupil: (status, minutes) for pupil, status, minutes in rows}


def _page(qtbot: QtBot, world: World) -> RollCallPage:
    page = RollCallPage(world.database, clock)
    qtbot.addWidget(page)
    page.resize(1100, 750)
    page.show()
    page.open_session(world.seances["today"])
    return page


def _row_of(page: RollCallPage, pupil_id: int) -> int:
    row = page.model.row_of(pupil_id)
    assert row is not None
    return row


def test_roll_call_model_passes_the_model_tester(qtmodeltester: Any, world: World) -> None:
    model = RollCallModel()
    service = RollCallService(world.database, clock)
    model.set_roll_call(service.roll_call(world.seances["today"]))
    qtmodeltester.check(model)
    service.mark(world.seances["today"], world.pupils["lina"], PRESENT, minutes=30)
    model.merge_marks(service.marks(world.seances["today"]))
    qtmodeltester.check(model)
    assert model.rowCount() == 9  # 3 school headings + 6 pupils
    assert model.data(model.index(0, NAME)) == "Collège Jean-Lolive — 2 élèves"
    row = model.row_of(world.pupils["lina"])
    assert row is not None
    assert model.data(model.index(row, PRESENT_COLUMN)) == "✔"
    assert model.data(model.index(row, MINUTES)) == "30 min"
    assert not model.flags(model.index(0, NAME)) & Qt.ItemFlag.ItemIsSelectable
    model.set_roll_call(None)
    qtmodeltester.check(model)


def test_keys_mark_pupils_and_save_at_once(qtbot: QtBot, world: World) -> None:
    page = _page(qtbot, world)
    assert page.title.text() == "Appel — Atelier théâtre"
    assert "mercredi 7 janvier 2026, 14h00–16h30" in page.details.text()
    assert page.counts.text() == "0 présent · 0 absent · 6 non pointés"
    seance = world.seances["today"]
    # The first pupil (Benali Yanis) is selected: P, A, E mark and move down.
    assert page.table.currentIndex().row() == _row_of(page, world.pupils["yanis"])
    QTest.keyClick(page.table, Qt.Key.Key_P)
    QTest.keyClick(page.table, Qt.Key.Key_A)  # Traoré Noé
    QTest.keyClick(page.table, Qt.Key.Key_E)  # the heading is skipped: Dupont Lina
    assert _saved(world.database, seance) == {
        world.pupils["yanis"]: (PRESENT, None),
        world.pupils["noe"]: (UNEXCUSED, None),
        world.pupils["lina"]: (EXCUSED, None),
    }
    assert page.table.currentIndex().row() == _row_of(page, world.pupils["adam"])
    assert page.counts.text() == "1 présent · 2 absents (dont 1 excusé) · 3 non pointés"
    # A correction: back up to Lina, P; Suppr removes Yanis's mark.
    QTest.keyClick(page.table, Qt.Key.Key_Up)
    QTest.keyClick(page.table, Qt.Key.Key_P)
    assert _saved(world.database, seance)[world.pupils["lina"]] == (PRESENT, None)
    page.table.setCurrentIndex(page.model.index(_row_of(page, world.pupils["yanis"]), NAME))
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    assert world.pupils["yanis"] not in _saved(world.database, seance)


def test_click_all_present_then_exceptions(qtbot: QtBot, world: World) -> None:
    page = _page(qtbot, world)
    seance = world.seances["today"]
    QTest.mouseClick(page.all_present, Qt.MouseButton.LeftButton)
    assert set(_saved(world.database, seance).values()) == {(PRESENT, None)}
    assert len(_saved(world.database, seance)) == 6
    assert page.counts.text() == "6 présents · 0 absent · 0 non pointé"
    # A click in the « Absent » column of Sara.
    row = _row_of(page, world.pupils["sara"])
    rect = page.table.visualRect(page.model.index(row, ABSENT_COLUMN))
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _saved(world.database, seance)[world.pupils["sara"]] == (UNEXCUSED, None)
    assert page.counts.text() == "5 présents · 1 absent · 0 non pointé"


def test_m_types_a_partial_presence(qtbot: QtBot, world: World) -> None:
    page = _page(qtbot, world)
    row = _row_of(page, world.pupils["adam"])
    page.table.setCurrentIndex(page.model.index(row, NAME))
    QTest.keyClick(page.table, Qt.Key.Key_M)
    editor = page.table.viewport().findChild(QSpinBox)
    assert isinstance(editor, QSpinBox) and editor.maximum() == 150
    editor.selectAll()
    QTest.keyClicks(editor, "95")
    QTest.keyClick(editor, Qt.Key.Key_Return)  # Qt commits the editor on the next event loop
    qtbot.waitUntil(lambda: world.pupils["adam"] in _saved(world.database, world.seances["today"]))
    assert _saved(world.database, world.seances["today"])[world.pupils["adam"]] == (PRESENT, 95)
    assert page.model.data(page.model.index(row, MINUTES)) == "95 min"
    assert page.counts.text() == "1 présent (dont 1 partiel) · 0 absent · 5 non pointés"


def test_walk_in_search_and_add(qtbot: QtBot, world: World) -> None:
    page = _page(qtbot, world)
    QTest.keyClicks(page.walk_in, "silva")
    qtbot.waitUntil(lambda: page.walk_in_results.count() == 1)
    assert page.walk_in_results.item(0).text().startswith("Da Silva Zoé — 5e, Collège Jean-Lolive")
    QTest.keyClick(page.walk_in, Qt.Key.Key_Return)
    assert _saved(world.database, world.seances["today"]) == {world.pupils["zoe"]: (PRESENT, None)}
    row = _row_of(page, world.pupils["zoe"])
    assert page.model.data(page.model.index(row, NOTE)) == ""
    assert page.message.text() == "Da Silva Zoé ajouté(e) à la séance, présent(e)."
    assert page.counts.text() == "1 présent · 0 absent · 6 non pointés"
    QTest.keyClicks(page.walk_in, "Zebulon")
    qtbot.waitUntil(lambda: "Aucun élève" in page.message.text())
    assert page.walk_in_results.isHidden()


def test_someone_elses_mark_is_merged_and_conflicts_shown(qtbot: QtBot, world: World) -> None:
    page = _page(qtbot, world)
    other = RollCallService(world.database, clock, actor="sophie")
    seance = world.seances["today"]
    other.mark(seance, world.pupils["eloise"], EXCUSED)
    other.mark(seance, world.pupils["yanis"], UNEXCUSED)
    # This page still shows Yanis unmarked: marking him reports Sophie's mark it replaced.
    page.table.setCurrentIndex(page.model.index(_row_of(page, world.pupils["yanis"]), NAME))
    QTest.keyClick(page.table, Qt.Key.Key_P)
    assert "sophie avait noté « absent non excusé »" in page.message.text()
    assert _saved(world.database, seance)[world.pupils["yanis"]] == (PRESENT, None)
    # …and Sophie's other mark is now shown too (merged, not overwritten).
    eloise = _row_of(page, world.pupils["eloise"])
    assert page.model.data(page.model.index(eloise, 3)) == "✔"
    assert _saved(world.database, seance)[world.pupils["eloise"]] == (EXCUSED, None)


def test_cancelled_seance_refuses_marks(qtbot: QtBot, world: World) -> None:
    page = RollCallPage(world.database, clock)
    qtbot.addWidget(page)
    page.show()
    page.open_session(world.seances["cancelled"])
    assert page.message.text() == "Cette séance est annulée : il n'y a pas d'appel à faire."
    QTest.keyClick(page.table, Qt.Key.Key_P)
    assert page.message.text() == "Cette séance est annulée : il n'y a pas d'appel à faire."
    assert _saved(world.database, world.seances["cancelled"]) == {}


def test_export_sheet_from_the_page(qtbot: QtBot, world: World, tmp_path: Path) -> None:
    page = _page(qtbot, world)
    assert page.export_sheet(tmp_path / "jour.pdf", "day") == 1
    assert (tmp_path / "jour.pdf").read_bytes().startswith(b"%PDF")
    assert page.message.text().startswith("Feuille d'émargement enregistrée")


def test_click_outside_rows_does_nothing(qtbot: QtBot, world: World) -> None:
    page = _page(qtbot, world)
    QTest.mouseClick(
        page.table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, page.table.height() - 5)
    )
    assert _saved(world.database, world.seances["today"]) == {}
