"""Page « Élèves »: search as you type, filters by establishment, niveau and QPV."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QDialog, QWidget

from cites_app.db.database import Database
from cites_app.models.vocabulary import QPV_FLAGS
from cites_app.registers.pupils import PupilFilter, PupilRegister
from cites_app.ui.models.pupils import PupilTableModel
from cites_app.ui.pages.list_page import ListPage


class PupilsPage(ListPage):
    settings_key = "pupils"

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        self._register = PupilRegister(database)
        model = PupilTableModel(self._register)
        super().__init__(
            "Élèves",
            "Nom, prénom…",
            model,
            ("élève", "élèves"),
            parent,
        )
        model.setParent(self)
        self.pupil_model = model
        self._database = database
        self.card: QDialog | None = None
        self.table.activated.connect(lambda index: self.open_card(model.row_id(index.row())))
        self.establishment_combo = QComboBox()
        self.establishment_combo.setAccessibleName("Filtrer par établissement")
        self.niveau_combo = QComboBox()
        self.niveau_combo.setAccessibleName("Filtrer par niveau")
        self.qpv_combo = QComboBox()
        self.qpv_combo.setAccessibleName("Filtrer par résidence en QPV")
        self.add_filter("Éta&blissement", self.establishment_combo, width_chars=15)
        self.add_filter("&Niveau", self.niveau_combo)
        self.add_filter("&QPV", self.qpv_combo)
        self.authorisation_combo = QComboBox()
        self.authorisation_combo.setAccessibleName("Filtrer par autorisation manquante")
        self.add_filter("A&utorisation", self.authorisation_combo)
        self._fill_choices()
        for combo in (
            self.establishment_combo,
            self.niveau_combo,
            self.qpv_combo,
            self.authorisation_combo,
        ):
            combo.currentIndexChanged.connect(self._apply_filters)

    def refresh(self) -> None:
        self._fill_choices()
        super().refresh()

    def _fill_choices(self) -> None:
        def fill(combo: QComboBox, everything: str, items: list[tuple[str, object]]) -> None:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for label, data in items:
                combo.addItem(label, data)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
            combo.blockSignals(False)

        fill(
            self.establishment_combo,
            "Tous les établissements",
            [(name, est_id) for est_id, name in self._register.establishment_choices()],
        )
        fill(self.niveau_combo, "Tous", [(n, n) for n in self._register.niveau_choices()])
        fill(self.qpv_combo, "Tous", [(label, code) for code, label in QPV_FLAGS.items()])
        fill(
            self.authorisation_combo,
            "Toutes",
            [
                ("Participation manquante", "participation"),
                ("Droit à l'image manquant", "droit_image"),
            ],
        )

    def open_card(self, pupil_id: int) -> None:
        """The pupil's page (Enter or double-click): authorisations, séances, rights."""
        from cites_app.ui.dialogs.pupil_card import PupilCardDialog  # noqa: PLC0415

        self.card = PupilCardDialog(self._database, pupil_id, self)
        self.card.finished.connect(lambda _result: self.refresh())
        self.card.open()

    def _apply_filters(self) -> None:
        self.pupil_model.set_filter(
            PupilFilter(
                search=self.search.text(),
                establishment_id=self.establishment_combo.currentData(),
                niveau=self.niveau_combo.currentData(),
                qpv=self.qpv_combo.currentData(),
                missing_authorisation=self.authorisation_combo.currentData(),
                on=date.today(),
            )
        )
