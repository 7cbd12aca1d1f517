"""Page « Imports »: a pupil list or an open-data file, previewed row by row, then committed.

Nothing is written before the user presses « Importer les N lignes acceptées ». The preview and
the commit run in a worker (`TaskGroup`); the services (`cites_app.imports`) do the reading,
the matching and the single transaction. File dialogs are attributes (``choose_file``,
``choose_save_file``) so that tests inject their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QMimeData, QRect, Qt, QThreadPool
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from cites_app.db.database import Database
from cites_app.imports import (
    EstablishmentPreview,
    ImportRefusedError,
    ImportReport,
    PupilPreview,
    StalePreviewError,
    commit_establishments,
    commit_pupils,
    export_rejected,
    preview_establishments,
    preview_pupils,
)
from cites_app.imports.raw_rows import written_texts
from cites_app.models import Establishment
from cites_app.pupil_files import ColumnMapping
from cites_app.ui import style
from cites_app.ui.dialogs.column_mapping import ColumnMappingDialog
from cites_app.ui.models.import_preview_model import (
    ESTABLISHMENT_HEADERS,
    ESTABLISHMENT_WIDTHS,
    PUPIL_HEADERS,
    PUPIL_WIDTHS,
    STATUS_COLOURS,
    STATUS_TEXTS,
    ImportPreviewModel,
    PreviewEntry,
    establishment_entries,
    pupil_entries,
)
from cites_app.ui.style import scaled_font
from cites_app.ui.tasks import TaskGroup
from cites_app.ui.widgets.table_view import ListTableView

if TYPE_CHECKING:  # imported when the dialog opens: the page starts without it
    from cites_app.ui.dialogs.establishment_add import AddEstablishmentDialog

Kind = Literal["pupils", "establishments"]

PUPIL_FILTER = "Listes d'élèves (*.csv *.txt *.xlsx *.ods *.xml *.zip);;Tous les fichiers (*)"
OPENDATA_FILTER = "Fichiers open data (*.csv);;Tous les fichiers (*)"

_STATUS_PLURALS = {
    "new": ("nouveau", "nouveaux"),
    "update": ("mise à jour", "mises à jour"),
    "unchanged": ("inchangé", "inchangés"),
    "duplicate": ("doublon", "doublons"),
    "error": ("erreur", "erreurs"),
}


@dataclass
class _Previewed:
    kind: Kind
    preview: PupilPreview | EstablishmentPreview
    entries: list[PreviewEntry]


@dataclass
class _Refused:
    """A French message for the user (refused file, stale preview…), not a crash."""

    message: str
    stale: bool = False
    mapping: ColumnMapping | None = None  # what was detected, for « Corriger les colonnes »


class _PreviewView(ListTableView):
    """The list view, with the preview model's empty-state text."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        model = self.model()
        if not isinstance(model, ImportPreviewModel) or model.rowCount() > 0:
            return
        painter = QPainter(self.viewport())
        try:
            painter.setPen(self.palette().placeholderText().color())
            painter.setFont(scaled_font(self.font(), 1.1))
            area = QRect(self.viewport().rect()).adjusted(24, 48, -24, -24)
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            painter.drawText(
                area, int(flags) | int(Qt.TextFlag.TextWordWrap), model.empty_message()
            )
        finally:
            painter.end()


def _plural(count: int, status: str) -> str:
    one, many = _STATUS_PLURALS[status]
    return f"{count} {one if count <= 1 else many}"


def report_text(report: ImportReport) -> str:
    """The report in French, for the page: what was created, updated, left unchanged, refused."""

    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n <= 1 else many}"

    noun = ("élève", "élèves") if report.kind == "pupils" else ("établissement", "établissements")
    if report.refused:
        return f"Rien n'a été importé depuis « {report.file} » : {report.message}"
    parts = [
        count(report.created, f"{noun[0]} créé", f"{noun[1]} créés"),
        count(report.updated, "mis à jour", "mis à jour"),
        count(report.unchanged, "inchangé", "inchangés"),
        count(report.rejected, "ligne refusée", "lignes refusées"),
    ]
    if report.ignored:
        parts.append(count(report.ignored, "ligne non cochée", "lignes non cochées"))
    return f"Import terminé depuis « {report.file} » : " + ", ".join(parts) + "."


