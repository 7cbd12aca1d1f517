"""A pupil's page: identity, parental authorisations, registrations and every séance attended.

It shows exactly what the access-request export contains (``cites_app.privacy.pupil_record``),
and offers the two rights the coordinator must honour: export (access) and erasure.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cites_app.db.database import Database
from cites_app.privacy import PrivacyError, erase_pupil, export_pupil_data
from cites_app.privacy.access_export import (
    ATTENDANCE,
    AUTHORISATIONS,
    IDENTITY,
    REGISTRATIONS,
    pupil_record,
)
from cites_app.registers import formatting
from cites_app.ui.style import scaled_font

ModelIndex = QModelIndex | QPersistentModelIndex
# (title, question) -> True when the user confirms; injectable for tests.
Confirm = Callable[[str, str], bool]


class RecordsModel(QAbstractTableModel):
    """Rows of French-keyed dictionaries (a pupil's own lists: a few dozen rows at most)."""

    def __init__(self, rows: list[dict[str, object]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = rows
        self.headers = list(rows[0]) if rows else []

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not (0 <= index.row() < len(self.rows) and 0 <= index.column() < len(self.headers)):
            return None
        return _text(self.rows[index.row()].get(self.headers[index.column()]))

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return _first_upper(self.headers[section]) if 0 <= section < len(self.headers) else None


def _first_upper(text: str) -> str:
    # capitalize() would lower the rest: « réside en QPV » must not become « Réside en qpv ».
    return text[:1].upper() + text[1:]


def _text(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return f"{formatting.numeric_date(value.date())} {formatting.clock_time(value)}"
    if isinstance(value, date):
        return formatting.numeric_date(value)
    return str(value)


class PupilCardDialog(QDialog):
    """Opened from the list of pupils (Enter or double-click)."""

    def __init__(self, database: Database, pupil_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.pupil_id = pupil_id
        self.confirm: Confirm = self._ask
        self.choose_file: Callable[[str], Path | None] = self._ask_file
        self.setWindowTitle(f"Élève n°{pupil_id}")
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        self.title = QLabel("")
        self.title.setFont(scaled_font(self.font(), 1.4, bold=True))
        layout.addWidget(self.title)
        self.identity_page = QWidget()
        self.identity = QFormLayout(self.identity_page)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.export_button = QPushButton("Exporter ses données (droit d'accès)…")
        self.export_button.clicked.connect(self.export_data)
        self.erase_button = QPushButton("Anonymiser (droit à l'effacement)…")
        self.erase_button.clicked.connect(self.erase)
        close = QPushButton("Fermer")
        close.clicked.connect(self.accept)
        for button in (self.export_button, self.erase_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.models: dict[str, RecordsModel] = {}
        self.load()

    def load(self) -> None:
        with self._database.read_session() as session:
            record = pupil_record(session, self.pupil_id)
        identity = record[IDENTITY]
        assert isinstance(identity, dict)
        self.title.setText(f"{identity.get('prénom', '')} {identity.get('nom', '')}".strip())
        while self.identity.rowCount():
            self.identity.removeRow(0)
        for key, value in identity.items():
            if key not in ("nom", "prénom"):
                self.identity.addRow(f"{_first_upper(key)} :", QLabel(_text(value)))
        self.tabs.clear()
        self.tabs.addTab(self.identity_page, "Identité")
        for key, label in (
            (AUTHORISATIONS, "Autorisations parentales"),
            (REGISTRATIONS, "Inscriptions"),
            (ATTENDANCE, "Séances et présences"),
        ):
            rows = record[key]
            assert isinstance(rows, list)
            model = RecordsModel(rows, self)
            self.models[key] = model
            view = QTableView()
            view.setModel(model)
            view.setAlternatingRowColors(True)
            view.horizontalHeader().setStretchLastSection(True)
            view.resizeColumnsToContents()
            self.tabs.addTab(view, f"{label} ({len(rows)})")
        self.tabs.setCurrentIndex(self.tabs.count() - 1)  # what was attended, first

    def export_data(self) -> None:
        path = self.choose_file(f"eleve-{self.pupil_id}.xlsx")
        if path is None:
            return
        try:
            written = export_pupil_data(self._database, self.pupil_id, path)
        except (PrivacyError, OSError) as exc:
            self.status.setText(f"Export impossible : {exc}")
            return
        self.status.setText(f"Données de l'élève exportées : {written} (inscrit au journal).")

    def erase(self) -> None:
        question = (
            "Les nom, prénom, date de naissance, INE, classe et autorisations de cet élève "
            "seront effacés définitivement. Ses présences restent comptées, sans nom, dans les "
            "indicateurs. Continuer ?"
        )
        if not self.confirm("Droit à l'effacement", question):
            return
        try:
            erase_pupil(self._database, self.pupil_id)
        except PrivacyError as exc:
            self.status.setText(f"Effacement impossible : {exc}")
            return
        self.load()
        self.status.setText("Les données nominatives de l'élève ont été effacées.")

    def _ask(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self, title, question)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_file(self, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Exporter les données de l'élève", str(Path.home() / suggested),
            "Classeur Excel (*.xlsx);;JSON (*.json)",
        )  # fmt: skip
        return Path(name) if name else None
