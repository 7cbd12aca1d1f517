"""Page « Programme »: the actions and their activities, the partners and their conventions,
the venues and the facilitators; each list edits its fiches in a form, and an activity can be
planned (séances) or filled (registrations) from here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cites_app.db.database import Database
from cites_app.registers.overview import SchoolYear
from cites_app.registers.programme import ProgrammeRegister
from cites_app.scheduling import ProgrammeService, SchedulingError
from cites_app.ui.dialogs.form_fields import PRIMARY_STYLE, WARN_STYLE
from cites_app.ui.dialogs.programme_forms import (
    ActionDialog,
    ActivityDialog,
    ConventionDialog,
    FacilitatorDialog,
    PartnerDialog,
    VenueDialog,
)
from cites_app.ui.dialogs.session_planner import PlannerRequest, SessionPlanner
from cites_app.ui.models.programme import (
    ACTION_COLUMNS,
    ACTIVITY_COLUMNS,
    CONVENTION_COLUMNS,
    FACILITATOR_COLUMNS,
    PARTNER_COLUMNS,
    VENUE_COLUMNS,
    RowsModel,
)
from cites_app.ui.style import scaled_font
from cites_app.ui.widgets.table_view import ListTableView

Clock = Callable[[], datetime]
Confirm = Callable[[QWidget, str], bool]


def ask(parent: QWidget, question: str) -> bool:
    """Yes / no in French (Qt's own buttons are translated by the application)."""
    answer = QMessageBox.question(parent, "Confirmer", question)
    return answer == QMessageBox.StandardButton.Yes


class ListPanel(QWidget):
    """A heading, a row of buttons and a table of ``model``."""

    def __init__(self, title: str, model: RowsModel[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.heading = QLabel(title)
        self.heading.setFont(scaled_font(self.font(), 1.15, bold=True))
        self.heading.setWordWrap(True)  # a long action title must not widen the page
        self.heading.setMinimumWidth(self.fontMetrics().averageCharWidth() * 12)
        self.table = ListTableView()
        self.table.setModel(model)
        self.table.setAccessibleName(title)
        # No column chosen yet: the rows keep the register's order until a header is clicked.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        char = self.fontMetrics().averageCharWidth()
        for section, column in enumerate(model.columns):
            self.table.setColumnWidth(section, char * column.width + 24)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(6)
        self.new_button: QPushButton | None = None
        self.edit_button: QPushButton | None = None
        self.delete_button: QPushButton | None = None
        self.buttons.addStretch(1)  # buttons go before it, left-aligned under the heading
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addLayout(self.buttons)
        layout.addWidget(self.table, 1)

    def button(self, text: str, slot: Callable[[], None], *, primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        if primary:
            button.setStyleSheet(PRIMARY_STYLE)
        button.clicked.connect(slot)
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        return button

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return int(self.model.row_at(index.row()).id)

    def select_id(self, record_id: int | None) -> None:
        row = self.model.row_of(record_id) if record_id is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))


class ProgrammePage(QWidget):
    """The programme's fiches; ``sessions_changed`` when séances or registrations were made."""

    sessions_changed = Signal()

    def __init__(
        self,
        database: Database,
        clock: Clock = datetime.now,
        parent: QWidget | None = None,
        *,
        confirm: Confirm = ask,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._clock = clock
        self._confirm = confirm
        self.service = ProgrammeService(database)
        self.register = ProgrammeRegister(database)
        self.dialog: QDialog | None = None  # the form or dialog last opened
        heading = QLabel("Programme")
        heading.setObjectName("pageTitle")
        heading.setFont(scaled_font(self.font(), 1.6, bold=True))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_actions(), "Actions et activités")
        self.tabs.addTab(self._build_partners(), "Partenaires")
        self.venue_panel = ListPanel("Lieux", RowsModel(VENUE_COLUMNS, self))
        self._crud_buttons(
            self.venue_panel, "un lieu", self._venue_form, self.service.venues.delete
        )
        self.tabs.addTab(self.venue_panel, "Lieux")
        self.facilitator_panel = ListPanel("Animateurs", RowsModel(FACILITATOR_COLUMNS, self))
        self._crud_buttons(
            self.facilitator_panel,
            "un animateur",
            self._facilitator_form,
            self.service.facilitators.delete,
        )
        self.tabs.addTab(self.facilitator_panel, "Animateurs")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        self.message = QLabel("")  # why a deletion was refused
        self.message.setStyleSheet(WARN_STYLE)
        self.message.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)

    # -- building -----------------------------------------------------------------------------

    def _build_actions(self) -> QWidget:
        self.action_panel = ListPanel("Actions", RowsModel(ACTION_COLUMNS, self))
        self._crud_buttons(
            self.action_panel, "une action", self._action_form, self.service.actions.delete
        )
        self.activity_panel = ListPanel("Activités de l'action", RowsModel(ACTIVITY_COLUMNS, self))
        self.plan_button = self.activity_panel.button(
            "Planifier des séances…", self.plan_activity, primary=True
        )
        self.register_button = self.activity_panel.button(
            "Inscrire des élèves…", self.register_pupils
        )
        self.compose_button = self.activity_panel.button(
            "Composer les groupes…", self.compose_groups
        )
        self._crud_buttons(
            self.activity_panel, "une activité", self._activity_form, self.service.activities.delete
        )
        self.action_panel.table.selectionModel().currentRowChanged.connect(self._show_activities)
        self.activity_panel.table.selectionModel().currentRowChanged.connect(self._activity_chosen)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.action_panel)
        splitter.addWidget(self.activity_panel)
        splitter.setChildrenCollapsible(False)
        return splitter

    def _build_partners(self) -> QWidget:
        self.partner_panel = ListPanel("Partenaires", RowsModel(PARTNER_COLUMNS, self))
        self._crud_buttons(
            self.partner_panel, "un partenaire", self._partner_form, self.service.partners.delete
        )
        self.convention_panel = ListPanel(
            "Conventions du partenaire", RowsModel(CONVENTION_COLUMNS, self)
        )
        self._crud_buttons(
            self.convention_panel,
            "une convention",
            self._convention_form,
            self.service.conventions.delete,
        )
        self.partner_panel.table.selectionModel().currentRowChanged.connect(self._show_conventions)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.partner_panel)
        splitter.addWidget(self.convention_panel)
        splitter.setChildrenCollapsible(False)
        return splitter

    def _crud_buttons(
        self,
        panel: ListPanel,
        what: str,
        form: Callable[[int | None], QDialog | None],
        delete: Callable[[int, int | None], None],
    ) -> None:
        new = "Nouveau…" if what.startswith("un ") else "Nouvelle…"
        panel.new_button = panel.button(new, lambda: self._open_form(panel, form(None)))
        panel.edit_button = panel.button("Modifier…", lambda: self._edit(panel, form))
        panel.delete_button = panel.button("Supprimer", lambda: self._delete(panel, what, delete))
        panel.table.doubleClicked.connect(lambda _index: self._edit(panel, form))
        panel.table.activated.connect(lambda _index: self._edit(panel, form))

    # -- loading ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Reload every list (short lists: a few queries), keeping the selections."""
        self._reload(self.action_panel, self.register.actions())
        self._show_activities()
        self._reload(self.partner_panel, self.register.partners())
        self._show_conventions()
        self._reload(self.venue_panel, self.register.venues())
        self._reload(self.facilitator_panel, self.register.facilitators())

    def _reload(self, panel: ListPanel, rows: list[Any]) -> None:
        chosen = panel.current_id()
        panel.model.set_rows(rows)
        panel.select_id(chosen)

    def _show_activities(self) -> None:
        action = self.action_panel.current_id()
        rows = self.register.activities(action) if action is not None else []
        position = self.action_panel.model.row_of(action) if action is not None else -1
        title = self.action_panel.model.row_at(position).title if position >= 0 else ""
        self.activity_panel.heading.setText(
            f"Activités de l'action « {title} »" if title else "Activités"
        )
        self._reload(self.activity_panel, rows)
        self._activity_chosen()

    def _activity_chosen(self) -> None:
        chosen = self.activity_panel.current_id() is not None
        self.plan_button.setEnabled(chosen)
        self.register_button.setEnabled(chosen)
        self.compose_button.setEnabled(chosen)

    def _show_conventions(self) -> None:
        partner = self.partner_panel.current_id()
        self._reload(self.convention_panel, self.register.conventions(partner) if partner else [])

    # -- forms --------------------------------------------------------------------------------

    def _action_form(self, record_id: int | None) -> QDialog:
        year = SchoolYear.containing(self._clock().date()).label
        return ActionDialog(self.service, record_id, self, school_year=year)

    def _activity_form(self, record_id: int | None) -> QDialog | None:
        action = self.action_panel.current_id()
        if record_id is None and action is None:
            return None
        return ActivityDialog(self.service, record_id, self, action_id=action)

    def _partner_form(self, record_id: int | None) -> QDialog:
        return PartnerDialog(self.service, record_id, self)

    def _convention_form(self, record_id: int | None) -> QDialog | None:
        partner = self.partner_panel.current_id()
        if partner is None:
            return None
        return ConventionDialog(self.service, partner, record_id, self)

    def _venue_form(self, record_id: int | None) -> QDialog:
        return VenueDialog(self.service, record_id, self)

    def _facilitator_form(self, record_id: int | None) -> QDialog:
        return FacilitatorDialog(self.service, record_id, self)

    def _edit(self, panel: ListPanel, form: Callable[[int | None], QDialog | None]) -> None:
        record_id = panel.current_id()
        if record_id is not None:
            self._open_form(panel, form(record_id))

    def _open_form(self, panel: ListPanel, dialog: QDialog | None) -> None:
        if dialog is None:
            return
        saved = getattr(dialog, "saved", None)
        if saved is not None:
            saved.connect(lambda record_id: self._after_save(panel, record_id))
        self._open(dialog)

    def _after_save(self, panel: ListPanel, record_id: int) -> None:
        self.refresh()
        panel.select_id(record_id)

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.open()  # window-modal, without a nested event loop

    def _delete(
        self, panel: ListPanel, what: str, delete: Callable[[int, int | None], None]
    ) -> None:
        record_id = panel.current_id()
        if record_id is None:
            return
        name = panel.model.data(panel.model.index(panel.model.row_of(record_id), 0))
        if not self._confirm(
            self, f"Supprimer {what} « {name} » ? Cette suppression est définitive."
        ):
            return
        try:
            delete(record_id, None)
        except SchedulingError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText("")
        self.refresh()

    # -- planning and registrations -------------------------------------------------------

    def plan_activity(self) -> None:
        """Open the planner on the chosen activity."""
        activity = self.activity_panel.current_id()
        if activity is None:
            return
        dialog = SessionPlanner(
            self._database, PlannerRequest(activity_id=activity), self._clock, self
        )
        dialog.finished.connect(self._after_sessions)
        self._open(dialog)

    def register_pupils(self) -> None:
        """Open the registration dialog on the chosen activity."""
        from cites_app.ui.dialogs.registration_dialog import RegistrationDialog  # noqa: PLC0415

        activity = self.activity_panel.current_id()
        if activity is None:
            return
        dialog = RegistrationDialog(
            self._database, activity_id=activity, clock=self._clock, parent=self
        )
        dialog.finished.connect(self._after_sessions)
        self._open(dialog)

    def compose_groups(self) -> None:
        """Propose mixed groups for the chosen activity's candidates (drag and drop to adjust)."""
        from cites_app.ui.dialogs.group_composer import GroupComposerDialog  # noqa: PLC0415

        activity = self.activity_panel.current_id()
        if activity is None:
            return
        dialog = GroupComposerDialog(self._database, activity, parent=self)
        dialog.finished.connect(self._after_sessions)
        self._open(dialog)

    def _after_sessions(self, _result: int) -> None:
        self.refresh()
        self.sessions_changed.emit()
