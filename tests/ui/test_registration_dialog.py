"""« Inscrire des élèves »: candidates filtered in SQL, the group's mix live, capacity and the
waiting list, the mix targets.

« Chorale des écoles » invites École Jean-Jaurès (Lina Dupont, CM1, girl, QPV; Adam Petit,
CE2, boy, QPV unknown) and École Victor-Hugo (Sara Nguyen, CM1, girl, not QPV); here it has
2 places and asks for no school above 50 % and at least 2 schools.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from cites_app.models import Authorisation
from cites_app.scheduling import PlannedSeances, ProgrammeService, SeriesService
from cites_app.ui.dialogs.registration_dialog import RegistrationDialog
from cites_app.ui.models.group_mix import GroupMixModel
from cites_app.ui.models.registration import PupilListModel
from cites_app.ui.widgets.table_view import ListTableView
from tests.scheduling.conftest import World, at
from tests.scheduling.conftest import world as scenario  # noqa: F401 - a fixture, by this name


@pytest.fixture
def world(scenario: World) -> World:  # noqa: F811 - the imported fixture, renamed
    programme = ProgrammeService(scenario.database)
    record = programme.activities.get(scenario.activities["chorale"])
    programme.activities.update(
        record.id,
        replace(record.data, capacity=2, max_school_share=0.5, min_schools=2),
        record.version,
    )
    return scenario


@pytest.fixture
def dialog(qtbot: QtBot, world: World) -> RegistrationDialog:
    widget = RegistrationDialog(world.database, activity_id=world.activities["chorale"])
    qtbot.addWidget(widget)
    return widget


def _names(table: ListTableView) -> list[str]:
    model = table.model()
    return [
        f"{model.index(r, 1).data()} {model.index(r, 0).data()}" for r in range(model.rowCount())
    ]


def _column(model: PupilListModel, header: str) -> int:
    return [column.header for column in model.columns].index(header)


def _select(dialog: RegistrationDialog, *first_names: str) -> None:
    selection = dialog.candidate_table.selectionModel()
    selection.clearSelection()
    model = dialog.candidates
    for row in range(model.rowCount()):
        if model.index(row, 1).data() in first_names:
            selection.select(
                model.index(row, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )


def test_candidates_come_from_the_invited_schools(dialog: RegistrationDialog) -> None:
    assert _names(dialog.candidate_table) == ["Adam Petit", "Lina Dupont", "Sara Nguyen"]
    assert dialog.candidate_count.text() == "3 élèves"
    assert dialog.capacity_label.text() == "0 inscrit sur 2 places · 2 places libres"
    assert dialog.mix.value("size") == "—"
    assert dialog.mix.targets.text() == (
        "Objectifs de l'activité : aucun établissement au-dessus de 50\u00a0% ; "
        "au moins 2 établissements."
    )


def test_filters_run_in_sql(qtbot: QtBot, dialog: RegistrationDialog, world: World) -> None:
    dialog.school_combo.setCurrentIndex(dialog.school_combo.findData(world.schools["ecole_b"]))
    assert _names(dialog.candidate_table) == ["Sara Nguyen"]
    dialog.school_combo.setCurrentIndex(0)
    dialog.qpv_combo.setCurrentIndex(dialog.qpv_combo.findData("oui"))
    assert _names(dialog.candidate_table) == ["Lina Dupont"]
    dialog.qpv_combo.setCurrentIndex(0)
    dialog.niveau_combo.setCurrentIndex(dialog.niveau_combo.findData("CE2"))
    assert _names(dialog.candidate_table) == ["Adam Petit"]
    dialog.niveau_combo.setCurrentIndex(dialog.niveau_combo.findData("__all__"))
    assert len(_names(dialog.candidate_table)) == 3
    dialog.class_combo.setCurrentIndex(dialog.class_combo.findData("CM1 A"))
    assert _names(dialog.candidate_table) == ["Lina Dupont"]
    dialog.class_combo.setCurrentIndex(0)
    QTest.keyClicks(dialog.search, "ngu")  # searched a moment after the last key
    qtbot.waitUntil(lambda: _names(dialog.candidate_table) == ["Sara Nguyen"])


def test_selecting_pupils_updates_the_mix_live(dialog: RegistrationDialog) -> None:
    _select(dialog, "Lina", "Adam")
    mix = dialog.mix
    assert mix.headers[1].text() == "Avec la sélection (+2)"
    assert mix.value("size", 1) == "2"
    assert mix.value("schools", 1) == "1"
    assert mix.value("largest", 1) == "100\u00a0% — École élémentaire Jean-Jaurès"
    assert mix.value("sexes", 1) == "1 fille, 1 garçon"
    assert mix.value("qpv", 1) == "50\u00a0% (1 inconnu)"
    assert mix.value("niveaux", 1) == "CE2 : 1 · CM1 : 1"
    assert mix.value("contact", 1) == "0\u00a0%"
    assert mix.verdict.text().splitlines() == [
        "⚠ Avec la sélection : École élémentaire Jean-Jaurès représente 100 % du groupe "
        "(2 élèves sur 2) : l'objectif est qu'aucun établissement ne dépasse 50 %.",
        "⚠ Avec la sélection : 1 établissement représenté : l'objectif est d'en réunir au moins 2.",
    ]
    _select(dialog, "Lina", "Sara")
    assert mix.value("schools", 1) == "2" and mix.value("contact", 1) == "100\u00a0%"
    assert mix.verdict.text() == "✓ Objectifs de mixité atteints avec la sélection."
    _select(dialog)
    assert mix.headers[1].text() == "" and mix.verdict.text() == ""


def test_capacity_waiting_list_and_promotion(dialog: RegistrationDialog) -> None:
    _select(dialog, "Lina", "Adam", "Sara")
    # Only the two who would get a place count in the mix with the selection.
    assert dialog.mix.headers[1].text() == "Avec la sélection (+2, 1 en attente)"
    assert dialog.mix.value("size", 1) == "2"
    assert dialog.capacity_label.text().endswith(
        "· 1 des élèves sélectionnés iraient en liste d'attente"
    )
    dialog.add_button.click()
    assert dialog.outcome.text() == "2 élèves inscrits, 1 en liste d'attente."
    assert dialog.capacity_label.text() == (
        "2 inscrits sur 2 places · 0 place libre · 1 en liste d'attente"
    )
    members = dialog.members
    status = _column(members, "Statut")
    statuses = [members.index(r, status).data() for r in range(members.rowCount())]
    assert statuses == ["inscrit", "inscrit", "attente n° 1"]
    assert dialog.mix.value("size") == "2"  # the waiting list is not in the group
    assert "⚠ École élémentaire Jean-Jaurès représente 100 % du groupe" in dialog.mix.verdict.text()
    # Adam leaves: Sara, first on the waiting list, takes his place.
    row = next(r for r in range(members.rowCount()) if members.index(r, 1).data() == "Adam")
    dialog.member_table.selectRow(row)
    dialog.remove_button.click()
    assert dialog.outcome.text() == (
        "1 élève retiré · passe(nt) de la liste d'attente aux inscrits : Sara Nguyen."
    )
    assert _names(dialog.member_table) == ["Lina Dupont", "Sara Nguyen"]
    assert dialog.mix.value("schools") == "2"
    assert dialog.mix.verdict.text() == "✓ Objectifs de mixité atteints."


def test_pupils_without_authorisation_are_flagged(
    qtbot: QtBot, dialog: RegistrationDialog, world: World
) -> None:
    with world.database.session() as session:
        session.add(Authorisation(pupil_id=world.pupils["a1"], kind="participation"))
    dialog.niveau_combo.setCurrentIndex(dialog.niveau_combo.findData("__all__"))
    dialog.niveau_combo.setCurrentIndex(0)  # reload
    column = _column(dialog.candidates, "Autoris.")
    flags = {
        dialog.candidates.index(r, 1).data(): dialog.candidates.index(r, column).data()
        for r in range(dialog.candidates.rowCount())
    }
    assert flags == {"Adam": "manquante", "Lina": "ok", "Sara": "manquante"}
    _select(dialog, "Lina", "Adam")
    dialog.add_button.click()
    assert dialog.missing_label.text().startswith("⚠ 1 inscrit sans autorisation de participation")


def test_a_seance_registration_names_its_scope(qtbot: QtBot, world: World) -> None:
    day = date(2026, 1, 7)
    created = SeriesService(world.database).create_session(
        PlannedSeances(world.activities["chorale"], [(at(day, 14), at(day, 16))])
    )
    dialog = RegistrationDialog(world.database, session_id=created.session_ids[0])
    qtbot.addWidget(dialog)
    assert dialog.scope_text == "à la séance du mercredi 7 janvier 2026, 14h00–16h00 seulement"
    _select(dialog, "Sara")
    dialog.add_button.click()
    assert _names(dialog.member_table) == ["Sara Nguyen"]


def test_the_models_pass_the_model_tester(qtmodeltester: Any, dialog: RegistrationDialog) -> None:
    qtmodeltester.check(dialog.candidates)
    _select(dialog, "Lina", "Sara")
    dialog.add_button.click()
    qtmodeltester.check(dialog.members)
    qtmodeltester.check(dialog.mix.model)
    dialog.candidates.sort(0)
    qtmodeltester.check(dialog.candidates)
    empty = GroupMixModel()
    qtmodeltester.check(empty)
