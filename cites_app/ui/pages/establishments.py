"""Page « Établissements »."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cites_app.db.database import Database
from cites_app.registers.establishments import EstablishmentRegister
from cites_app.ui.models.establishments import EstablishmentTableModel
from cites_app.ui.pages.list_page import ListPage


class EstablishmentsPage(ListPage):
    settings_key = "establishments"

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        model = EstablishmentTableModel(EstablishmentRegister(database))
        super().__init__(
            "Établissements",
            "Nom, UAI ou commune…",
            model,
            ("établissement", "établissements"),
            parent,
        )
        model.setParent(self)
