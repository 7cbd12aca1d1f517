"""« Ajouter un établissement » (official data lookup) and the establishment's fiche."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cites_app.db.database import Database
from cites_app.establishments import EstablishmentService
from cites_app.models import (
    AuditEntry,
    Establishment,
    EstablishmentIps,
    EstablishmentSocialGroups,
)
from cites_app.ui.dialogs.establishment_add import AddEstablishmentDialog
from cites_app.ui.dialogs.establishment_form import EstablishmentFicheDialog
from cites_app.ui.dialogs.rentree_history import HistoryColumn, RentreeHistoryModel
from cites_app.ui.pages.establishments import EstablishmentsPage
from tests.registers.sample import Sample, uai

ROLLAND = "0930616P"  # Collège Romain Rolland, Clichy-sous-Bois: outside the sample's Grigny


@pytest.fixture
def page(qtbot: QtBot, db: Database, sample: Sample) -> EstablishmentsPage:
    widget = EstablishmentsPage(db)
    qtbot.addWidget(widget)
    widget.resize(1400, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _stored(database: Database, code: str) -> Establishment | None:
    with database.read_session() as session:
        found = session.scalars(select(Establishment).where(Establishment.uai == code)).first()
        if found is not None:
            session.expunge(found)
        return found


def _ips(database: Database, code: str) -> list[tuple[str, float | None]]:
    with database.read_session() as session:
        query = (
            select(EstablishmentIps.rentree, EstablishmentIps.ips)
            .join(Establishment)
            .where(Establishment.uai == code)
            .order_by(EstablishmentIps.rentree)
        )
        return [(rentree, ips) for rentree, ips in session.execute(query)]


def _actions(database: Database) -> list[str]:
    with database.read_session() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def _add_dialog(page: EstablishmentsPage) -> AddEstablishmentDialog:
    page.add_button.click()
    dialog = page.dialog
    assert isinstance(dialog, AddEstablishmentDialog)
    return dialog


def _fiche(page: EstablishmentsPage) -> EstablishmentFicheDialog:
    dialog = page.dialog
    assert isinstance(dialog, EstablishmentFicheDialog)
    assert not isinstance(dialog, AddEstablishmentDialog)
    return dialog


def _search(qtbot: QtBot, dialog: AddEstablishmentDialog, text: str) -> None:
    QTest.keyClicks(dialog.search, text)
    qtbot.waitUntil(lambda: dialog.found.text().startswith(("Aucun", "1 ", "2 ", "8 ")))


def _click_result(dialog: AddEstablishmentDialog, row: int) -> None:
    item = dialog.results.item(row)
    rect = dialog.results.visualItemRect(item)
    QTest.mouseClick(
        dialog.results.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        rect.center(),
    )  # fmt: skip


def _selected_name(page: EstablishmentsPage) -> str:
    index = page.table.currentIndex()
    assert index.isValid()
    return str(page.model.data(page.model.index(index.row(), 1)))


def test_the_rentree_history_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    model = RentreeHistoryModel(
        [HistoryColumn("IPS", "IPS", "IPS"), HistoryColumn("Part", "Part", "Part", percent=True)]
    )
    qtmodeltester.check(model)
    model.set_rows([("2022-2023", (73.4, 0.212)), ("2023-2024", (75.0, None))])
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(3)] == ["2023-2024", "75,0", "—"]
    assert [model.index(1, c).data() for c in range(3)] == ["2022-2023", "73,4", "21,2\u00a0%"]


def test_a_school_found_by_its_uai_is_added_outside_the_territory_once_the_user_chose(
    qtbot: QtBot, page: EstablishmentsPage, db: Database
) -> None:
    dialog = _add_dialog(page)
    _search(qtbot, dialog, "0930616")
    assert dialog.results.count() == 1
    assert dialog.results.item(0).text() == (
        "0930616P — Collège Romain Rolland (Clichy-sous-Bois)  ·  IPS 73,4 (2022-2023)  ·  "
        "hors des communes du territoire"
    )
    _click_result(dialog, 0)
    assert (dialog.uai.text(), dialog.name.text(), dialog.commune.text()) == (
        ROLLAND,
        "Collège Romain Rolland",
        "Clichy-sous-Bois",
    )
    assert dialog.kind.currentText() == "Collège"
    assert dialog.ips.model.index(0, 1).data() == "73,4"
    assert dialog.territory_card.isVisible()
    assert "Hors des communes du territoire" in dialog.territory_text.text()
    assert "(Grigny, Viry-Châtillon)" in dialog.territory_text.text()
    dialog.save_button.click()  # no choice yet: nothing is added
    assert "choisissez s'il faut ajouter Collège Romain Rolland" in dialog.errors.general.text()
    assert _stored(db, ROLLAND) is None
    dialog.add_outside.click()
    dialog.ep.setCurrentIndex(dialog.ep.findText("REP+"))
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = _stored(db, ROLLAND)
    assert stored is not None
    assert (stored.in_territory, stored.education_prioritaire, stored.kind) == (
        False,
        "REP+",
        "college",
    )
    assert _ips(db, ROLLAND) == [("2022-2023", 73.4)]
    assert _actions(db) == ["import.establishments", "establishment.update"]
    assert _selected_name(page) == "Collège Romain Rolland"  # the list shows the new school


def test_a_school_already_stored_opens_its_fiche_instead_of_a_duplicate(
    qtbot: QtBot, page: EstablishmentsPage, db: Database
) -> None:
    service = EstablishmentService(db)
    record = service.add_official(service.search(ROLLAND)[0].candidate, in_territory=False)
    dialog = _add_dialog(page)
    _search(qtbot, dialog, "romain rolland")
    assert "déjà enregistré : ouvrir sa fiche" in dialog.results.item(0).text()
    _click_result(dialog, 0)
    assert dialog.result() == QDialog.DialogCode.Rejected
    fiche = _fiche(page)
    assert fiche.record_id == record.id
    assert fiche.name.text() == "Collège Romain Rolland"
    with db.read_session() as session:
        assert len(session.scalars(select(Establishment.id)).all()) == 6  # sample's 5 + 1


def test_a_school_the_official_data_does_not_know_is_typed_by_hand(
    qtbot: QtBot, page: EstablishmentsPage, db: Database
) -> None:
    new_uai = uai("0919876")
    dialog = _add_dialog(page)
    _search(qtbot, dialog, new_uai)
    assert dialog.results.isHidden()
    assert dialog.found.text().startswith("Aucun établissement des données officielles")
    assert dialog.uai.text() == new_uai  # the valid UAI typed is kept for the fiche
    dialog.uai.setText("0919876A")
    dialog.save_button.click()
    assert "la lettre de contrôle devrait être" in dialog.errors.text("uai")
    assert "Le nom de l'établissement est obligatoire." in dialog.errors.text("name")
    dialog.uai.setText(new_uai.lower())
    dialog.name.setText("École élémentaire des Tuileries")
    dialog.kind.setCurrentIndex(dialog.kind.findText("École élémentaire"))
    dialog.commune.setText("Grigny")
    dialog.enrolment.setText("180")
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = _stored(db, new_uai)
    assert stored is not None
    assert (stored.name, stored.kind, stored.enrolment, stored.source, stored.in_territory) == (
        "École élémentaire des Tuileries",
        "elementaire",
        180,
        "saisie manuelle",
        True,
    )
    assert _actions(db) == ["establishment.create"]
    assert _selected_name(page) == "École élémentaire des Tuileries"


def test_a_uai_typed_by_hand_that_is_already_stored_is_refused_with_its_name(
    page: EstablishmentsPage, db: Database
) -> None:
    dialog = _add_dialog(page)
    dialog.uai.setText(uai("0910002"))
    dialog.name.setText("Collège Neruda (doublon)")
    dialog.save_button.click()
    assert "déjà celui de « Collège Pablo Neruda (Grigny) »" in dialog.errors.text("uai")
    assert dialog.isVisible()


def test_modifier_saves_the_fiche_and_keeps_the_row_selected(
    qtbot: QtBot, page: EstablishmentsPage, db: Database
) -> None:
    assert not page.edit_button.isEnabled()
    page.search_for("jules ferry")
    page.table.selectRow(0)
    assert page.edit_button.isEnabled()
    page.edit_button.click()
    fiche = _fiche(page)
    assert (fiche.name.text(), fiche.enrolment.text(), fiche.ep.currentText()) == (
        "École élémentaire Jules Ferry",
        "250",
        "REP+",
    )
    fiche.enrolment.setText("262")
    fiche.qpv.setCurrentIndex(fiche.qpv.findText("En QPV"))
    fiche.address.setText("12 rue Jules Ferry")
    fiche.latitude.setText("48,7041")
    fiche.save_button.click()
    assert fiche.result() == QDialog.DialogCode.Accepted
    stored = _stored(db, uai("0910001"))
    assert stored is not None
    assert (stored.enrolment, stored.qpv_location, stored.address, stored.latitude) == (
        262,
        "in",
        "12 rue Jules Ferry",
        48.7041,
    )
    assert _selected_name(page) == "École élémentaire Jules Ferry"
    row = page.table.currentIndex().row()
    assert page.model.data(page.model.index(row, 7)) == "262"  # the list shows the new effectif


def test_a_double_click_opens_the_fiche_and_wrong_values_stay_beside_their_field(
    qtbot: QtBot, page: EstablishmentsPage, db: Database
) -> None:
    page.search_for("neruda")
    index = page.model.index(0, 1)
    rect = page.table.visualRect(index)
    # A real double-click starts with a click (QTest's alone skips the first release).
    for click in (QTest.mouseClick, QTest.mouseDClick):
        click(
            page.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
            rect.center(),
        )  # fmt: skip
    fiche = _fiche(page)
    fiche.latitude.setText("123")
    fiche.enrolment.setText("beaucoup")
    fiche.save_button.click()
    assert fiche.errors.text("enrolment") == "Nombre illisible : « beaucoup » (exemple : 480)."
    fiche.enrolment.setText("-5")
    fiche.save_button.click()
    assert fiche.errors.text("latitude") == (
        "La latitude doit être comprise entre -90 et 90 (et non 123)."
    )
    assert fiche.errors.text("enrolment") == "L'effectif ne peut pas être négatif (-5)."
    assert fiche.isVisible()
    stored = _stored(db, uai("0910002"))
    assert stored is not None and (stored.latitude, stored.enrolment) == (None, 610)


def test_someone_elses_change_is_shown_and_not_overwritten(
    page: EstablishmentsPage, db: Database, sample: Sample
) -> None:
    page.edit(sample.establishments["ferry"])
    fiche = _fiche(page)
    service = EstablishmentService(db)
    theirs = service.fiches.get(sample.establishments["ferry"])
    service.fiches.update(
        theirs.id, dataclasses.replace(theirs.data, enrolment=300), theirs.version
    )
    fiche.enrolment.setText("999")
    fiche.save_button.click()
    assert fiche.banner.isVisible()
    assert "modifiée par quelqu'un d'autre" in fiche.banner.label.text()
    assert "Effectif : « 250 » → « 300 »" in fiche.banner.label.text()
    stored = _stored(db, uai("0910001"))
    assert stored is not None and stored.enrolment == 300
    fiche.banner.second_button.click()  # « Enregistrer mes valeurs », knowingly
    stored = _stored(db, uai("0910001"))
    assert stored is not None and stored.enrolment == 999


def test_the_ips_of_a_rentree_is_added_corrected_and_removed_in_the_fiche(
    page: EstablishmentsPage, db: Database, sample: Sample
) -> None:
    page.edit(sample.establishments["ferry"])
    fiche = _fiche(page)
    ips = fiche.ips
    value = ips.edits[0]
    assert [ips.model.index(r, 0).data() for r in range(2)] == ["2024-2025", "2023-2024"]
    ips.table.selectRow(0)
    assert (ips.rentree.text(), value.text()) == ("2024-2025", "74,06")
    value.setText("75,2")
    ips.set_button.click()
    ips.rentree.setText("2025-2027")
    value.setText("80")
    ips.set_button.click()
    assert "Rentrée « 2025-2027 » invalide" in ips.error.text()
    ips.rentree.setText("2025-2026")
    ips.set_button.click()
    assert ips.error.isHidden()
    ips.table.selectRow(2)  # 2023-2024
    ips.remove_button.click()
    ips.rentree.setText("2026-2027")
    fiche.save_button.click()  # a rentrée typed but not added would be lost: refused
    assert "sans avoir été ajoutée" in fiche.errors.text("ips")
    ips.rentree.clear()
    fiche.save_button.click()
    assert fiche.result() == QDialog.DialogCode.Accepted
    assert _ips(db, uai("0910001")) == [("2024-2025", 75.2), ("2025-2026", 80.0)]


def test_the_shares_of_the_four_social_groups_are_entered_in_percent(
    page: EstablishmentsPage, db: Database, sample: Sample
) -> None:
    page.edit(sample.establishments["ferry"])
    fiche = _fiche(page)
    groups = fiche.social_groups
    assert groups.empty.isVisible() and groups.table.isHidden()
    groups.rentree.setText("2024-2025")
    for edit, text in zip(groups.edits, ("10", "21,5", "30", "40"), strict=True):
        edit.setText(text)
    groups.set_button.click()
    assert groups.error.text() == (
        "Les quatre parts de 2024-2025 font 101,5\u00a0% au lieu de 100 % : vérifiez-les."
    )
    groups.edits[1].setText("19,5 %")
    groups.set_button.click()
    assert groups.error.isHidden()
    assert [groups.model.index(0, c).data() for c in range(5)] == [
        "2024-2025", "10,0\u00a0%", "19,5\u00a0%", "30,0\u00a0%", "40,0\u00a0%",
    ]  # fmt: skip
    fiche.save_button.click()
    assert fiche.result() == QDialog.DialogCode.Accepted
    with db.read_session() as session:
        stored = session.scalars(select(EstablishmentSocialGroups)).all()
        assert [
            (g.rentree, g.share_very_advantaged, g.share_advantaged, g.share_middle,
             g.share_disadvantaged)
            for g in stored
        ] == [("2024-2025", 0.1, 0.195, 0.3, 0.4)]  # fmt: skip
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "establishment.update")
        ).one()
        assert "Catégories sociales" in entry.summary


def test_changing_the_chosen_schools_uai_drops_its_territory_question(
    qtbot: QtBot, page: EstablishmentsPage
) -> None:
    dialog = _add_dialog(page)
    _search(qtbot, dialog, "0930616")
    _click_result(dialog, 0)
    assert dialog.territory_card.isVisible()
    QTest.keyClick(dialog.uai, Qt.Key.Key_End)
    QTest.keyClick(dialog.uai, Qt.Key.Key_Backspace)  # « 0930616 »: no longer that school
    assert dialog.territory_card.isHidden()
    assert dialog.found.text().startswith("UAI modifié : ce ne sera plus Collège Romain Rolland")
    QTest.keyClicks(dialog.uai, "P")  # back to 0930616P: the question is asked again
    assert dialog.territory_card.isVisible()
