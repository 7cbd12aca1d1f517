"""« Planifier des séances »: the preview before anything is written, then the creation.

On the scheduling scenario (zone C): Wednesdays from 7 January to 1 April 2026, 14h–16h30.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from PySide6.QtCore import QDate, QTime
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cites_app.models import ActivitySession
from cites_app.scheduling import PlannedSeances, SeriesService
from cites_app.ui.dialogs.session_planner import PlannerRequest, SessionPlanner
from tests.scheduling.conftest import World, at
from tests.scheduling.conftest import world as scenario  # noqa: F401 - a fixture, by this name

NOW = datetime(2025, 12, 1, 9, 0)


@pytest.fixture
def world(scenario: World) -> World:  # noqa: F811 - the imported fixture, renamed
    return scenario


def _planner(qtbot: QtBot, world: World, activity: str = "hiphop") -> SessionPlanner:
    planner = SessionPlanner(
        world.database, PlannerRequest(activity_id=world.activities[activity]), lambda: NOW
    )
    qtbot.addWidget(planner)
    planner.weekday_combo.setCurrentIndex(2)  # mercredi
    planner.from_date.setDate(QDate(2026, 1, 7))
    planner.to_date.setDate(QDate(2026, 4, 1))
    planner.start_time.setTime(QTime(14, 0))
    planner.end_time.setTime(QTime(16, 30))
    planner.venue_combo.setCurrentIndex(planner.venue_combo.findData(world.venues["gymnase"]))
    planner.refresh_preview()
    return planner


def _lines(planner: SessionPlanner) -> list[str]:
    return [planner.dates.item(row).text() for row in range(planner.dates.count())]


def _rows(world: World) -> list[ActivitySession]:
    with world.database.read_session() as session:
        return list(session.scalars(select(ActivitySession).order_by(ActivitySession.starts_at)))


def test_the_preview_lists_kept_and_skipped_dates(qtbot: QtBot, world: World) -> None:
    planner = _planner(qtbot, world)
    lines = _lines(planner)
    assert len(lines) == 13
    assert lines[0] == "✓  mercredi 7 janvier 2026"
    assert lines[7] == "✗  mercredi 25 février 2026 — écartée : Vacances d'hiver (zone C)"
    assert lines[8] == "✗  mercredi 4 mars 2026 — écartée : Vacances d'hiver (zone C)"
    assert lines[-1] == "✓  mercredi 1er avril 2026"
    assert sum(line.startswith("✓") for line in lines) == 11
    assert planner.summary.text().endswith(": 11 séances, 2 dates écartées.")
    assert planner.create_button.text() == "Créer 11 séances"
    assert planner.conflicts_title.text() == "✓ Aucun conflit détecté."
    assert _rows(world) == []  # nothing written by the preview


def test_the_preview_shows_the_conflicts_before_confirming(qtbot: QtBot, world: World) -> None:
    SeriesService(world.database).create_session(
        PlannedSeances(
            world.activities["chorale"],
            [(at(date(2026, 1, 14), 15), at(date(2026, 1, 14), 17))],
            world.venues["gymnase"],
        )
    )
    planner = _planner(qtbot, world)
    venue = [c for c in planner.conflicts if c.kind == "venue"]
    assert len(venue) == 1 and venue[0].planned_slots == (1,)
    assert planner.conflicts_title.text().startswith("⚠")
    texts = [planner.conflict_list.item(i).text() for i in range(planner.conflict_list.count())]
    assert any(
        t.startswith("⚠ Lieu réservé deux fois — Gymnase municipal déjà réservé") for t in texts
    )
    assert planner.create_button.isEnabled()  # a conflict warns, it does not forbid


def test_confirming_creates_the_series(qtbot: QtBot, world: World) -> None:
    planner = _planner(qtbot, world)
    planner.facilitators.set_checked([world.facilitators["karim"]])
    planner.capacity.setValue(15)
    with qtbot.waitSignal(planner.created) as created:
        planner.create_button.click()
    rows = _rows(world)
    assert len(rows) == 11 and created.args == [[row.id for row in rows]]
    assert {row.activity_id for row in rows} == {world.activities["hiphop"]}
    assert {row.venue_id for row in rows} == {world.venues["gymnase"]}
    assert {row.capacity for row in rows} == {15}
    assert len({row.series_id for row in rows}) == 1 and rows[0].series_id is not None
    assert [row.starts_at.date() for row in rows][7] == date(2026, 3, 11)
    assert planner.result() == SessionPlanner.DialogCode.Accepted


def test_errors_show_beside_their_field(qtbot: QtBot, world: World) -> None:
    planner = _planner(qtbot, world)
    planner.end_time.setTime(QTime(13, 0))
    planner.refresh_preview()
    assert planner.errors.text("end_time").startswith("L'heure de fin (13h00) doit être après")
    assert not planner.create_button.isEnabled()
    planner.end_time.setTime(QTime(16, 30))
    planner.to_date.setDate(QDate(2025, 12, 1))
    planner.refresh_preview()
    assert planner.errors.text("end_date").startswith("La date de fin")
    planner.to_date.setDate(QDate(2026, 4, 1))
    planner.activity_combo.setEditText("Activité qui n'existe pas")
    planner.refresh_preview()
    assert planner.errors.text("activity_id") == "Choisissez l'activité dans la liste."
    assert not planner.create_button.isEnabled()


def test_a_single_seance_on_a_holiday_needs_a_confirmation(qtbot: QtBot, world: World) -> None:
    planner = SessionPlanner(
        world.database,
        PlannerRequest(world.activities["chorale"], date(2026, 2, 25), time(10, 0)),
        lambda: NOW,
    )
    qtbot.addWidget(planner)
    assert planner.single_radio.isChecked()
    assert _lines(planner) == ["✗  mercredi 25 février 2026 — écartée : Vacances d'hiver (zone C)"]
    assert not planner.closed_ok.isHidden() and not planner.create_button.isEnabled()
    planner.closed_ok.setChecked(True)
    planner.refresh_preview()
    assert planner.create_button.text() == "Créer la séance"
    assert any(c.kind == "closed_day" for c in planner.conflicts)
    planner.create_button.click()
    [row] = _rows(world)
    assert (row.starts_at, row.ends_at) == (datetime(2026, 2, 25, 10), datetime(2026, 2, 25, 12))
    assert row.series_id is None


def test_the_weekly_series_ends_before_the_next_holidays_by_default(
    qtbot: QtBot, world: World
) -> None:
    planner = SessionPlanner(world.database, None, lambda: datetime(2026, 1, 5, 9))
    qtbot.addWidget(planner)
    assert planner.weekly_radio.isChecked()
    assert planner.to_date.date() == QDate(2026, 2, 20)  # winter holidays start on the 21st
