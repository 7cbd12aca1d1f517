"""An establishment's fiche: everything the database holds about it, IPS history included,
saved through :class:`EstablishmentService` with optimistic locking (a form of
:class:`FicheDialog`, like the programme's fiches)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from cites_app.establishments import (
    SOCIAL_GROUP_LABELS,
    EstablishmentData,
    EstablishmentService,
    IpsValue,
    SocialGroupsValue,
    social_groups_problem,
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
    select_data,
    text_or_none,
)
from cites_app.ui.dialogs.programme_forms import FicheDialog
from cites_app.ui.dialogs.rentree_history import (
    HistoryColumn,
    RentreeHistoryEditor,
    parse_number,
)
from cites_app.ui.style import scaled_font

UNKNOWN = "Non renseigné"
_SHORT_GROUPS = ("Très fav.", "Favorisée", "Moyenne", "Défav.")  # table headers: 4 fit


def _voie_columns(short: str, voie: str) -> tuple[HistoryColumn, HistoryColumn]:
    """A lycée's IPS of one voie and its standard deviation (left empty elsewhere)."""
    return (
        HistoryColumn(f"IPS {short}", f"IPS voie {short}", f"IPS de la voie {voie}",
                      "lycées", required=False, header_tooltip=f"IPS de la voie {voie}"),
        HistoryColumn(f"É.-t. {short}", f"Écart-type {short}",
                      f"Écart-type de l'IPS de la voie {voie}", "lycées", required=False,
                      header_tooltip=f"Écart-type de l'IPS de la voie {voie}"),
    )  # fmt: skip


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
        self._build_social_groups()
        self.start(EstablishmentData("", ""))
        self.fit_height(50)

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

    def _build_ips(self) -> None:
        """Under the identity fields: the IPS history and a line to add or correct a rentrée."""
        self.ips = RentreeHistoryEditor(
            "IPS par rentrée",
            (
                HistoryColumn("IPS", "IPS", "Valeur de l'IPS", "ex. : 91,2"),
                HistoryColumn("Écart-type", "Écart-type", "Écart-type de l'IPS", required=False),
                *_voie_columns("GT", "général et technologique"),
                *_voie_columns("pro", "professionnel"),
            ),
            lambda _rentree, _values: None,  # ranges are checked with the whole fiche
            empty_text="Aucun IPS enregistré (les écoles maternelles n'en ont pas).",
            fields_per_line=2,
            rentree_alone=True,
            tooltip="Indice de position sociale publié par la DEPP (plus il est élevé, plus le "
            "public de l'établissement est favorisé).",
        )
        self.errors.labels["ips"] = self.ips.error
        self.captions["ips"] = "IPS"
        self.form.addRow(self.ips)

    def _build_social_groups(self) -> None:
        """Beside, the shares of the four PCS groups a school may provide (never per pupil)."""
        columns = tuple(
            HistoryColumn(short, label, f"Part « {label} » (%)", "%", percent=True,
                          header_tooltip=f"Part des élèves de catégorie sociale « {label} »")
            for short, label in zip(_SHORT_GROUPS, SOCIAL_GROUP_LABELS, strict=True)
        )  # fmt: skip
        self.social_groups = RentreeHistoryEditor(
            "Catégories sociales (PCS) par rentrée",
            columns,
            lambda rentree, values: social_groups_problem(
                SocialGroupsValue(rentree, *(value or 0.0 for value in values))
            ),
            empty_text="Aucune répartition enregistrée. Si l'établissement vous communique les "
            "parts de ses élèves par catégorie sociale (DEPP), saisissez-les ici, en %.",
            tooltip="Répartition des élèves de l'établissement entre les quatre catégories "
            "sociales de la DEPP : un chiffre de l'établissement, jamais une donnée d'élève.",
            fields_per_line=2,
            rentree_alone=True,
        )
        self.errors.labels["social_groups"] = self.social_groups.error
        self.captions["social_groups"] = "Catégories sociales"
        self.side.addWidget(self.social_groups)

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
        self.ips.set_rows([(v.rentree, v.values) for v in data.ips])
        self.social_groups.set_rows([(v.rentree, v.shares) for v in data.social_groups])
        for edit in (self.uai, self.name, self.address, self.commune, self.academie):
            edit.setCursorPosition(0)  # the start of a long name, not its end

    def read(self, problems: dict[str, str]) -> EstablishmentData:
        for name, editor in (("ips", self.ips), ("social_groups", self.social_groups)):
            if editor.pending():
                problems[name] = (
                    "Une rentrée est saisie sous le tableau sans avoir été ajoutée : cliquez sur "
                    "« Ajouter ou corriger cette rentrée », ou videz ces champs."
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
            ips=tuple(IpsValue(rentree, *values) for rentree, values in self.ips.rows),
            social_groups=tuple(
                SocialGroupsValue(rentree, *(value or 0.0 for value in values))
                for rentree, values in self.social_groups.rows
            ),
            source=self.source,
        )
