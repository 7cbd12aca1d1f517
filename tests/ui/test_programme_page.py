"""Page « Programme »: lists, forms saved through the service, planning and registering."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cites_app.models import Venue
from cites_app.registers.programme import ProgrammeRegister
from cites_app.scheduling import STALE_MESSAGE, ActionData, ProgrammeService
from cites_app.ui.dialogs.group_composer import GroupComposerDialog
from cites_app.ui.dialogs.programme_forms import (
    ActionDialog,
    ActivityDialog,
    PartnerDialog,
    VenueDialog,
)
from cites_app.ui.dialogs.registration_dialog import RegistrationDialog
from cites_app.ui.dialogs.session_planner import SessionPlanner
from cites_app.ui.models.programme import ACTION_COLUMNS, RowsModel, euros
from cites_app.ui.pages.programme_page import ProgrammePage
from tests.scheduling.conftest import World
from tests.scheduling.conftest import world as scenario  # noqa: F401 - a fixture, by this name


@pytest.fixture
def world(scenario: World) -> World:  # noqa: F811 - the imported fixture, renamed
    return scenario


@pytest.fixture
def page(qtbot: QtBot, world: World) -> ProgrammePage:
    widget = ProgrammePage(world.database, confirm=lambda _parent, _question: True)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _click(button: QPushButton | None) -> None:
    assert button is not None
    button.click()


def _column(model: RowsModel[Any], column: int = 0) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_the_lists_show_the_programme(page: ProgrammePage) -> None:
    assert _column(page.action_panel.model) == ["Temps périscolaires partagés"]
    assert _column(page.action_panel.model, 2) == ["Compagnie Fil d'Ariane"]
    assert page.activity_panel.heading.text() == (
        "Activités de l'action « Temps périscolaires partagés »"
    )
    assert _column(page.activity_panel.model) == [
        "Atelier échecs",
        "Atelier hip-hop",
        "Chorale des écoles",
    ]
    assert _column(page.activity_panel.model, 2)[1] == "6e, 5e, 4e"
    assert _column(page.venue_panel.model) == [
        "Gymnase municipal",
        "Médiathèque du Centre",
        "Salle polyvalente",
    ]
    assert _column(page.facilitator_panel.model, 1) == ["Compagnie Fil d'Ariane", "—"]
    assert _column(page.partner_panel.model) == ["Compagnie Fil d'Ariane"]


def test_a_new_venue_is_saved_through_the_form(qtbot: QtBot, page: ProgrammePage) -> None:
    page.tabs.setCurrentWidget(page.venue_panel)
    _click(page.venue_panel.new_button)
    form = page.dialog
    assert isinstance(form, VenueDialog) and form.isVisible()
    form.save_button.click()
    assert form.errors.text("name") == "Le nom du lieu est obligatoire."
    form.name.setText("Gymnase Jean-Jaurès")
    form.capacity.setValue(60)
    form.accessible.setChecked(True)
    form.save_button.click()
    assert not form.isVisible()
    assert "Gymnase Jean-Jaurès" in _column(page.venue_panel.model)
    assert page.venue_panel.current_id() is not None
    with page.service.database.read_session() as session:
        venue = session.scalars(select(Venue).where(Venue.name == "Gymnase Jean-Jaurès")).one()
        assert (venue.capacity, venue.accessible) == (60, True)


def test_an_action_keeps_its_budget_and_refuses_an_unreadable_amount(
    qtbot: QtBot, page: ProgrammePage, world: World
) -> None:
    form = ActionDialog(page.service, world.action_id, page)
    qtbot.addWidget(form)
    form.planned.setText("12 500,50 €")
    form.spent.setText("douze")
    form.save_button.click()
    assert (
        form.errors.text("budget_spent") == "Montant illisible : « douze » (exemple : 12 500,50)."
    )
    form.spent.setText("3 000")
    form.save_button.click()
    record = page.service.actions.get(world.action_id)
    assert (record.data.budget_planned, record.data.budget_spent) == (
        Decimal("12500.50"),
        Decimal("3000"),
    )
    assert euros(record.data.budget_planned) == "12\u202f500,50\u00a0€"


def test_a_concurrent_change_offers_to_reload(
    qtbot: QtBot, page: ProgrammePage, world: World
) -> None:
    form = ActivityDialog(page.service, world.activities["chorale"], page)
    qtbot.addWidget(form)
    assert form.niveaux.checked() == ("CE2", "CM1", "CM2")
    record = page.service.activities.get(world.activities["chorale"])
    page.service.activities.update(record.id, replace(record.data, capacity=24), record.version)
    form.max_share.setValue(50)
    form.save_button.click()
    banner = form.banner.label.text()
    assert banner.startswith(STALE_MESSAGE) and not form.banner.isHidden()
    # What the other person changed is shown, and the user chooses.
    assert (
        "Modifié depuis votre ouverture : " in banner and "Capacité : « vide » → « 24 »" in banner
    )
    assert not form.banner.second_button.isHidden()
    form.banner.button.click()
    assert form.capacity.value() == 24 and form.max_share.value() == 0
    form.max_share.setValue(50)
    form.min_schools.setValue(2)
    form.save_button.click()
    saved = page.service.activities.get(world.activities["chorale"]).data
    assert (saved.capacity, saved.max_school_share, saved.min_schools) == (24, 0.5, 2)


def test_keeping_my_values_over_a_concurrent_change(
    qtbot: QtBot, page: ProgrammePage, world: World
) -> None:
    form = ActivityDialog(page.service, world.activities["chorale"], page)
    qtbot.addWidget(form)
    record = page.service.activities.get(world.activities["chorale"])
    page.service.activities.update(record.id, replace(record.data, capacity=24), record.version)
    form.capacity.setValue(18)
    form.save_button.click()
    assert not form.banner.second_button.isHidden()
    form.banner.second_button.click()  # « Enregistrer mes valeurs », knowingly
    assert page.service.activities.get(world.activities["chorale"]).data.capacity == 18


def test_orientation_kind_only_for_orientation(qtbot: QtBot, page: ProgrammePage) -> None:
    _click(page.activity_panel.new_button)
    form = page.dialog
    assert isinstance(form, ActivityDialog)
    assert form.action.currentData() == page.action_panel.current_id()
    assert not form.orientation.isEnabled()
    form.kind.setCurrentIndex(form.kind.findData("orientation"))
    assert form.orientation.isEnabled()
    form.title.setText("Forum des métiers")
    form.orientation.setCurrentIndex(form.orientation.findData("forum"))
    form.niveaux.set_checked(["3e"])
    form.save_button.click()
    assert "Forum des métiers" in _column(page.activity_panel.model)


def test_plan_and_register_from_an_activity(page: ProgrammePage, world: World) -> None:
    row = page.activity_panel.model.row_of(world.activities["hiphop"])
    page.activity_panel.table.selectRow(row)
    assert page.plan_button.isEnabled()
    page.plan_button.click()
    planner = page.dialog
    assert isinstance(planner, SessionPlanner)
    assert planner.activity_id() == world.activities["hiphop"]
    planner.reject()
    page.register_button.click()
    registration = page.dialog
    assert isinstance(registration, RegistrationDialog)
    assert registration.activity_id == world.activities["hiphop"]
    registration.reject()
    page.compose_button.click()
    composer = page.dialog
    assert isinstance(composer, GroupComposerDialog)
    assert composer.windowTitle().startswith("Composer les groupes")
    composer.reject()


def test_deleting_a_used_fiche_is_refused_in_french(page: ProgrammePage, world: World) -> None:
    page.partner_panel.select_id(page.partner_panel.model.row_at(0).id)
    _click(page.partner_panel.delete_button)
    # The action and a facilitator refer to the partner: SET NULL lets it go.
    assert _column(page.partner_panel.model) == []
    _click(page.action_panel.delete_button)
    assert page.message.text().startswith("Suppression impossible")
    assert _column(page.action_panel.model) == ["Temps périscolaires partagés"]


def test_a_partner_form_checks_the_email(qtbot: QtBot, page: ProgrammePage) -> None:
    form = PartnerDialog(page.service, None, page)
    qtbot.addWidget(form)
    form.name.setText("Association Les Petits Débrouillards")
    form.email.setText("pas une adresse")
    form.save_button.click()
    assert form.errors.text("email") == "Adresse électronique invalide : « pas une adresse »."


def test_the_rows_model_passes_the_model_tester(qtmodeltester: Any, world: World) -> None:
    model = RowsModel(ACTION_COLUMNS)
    ProgrammeService(world.database).actions.create(ActionData("Orientation", "possibles"))
    model.set_rows(ProgrammeRegister(world.database).actions())
    qtmodeltester.check(model)
    model.sort(0)
    assert _column(model) == ["Orientation", "Temps périscolaires partagés"]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert _column(model) == ["Temps périscolaires partagés", "Orientation"]
    qtmodeltester.check(model)
