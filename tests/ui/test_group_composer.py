"""« Composer les groupes »: propose, move a pupil from the keyboard, apply; impossible requests."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from cites_app.db.database import Database
from cites_app.models import ActivitySession, Registration
from cites_app.ui.dialogs.group_composer import GroupComposerDialog


def _busy_activity(database: Database) -> tuple[int, int, datetime]:
    """The activity with the most registered pupils among those with at least four séances:
    (id, pupils, start of its first séance)."""
    with database.session() as session:
        seances = (
            select(ActivitySession.activity_id, func.min(ActivitySession.starts_at).label("first"))
            .group_by(ActivitySession.activity_id)
            .having(func.count() >= 4)
            .subquery()
        )
        pupils = func.count(func.distinct(Registration.pupil_id))
        row = session.execute(
            select(Registration.activity_id, pupils, seances.c.first)
            .join(seances, seances.c.activity_id == Registration.activity_id)
            .where(Registration.status.in_(("inscrit", "attente")))
            .group_by(Registration.activity_id, seances.c.first)
            .order_by(pupils.desc(), Registration.activity_id)
        ).first()
    assert row is not None and row[1] >= 12
    return int(row[0]), int(row[1]), row[2]


def _column_ids(dialog: GroupComposerDialog) -> list[list[int]]:
    return [
        [int(column.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(column.count())]
        for column in dialog.columns
    ]


def _proposed(
    qtbot: QtBot, database: Database, *, capacity: int = 0, min_schools: int = 0
) -> GroupComposerDialog:
    activity, _pupils, first = _busy_activity(database)
    dialog = GroupComposerDialog(database, activity, since=first)
    qtbot.addWidget(dialog)
    dialog.groups_spin.setValue(2)
    dialog.capacity_spin.setValue(capacity)
    dialog.min_schools_spin.setValue(min_schools)
    QTest.mouseClick(dialog.propose_button, Qt.MouseButton.LeftButton)
    assert dialog.propose_button.text() == "Calcul…"
    qtbot.waitUntil(lambda: dialog.propose_button.text() == "Proposer", timeout=20000)
    assert dialog.error.isHidden(), dialog.error.text()
    return dialog


def test_propose_move_from_the_keyboard_then_apply(qtbot: QtBot, demo_db: Database) -> None:
    _activity, pupils, _first = _busy_activity(demo_db)
    dialog = _proposed(qtbot, demo_db, capacity=pupils // 2 - 1)
    composition = dialog.composition
    assert composition is not None and composition.feasible
    # Two groups and the waiting list; every candidate shown exactly once.
    ids = _column_ids(dialog)
    assert len(ids) == 3
    assert Counter(i for column in ids for i in column) == Counter(list(composition.assignment))
    assert len(ids[2]) >= 2  # two places short at least
    assert "au hasard" in dialog.summary.text()
    assert "5 % de tirages les plus mélangés" in dialog.summary.text()
    first_column = dialog.columns[0]
    assert first_column.item(0).toolTip()  # the placement's explanation
    header_before = dialog.column_headers[0].text()

    # Keyboard path: select the first pupil of « Groupe A », send it to the waiting list.
    moved = ids[0][0]
    first_column.setFocus()
    first_column.setCurrentRow(0)
    dialog.move_combo.setCurrentIndex(dialog.move_combo.findText("Liste d'attente"))
    QTest.keyClick(dialog.move_button, Qt.Key.Key_Space)
    after = dialog.composition
    assert after is not None and after.assignment[moved] is None
    assert dialog.column_headers[0].text() != header_before
    assert f"{len(ids[0]) - 1} élèves" in dialog.column_headers[0].text()
    assert moved in _column_ids(dialog)[2]
    assert dialog.status.text().startswith("1 élève déplacé")
    assert dialog.apply_button.isEnabled()

    QTest.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20000)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.outcome is not None
    assert dialog.outcome.placed == len(ids[0]) + len(ids[1]) - 1
    assert dialog.outcome.waiting == len(ids[2]) + 1
    with demo_db.session() as session:
        rows = session.execute(
            select(
                Registration.pupil_id,
                Registration.session_id,
                Registration.status,
                Registration.activity_id,
            ).where(Registration.pupil_id.in_(list(after.assignment)))
        ).all()
    for group in after.groups:
        for pupil in group.pupils:
            mine = {r[1] for r in rows if r[0] == pupil.id and r[2] == "inscrit" and r[1]}
            assert set(group.track.session_ids) <= mine
    waiting = {r[0] for r in rows if r[1] is None and r[2] == "attente"}
    assert waiting == {p.candidate.id for p in after.waiting}
    assert moved in waiting


def test_a_move_that_misses_a_target_is_flagged_and_not_applied(
    qtbot: QtBot, demo_db: Database
) -> None:
    _activity, pupils, _first = _busy_activity(demo_db)
    dialog = _proposed(qtbot, demo_db, capacity=pupils // 2 - 1)
    waiting_pupil = _column_ids(dialog)[2][0]
    dialog.move_pupils([waiting_pupil], 0)
    assert not dialog.violations.isHidden()
    assert dialog.violations.text().startswith("Contrainte non respectée : Groupe A")
    assert not dialog.apply_button.isEnabled()


@pytest.mark.parametrize("min_schools", [30])
def test_an_impossible_request_says_why(qtbot: QtBot, demo_db: Database, min_schools: int) -> None:
    dialog = _proposed(qtbot, demo_db, min_schools=min_schools)
    assert not dialog.violations.isHidden()
    text = dialog.violations.text()
    assert text.startswith("Impossible : Il faut au moins 30 élèves par groupe")
    assert "établissements différents" in text
    assert not dialog.apply_button.isEnabled()


def test_a_pupil_dropped_on_another_column_moves_there(qtbot: QtBot, demo_db: Database) -> None:
    _activity, pupils, _first = _busy_activity(demo_db)
    dialog = _proposed(qtbot, demo_db, capacity=pupils // 2 - 1)
    source, target = dialog.columns[0], dialog.columns[2]
    moved = int(source.item(0).data(Qt.ItemDataRole.UserRole))
    data = source.mimeData([source.item(0)])
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.MoveAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    target.dropEvent(drop)
    qtbot.waitUntil(lambda: moved in _column_ids(dialog)[2])
    assert dialog.composition is not None and dialog.composition.assignment[moved] is None