class ImportsPage(QWidget):
    """Choose a file, read its preview, tick what to import, import it in one go."""

    def __init__(
        self,
        database: Database,
        clock: Callable[[], datetime] = datetime.now,
        parent: QWidget | None = None,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._clock = clock
        self._tasks = TaskGroup(pool, owner=self)
        self._pool = pool
        self._path: Path | None = None
        self._previewed: _Previewed | None = None
        self._establishments_loaded = False
        self._busy = False
        self.choose_file: Callable[[Kind], str | None] = self._ask_file
        self.choose_save_file: Callable[[str], str | None] = self._ask_save_file

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        title = QLabel("Imports")
        title.setFont(scaled_font(self.font(), 1.6, bold=True))
        layout.addWidget(title)
        intro = QLabel(
            "Choisissez une liste d'élèves (ONDE, SIECLE, Excel, CSV, ODS) ou un fichier "
            "open data des établissements, ou déposez-le sur cette page. Chaque ligne est "
            "montrée avant l'import : rien n'est enregistré tant que vous n'avez pas cliqué "
            "sur « Importer »."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(f"color: {style.MUTED_TEXT};")
        self.setAcceptDrops(True)  # a file dragged from the mail or the explorer
        layout.addWidget(intro)
        layout.addWidget(self._attendance_button(), 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self._columns_button(), 0, Qt.AlignmentFlag.AlignLeft)

        layout.addLayout(self._choices_row())
        self.file_label = QLabel("Aucun fichier choisi.")
        self.file_label.setFont(scaled_font(self.font(), 1.15, bold=True))
        self.file_label.setWordWrap(True)
        layout.addWidget(self.file_label)
        layout.addWidget(self._message_label())
        layout.addWidget(self._add_school_button(), 0, Qt.AlignmentFlag.AlignLeft)
        self.counts_label = QLabel("")
        self.counts_label.setTextFormat(Qt.TextFormat.RichText)
        self.counts_label.setWordWrap(True)
        layout.addWidget(self.counts_label)

        self.model = ImportPreviewModel(self)
        self.model.accepted_changed.connect(self._accepted_changed)
        self.table = _PreviewView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        layout.addWidget(self.table, 1)

        layout.addLayout(self._actions_row())
        self.report_label = QLabel("")
        self.report_label.setWordWrap(True)
        self.report_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.report_label)
        layout.addStretch(0)  # takes the room of the table when a refused file hides it
        self._update_buttons()

    def _choices_row(self) -> QHBoxLayout:
        choices = QHBoxLayout()
        kind_label = QLabel("&Type de fichier :")
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("Élèves (ONDE, SIECLE, Excel, CSV, ODS)", "pupils")
        self.kind_combo.addItem("Établissements (open data)", "establishments")
        kind_label.setBuddy(self.kind_combo)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.establishment_label = QLabel("Éta&blissement par défaut :")
        self.establishment_combo = QComboBox()
        self.establishment_combo.setMinimumContentsLength(28)
        self.establishment_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.establishment_combo.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed
        )
        self.establishment_label.setBuddy(self.establishment_combo)
        self.establishment_combo.setToolTip(
            "Établissement des élèves quand le fichier ne le dit pas (ONDE, liste Excel…)"
        )
        self.choose_button = QPushButton("&Choisir un fichier…")
        self.choose_button.clicked.connect(self.choose_and_preview)
        self.again_button = QPushButton("&Refaire l'aperçu")
        self.again_button.setToolTip("Relire le même fichier (par exemple après une erreur)")
        self.again_button.clicked.connect(self.preview_again)
        self.again_button.setEnabled(False)
        choices.addWidget(kind_label)
        choices.addWidget(self.kind_combo)
        choices.addSpacing(12)
        choices.addWidget(self.establishment_label)
        choices.addWidget(self.establishment_combo, 10)
        choices.addStretch(1)
        choices.addSpacing(12)
        choices.addWidget(self.choose_button)
        choices.addWidget(self.again_button)
        return choices

    def _actions_row(self) -> QHBoxLayout:
        actions = QHBoxLayout()
        self.check_all_button = QPushButton("Tout cocher")
        self.check_all_button.clicked.connect(lambda: self.model.set_all_checked(True))
        self.uncheck_all_button = QPushButton("Tout décocher")
        self.uncheck_all_button.clicked.connect(lambda: self.model.set_all_checked(False))
        self.save_rejected_button = QPushButton("&Enregistrer les lignes refusées…")
        self.save_rejected_button.clicked.connect(self.save_rejected)
        self.import_button = QPushButton("Importer")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.commit)
        actions.addWidget(self.check_all_button)
        actions.addWidget(self.uncheck_all_button)
        actions.addWidget(self.save_rejected_button)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        return actions

    # -- page protocol -------------------------------------------------------------------------

    def _columns_button(self) -> QPushButton:
        self.columns_button = QPushButton("Corriger les colonnes…")
        self.columns_button.setToolTip(
            "Dire quelle colonne du fichier contient le nom, le prénom, la date de naissance…"
        )
        self.columns_button.setEnabled(False)
        self.columns_button.clicked.connect(self.correct_columns)
        self.detected_mapping: ColumnMapping | None = None
        self.mapping_dialog: ColumnMappingDialog | None = None
        return self.columns_button

    def correct_columns(self) -> None:
        """Let the user say which column holds what, then preview again with that choice."""
        if self.detected_mapping is None or self._path is None:
            return
        dialog = ColumnMappingDialog(self.detected_mapping, self)
        self.mapping_dialog = dialog
        path = self._path
        dialog.accepted.connect(lambda: self.preview(path, dialog.result_mapping()))
        dialog.open()

    def _attendance_button(self) -> QPushButton:
        self.attendance_button = QPushButton("Importer des présences passées (tableur)…")
        self.attendance_button.setToolTip(
            "Un classeur d'une ligne par séance et par élève : activités, séances, élèves et "
            "présences sont créés ou retrouvés, avec le même aperçu avant l'import."
        )
        self.attendance_button.clicked.connect(self.open_attendance_import)
        self.attendance_dialog: QDialog | None = None
        return self.attendance_button

    def open_attendance_import(self) -> None:
        """The past-attendance import, in its own dialog (window-modal, no nested loop)."""
        from cites_app.ui.dialogs.attendance_import_dialog import (  # noqa: PLC0415
            AttendanceImportDialog,
        )

        self.attendance_dialog = AttendanceImportDialog(self._database, self._clock, self)
        self.attendance_dialog.open()

    def first_focus_widget(self) -> QWidget:
        return self.choose_button

    def focus_search(self) -> None:
        self.choose_button.setFocus()

    def refresh(self) -> None:
        self._load_establishments()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if not self._establishments_loaded:
            self._load_establishments()
        super().showEvent(event)

    # -- choosing ------------------------------------------------------------------------------

    @property
    def kind(self) -> Kind:
        return "establishments" if self.kind_combo.currentData() == "establishments" else "pupils"

    def set_kind(self, kind: Kind) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def select_establishment(self, uai: str | None) -> None:
        """Choose the establishment used for rows that do not name theirs (None: the file's)."""
        self._load_establishments()
        position = self.establishment_combo.findData(uai or "")
        self.establishment_combo.setCurrentIndex(max(position, 0))

    def _kind_changed(self) -> None:
        pupils = self.kind == "pupils"
        self.establishment_label.setVisible(pupils)
        self.establishment_combo.setVisible(pupils)
        self._path = None
        self._show_nothing("Aucun fichier choisi.")

    def _load_establishments(self) -> None:
        current = self.establishment_combo.currentData()
        with self._database.read_session() as session:
            rows = session.execute(
                select(Establishment.uai, Establishment.name).order_by(Establishment.name)
            ).all()
        self.establishment_combo.blockSignals(True)
        self.establishment_combo.clear()
        self.establishment_combo.addItem("Celui indiqué dans le fichier", "")
        for uai, name in rows:
            self.establishment_combo.addItem(f"{uai} — {name}", uai)
        position = self.establishment_combo.findData(current) if current else 0
        self.establishment_combo.setCurrentIndex(max(position, 0))
        self.establishment_combo.blockSignals(False)
        self._establishments_loaded = True

    def _ask_file(self, kind: Kind) -> str | None:
        caption = (
            "Choisir une liste d'élèves" if kind == "pupils" else "Choisir un fichier open data"
        )
        name, _ = QFileDialog.getOpenFileName(
            self, caption, "", PUPIL_FILTER if kind == "pupils" else OPENDATA_FILTER
        )
        return name or None

    def _ask_save_file(self, suggested: str) -> str | None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Enregistrer les lignes refusées", suggested, "Classeur Excel (*.xlsx)"
        )
        if not name:
            return None
        return name if name.lower().endswith(".xlsx") else f"{name}.xlsx"

    def choose_and_preview(self) -> None:
        chosen = self.choose_file(self.kind)
        if chosen:
            self.preview(Path(chosen))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if not self._busy and _dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        """A file dropped on the page is previewed as if chosen with « Choisir un fichier… »."""
        path = _dropped_file(event.mimeData())
        if self._busy or path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.preview(path)

    def preview_again(self) -> None:
        if self._path is not None:
            self.preview(self._path)

    # -- preview -------------------------------------------------------------------------------

    def preview(self, path: Path, mapping: ColumnMapping | None = None) -> None:
        """Read ``path`` in a worker and show what importing it would do (nothing written).

        ``mapping``: the columns the user corrected (else detected, or remembered)."""
        self._path = path
        self._previewed = None
        kind = self.kind
        database = self._database
        uai = self.establishment_combo.currentData() or None if kind == "pupils" else None
        today = self._clock().date()
        self._show_nothing(f"Lecture de « {path.name} »…", busy=True)

        def work() -> object:
            if kind == "establishments":
                estab = preview_establishments(database, path)
                if estab.refused:
                    return _Refused(_refusal(path, [str(issue) for issue in estab.rejected]))
                return _Previewed(kind, estab, establishment_entries(estab))
            try:
                pupils = preview_pupils(database, path, uai, mapping, today=today)
            except ImportRefusedError as exc:
                return _Refused(str(exc))
            if pupils.refused:
                issues = [str(issue) for issue in pupils.errors()]
                return _Refused(_refusal(path, issues), mapping=pupils.mapping)
            unread = [(r.sheet, r.row) for r in pupils.rows if r.pupil is None and r.row]
            written = written_texts(pupils.path, pupils.kind, unread) if unread else {}
            return _Previewed(kind, pupils, pupil_entries(pupils, written))

        self._tasks.run(work, self._previewed_done, self._worker_failed)

    def _previewed_done(self, result: object) -> None:
        self._busy = False
        self.detected_mapping = _mapping_of(result)
        self.columns_button.setEnabled(self.detected_mapping is not None)
        if isinstance(result, _Refused):
            name = self._path.name if self._path is not None else ""
            self._show_nothing(f"Fichier « {name} » refusé")
            self._show_message(result.message)
            self.model.clear("Ce fichier ne peut pas être importé : rien ne sera enregistré.")
            self._update_buttons()
            return
        assert isinstance(result, _Previewed)
        self._previewed = result
        self._show_message("")
        name = result.preview.path.name
        if isinstance(result.preview, EstablishmentPreview):
            headers: tuple[str, ...] = ESTABLISHMENT_HEADERS
            widths: tuple[int, ...] = ESTABLISHMENT_WIDTHS
            self.file_label.setText(f"Établissements de « {name} »")
            left_aside = result.preview.rejected
            if left_aside:
                self._show_message(
                    f"{len(left_aside)} ligne(s) du fichier laissée(s) de côté, par exemple : "
                    f"{left_aside[0]}",
                    warning=True,
                )
        else:
            headers, widths = PUPIL_HEADERS, PUPIL_WIDTHS
            self.file_label.setText(f"Élèves de « {name} »")
            notes = _file_notes(result.preview)
            if notes:
                self._show_message(notes, warning=True)
            self._offer_unknown_school(result.preview)
        self.model.clear("Aucune ligne dans ce fichier.")
        self.model.set_entries(result.entries, headers, widths)
        char = self.table.fontMetrics().averageCharWidth()
        for section, width in enumerate(widths):
            self.table.setColumnWidth(section, char * width + 24)
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._show_counts()
        self.report_label.setText("")
        self._update_buttons()

    def _show_counts(self) -> None:
        counts = dict.fromkeys(STATUS_TEXTS, 0)
        for entry in self.model.entries():
            counts[entry.status] += 1
        chips = []
        hidden_if_zero = {"duplicate", "unchanged"}
        if self.kind == "establishments":
            hidden_if_zero.add("error")  # rows left aside are listed above the table
        for status, count in counts.items():
            if count == 0 and (status in hidden_if_zero):
                continue
            weight = "600" if count else "400"
            chips.append(
                f'<span style="background:{STATUS_COLOURS[status]}; color:{style.TEXT}; '
                f'font-weight:{weight};">&nbsp;{_plural(count, status)}&nbsp;</span>'
            )
        total = sum(counts.values())
        lines = "ligne" if total <= 1 else "lignes"
        self.counts_label.setText(f"{total} {lines} : " + " &nbsp; ".join(chips))

    # -- commit --------------------------------------------------------------------------------

    def commit(self) -> None:
        """Write the accepted rows in a worker: one transaction, all or nothing."""
        previewed = self._previewed
        if previewed is None or self.model.accepted_count() == 0:
            return
        keys = self.model.accepted_keys()
        database = self._database
        preview = previewed.preview
        unchanged = [e.key for e in self.model.entries() if e.status == "unchanged"]
        self._busy = True
        self._update_buttons()
        self.report_label.setText("Import en cours…")

        def work() -> object:
            try:
                if isinstance(preview, EstablishmentPreview):
                    uais = [str(key) for key in [*keys, *unchanged]]
                    return commit_establishments(database, preview, accepted_uais=uais)
                rows = [int(key) for key in keys]
                return commit_pupils(database, preview, accepted_rows=rows)
            except StalePreviewError as exc:
                return _Refused(str(exc), stale=True)
            except ImportRefusedError as exc:
                return _Refused(str(exc))

        def done(result: object) -> None:
            self._busy = False
            if isinstance(result, _Refused):
                self.report_label.setText("")
                stale = " Cliquez sur « Refaire l'aperçu »." if result.stale else ""
                self._show_message(f"Rien n'a été importé : {result.message}.{stale}")
                if result.stale:
                    self._previewed = None
                self._update_buttons()
                return
            assert isinstance(result, ImportReport)
            self._show_message("")
            self.report_label.setText(report_text(result))
            if result.committed:
                done_keys: set[int | str] = set(keys)
                done_keys.update(unchanged)
                self.model.set_empty_message("Toutes les lignes acceptées ont été importées.")
                self.model.remove_keys(done_keys)
                self._show_counts()
                if isinstance(preview, EstablishmentPreview):
                    self._load_establishments()
            self._update_buttons()

        self._tasks.run(work, done, self._worker_failed)

    # -- rejected rows -------------------------------------------------------------------------

    def save_rejected(self) -> None:
        previewed = self._previewed
        if previewed is None or not isinstance(previewed.preview, PupilPreview):
            return
        preview = previewed.preview
        suggested = f"{preview.path.stem} - lignes refusées.xlsx"
        target = self.choose_save_file(suggested)
        if not target:
            return
        try:
            written = export_rejected(preview, target, database=self._database)
        except (OSError, ImportRefusedError) as exc:
            self._show_message(f"Le fichier des lignes refusées n'a pas pu être écrit : {exc}")
            return
        lines = "ligne refusée enregistrée" if written <= 1 else "lignes refusées enregistrées"
        self.report_label.setText(f"{written} {lines} dans « {Path(target).name} ».")

    # -- helpers -------------------------------------------------------------------------------

    def _worker_failed(self, message: str) -> None:
        self._busy = False
        self.report_label.setText("")
        self._show_message(f"L'opération a échoué : {message}")
        self._update_buttons()

    def _show_nothing(self, file_text: str, *, busy: bool = False) -> None:
        self._busy = busy
        self._previewed = None
        self.add_school_button.hide()
        self.file_label.setText(file_text)
        self.counts_label.setText("")
        self.report_label.setText("")
        self._show_message("")
        self.model.clear(
            "Lecture du fichier…"
            if busy
            else "Choisissez un fichier : ses lignes s'afficheront ici avant tout import."
        )
        self._update_buttons()

    def _show_message(self, text: str, *, warning: bool = False) -> None:
        colour = style.WARNING_TEXT if warning else "#a61b1b"
        self.message_label.setStyleSheet(
            f"color: {colour}; background: #fdf1f1; border: 1px solid #e8b4b4; "
            "border-radius: 4px; padding: 8px;"
            if not warning
            else f"color: {colour}; background: #fff6e8; border: 1px solid #f0d2a6; "
            "border-radius: 4px; padding: 8px;"
        )
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def _message_label(self) -> QLabel:
        self.message_label = QLabel("")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()
        return self.message_label

    def _add_school_button(self) -> QPushButton:
        self.add_school_button = QPushButton("")
        self.add_school_button.setToolTip(
            "Ajouter l'établissement d'après les données officielles, puis refaire l'aperçu"
        )
        self.add_school_button.clicked.connect(self.add_unknown_school)
        self.add_school_button.hide()
        self.school_dialog: AddEstablishmentDialog | None = None
        return self.add_school_button

    def _offer_unknown_school(self, preview: PupilPreview) -> None:
        """Rows refused because their school is not stored yet: offer to add it here."""
        unknown = preview.unknown_uais
        if unknown:
            others = len(unknown) - 1
            more = f" (et {others} autre{'s' if others > 1 else ''} inconnu{'s' if others > 1 else ''})"
            self.add_school_button.setText(
                f"Ajouter l'établissement {unknown[0]}…" + (more if others else "")
            )
        self.add_school_button.setVisible(bool(unknown))

    def add_unknown_school(self) -> None:
        """« Ajouter un établissement » opened on the unknown UAI; once added, preview again."""
        from cites_app.establishments import EstablishmentService  # noqa: PLC0415
        from cites_app.ui.dialogs.establishment_add import AddEstablishmentDialog  # noqa: PLC0415

        previewed = self._previewed.preview if self._previewed is not None else None
        if not isinstance(previewed, PupilPreview) or not previewed.unknown_uais:
            return
        uai = previewed.unknown_uais[0]
        dialog = AddEstablishmentDialog(EstablishmentService(self._database), self, pool=self._pool)
        dialog.search.setText(uai)
        dialog.look_up(uai)
        dialog.saved.connect(self._school_added)
        self.school_dialog = dialog
        dialog.open()

    def _school_added(self, _establishment_id: int) -> None:
        self._load_establishments()  # the new school in « Établissement par défaut »
        self.preview_again()

    def _accepted_changed(self, _count: int) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        accepted = self.model.accepted_count()
        if accepted == 0:
            self.import_button.setText("&Importer les lignes acceptées")
        elif accepted == 1:
            self.import_button.setText("&Importer la ligne acceptée")
        else:
            self.import_button.setText(f"&Importer les {accepted} lignes acceptées")
        ready = self._previewed is not None and not self._busy
        self.import_button.setEnabled(ready and accepted > 0)
        checkable = ready and any(entry.checkable for entry in self.model.entries())
        self.check_all_button.setEnabled(checkable)
        self.uncheck_all_button.setEnabled(checkable)
        rejected = (
            ready
            and self._previewed is not None
            and isinstance(self._previewed.preview, PupilPreview)
            and bool(self._previewed.preview.rejected_rows)
        )
        self.save_rejected_button.setEnabled(rejected)
        showing = self._previewed is not None or self._busy
        self.table.setVisible(showing or self._path is None)
        for button in (self.check_all_button, self.uncheck_all_button, self.import_button):
            button.setVisible(showing)
        self.save_rejected_button.setVisible(showing and self.kind == "pupils")
        self.choose_button.setEnabled(not self._busy)
        self.again_button.setEnabled(not self._busy and self._path is not None)
        self.kind_combo.setEnabled(not self._busy)


