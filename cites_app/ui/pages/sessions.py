"""Page « Séances »: search, filters by type and period."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from cites_app.db.database import Database
from cites_app.models.vocabulary import ACTIVITY_KINDS
from cites_app.registers.sessions import Clock, SessionFilter, SessionPeriod, SessionRegister
from cites_app.ui.models.sessions import SessionTableModel
from cites_app.ui.pages.list_page import ListPage

PERIOD_LABELS: dict[SessionPeriod, str] = {
    SessionPeriod.UPCOMING: "À venir",
    SessionPeriod.PAST: "Passées",
    SessionPeriod.MISSING_ATTENDANCE: "Passées sans appel",
    SessionPeriod.ALL: "Toutes",
}


class SessionsPage(ListPage):
    settings_key = "sessions"
    # Enter or double-click on a séance: the window opens its roll call.
    session_activated = Signal(int)

    def __init__(self, database: Database, clock: Clock, parent: QWidget | None = None) -> None:
        model = SessionTableModel(SessionRegister(database, clock))
        super().__init__(
            "Séances",
            "Activité ou lieu…",
            model,
            ("séance", "séances"),
            parent,
        )
        model.setParent(self)
        self.table.activated.connect(
            lambda index: self.session_activated.emit(model.row_id(index.row()))
        )
        self.session_model = model
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Filtrer par type d'activité")
        self.kind_combo.addItem("Tous les types", None)
        for code, label in ACTIVITY_KINDS.items():
            self.kind_combo.addItem(label, code)
        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName("Filtrer par période")
        for period, label in PERIOD_LABELS.items():
            self.period_combo.addItem(label, period.value)
        self.add_filter("&Type", self.kind_combo)
        self.add_filter("&Période", self.period_combo)
        # Upcoming séances first; a base with none (the demo covers last year) shows them all.
        register = SessionRegister(database, clock)
        if not register.upcoming(limit=1):
            self.show_period(SessionPeriod.ALL)
            self._apply_filters()
        self.kind_combo.currentIndexChanged.connect(self._apply_filters)
        self.period_combo.currentIndexChanged.connect(self._apply_filters)

    def show_period(self, period: SessionPeriod) -> None:
        """Select ``period`` in the filter (the home page's "séances sans appel" link)."""
        self.period_combo.setCurrentIndex(self.period_combo.findData(period.value))

    def show_session(self, session_id: int) -> None:
        """Select one séance (another page pointed at it), whatever the filters were."""
        self.search.clear()
        self.kind_combo.setCurrentIndex(0)
        self.show_period(SessionPeriod.ALL)
        self._apply_filters()
        row = self.session_model.row_of(session_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.session_model.index(row, 0))
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _apply_filters(self) -> None:
        self.session_model.set_filter(
            SessionFilter(
                search=self.search.text(),
                kind=self.kind_combo.currentData(),
                period=SessionPeriod(self.period_combo.currentData()),
            )
        )
