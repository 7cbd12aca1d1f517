"""An establishment's fiche: everything the database holds about it, IPS history included,
saved through :class:`EstablishmentService` with optimistic locking (a form of
:class:`FicheDialog`, like the programme's fiches)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cites_app.establishments import (
    EstablishmentData,
    EstablishmentService,
    IpsValue,
    rentree_problem,
)
from cites_app.establishments.fiche import shown
from cites_app.models.vocabulary import (
    EDUCATION_PRIORITAIRE,
    ESTABLISHMENT_KINDS,
    QPV_LOCATIONS,
    SECTORS,
)
from cites_app.ui.dialogs.form_fields import (
    add_field,
    combo,
    error_label,
    row,
    select_data,
    text_or_none,
)
from cites_app.ui.dialogs.programme_forms import FicheDialog
from cites_app.ui.models.establishment_ips import IpsHistoryModel
from cites_app.ui.style import scaled_font

UNKNOWN = "Non renseigné"


def parse_number(
    text: str, field: str, problems: dict[str, str], *, integer: bool = False
) -> float | None:
    """ "48,91" → 48.91 (an empty field is None); an unreadable value adds a problem."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".")
    if not cleaned:
        return None
    try:
        return int(cleaned) if integer else float(cleaned)
    except ValueError:
        example = "480" if integer else "48,91"
        problems[field] = f"Nombre illisible : « {text.strip()} » (exemple : {example})."
        return None


