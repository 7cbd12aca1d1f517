"""« Importer des présences »: choose a file, see every row's status, import all or nothing.

The file is read and matched in a worker (a big file must not freeze the window); the preview
lists each row with its status (nouvelle présence, modifiée, déjà enregistrée, en double,
erreur and why). « Importer » stays disabled while any row is in error: the file is corrected
and chosen again, as the command line refuses it whole too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThreadPool,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cites_app.attendance.import_plan_types import ImportCounts, PreviewRow, RowStatus
from cites_app.attendance.importer import AttendanceImporter, AttendancePreview
from cites_app.db.database import Database
from cites_app.ui.style import WARNING_TEXT
from cites_app.ui.tasks import BackgroundTask, DelayedProgress, run_in_background

ModelIndex = QModelIndex | QPersistentModelIndex
HEADERS = ("Ligne", "Statut", "Séance", "Activité", "Élève", "Établissement", "Présence", "Détail")
_TINTS = {RowStatus.ERROR: "#f9dcdc", RowStatus.UPDATE: "#fdf0d2", RowStatus.DUPLICATE: "#eef2f7"}


class PreviewModel(QAbstractTableModel):
    """The rows of a preview (a file holds at most some hundred thousand: kept in memory)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PreviewRow] = []

    def set_rows(self, rows: list[PreviewRow]) -> None:
        self.beginResetModel()
        # Errors first: they are what the coordinator must fix.
        self.rows = sorted(rows, key=lambda r: (r.status is not RowStatus.ERROR, r.source_row))
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            sheet = f"{row.sheet}, " if row.sheet else ""
            values = (
                f"{sheet}{row.source_row}",
                row.status_label,
                row.when,
                row.activity,
                row.pupil,
                row.school,
                row.presence,
                row.message or "",
            )
            return values[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and row.status in _TINTS:
            return QBrush(QColor(_TINTS[row.status]))
        return None


class AttendanceImportDialog(QDialog):
    """The import of a past-attendance file, with its preview."""

    def __init__(
        self,
        database: Database,
        clock: Callable[[], datetime] = datetime.now,
        parent: QWidget | None = None,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Importer des présences passées")
        self.resize(1000, 620)
        self.importer = AttendanceImporter(database, clock)
        self.pool = pool or QThreadPool.globalInstance()
        self.preview: AttendancePreview | None = None
        self.counts: ImportCounts | None = None
        self._task: BackgroundTask | None = None
        self._progress: DelayedProgress | None = None

        intro = QLabel(
            "Un classeur Excel, ODS ou CSV avec une ligne par séance et par élève : date, heures "
            "de début et de fin, activité, type, action, lieu, nom, prénom, date de naissance, "
            "sexe, niveau, UAI ou nom de l'établissement, QPV, statut (présent, absent, excusé)."
        )
        intro.setWordWrap(True)
        self.choose_button = QPushButton("&Choisir un fichier…")
        self.choose_button.clicked.connect(self._choose)
        self.file_label = QLabel("Aucun fichier choisi.")
        self.file_label.setObjectName("muted")
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Aperçu des lignes du fichier")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton(
            "&Importer", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.commit)
        self.buttons.rejected.connect(self.reject)

        chooser = QHBoxLayout()
        chooser.addWidget(self.choose_button)
        chooser.addWidget(self.file_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(chooser)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            "Fichier de présences",
            "",
            "Tableurs (*.xlsx *.xls *.ods *.csv);;Tous les fichiers (*)",
        )
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> None:
        """Read and match ``path`` in the background, then show the preview."""
        self.file_label.setText(str(path))
        self.import_button.setEnabled(False)
        self.summary.setText("Lecture du fichier…")
        self._start(lambda _report: self.importer.preview(path), self._show_preview)

    def commit(self) -> None:
        """Import the previewed file (all or nothing)."""
        if self.preview is None or self.preview.refused:
            return
        preview = self.preview
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self._start(lambda _report: self.importer.commit(preview), self._imported)

    def busy(self) -> bool:
        return self._task is not None

    def _start(
        self, work: Callable[[Callable[[int, str], None]], object], done: Callable[[object], None]
    ) -> None:
        self._progress = DelayedProgress("Import des présences…", self)

        def finished(result: object) -> None:
            self._finish()
            done(result)

        self._task = run_in_background(self.pool, work, finished, self._failed, self._progress)

    def _finish(self) -> None:
        if self._progress is not None:
            self._progress.finish()
        self._task, self._progress = None, None

    def _show_preview(self, result: object) -> None:
        assert isinstance(result, AttendancePreview)
        self.preview = result
        self.model.set_rows(result.preview_rows)
        if result.refused:
            self._say(result.refusal_message(), warning=True)
        else:
            self._say(f"Aperçu : {result.counts.summary_fr()} Rien n'est encore écrit.")
        self.import_button.setEnabled(not result.refused)

    def _imported(self, result: object) -> None:
        assert isinstance(result, ImportCounts)
        self.counts = result
        self.choose_button.setEnabled(True)
        self._say(f"Import terminé : {result.summary_fr()}")

    def _failed(self, message: str) -> None:
        self._finish()
        self.choose_button.setEnabled(True)
        self._say(f"Import impossible, rien n'a été écrit : {message}", warning=True)

    def _say(self, text: str, *, warning: bool = False) -> None:
        self.summary.setStyleSheet(f"color: {WARNING_TEXT};" if warning else "")
        self.summary.setText(text)
