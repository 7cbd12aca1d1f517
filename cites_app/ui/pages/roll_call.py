"""Page « Appel »: the roll call of one séance, one keystroke per pupil, saved at once.

P, E and A mark the selected pupil présent, absent excusé or absent non excusé and move to the
next one; M types a partial presence in minutes; Suppr removes a mark. A click in a présence
column does the same. « Tous présents » marks everyone not marked yet, then the exceptions are
marked one by one. Every change is saved immediately by ``RollCallService`` (one small
transaction each); what others saved meanwhile is merged every 30 seconds and on « Actualiser ».
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cites_app.attendance import (
    PRESENT,
    AttendanceError,
    MarkResult,
    RollCallService,
    SeanceInfo,
)
from cites_app.db.database import Database
from cites_app.ui.models.roll_call_model import MINUTES, NAME, STATUS_COLUMNS, RollCallModel
from cites_app.ui.pages.roll_call_view import MinutesDelegate, RollCallView
from cites_app.ui.printing.sheet_export import SheetScope, ask_sheet_path, export_sheets
from cites_app.ui.style import WARNING_TEXT, scaled_font
from cites_app.ui.widgets.search_field import SearchField

Clock = Callable[[], datetime]
REFRESH_MS = 30_000
HELP = "Touches : P présent · E excusé · A absent · M minutes · Suppr effacer"


class RollCallPage(QWidget):
    """The roll call of the séance given to ``open_session``."""

    def __init__(
        self, database: Database, clock: Clock = datetime.now, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.clock = clock
        self.service = RollCallService(database, clock)
        self.seance: SeanceInfo | None = None
        self.model = RollCallModel(self)
        self.model.minutes_edited.connect(self.set_minutes)

        keys = self._build_header()
        self.table = RollCallView()
        self._setup_table()
        self._build_walk_in()
        self._stack = QStackedWidget()
        self._stack.addWidget(self._empty_state())
        self._stack.addWidget(self._content(keys))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)

    # -- layout ---------------------------------------------------------------------------------

    def _build_header(self) -> QLabel:
        """Title, details, counts and buttons; returns the line explaining the keys."""
        self.title = QLabel("Appel")
        self.title.setObjectName("pageTitle")
        self.title.setFont(scaled_font(self.font(), 1.6, bold=True))
        self.details = QLabel("")
        self.details.setObjectName("pageSubtitle")
        self.details.setWordWrap(True)
        self.counts = QLabel("")
        self.counts.setFont(scaled_font(self.font(), 1.1, bold=True))
        self.counts.setAccessibleName("Décompte des présences")

        self.all_present = QPushButton("Tous &présents")
        self.all_present.setToolTip("Marque présents tous les élèves pas encore pointés")
        self.all_present.clicked.connect(self.mark_all_present)
        self.refresh_button = QPushButton("&Actualiser")
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_button.setToolTip("Voir les présences notées par d'autres (F5)")
        self.refresh_button.clicked.connect(self.refresh)
        self.print_button = QPushButton("Feuille d'é&margement")
        menu = QMenu(self.print_button)
        menu.addAction("Cette séance…", lambda: self._ask_sheet("session"))
        menu.addAction("Toutes les séances du jour…", lambda: self._ask_sheet("day"))
        menu.addAction("Toutes les séances de la semaine…", lambda: self._ask_sheet("week"))
        self.print_button.setMenu(menu)
        keys = QLabel(HELP)
        keys.setObjectName("muted")
        return keys

    def _build_walk_in(self) -> None:
        self.walk_in = SearchField("Élève venu sans inscription : tapez son nom…")
        self.walk_in.setAccessibleName("Rechercher un élève non inscrit")
        self.walk_in.search_changed.connect(self.search_walk_ins)
        self.walk_in.returnPressed.connect(self.add_selected_walk_in)
        self.walk_in_results = QListWidget()
        self.walk_in_results.setAccessibleName("Élèves trouvés")
        self.walk_in_results.setMaximumHeight(self.fontMetrics().height() * 7)
        self.walk_in_results.itemActivated.connect(lambda _item: self.add_selected_walk_in())
        self.walk_in_results.hide()
        self.add_button = QPushButton("A&jouter à la séance")
        self.add_button.clicked.connect(self.add_selected_walk_in)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _setup_table(self) -> None:
        table = self.table
        table.setModel(self.model)
        table.setAccessibleName("Élèves de la séance")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setItemDelegateForColumn(
            MINUTES, MinutesDelegate(lambda: self.seance.duration_minutes if self.seance else 1)
        )
        table.setAlternatingRowColors(False)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(round(self.fontMetrics().height() * 1.9))
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        char = self.fontMetrics().averageCharWidth()
        for column, width in enumerate((34, 7, 9, 9, 9, 16)):
            table.setColumnWidth(column, char * width + 16)
        table.mark_requested.connect(self.mark_row)
        table.minutes_requested.connect(self.edit_minutes)
        table.clear_requested.connect(self.clear_row)
        table.clicked.connect(self._clicked)
        self.model.modelReset.connect(self._span_groups)

    def _empty_state(self) -> QWidget:
        page = QWidget()
        label = QLabel(
            "Ouvrez une séance depuis la page « Séances » pour faire l'appel ou imprimer sa "
            "feuille d'émargement."
        )
        label.setObjectName("muted")
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(page)
        layout.addWidget(label)
        return page

    def _content(self, keys: QLabel) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        actions = QHBoxLayout()
        actions.addWidget(self.counts)
        actions.addStretch(1)
        for button in (self.all_present, self.refresh_button, self.print_button):
            actions.addWidget(button)
        layout.addLayout(actions)
        layout.addWidget(keys)
        layout.addWidget(self.table, 1)
        walk_in = QHBoxLayout()
        walk_in.addWidget(self.walk_in, 1)
        walk_in.addWidget(self.add_button)
        layout.addLayout(walk_in)
        layout.addWidget(self.walk_in_results)
        layout.addWidget(self.message)
        return page

    def _span_groups(self) -> None:
        self.table.clearSpans()
        for row in range(self.model.rowCount()):
            if self.model.is_group(row):
                self.table.setSpan(row, NAME, 1, self.model.columnCount())

    # -- opening --------------------------------------------------------------------------------

    def open_session(self, session_id: int) -> None:
        """Show the roll call of séance ``session_id``, the first pupil selected."""
        try:
            roll_call = self.service.roll_call(session_id)
        except AttendanceError as exc:
            self._say(str(exc), warning=True)
            return
        self.seance = roll_call.seance
        self.model.set_roll_call(roll_call)
        self._show_header(roll_call.seance)
        self._stack.setCurrentIndex(1)
        self.walk_in.clear()
        self.walk_in_results.clear()
        self.walk_in_results.hide()
        self._say(self._opening_note(roll_call.seance))
        first = self.model.first_pupil_row()
        if first is not None:
            self.table.setCurrentIndex(self.model.index(first, NAME))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._show_counts()

    def _show_header(self, seance: SeanceInfo) -> None:
        self.title.setText(f"Appel — {seance.activity}")
        parts = [seance.when_text, seance.venue or "lieu non précisé"]
        if seance.facilitators:
            names = list(seance.facilitators[:3])
            if len(seance.facilitators) > 3:
                names.append(f"{len(seance.facilitators) - 3} autres")
            parts.append("animé par " + ", ".join(names))
        parts.append(f"{seance.kind_label} · {seance.action} ({seance.axis_label})")
        self.details.setText(" · ".join(parts))

    def _opening_note(self, seance: SeanceInfo) -> str:
        if seance.cancelled:
            return "Cette séance est annulée : il n'y a pas d'appel à faire."
        if seance.starts_at.date() > self.clock().date():
            return f"L'appel sera possible le jour de la séance ({seance.date_text})."
        if not self.model.entries():
            return "Aucun élève inscrit : ajoutez les élèves présents avec la recherche ci-dessous."
        return ""

    # -- marking --------------------------------------------------------------------------------

    def mark_row(self, row: int, status: str) -> None:
        """Mark the pupil of ``row`` and select the next pupil (saved at once)."""
        entry = self.model.entry(row)
        if entry is None or self.seance is None:
            return
        expected = entry.mark.version if entry.mark else None
        self._save(
            lambda: self.service.mark(
                self.seance_id, entry.pupil.id, status, expected_version=expected
            ),
            advance_from=row,
        )

    def set_minutes(self, pupil_id: int, minutes: int) -> None:
        """A partial presence of ``minutes`` (the whole séance when it is its full length)."""
        row = self.model.row_of(pupil_id)
        entry = self.model.entry(row) if row is not None else None
        if entry is None:
            return
        expected = entry.mark.version if entry.mark else None
        self._save(
            lambda: self.service.mark(
                self.seance_id, pupil_id, PRESENT, minutes=minutes, expected_version=expected
            )
        )

    def edit_minutes(self, row: int) -> None:
        if self.model.entry(row) is not None:
            self.table.edit(self.model.index(row, MINUTES))

    def clear_row(self, row: int) -> None:
        entry = self.model.entry(row)
        if entry is None or entry.mark is None:
            return
        version = entry.mark.version
        self._save(
            lambda: self.service.clear(self.seance_id, entry.pupil.id, expected_version=version)
        )

    def mark_all_present(self) -> None:
        """« Tous présents »: everyone not marked yet becomes présent."""
        if self.seance is None:
            return
        try:
            results = self.service.mark_all_present(self.seance_id)
        except AttendanceError as exc:
            self._say(str(exc), warning=True)
            return
        for result in results:
            self.model.update_mark(result.pupil_id, result.mark)
        self._show_counts()
        done = len(results)
        self._say(
            f"{done} élève{'s' if done > 1 else ''} marqué{'s' if done > 1 else ''} "
            "présent(s). Marquez maintenant les absents."
            if done
            else "Tous les élèves étaient déjà pointés."
        )

    def refresh(self) -> None:
        """Show what others saved meanwhile (pupil by pupil: nothing typed here is lost)."""
        if self.seance is None:
            return
        self.model.merge_marks(self.service.marks(self.seance_id))
        self._show_counts()

    @property
    def seance_id(self) -> int:
        assert self.seance is not None
        return self.seance.id

    def _save(self, action: Callable[[], MarkResult], advance_from: int | None = None) -> None:
        try:
            result = action()
        except AttendanceError as exc:
            self._say(str(exc), warning=True)
            self.refresh()
            return
        self.model.update_mark(result.pupil_id, result.mark, result.conflict)
        self._show_counts()
        self._say(result.conflict or "", warning=result.conflict is not None)
        if result.conflict:
            self.refresh()  # someone else is marking too: show all their marks
        if advance_from is not None:
            following = self.model.next_pupil_row(advance_from)
            if following is not None:
                self.table.setCurrentIndex(self.model.index(following, NAME))

    def _clicked(self, index: QModelIndex) -> None:
        status = STATUS_COLUMNS.get(index.column())
        if status is not None:
            self.mark_row(index.row(), status)

    def _show_counts(self) -> None:
        self.counts.setText(self.model.counts().summary_fr())

    def _say(self, text: str, *, warning: bool = False) -> None:
        self.message.setStyleSheet(f"color: {WARNING_TEXT};" if warning else "")
        self.message.setText(text)

    # -- walk-ins -------------------------------------------------------------------------------

    def search_walk_ins(self, text: str) -> None:
        """Pupils of the whole territory whose name matches ``text``."""
        if self.seance is None:
            return
        self.walk_in_results.clear()
        found = self.service.search_walk_ins(self.seance_id, text) if text.strip() else []
        for candidate in found:
            item = QListWidgetItem(candidate.description)
            item.setData(Qt.ItemDataRole.UserRole, candidate.id)
            self.walk_in_results.addItem(item)
        self.walk_in_results.setVisible(bool(found))
        if found:
            self.walk_in_results.setCurrentRow(0)
        elif len(text.strip()) >= 2:
            self._say(f"Aucun élève ne s'appelle « {text.strip()} » dans le territoire.")

    def add_selected_walk_in(self) -> None:
        item = self.walk_in_results.currentItem()
        if item is not None and self.walk_in_results.isVisible():
            self.add_walk_in(int(item.data(Qt.ItemDataRole.UserRole)))

    def add_walk_in(self, pupil_id: int) -> None:
        """Register the pupil to this séance only and mark them présent."""
        if self.seance is None:
            return
        try:
            result = self.service.add_walk_in(self.seance_id, pupil_id)
        except AttendanceError as exc:
            self._say(str(exc), warning=True)
            return
        self.model.set_roll_call(self.service.roll_call(self.seance_id))
        self.walk_in.clear()
        self.walk_in_results.clear()
        self.walk_in_results.hide()
        row = self.model.row_of(result.pupil_id)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, NAME))
            entry = self.model.entry(row)
            if entry is not None:
                self._say(f"{entry.pupil.full_name} ajouté(e) à la séance, présent(e).")
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._show_counts()

    # -- feuille d'émargement -------------------------------------------------------------------

    def export_sheet(self, path: str | Path, scope: SheetScope = "session") -> int:
        """Write the sheet of this séance, or of every séance of its day or week, to ``path``;
        returns the number of pages."""
        assert self.seance is not None
        pages = export_sheets(
            self.database, self.seance_id, self.seance.starts_at.date(), path, scope
        )
        plural = "s" if pages > 1 else ""
        self._say(f"Feuille d'émargement enregistrée : {path} ({pages} page{plural}).")
        return pages

    def _ask_sheet(self, scope: SheetScope) -> None:
        if self.seance is None:
            return
        path = ask_sheet_path(self, self.seance_id, self.seance.starts_at.date())
        if path:
            try:
                self.export_sheet(path, scope)
            except (OSError, ValueError, AttendanceError) as exc:
                self._say(f"Impression impossible : {exc}", warning=True)

    # -- Qt events ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt API
        self._timer.stop()
        super().hideEvent(event)

    def first_focus_widget(self) -> QWidget:
        return self.table
