"""Forms of the programme's fiches: partners, conventions, venues, facilitators, actions and
activities, each saved through :class:`ProgrammeService` with optimistic locking.

A form shows the service's French problems beside their fields, and when someone else saved
the fiche meanwhile, offers to reload it.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cites_app.models.vocabulary import (
    ACTIVITY_KINDS,
    AXES,
    ORIENTATION_KINDS,
    PARTNER_KINDS,
)
from cites_app.registers import formatting
from cites_app.registers.programme import Choice, ProgrammeRegister
from cites_app.scheduling import (
    ActionData,
    ActivityData,
    ConcurrentEditError,
    ConventionData,
    FacilitatorData,
    PartnerData,
    ProgrammeService,
    SchedulingError,
    ValidationError,
    VenueData,
)
from cites_app.scheduling.records import Crud
from cites_app.ui.dialogs.form_fields import (
    PRIMARY_STYLE,
    Banner,
    ChoiceList,
    FieldErrors,
    NiveauPicker,
    add_field,
    choice_combo,
    combo,
    count_spin,
    error_label,
    notes_field,
    parse_amount,
    parse_day,
    select_data,
    text_or_none,
)
from cites_app.ui.style import scaled_font

DataT = TypeVar("DataT")


class FicheDialog(QDialog, Generic[DataT]):
    """A form for one fiche of ``crud``: new when ``record_id`` is None."""

    # The fiche was saved (its id).
    saved = Signal(int)

    def __init__(
        self, title: str, crud: Crud[DataT], record_id: int | None, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.crud = crud
        self.record_id = record_id
        self.version: int | None = None
        self.opened: DataT | None = None  # the values as loaded, to show what others changed
        self.captions: dict[str, str] = {}
        self.setWindowTitle(title)
        heading = QLabel(title)
        heading.setFont(scaled_font(self.font(), 1.3, bold=True))
        self.banner = Banner("Recharger la fiche")
        self.banner.button.clicked.connect(self.load)
        self.banner.second_button.setText("Enregistrer mes valeurs")
        self.banner.second_button.clicked.connect(self.overwrite)
        self.errors = FieldErrors(error_label())
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.side = QVBoxLayout()  # a second column, for the forms that need one
        body = QWidget()
        columns = QHBoxLayout(body)
        columns.addLayout(self.form, 3)
        columns.addLayout(self.side, 2)
        scroll = QScrollArea()  # a laptop at 150 % may be shorter than the form
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Enregistrer", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setStyleSheet(PRIMARY_STYLE)
        self.save_button.setDefault(True)
        buttons.addButton("Annuler", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)

    def field(
        self, caption: str, widget: QWidget, *names: str, buddy: QWidget | None = None
    ) -> None:
        add_field(self.form, caption, widget, self.errors, *names, buddy=buddy)
        for name in names:
            self.captions[name] = caption.replace("&", "")

    def start(self, defaults: DataT) -> None:
        """Show the saved fiche, or ``defaults`` for a new one (subclasses call it last)."""
        if self.record_id is None:
            self.fill(defaults)
        else:
            self.load()
        char = self.fontMetrics().averageCharWidth()
        wide = self.side.count() > 0
        self.resize(char * (140 if wide else 80), self.fontMetrics().height() * 34)

    def load(self) -> None:
        assert self.record_id is not None
        try:
            record = self.crud.get(self.record_id)
        except SchedulingError as exc:
            self.errors.show_general(str(exc))
            self.save_button.setEnabled(False)
            return
        self.version = record.version
        self.opened = record.data
        self.banner.setVisible(False)
        self.banner.second_button.setVisible(False)
        self.errors.clear()
        self.fill(record.data)

    def save(self) -> None:
        self.errors.clear()
        problems: dict[str, str] = {}
        try:
            data = self.read(problems)
            if problems:
                raise ValidationError(problems)
            if self.record_id is None:
                record = self.crud.create(data)
            else:
                record = self.crud.update(self.record_id, data, self.version)
        except ValidationError as exc:
            self.errors.show(exc.problems)
            return
        except ConcurrentEditError as exc:
            self._show_their_changes(str(exc))
            return
        except SchedulingError as exc:
            self.errors.show_general(str(exc))
            return
        self.record_id, self.version = record.id, record.version
        self.saved.emit(record.id)
        self.accept()

    def _show_their_changes(self, stale: str) -> None:
        """Say what the other person changed, and let the user choose: theirs or mine."""
        assert self.record_id is not None
        try:
            current = self.crud.get(self.record_id)
        except SchedulingError as exc:
            self.banner.show_message(f"{stale} {exc}")
            return
        changes = []
        if self.opened is not None and dataclasses.is_dataclass(self.opened):
            for item in dataclasses.fields(self.opened):
                before = getattr(self.opened, item.name)
                after = getattr(current.data, item.name)
                if before != after:
                    label = self.captions.get(item.name, item.name)
                    changes.append(f"{label} : « {_shown(before)} » → « {_shown(after)} »")
        detail = " Modifié depuis votre ouverture : " + " ; ".join(changes) + "." if changes else ""
        self.banner.show_message(
            f"{stale}{detail} « Recharger la fiche » reprend leurs valeurs (vos saisies sont "
            "perdues) ; « Enregistrer mes valeurs » remplace les leurs."
        )
        self._their_version = current.version
        self.banner.second_button.setVisible(True)

    def overwrite(self) -> None:
        """The user chose to keep their values over the other person's, knowingly."""
        self.version = getattr(self, "_their_version", self.version)
        self.banner.setVisible(False)
        self.banner.second_button.setVisible(False)
        self.save()

    def fill(self, data: DataT) -> None:
        raise NotImplementedError

    def read(self, problems: dict[str, str]) -> DataT:
        """The values typed; unreadable ones (a date, an amount) add to ``problems``."""
        raise NotImplementedError


