"""The séance editor: this séance or this one and the following ones, moving, cancelling,
conflicts and authorisations, and a concurrent change shown with a reload choice."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cites_app.models import ActivitySession
from cites_app.scheduling import (
    STALE_MESSAGE,
    EditScope,
    PlannedSeances,
    RegistrationService,
    SeriesService,
    SessionChanges,
)
from cites_app.ui.dialogs.session_editor import SessionEditor
from tests.scheduling.conftest import World, at
from tests.scheduling.conftest import world as scenario  # noqa: F401 - a fixture, by this name

NOW = datetime(2026, 1, 5, 9, 0)


@pytest.fixture
def world(scenario: World) -> World:  # noqa: F811 - the imported fixture, renamed
    return scenario


@pytest.fixture
def series(world: World) -> list[int]:
    """Eleven Wednesdays of « Atelier hip-hop » at the gymnasium, 14h–16h30, 20 places."""
    service = SeriesService(world.database)
    plan = service.preview_series("mercredi", "07/01/2026", "01/04/2026", "14h", "16h30")
    created = service.create_series(
        world.activities["hiphop"], plan, world.venues["gymnase"], [world.facilitators["karim"]], 20
    )
    return created.session_ids


def _editor(qtbot: QtBot, world: World, session_id: int) -> SessionEditor:
    editor = SessionEditor(world.database, session_id, lambda: NOW)
    qtbot.addWidget(editor)
    return editor


def _rows(world: World, ids: list[int]) -> list[ActivitySession]:
    with world.database.read_session() as session:
        rows = session.scalars(
            select(ActivitySession)
            .where(ActivitySession.id.in_(ids))
            .order_by(ActivitySession.starts_at)
        ).all()
        for row in rows:
            _ = row.facilitators
        return list(rows)


def test_this_one_and_the_following_changes_the_right_rows(
    qtbot: QtBot, world: World, series: list[int]
) -> None:
    editor = _editor(qtbot, world, series[3])
    assert editor.following_radio.isEnabled()
    assert editor.following_radio.text() == "Cette séance et les 7 suivantes de la série"
    editor.following_radio.setChecked(True)
    assert not editor.date.isEnabled()  # a date only moves one séance
    editor.venue_combo.setCurrentIndex(editor.venue_combo.findData(world.venues["salle"]))
    editor.capacity.setValue(12)
    editor.end_time.setTime(QTime(17, 0))
    editor.facilitators.set_checked([world.facilitators["sophie"]])
    with qtbot.waitSignal(editor.changed):
        editor.save_button.click()
    assert editor.saved.text() == "Changements enregistrés sur 8 séances."
    rows = _rows(world, series)
    before, after = rows[:3], rows[3:]
    assert {(r.venue_id, r.capacity, r.ends_at.time()) for r in before} == {
        (world.venues["gymnase"], 20, time(16, 30))
    }
    assert {(r.venue_id, r.capacity, r.ends_at.time()) for r in after} == {
        (world.venues["salle"], 12, time(17, 0))
    }
    assert {tuple(f.id for f in r.facilitators) for r in after} == {(world.facilitators["sophie"],)}


def test_this_seance_only_can_move_to_another_day(
    qtbot: QtBot, world: World, series: list[int]
) -> None:
    editor = _editor(qtbot, world, series[0])
    editor.date.setDate(QDate(2026, 1, 9))
    editor.start_time.setTime(QTime(16, 30))
    editor.end_time.setTime(QTime(18, 0))
    editor.capacity.setValue(10)
    editor.save_button.click()
    rows = {row.id: row for row in _rows(world, series)}
    moved = rows[series[0]]
    assert (moved.starts_at, moved.ends_at, moved.capacity) == (
        datetime(2026, 1, 9, 16, 30),
        datetime(2026, 1, 9, 18, 0),
        10,
    )
    assert rows[series[1]].starts_at == datetime(2026, 1, 14, 14, 0)
    assert editor.subtitle.text().startswith("Périscolaire · vendredi 9 janvier 2026, 16h30–18h00")


def test_moving_onto_a_holiday_asks_for_a_confirmation(
    qtbot: QtBot, world: World, series: list[int]
) -> None:
    editor = _editor(qtbot, world, series[0])
    editor.date.setDate(QDate(2026, 2, 25))
    editor.save_button.click()
    assert editor.errors.text("date").startswith("Pas de séance possible le mercredi 25 février")
    assert not editor.closed_ok.isHidden()
    assert _rows(world, [series[0]])[0].starts_at.date() == date(2026, 1, 7)
    editor.closed_ok.setChecked(True)
    editor.save_button.click()
    assert _rows(world, [series[0]])[0].starts_at.date() == date(2026, 2, 25)
    conflicts = [editor.conflict_list.item(i).text() for i in range(editor.conflict_list.count())]
    assert any(text.startswith("⚠ Jour sans classe") for text in conflicts)


def test_cancel_with_a_reason_then_restore(qtbot: QtBot, world: World, series: list[int]) -> None:
    editor = _editor(qtbot, world, series[1])
    editor.cancel_button.click()
    assert editor.errors.text("cancel_reason") == "Indiquez le motif de l'annulation."
    editor.reason.setText("Intervenant malade")
    with qtbot.waitSignal(editor.changed):
        editor.cancel_button.click()
    row = _rows(world, [series[1]])[0]
    assert row.cancelled and row.cancel_reason == "Intervenant malade"
    assert editor.state.text() == "Séance annulée : Intervenant malade."
    assert editor.cancel_button.isHidden() and not editor.restore_button.isHidden()
    editor.restore_button.click()
    assert not _rows(world, [series[1]])[0].cancelled


def test_a_concurrent_change_is_shown_with_a_reload_choice(
    qtbot: QtBot, world: World, series: list[int]
) -> None:
    editor = _editor(qtbot, world, series[2])
    detail = editor.detail
    assert detail is not None
    # Someone else changes the capacity meanwhile.
    SeriesService(world.database).edit_sessions(
        series[2], SessionChanges(capacity=30), EditScope.THIS, detail.version
    )
    editor.capacity.setValue(8)
    editor.save_button.click()
    assert not editor.banner.isHidden()
    assert editor.banner.label.text() == STALE_MESSAGE
    assert _rows(world, [series[2]])[0].capacity == 30
    editor.banner.button.click()  # « Recharger la séance »
    assert editor.banner.isHidden() and editor.capacity.value() == 30


def test_conflicts_and_missing_authorisations_are_listed(
    qtbot: QtBot, world: World, series: list[int]
) -> None:
    SeriesService(world.database).create_session(
        PlannedSeances(
            world.activities["chorale"],
            [(at(date(2026, 1, 7), 15), at(date(2026, 1, 7), 17))],
            world.venues["gymnase"],
        )
    )
    RegistrationService(world.database).register(
        [world.pupils["col1"]], activity_id=world.activities["hiphop"]
    )
    editor = _editor(qtbot, world, series[0])
    assert editor.conflicts_title.text().startswith("⚠ Conflits (")
    conflicts = [editor.conflict_list.item(i).text() for i in range(editor.conflict_list.count())]
    assert any(text.startswith("⚠ Lieu réservé deux fois") for text in conflicts)
    assert editor.missing_title.text() == "Autorisations manquantes (1)"
    assert editor.missing_list.item(0).text() == (
        "Yanis Benali (Collège Jean-Lolive) : autorisation de participation absente pour la "
        "séance du mercredi 7 janvier 2026."
    )


def test_registration_opens_on_the_seance(qtbot: QtBot, world: World, series: list[int]) -> None:
    opened: list[int] = []

    def factory(session_id: int, parent: QWidget) -> QDialog:
        opened.append(session_id)
        return QDialog(parent)

    editor = SessionEditor(world.database, series[0], lambda: NOW, registration_factory=factory)
    qtbot.addWidget(editor)
    editor.register_button.click()
    assert opened == [series[0]]
    assert editor.registration_dialog is not None
    editor.registration_dialog.reject()