class EstablishmentFicheDialog(FicheDialog[EstablishmentData]):
    """The fiche of establishment ``record_id`` (a new one, typed by hand, when None)."""

    def __init__(
        self,
        service: EstablishmentService,
        record_id: int | None,
        parent: QWidget | None = None,
        *,
        title: str = "Établissement",
    ) -> None:
        super().__init__(title, service.fiches, record_id, parent)
        self.service = service
        self.source: str | None = None
        self.uai, self.name = QLineEdit(), QLineEdit()
        self.uai.setPlaceholderText("ex. : 0930616P")
        self.uai.setMaxLength(12)
        self.kind = combo("Type d'établissement", [(v, k) for k, v in ESTABLISHMENT_KINDS.items()])
        self.sector = self._vocabulary("Secteur", SECTORS)
        self.ep = self._vocabulary("Éducation prioritaire", EDUCATION_PRIORITAIRE)
        self.qpv = self._vocabulary("Situation par rapport aux QPV", QPV_LOCATIONS)
        self.enrolment = QLineEdit()
        self.enrolment.setPlaceholderText("non renseigné")
        self.in_territory = QCheckBox("Établissement du territoire de la cité")
        self.in_territory.setToolTip(
            "Décochez pour un établissement partenaire situé hors du territoire : il reste "
            "disponible mais n'entre pas dans les chiffres du territoire."
        )
        self.source_label = QLabel("")
        self.source_label.setObjectName("muted")
        self.source_label.setWordWrap(True)
        self.field("&UAI", self.uai, "uai")
        self.field("&Nom", self.name, "name")
        self.field("&Type", self.kind, "kind")
        self.field("&Secteur", self.sector, "sector")
        self.field("É&ducation prioritaire", self.ep, "education_prioritaire")
        self.field("Situation &QPV", self.qpv, "qpv_location")
        self.field("E&ffectif", self.enrolment, "enrolment")
        self.field("Territoire", self.in_territory, "in_territory")
        self.field("Source", self.source_label, "source")
        self._build_place()
        self._build_ips()
        self.start(EstablishmentData("", ""))
        self.fit_height(46)

    def fit_height(self, lines: int) -> None:
        """``lines`` of text high, but never taller than the screen (a laptop at 150 %)."""
        wanted = self.fontMetrics().height() * lines
        screen = self.screen()
        if screen is not None:
            wanted = min(wanted, screen.availableGeometry().height() - 60)
        self.resize(self.width(), wanted)

    # -- building -----------------------------------------------------------------------------

    def _vocabulary(self, name: str, choices: dict[str, str]) -> QComboBox:
        return combo(name, [(UNKNOWN, None), *((label, code) for code, label in choices.items())])

    def _side_field(self, form: QFormLayout, caption: str, widget: QWidget, name: str) -> None:
        add_field(form, caption, widget, self.errors, name)
        self.captions[name] = caption.replace("&", "")

    def _build_place(self) -> None:
        heading = QLabel("Localisation")
        heading.setFont(scaled_font(self.font(), 1.1, bold=True))
        self.side.addWidget(heading)
        place = QFormLayout()
        place.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.address, self.commune, self.code_insee = QLineEdit(), QLineEdit(), QLineEdit()
        self.departement, self.academie = QLineEdit(), QLineEdit()
        self.latitude, self.longitude = QLineEdit(), QLineEdit()
        self.code_insee.setPlaceholderText("ex. : 93014")
        self.departement.setPlaceholderText("ex. : 093")
        self.latitude.setPlaceholderText("ex. : 48,9109")
        self.longitude.setPlaceholderText("ex. : 2,5471")
        self._side_field(place, "&Adresse", self.address, "address")
        self._side_field(place, "&Commune", self.commune, "commune")
        self._side_field(place, "Code &INSEE", self.code_insee, "code_insee")
        self._side_field(place, "Dé&partement", self.departement, "departement")
        self._side_field(place, "Acadé&mie", self.academie, "academie")
        self._side_field(place, "&Latitude", self.latitude, "latitude")
        self._side_field(place, "Lon&gitude", self.longitude, "longitude")
        self.side.addLayout(place)
        self.side.addStretch(1)

    def _build_ips(self) -> None:
        """Under the identity fields: the IPS history and a line to add or correct a rentrée."""
        heading = QLabel("IPS par rentrée")
        heading.setFont(scaled_font(self.font(), 1.1, bold=True))
        heading.setToolTip("Indice de position sociale publié par la DEPP (plus il est élevé, "
                           "plus le public de l'établissement est favorisé).")  # fmt: skip
        self.ips_model = IpsHistoryModel(self)
        self.ips_table = self._ips_table()
        char = self.fontMetrics().averageCharWidth()
        self.ips_empty = QLabel("Aucun IPS enregistré (les écoles maternelles n'en ont pas).")
        self.ips_empty.setObjectName("muted")
        self.ips_empty.setWordWrap(True)
        self.ips_rentree, self.ips_value, self.ips_sd = QLineEdit(), QLineEdit(), QLineEdit()
        self.ips_rentree.setPlaceholderText("2024-2025")
        self.ips_value.setPlaceholderText("ex. : 91,2")
        self.ips_sd.setPlaceholderText("facultatif")
        for edit, chars in ((self.ips_rentree, 10), (self.ips_value, 10), (self.ips_sd, 10)):
            edit.setMaximumWidth(char * (chars + 4))
        self.ips_rentree.setAccessibleName("Rentrée de l'IPS")
        self.ips_value.setAccessibleName("Valeur de l'IPS")
        self.ips_sd.setAccessibleName("Écart-type de l'IPS")
        self.ips_set_button = QPushButton("Ajouter ou corriger cette rentrée")
        self.ips_set_button.clicked.connect(self.set_ips)
        self.ips_remove_button = QPushButton("Retirer la rentrée choisie")
        self.ips_remove_button.clicked.connect(self.remove_ips)
        self.ips_error = error_label()
        self.errors.labels["ips"] = self.ips_error
        self.captions["ips"] = "IPS"
        panel = QWidget()
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 8, 0, 0)
        box.setSpacing(4)
        box.addWidget(heading)
        box.addWidget(self.ips_table)
        box.addWidget(self.ips_empty)
        box.addLayout(row("Rentrée", self.ips_rentree, "IPS", self.ips_value,
                          "Écart-type", self.ips_sd))  # fmt: skip
        buttons = QHBoxLayout()
        buttons.addWidget(self.ips_set_button)
        buttons.addWidget(self.ips_remove_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        box.addWidget(self.ips_error)
        box.addStretch(1)  # a taller window leaves its room below, not between the rows
        self.form.addRow(panel)

    def _ips_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.ips_model)
        table.setAccessibleName("IPS par rentrée")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        char = self.fontMetrics().averageCharWidth()
        for column, width in enumerate((12, 10)):
            table.setColumnWidth(column, char * width + 24)
        table.setMinimumHeight(self.fontMetrics().height() * 5)
        table.setMaximumHeight(self.fontMetrics().height() * 9)
        table.selectionModel().currentRowChanged.connect(self._ips_chosen)
        return table

    # -- IPS history --------------------------------------------------------------------------

    def _show_ips(self, values: list[IpsValue]) -> None:
        self.ips_model.set_values(values)
        self.ips_table.setVisible(bool(values))
        self.ips_empty.setVisible(not values)
        self.ips_remove_button.setEnabled(False)

    def _ips_chosen(self) -> None:
        index = self.ips_table.currentIndex()
        chosen = index.isValid()
        self.ips_remove_button.setEnabled(chosen)
        if chosen:
            value = self.ips_model.values[index.row()]
            self.ips_rentree.setText(value.rentree)
            self.ips_value.setText(shown(value.ips))
            self.ips_sd.setText(shown(value.ips_sd))

    def set_ips(self) -> None:
        """Add the rentrée typed below the table, or replace its values (saved with the fiche)."""
        problems: dict[str, str] = {}
        rentree = self.ips_rentree.text().strip()
        problem = rentree_problem(rentree)
        if problem is not None:
            problems["ips"] = problem
        ips = parse_number(self.ips_value.text(), "ips", problems)
        sd = parse_number(self.ips_sd.text(), "ips", problems)
        if not problems and ips is None:
            problems["ips"] = "Indiquez la valeur de l'IPS de cette rentrée (ex. : 91,2)."
        self.ips_error.setVisible(bool(problems))
        self.ips_error.setText(problems.get("ips", ""))
        if problems:
            return
        values = [v for v in self.ips_model.values if v.rentree != rentree]
        self._show_ips([*values, IpsValue(rentree, ips, sd)])
        for edit in (self.ips_rentree, self.ips_value, self.ips_sd):
            edit.clear()

    def remove_ips(self) -> None:
        index = self.ips_table.currentIndex()
        if not index.isValid():
            return
        chosen = self.ips_model.values[index.row()]
        self._show_ips([v for v in self.ips_model.values if v != chosen])
        for edit in (self.ips_rentree, self.ips_value, self.ips_sd):
            edit.clear()

    # -- FicheDialog --------------------------------------------------------------------------

    def fill(self, data: EstablishmentData) -> None:
        self.uai.setText(data.uai)
        self.name.setText(data.name)
        select_data(self.kind, data.kind)
        select_data(self.sector, data.sector)
        select_data(self.ep, data.education_prioritaire)
        select_data(self.qpv, data.qpv_location)
        self.enrolment.setText("" if data.enrolment is None else str(data.enrolment))
        self.in_territory.setChecked(data.in_territory)
        self.source = data.source
        self.source_label.setText(data.source or "saisie manuelle")
        self.address.setText(data.address or "")
        self.commune.setText(data.commune or "")
        self.code_insee.setText(data.code_insee or "")
        self.departement.setText(data.departement or "")
        self.academie.setText(data.academie or "")
        self.latitude.setText(shown(data.latitude))
        self.longitude.setText(shown(data.longitude))
        self._show_ips(list(data.ips))
        for edit in (self.uai, self.name, self.address, self.commune, self.academie):
            edit.setCursorPosition(0)  # the start of a long name, not its end

    def _pending_ips(self) -> bool:
        """True when a rentrée typed below the table was not added yet (it would be lost)."""
        typed = [e.text().strip() for e in (self.ips_rentree, self.ips_value, self.ips_sd)]
        if not any(typed):
            return False
        ignored: dict[str, str] = {}
        ips = parse_number(typed[1], "ips", ignored)
        sd = parse_number(typed[2], "ips", ignored)
        return IpsValue(typed[0], ips, sd) not in self.ips_model.values

    def read(self, problems: dict[str, str]) -> EstablishmentData:
        if self._pending_ips():
            problems["ips"] = (
                "Un IPS est saisi sous le tableau sans avoir été ajouté : cliquez sur « Ajouter "
                "ou corriger cette rentrée », ou videz ces champs."
            )
        enrolment = parse_number(self.enrolment.text(), "enrolment", problems, integer=True)
        return EstablishmentData(
            uai=self.uai.text(),
            name=self.name.text(),
            kind=str(self.kind.currentData()),
            sector=self.sector.currentData(),
            education_prioritaire=self.ep.currentData(),
            qpv_location=self.qpv.currentData(),
            commune=text_or_none(self.commune),
            code_insee=text_or_none(self.code_insee),
            departement=text_or_none(self.departement),
            academie=text_or_none(self.academie),
            address=text_or_none(self.address),
            latitude=parse_number(self.latitude.text(), "latitude", problems),
            longitude=parse_number(self.longitude.text(), "longitude", problems),
            enrolment=None if enrolment is None else int(enrolment),
            in_territory=self.in_territory.isChecked(),
            ips=tuple(sorted(self.ips_model.values, key=lambda value: value.rentree)),
            source=self.source,
        )