class PartnerDialog(FicheDialog[PartnerData]):
    def __init__(
        self, service: ProgrammeService, record_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__("Partenaire", service.partners, record_id, parent)
        self.name, self.contact, self.email, self.phone = (QLineEdit() for _ in range(4))
        self.kind = combo("Type de partenaire", [(v, k) for k, v in PARTNER_KINDS.items()])
        self.notes = notes_field()
        self.field("&Nom", self.name, "name")
        self.field("&Type", self.kind, "kind")
        self.field("&Contact", self.contact, "contact_name")
        self.field("Co&urriel", self.email, "email")
        self.field("Télé&phone", self.phone, "phone")
        self.field("N&otes", self.notes, "notes")
        self.start(PartnerData(""))

    def fill(self, data: PartnerData) -> None:
        self.name.setText(data.name)
        select_data(self.kind, data.kind)
        self.contact.setText(data.contact_name or "")
        self.email.setText(data.email or "")
        self.phone.setText(data.phone or "")
        self.notes.setPlainText(data.notes or "")

    def read(self, problems: dict[str, str]) -> PartnerData:
        return PartnerData(
            self.name.text(),
            str(self.kind.currentData()),
            text_or_none(self.contact),
            text_or_none(self.email),
            text_or_none(self.phone),
            text_or_none(self.notes),
        )


class ConventionDialog(FicheDialog[ConventionData]):
    def __init__(
        self,
        service: ProgrammeService,
        partner_id: int,
        record_id: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Convention", service.conventions, record_id, parent)
        self.partner_id = partner_id
        self.title, self.start_day, self.end_day = QLineEdit(), QLineEdit(), QLineEdit()
        for edit in (self.start_day, self.end_day):
            edit.setPlaceholderText("jj/mm/aaaa")
        self.notes = notes_field()
        self.field("&Intitulé", self.title, "title")
        self.field("&Début", self.start_day, "start_date")
        self.field("&Fin", self.end_day, "end_date")
        self.field("N&otes", self.notes, "notes")
        self.start(ConventionData(partner_id, ""))

    def fill(self, data: ConventionData) -> None:
        self.partner_id = data.partner_id
        self.title.setText(data.title)
        self.start_day.setText(formatting.numeric_date(data.start_date) if data.start_date else "")
        self.end_day.setText(formatting.numeric_date(data.end_date) if data.end_date else "")
        self.notes.setPlainText(data.notes or "")

    def read(self, problems: dict[str, str]) -> ConventionData:
        return ConventionData(
            self.partner_id,
            self.title.text(),
            parse_day(self.start_day.text(), "start_date", problems),
            parse_day(self.end_day.text(), "end_date", problems),
            text_or_none(self.notes),
        )


class VenueDialog(FicheDialog[VenueData]):
    def __init__(
        self, service: ProgrammeService, record_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__("Lieu", service.venues, record_id, parent)
        self.name, self.address, self.commune = QLineEdit(), QLineEdit(), QLineEdit()
        self.capacity = count_spin("Non limitée", suffix=" personnes")
        self.accessible = QCheckBox("Accessible aux personnes à mobilité réduite")
        self.notes = notes_field()
        self.field("&Nom", self.name, "name")
        self.field("&Adresse", self.address, "address")
        self.field("&Commune", self.commune, "commune")
        self.field("Ca&pacité", self.capacity, "capacity")
        self.field("", self.accessible, "accessible")
        self.field("N&otes", self.notes, "notes")
        self.start(VenueData(""))

    def fill(self, data: VenueData) -> None:
        self.name.setText(data.name)
        self.address.setText(data.address or "")
        self.commune.setText(data.commune or "")
        self.capacity.setValue(data.capacity or 0)
        self.accessible.setChecked(data.accessible)
        self.notes.setPlainText(data.notes or "")

    def read(self, problems: dict[str, str]) -> VenueData:
        return VenueData(
            self.name.text(),
            text_or_none(self.address),
            text_or_none(self.commune),
            self.capacity.value() or None,
            self.accessible.isChecked(),
            text_or_none(self.notes),
        )


class FacilitatorDialog(FicheDialog[FacilitatorData]):
    def __init__(
        self, service: ProgrammeService, record_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__("Animateur ou intervenant", service.facilitators, record_id, parent)
        partners = ProgrammeRegister(service.database).partner_choices()
        self.name, self.email, self.phone = QLineEdit(), QLineEdit(), QLineEdit()
        self.partner = choice_combo("Partenaire employeur", partners, "Aucun (bénévole, agent…)")
        self.field("&Nom", self.name, "name")
        self.field("&Partenaire", self.partner, "partner_id")
        self.field("Co&urriel", self.email, "email")
        self.field("Télé&phone", self.phone, "phone")
        self.start(FacilitatorData(""))

    def fill(self, data: FacilitatorData) -> None:
        self.name.setText(data.name)
        select_data(self.partner, data.partner_id)
        self.email.setText(data.email or "")
        self.phone.setText(data.phone or "")

    def read(self, problems: dict[str, str]) -> FacilitatorData:
        return FacilitatorData(
            self.name.text(),
            self.partner.currentData(),
            text_or_none(self.email),
            text_or_none(self.phone),
        )


class ActionDialog(FicheDialog[ActionData]):
    def __init__(
        self,
        service: ProgrammeService,
        record_id: int | None,
        parent: QWidget | None = None,
        *,
        school_year: str | None = None,
    ) -> None:
        super().__init__("Action", service.actions, record_id, parent)
        partners = ProgrammeRegister(service.database).partner_choices()
        self.title, self.year, self.funding = QLineEdit(), QLineEdit(), QLineEdit()
        self.year.setPlaceholderText("2025-2026")
        self.axis = combo("Axe du label", [(v, k) for k, v in AXES.items()])
        self.porteur = choice_combo("Porteur", partners, "Non renseigné")
        self.planned, self.spent = QLineEdit(), QLineEdit()
        for edit in (self.planned, self.spent):
            edit.setPlaceholderText("ex. : 12 500")
        self.description = notes_field()
        self.field("&Intitulé", self.title, "title")
        self.field("A&xe", self.axis, "axis")
        self.field("&Porteur", self.porteur, "porteur_id")
        self.field("&Année scolaire", self.year, "school_year")
        self.field("Budget p&révu (€)", self.planned, "budget_planned")
        self.field("Budget &dépensé (€)", self.spent, "budget_spent")
        self.field("&Financement", self.funding, "funding_source")
        self.field("D&escription", self.description, "description")
        self.start(ActionData("", next(iter(AXES)), school_year=school_year))

    def fill(self, data: ActionData) -> None:
        self.title.setText(data.title)
        select_data(self.axis, data.axis)
        select_data(self.porteur, data.porteur_id)
        self.year.setText(data.school_year or "")
        for edit, amount in ((self.planned, data.budget_planned), (self.spent, data.budget_spent)):
            edit.setText("" if amount is None else str(amount).replace(".", ","))
        self.funding.setText(data.funding_source or "")
        self.description.setPlainText(data.description or "")

    def read(self, problems: dict[str, str]) -> ActionData:
        return ActionData(
            self.title.text(),
            str(self.axis.currentData()),
            self.porteur.currentData(),
            text_or_none(self.year),
            parse_amount(self.planned.text(), "budget_planned", problems),
            parse_amount(self.spent.text(), "budget_spent", problems),
            text_or_none(self.funding),
            text_or_none(self.description),
        )


class ActivityDialog(FicheDialog[ActivityData]):
    def __init__(
        self,
        service: ProgrammeService,
        record_id: int | None,
        parent: QWidget | None = None,
        *,
        action_id: int | None = None,
    ) -> None:
        super().__init__("Activité", service.activities, record_id, parent)
        register = ProgrammeRegister(service.database)
        actions = [Choice(row.id, row.title, row.school_year or "") for row in register.actions()]
        self.action = combo(
            "Action", [(f"{c.label} ({c.detail})" if c.detail else c.label, c.id) for c in actions]
        )
        self.title = QLineEdit()
        self.kind = combo("Type d'activité", [(v, k) for k, v in ACTIVITY_KINDS.items()])
        self.orientation = combo(
            "Type d'orientation", [("—", None), *((v, k) for k, v in ORIENTATION_KINDS.items())]
        )
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.capacity = count_spin("Non limitée", suffix=" places")
        self.max_share = count_spin("Aucun objectif", 100, " %")
        self.min_schools = count_spin("Aucun objectif", 99, " établissements")
        self.image_rights = QCheckBox("Exige le droit à l'image (photos, vidéos)")
        self.description = notes_field()
        self.niveaux = NiveauPicker()
        self.invited = ChoiceList("Établissements invités")
        self.invited.set_choices(register.establishment_choices())
        self.field("Acti&on", self.action, "action_id")
        self.field("&Intitulé", self.title, "title")
        self.field("&Type", self.kind, "kind")
        self.field("&Orientation", self.orientation, "orientation_kind")
        self.field("Ca&pacité", self.capacity, "capacity")
        self.field("Part &max. d'un étab.", self.max_share, "max_school_share")
        self.field("Étab. &minimum", self.min_schools, "min_schools")
        self.field("", self.image_rights, "requires_image_rights")
        self.field("D&escription", self.description, "description")
        niveaux = QFormLayout()
        add_field(
            niveaux,
            "&Niveaux visés",
            self.niveaux,
            self.errors,
            "target_niveaux",
            buddy=self.niveaux.boxes["CP"],
        )
        self.side.addLayout(niveaux)
        invited = QFormLayout()
        add_field(
            invited,
            "Établissements\n&invités",
            self.invited,
            self.errors,
            "invited_establishment_ids",
            buddy=self.invited.list,
        )
        self.side.addLayout(invited, 1)
        self.start(ActivityData(action_id or (actions[0].id if actions else 0), "", "periscolaire"))

    def _kind_changed(self) -> None:
        orientation = self.kind.currentData() == "orientation"
        self.orientation.setEnabled(orientation)
        if not orientation:
            self.orientation.setCurrentIndex(0)

    def fill(self, data: ActivityData) -> None:
        select_data(self.action, data.action_id)
        self.title.setText(data.title)
        select_data(self.kind, data.kind)
        select_data(self.orientation, data.orientation_kind)
        self._kind_changed()
        self.capacity.setValue(data.capacity or 0)
        share = data.max_school_share
        self.max_share.setValue(round(share * 100) if share is not None else 0)
        self.min_schools.setValue(data.min_schools or 0)
        self.image_rights.setChecked(data.requires_image_rights)
        self.description.setPlainText(data.description or "")
        self.niveaux.set_checked(data.target_niveaux)
        self.invited.set_checked(data.invited_establishment_ids)

    def read(self, problems: dict[str, str]) -> ActivityData:
        data: dict[str, Any] = {
            "action_id": self.action.currentData(),
            "title": self.title.text(),
            "kind": str(self.kind.currentData()),
            "orientation_kind": self.orientation.currentData(),
            "description": text_or_none(self.description),
            "capacity": self.capacity.value() or None,
            "max_school_share": (self.max_share.value() / 100) or None,
            "min_schools": self.min_schools.value() or None,
            "requires_image_rights": self.image_rights.isChecked(),
            "target_niveaux": self.niveaux.checked(),
            "invited_establishment_ids": tuple(self.invited.checked_ids()),
        }
        if data["action_id"] is None:
            problems["action_id"] = "Choisissez l'action dont l'activité fait partie."
        return ActivityData(**data)


def _shown(value: object) -> str:
    if value is None or value == "":
        return "vide"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(v) for v in value) or "vide"
    return str(value)
