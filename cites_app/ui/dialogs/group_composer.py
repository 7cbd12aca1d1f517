"""Dialog « Composer les groupes »: the optimiser's proposal for an activity, adjusted by hand.

« Proposer » runs :func:`~cites_app.grouping.compose_groups` off the UI thread; each group is a
column of pupils (their placement's explanation as tooltip) under its indicators, the waiting
list is the last column. A pupil is moved by drag and drop or, from the keyboard, by selecting
it and « Déplacer vers… »: :func:`~cites_app.grouping.move_pupil` re-scores at once (a few
hundredths of a second for a workshop, so on the UI thread). « Appliquer » writes the
registrations through :func:`~cites_app.grouping.apply_composition` in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QMimeData, Qt, QThreadPool, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cites_app.db.database import Database
from cites_app.grouping import (
    Composition,
    GroupingError,
    Placement,
    apply_composition,
    compose_groups,
    move_pupil,
)
from cites_app.grouping.apply import ApplyOutcome
from cites_app.registers import formatting
from cites_app.ui.dialogs.form_fields import GOOD_STYLE, PRIMARY_STYLE, WARN_STYLE, error_label
from cites_app.ui.models import group_composer_model as texts
from cites_app.ui.models.group_composer_model import Proposal, pupil_names
from cites_app.ui.style import scaled_font
from cites_app.ui.tasks import TaskGroup

PUPIL_ROLE = Qt.ItemDataRole.UserRole
_MIME = "application/x-cites-pupil-ids"


class PupilColumn(QListWidget):
    """The pupils of one group (``group`` None: the waiting list); pupils dropped on it are
    announced to the dialog, which re-scores and rebuilds every column."""

    def __init__(self, group: int | None, dialog: GroupComposerDialog) -> None:
        super().__init__()
        self.group = group
        self._dialog = dialog
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)

    def selected_pupils(self) -> list[int]:
        return [int(item.data(PUPIL_ROLE)) for item in self.selectedItems()]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:  # noqa: N802 - Qt override
        data = QMimeData()
        ids = ",".join(str(item.data(PUPIL_ROLE)) for item in items)
        data.setData(_MIME, ids.encode("ascii"))
        return data

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [_MIME]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasFormat(_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasFormat(_MIME) and event.source() is not self:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        raw = bytes(event.mimeData().data(_MIME).data()).decode("ascii")
        ids = [int(part) for part in raw.split(",") if part]
        # Copy, not move: the source must not delete items itself, and the columns are rebuilt
        # after the drag returns (rebuilding inside it would pull items from under Qt's feet).
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        target = self.group
        QTimer.singleShot(0, self._dialog, lambda: self._dialog.move_pupils(ids, target))

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 - Qt override
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction


class GroupComposerDialog(QDialog):
    """Compose the groups of an activity, adjust them by hand, then apply them.

    ``since`` is the date from which the activity's séances are shared between groups (default:
    now — see :mod:`cites_app.grouping.tracks`); ``pool`` the thread pool of the calculations.
    """

    def __init__(
        self,
        database: Database,
        activity_id: int,
        parent: QWidget | None = None,
        pool: QThreadPool | None = None,
        *,
        since: datetime | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Composer les groupes")
        self._database = database
        self.activity_id = activity_id
        self._since = since
        self._tasks = TaskGroup(pool, owner=self)
        self.composition: Composition | None = None
        self.outcome: ApplyOutcome | None = None
        self._names: dict[int, str] = {}
        self.columns: list[PupilColumn] = []
        self.column_headers: list[QLabel] = []
        self._build()

    # -- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel("Composer les groupes")
        self.title.setFont(scaled_font(self.font(), 1.35, bold=True))
        intro = QLabel(
            "Proposez des groupes qui mélangent au mieux les établissements, puis ajustez-les en "
            "glissant un élève d'une colonne à l'autre (ou avec « Déplacer vers… »)."
        )
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Comparaison avec le hasard")
        self.violations = QLabel("")
        self.violations.setWordWrap(True)
        self.violations.setStyleSheet(WARN_STYLE + " font-weight: bold;")
        self.violations.setVisible(False)
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        self.notes.setObjectName("muted")
        self.notes.setVisible(False)
        self.error = error_label()
        self.columns_widget = QWidget()
        self.columns_layout = QHBoxLayout(self.columns_widget)
        self.columns_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.columns_widget)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(intro)
        layout.addWidget(self._build_request())
        layout.addWidget(self.status)
        layout.addWidget(self.summary)
        layout.addWidget(self.violations)
        layout.addWidget(self.notes)
        layout.addWidget(scroll, 1)
        layout.addLayout(self._build_move_bar())
        layout.addWidget(self.error)
        layout.addWidget(self._build_buttons())
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 200, metrics.height() * 44)
        self._refresh_buttons()

    def _build_request(self) -> QGroupBox:
        box = QGroupBox("Demande")
        self.groups_spin = QSpinBox()
        self.groups_spin.setRange(1, 60)
        self.groups_spin.setValue(2)
        self.capacity_spin = self._optional_spin(200, "celle de l'activité", " places par groupe")
        self.share_spin = self._optional_spin(100, "celle de l'activité", " % au plus")
        self.min_schools_spin = self._optional_spin(
            30, "celui de l'activité", " établissements au moins"
        )
        self.propose_button = QPushButton("Proposer")
        self.propose_button.setStyleSheet(PRIMARY_STYLE)
        self.propose_button.clicked.connect(self.propose)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        width = self.fontMetrics().averageCharWidth() * 34
        for spin in (
            self.groups_spin,
            self.capacity_spin,
            self.share_spin,
            self.min_schools_spin,
        ):
            spin.setFixedWidth(width)
        form.addRow("Nombre de groupes", self.groups_spin)
        form.addRow("Places par groupe", self.capacity_spin)
        form.addRow("Part maximale d'un établissement", self.share_spin)
        form.addRow("Établissements par groupe", self.min_schools_spin)
        outer = QHBoxLayout(box)
        outer.addLayout(form)
        outer.addStretch(1)
        outer.addWidget(self.propose_button, 0, Qt.AlignmentFlag.AlignBottom)
        return box

    @staticmethod
    def _optional_spin(maximum: int, default: str, suffix: str) -> QSpinBox:
        """A number where 0 reads as « celle de l'activité » (the activity's own target)."""
        spin = QSpinBox()
        spin.setRange(0, maximum)
        spin.setSpecialValueText(default)
        spin.setSuffix(suffix)
        spin.setAccessibleDescription(f"0 : {default}")
        return spin

    def _build_move_bar(self) -> QHBoxLayout:
        self.move_combo = QComboBox()
        self.move_combo.setAccessibleName("Groupe de destination")
        self.move_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.move_combo.setMinimumContentsLength(16)
        self.move_button = QPushButton("Déplacer vers…")
        self.move_button.setToolTip("Déplace les élèves sélectionnés vers le groupe choisi.")
        self.move_button.clicked.connect(self.move_selected)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Élèves sélectionnés :"))
        bar.addWidget(self.move_button)
        bar.addWidget(self.move_combo)
        bar.addStretch(1)
        return bar

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton("Appliquer", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setStyleSheet(PRIMARY_STYLE)
        self.apply_button.setToolTip(
            "Inscrit chaque élève aux séances de son groupe et range les autres en liste "
            "d'attente, en une seule fois."
        )
        close = buttons.addButton("Fermer", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        return buttons

    # -- actions ------------------------------------------------------------------------------

    def propose(self) -> None:
        """Run the optimiser on the request (in the background)."""
        database, activity_id, since = self._database, self.activity_id, self._since
        groups = self.groups_spin.value()
        capacity = self.capacity_spin.value() or None
        share = self.share_spin.value() / 100 or None
        min_schools = self.min_schools_spin.value() or None

        def work() -> Proposal:
            composition = compose_groups(
                database,
                activity_id,
                groups=groups,
                capacity=capacity,
                max_school_share=share,
                min_schools=min_schools,
                since=since,
            )
            names = pupil_names(database, composition.assignment)
            return Proposal(composition, names)

        self._busy("Calcul…", "Calcul des groupes en cours…")
        self._tasks.run(work, self._proposed, self._failed)

    def move_selected(self) -> None:
        """The keyboard path: move the selected pupils to the group chosen in the list."""
        ids = [pupil for column in self.columns for pupil in column.selected_pupils()]
        if self.composition is None or self.move_combo.currentIndex() < 0:
            return
        if not ids:
            self._show_error("Sélectionnez d'abord un ou plusieurs élèves dans les colonnes.")
            return
        self.move_pupils(ids, self.move_combo.currentData())

    def move_pupils(self, pupil_ids: list[int], group: int | None) -> None:
        """Move pupils to ``group`` (None: the waiting list) and re-score."""
        composition = self.composition
        if composition is None:
            return
        try:
            for pupil in pupil_ids:
                if composition.assignment.get(pupil) != group:
                    composition = move_pupil(composition, pupil, group)
        except GroupingError as exc:
            self._show_error(str(exc))
            return
        self.composition = composition
        self._show_error("")
        self.status.setText(
            f"{len(pupil_ids)} élève{'s' if len(pupil_ids) > 1 else ''} déplacé"
            f"{'s' if len(pupil_ids) > 1 else ''} : indicateurs recalculés."
        )
        self._show(composition, keep_selection=set(pupil_ids))

    def apply(self) -> None:
        """Write the groups and the waiting list (one transaction), then close."""
        composition = self.composition
        if composition is None:
            return
        database = self._database
        self._busy("Enregistrement…", "Enregistrement des inscriptions…")
        self._tasks.run(
            lambda: apply_composition(database, composition), self._applied, self._failed
        )

    # -- results ------------------------------------------------------------------------------

    def _busy(self, button_text: str, status: str) -> None:
        self.propose_button.setText(button_text)
        self.propose_button.setEnabled(False)
        self.apply_button.setEnabled(False)
        self.move_button.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(status)
        self._show_error("")

    def _idle(self) -> None:
        self.propose_button.setText("Proposer")
        self.propose_button.setEnabled(True)
        self._refresh_buttons()

    def _proposed(self, result: object) -> None:
        assert isinstance(result, Proposal)
        self._idle()
        self._names = dict(result.names)
        self.composition = result.composition
        pool = result.composition.pool
        self.title.setText(f"Composer les groupes — {pool.activity_title}")
        self.status.setText(
            f"{formatting.count(len(pool.candidates), 'candidat', 'candidats')} : "
            "proposition prête. Survolez un élève pour savoir pourquoi il est là."
        )
        self._show(result.composition)

    def _applied(self, result: object) -> None:
        assert isinstance(result, ApplyOutcome)
        self.outcome = result
        self._idle()
        self.status.setStyleSheet(GOOD_STYLE)
        self.status.setText(f"Groupes appliqués : {result.summary_fr()}")
        self.accept()

    def _failed(self, message: str) -> None:
        self._idle()
        self.status.setText("")
        self._show_error(message)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def _refresh_buttons(self) -> None:
        composition = self.composition
        ready = composition is not None and self.propose_button.isEnabled()
        self.apply_button.setEnabled(ready and composition is not None and composition.feasible)
        self.move_button.setEnabled(ready and self.move_combo.count() > 0)
        self.move_combo.setEnabled(self.move_button.isEnabled())

    def _show(self, composition: Composition, keep_selection: set[int] | None = None) -> None:
        self.summary.setText(texts.summary(composition) if composition.groups else "")
        problems = texts.violations_text(composition)
        self.violations.setText(problems)
        self.violations.setVisible(bool(problems))
        self.notes.setText("\n".join(composition.notes))
        self.notes.setVisible(bool(composition.notes))
        current = self.move_combo.currentData()
        self.move_combo.clear()
        for label, group in texts.destinations(composition):
            self.move_combo.addItem(label, group)
        if current is not None or self.move_combo.count():
            self.move_combo.setCurrentIndex(max(0, self.move_combo.findData(current)))
        self._fill_columns(composition, keep_selection or set())
        self._refresh_buttons()

    def _fill_columns(self, composition: Composition, selected: set[int]) -> None:
        while self.columns_layout.count():
            item = self.columns_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # at once: deleteLater waits for the event loop
                widget.deleteLater()
        self.columns, self.column_headers = [], []
        if not composition.groups and not composition.waiting:
            return
        for group in composition.groups:
            header = texts.group_header(group)
            self._add_column(
                group.index, header, texts.group_details(group), group.placements, selected
            )
        self._add_column(
            None,
            texts.waiting_header(composition),
            "Les élèves sans place, dans l'ordre où ils seront appelés.",
            composition.waiting,
            selected,
        )

    def _add_column(
        self,
        group: int | None,
        header_text: str,
        details: str,
        placements: tuple[Placement, ...],
        selected: set[int],
    ) -> None:
        frame = QWidget()
        column_layout = QVBoxLayout(frame)
        column_layout.setContentsMargins(0, 0, 0, 0)
        header = QLabel(header_text)
        header.setToolTip(details)
        header.setWordWrap(True)
        header.setFont(scaled_font(self.font(), 1.0, bold=True))
        column = PupilColumn(group, self)
        column.setAccessibleName(header_text.split("\n", 1)[0])
        for rank, placement in enumerate(placements, start=1):
            line = texts.pupil_line(placement.candidate, self._names)
            if group is None:
                line = f"{placement.waiting_rank or rank}. {line}"
            item = QListWidgetItem(line)
            item.setData(PUPIL_ROLE, placement.candidate.id)
            item.setToolTip(placement.explanation)
            column.addItem(item)
            item.setSelected(placement.candidate.id in selected)
        char = self.fontMetrics().averageCharWidth()
        frame.setMinimumWidth(char * 40)
        column_layout.addWidget(header)
        column_layout.addWidget(column, 1)
        self.columns_layout.addWidget(frame, 1)
        self.columns.append(column)
        self.column_headers.append(header)