def _dropped_file(data: QMimeData) -> Path | None:
    """The one local file being dragged (several files, or a link, are not taken)."""
    files = [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]
    return files[0] if len(files) == 1 and files[0].is_file() else None


FILE_NOTES_SHOWN = 4


def _file_notes(preview: object) -> str:
    """What the reader says of the whole file (no date column, a title or total row skipped,
    accents repaired…): the coordinator must see it before importing, not only row by row."""
    if not isinstance(preview, PupilPreview):
        return ""
    notes = [str(issue) for issue in preview.file_issues if issue.severity != "error"]
    if not notes:
        return ""
    shown = notes[:FILE_NOTES_SHOWN]
    more = len(notes) - len(shown)
    if more:
        shown.append(
            f"… et {more} autre{'s' if more > 1 else ''} remarque{'s' if more > 1 else ''}"
        )
    return "À vérifier avant l'import :\n" + "\n".join(shown)


def _refusal(path: Path, messages: list[str]) -> str:
    """The French message of a file refused as a whole."""
    if not messages:
        return f"{path.name} : ce fichier ne peut pas être importé."
    return "\n".join(messages)


def _mapping_of(result: object) -> ColumnMapping | None:
    """The pupil file's column mapping behind a preview or a refusal, if any."""
    if isinstance(result, _Refused):
        return result.mapping
    if isinstance(result, _Previewed) and isinstance(result.preview, PupilPreview):
        return result.preview.mapping
    return None
