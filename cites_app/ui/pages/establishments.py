"""Page « Établissements »: search, sort, each school's participation; add a school from the
official data (or by hand) and edit its fiche."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from cites_app.db.database import Database
from cites_app.establishments import EstablishmentService
from cites_app.registers.establishments import EstablishmentRegister
from cites_app.ui.dialogs.form_fields import PRIMARY_STYLE
from cites_app.ui.models.establishments import EstablishmentTableModel
from cites_app.ui.pages.list_page import ListPage


class EstablishmentsPage(ListPage):
    settings_key = "establishments"

    def __init__(
        self,
        database: Database,
        parent: QWidget | None = None,
        *,
        pool: QThreadPool | None = None,
    ) -> None:
        model = EstablishmentTableModel(EstablishmentRegister(database))
        super().__init__(
            "Établissements",
            "Nom, UAI ou commune…",
            model,
            ("établissement", "établissements"),
            parent,
        )
        model.setParent(self)
        self.service = EstablishmentService(database)
        self._pool = pool
        self.dialog: QDialog | None = None  # the form last opened
        self.add_button = QPushButton("Ajouter un établissement…")
        self.add_button.setStyleSheet(PRIMARY_STYLE)
        self.add_button.setToolTip("Par son UAI ou son nom, avec les données officielles")
        self.add_button.clicked.connect(self.add_establishment)
        self.edit_button = QPushButton("Modifier…")
        self.edit_button.setToolTip("Ouvrir la fiche de l'établissement choisi (ou double-clic)")
        self.edit_button.clicked.connect(self.edit_current)
        self.edit_button.setEnabled(False)
        self.filters.addWidget(self.edit_button)
        self.filters.addWidget(self.add_button)
        QWidget.setTabOrder(self.table, self.edit_button)
        QWidget.setTabOrder(self.edit_button, self.add_button)
        self.table.activated.connect(lambda index: self.edit(model.row_id(index.row())))
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        model.modelReset.connect(self._update_buttons)

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.row_id(index.row()) if index.isValid() else None

    def add_establishment(self) -> None:
        """« Ajouter un établissement… »: the official data search and a blank fiche."""
        from cites_app.ui.dialogs.establishment_add import AddEstablishmentDialog  # noqa: PLC0415

        dialog = AddEstablishmentDialog(self.service, self, pool=self._pool)
        dialog.saved.connect(self.show_establishment)
        dialog.existing_chosen.connect(self.edit)
        self.dialog = dialog
        dialog.open()

    def edit_current(self) -> None:
        current = self.current_id()
        if current is not None:
            self.edit(current)

    def edit(self, establishment_id: int) -> None:
        """The fiche of ``establishment_id`` (« Modifier… », Enter or double-click)."""
        from cites_app.ui.dialogs.establishment_form import (  # noqa: PLC0415
            EstablishmentFicheDialog,
        )

        dialog = EstablishmentFicheDialog(self.service, establishment_id, self)
        dialog.saved.connect(self.show_establishment)
        self.dialog = dialog
        dialog.open()

    def show_establishment(self, establishment_id: int) -> None:
        """Reload the list and select ``establishment_id`` (searching for it if hidden)."""
        self.model.reload()
        row = self.model.row_of(establishment_id)
        if row is None:
            self.search_for(self.service.fiches.get(establishment_id).data.uai)
            row = self.model.row_of(establishment_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.scrollTo(self.model.index(row, 0))

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.table.currentIndex().isValid())
