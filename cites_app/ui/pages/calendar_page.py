"""Page « Calendrier »: the week or the month, holidays shaded, séances coloured by type.

Keyboard: ← / → (or Page précédente / suivante) previous / next period, T today, W or S the
week, M the month; ↑ / ↓ go from séance to séance and Entrée opens one. Mouse: the buttons, the
wheel, a click on a séance, a double-click on an empty slot to plan a new one.

Each period change runs one query for its séances; their conflicts follow from a worker and
add their warning signs when they arrive.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cites_app.db.database import Database
from cites_app.registers import formatting
from cites_app.registers.calendar import CalendarPeriod, CalendarRegister
from cites_app.scheduling import Conflict
from cites_app.school_calendar import SchoolCalendar, week_start
from cites_app.ui.calendar.base_view import PeriodView
from cites_app.ui.calendar.legend import Legend
from cites_app.ui.calendar.month_view import MonthView
from cites_app.ui.calendar.week_view import DAYS, WeekView
from cites_app.ui.dialogs.session_planner import PlannerRequest
from cites_app.ui.style import scaled_font
from cites_app.ui.tasks import BackgroundTask, run_in_background, widgets_alive

Clock = Callable[[], datetime]
EditorFactory = Callable[[int, QWidget], QDialog]
PlannerFactory = Callable[[PlannerRequest, QWidget], QDialog]

WEEK, MONTH = "week", "month"
_SEGMENT_STYLE = (
    "QPushButton:checked { background: #2f6db5; color: #ffffff; border-color: #2f6db5; }"
)
_PRIMARY_STYLE = (
    "QPushButton { background: #2f6db5; color: #ffffff; border-color: #2f6db5; font-weight: bold; }"
    "QPushButton:hover { background: #285f9e; }"
)


def week_title(first: date, last: date) -> str:
    """« Semaine du 23 au 28 novembre 2026 », across months and years as needed."""

    def day(value: date) -> str:
        return "1er" if value.day == 1 else str(value.day)

    months = formatting.MONTHS
    start = day(first)
    if first.year != last.year:
        start += f" {months[first.month - 1]} {first.year}"
    elif first.month != last.month:
        start += f" {months[first.month - 1]}"
    return f"Semaine du {start} au {day(last)} {months[last.month - 1]} {last.year}"


def month_bounds(anchor: date) -> tuple[date, date]:
    """Monday before the 1st and Sunday after the last day of ``anchor``'s month."""
    first_of_month = anchor.replace(day=1)
    next_month = (first_of_month + timedelta(days=32)).replace(day=1)
    last_of_month = next_month - timedelta(days=1)
    return week_start(first_of_month), week_start(last_of_month) + timedelta(days=6)


class CalendarPage(QWidget):
    """The calendar; séances open in the séance editor, empty slots in the planner."""

    # A séance was created, changed or cancelled from this page (other lists may refresh).
    sessions_changed = Signal()
    # The conflicts of the period shown have arrived (warning signs drawn).
    conflicts_shown = Signal()

    def __init__(
        self,
        database: Database,
        clock: Clock = datetime.now,
        parent: QWidget | None = None,
        *,
        calendar: SchoolCalendar | None = None,
        pool: QThreadPool | None = None,
        editor_factory: EditorFactory | None = None,
        planner_factory: PlannerFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._clock = clock
        self._register = CalendarRegister(database, calendar)
        self._pool = pool or QThreadPool.globalInstance()
        self._editor_factory = editor_factory or self._default_editor
        self._planner_factory = planner_factory or self._default_planner
        self._tasks: set[BackgroundTask] = set()
        self._generation = 0
        self.mode = WEEK
        self.anchor = clock().date()
        self.period: CalendarPeriod | None = None
        self.dialog: QDialog | None = None  # the editor or planner last opened

        self.week_view = WeekView()
        self.month_view = MonthView()
        self.views = QStackedWidget()
        self.views.addWidget(self.week_view)
        self.views.addWidget(self.month_view)
        for view in (self.week_view, self.month_view):
            view.session_activated.connect(self.open_session)
            view.slot_activated.connect(self.plan_at)
            view.day_activated.connect(self.show_week_of)
            view.step_requested.connect(self.step)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 10)
        layout.setSpacing(8)
        layout.addLayout(self._build_toolbar())
        layout.addWidget(self.views, 1)
        self.legend = Legend()
        layout.addWidget(self.legend)
        self.setFocusProxy(self.week_view)

    # -- building -----------------------------------------------------------------------------

    def _build_toolbar(self) -> QVBoxLayout:
        heading = QLabel("Calendrier")
        heading.setObjectName("pageTitle")
        heading.setFont(scaled_font(self.font(), 1.6, bold=True))
        self.period_label = QLabel("")
        self.period_label.setFont(scaled_font(self.font(), 1.2, bold=True))
        self.previous_button = QPushButton("‹")
        self.today_button = QPushButton("Aujourd'hui")
        self.next_button = QPushButton("›")
        for button, slot in (
            (self.previous_button, lambda: self.step(-1)),
            (self.today_button, self.go_today),
            (self.next_button, lambda: self.step(1)),
        ):
            button.clicked.connect(slot)
        for button in (self.previous_button, self.next_button):
            button.setFont(scaled_font(self.font(), 1.3, bold=True))
            button.setFixedWidth(self.fontMetrics().height() * 3)
        self.today_button.setToolTip("Revenir à aujourd'hui (T)")
        self.week_button = QPushButton("Semaine")
        self.month_button = QPushButton("Mois")
        self.week_button.setToolTip("Afficher la semaine (W)")
        self.month_button.setToolTip("Afficher le mois (M)")
        group = QButtonGroup(self)
        for button in (self.week_button, self.month_button):
            button.setCheckable(True)
            button.setStyleSheet(_SEGMENT_STYLE)
            group.addButton(button)
        self.week_button.setChecked(True)
        self.week_button.clicked.connect(lambda: self.set_mode(WEEK))
        self.month_button.clicked.connect(lambda: self.set_mode(MONTH))
        self.plan_button = QPushButton("Planifier des séances…")
        self.plan_button.setStyleSheet(_PRIMARY_STYLE)
        self.plan_button.clicked.connect(lambda: self.plan_at(None))
        self.summary = QLabel("")
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        self.period_label.setWordWrap(True)
        self.period_label.setMinimumWidth(self.fontMetrics().averageCharWidth() * 16)
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(heading)
        top.addSpacing(16)
        top.addWidget(self.period_label, 1)
        top.addWidget(self.plan_button)
        second = QHBoxLayout()
        second.setSpacing(6)
        for widget in (self.previous_button, self.today_button, self.next_button):
            second.addWidget(widget)
        second.addSpacing(16)
        second.addWidget(self.week_button)
        second.addWidget(self.month_button)
        second.addSpacing(16)
        second.addWidget(self.summary, 1)
        rows = QVBoxLayout()
        rows.setSpacing(6)
        rows.addLayout(top)
        rows.addLayout(second)
        return rows

    # -- navigation ----------------------------------------------------------------------------

    @property
    def view(self) -> PeriodView:
        return self.week_view if self.mode == WEEK else self.month_view

    def bounds(self) -> tuple[date, date]:
        """First and last day fetched for the current mode and anchor."""
        if self.mode == WEEK:
            first = week_start(self.anchor)
            return first, first + timedelta(days=DAYS - 1)
        return month_bounds(self.anchor)

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.week_button.setChecked(mode == WEEK)
        self.month_button.setChecked(mode == MONTH)
        self.views.setCurrentWidget(self.view)
        self.setFocusProxy(self.view)
        self.previous_button.setToolTip(
            "Semaine précédente (←)" if mode == WEEK else "Mois précédent (←)"
        )
        self.next_button.setToolTip("Semaine suivante (→)" if mode == WEEK else "Mois suivant (→)")
        self.reload()
        self.view.setFocus()

    def step(self, direction: int) -> None:
        """Show the previous (-1) or next (+1) week or month."""
        if self.mode == WEEK:
            self.anchor = week_start(self.anchor) + timedelta(weeks=direction)
        else:
            first = self.anchor.replace(day=1)
            shifted = first + timedelta(days=32) if direction > 0 else first - timedelta(days=1)
            self.anchor = shifted.replace(day=1)
        self.reload()

    def go_today(self) -> None:
        self.show_date(self._clock().date())

    def show_date(self, day: date) -> None:
        """Show the period holding ``day`` (in the current mode)."""
        self.anchor = day
        self.reload()

    def show_week_of(self, day: date) -> None:
        self.anchor = day
        self.set_mode(WEEK)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        # The views pass on what they do not use: period keys reach the page from anywhere in it.
        actions: dict[Qt.Key, Callable[[], None]] = {
            Qt.Key.Key_Left: lambda: self.step(-1),
            Qt.Key.Key_Right: lambda: self.step(1),
            Qt.Key.Key_PageUp: lambda: self.step(-1),
            Qt.Key.Key_PageDown: lambda: self.step(1),
            Qt.Key.Key_T: self.go_today,
            Qt.Key.Key_W: lambda: self.set_mode(WEEK),
            Qt.Key.Key_S: lambda: self.set_mode(WEEK),
            Qt.Key.Key_M: lambda: self.set_mode(MONTH),
        }
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        action = next((a for k, a in actions.items() if k.value == event.key()), None)
        if action is None or not plain:
            super().keyPressEvent(event)
            return
        action()

    # -- data ---------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.reload()  # séances may have changed on other pages: one query
        self.view.setFocus()

    def refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Fetch the period's séances (one query), then their conflicts in the background."""
        first, last = self.bounds()
        now = self._clock()
        self.period = self._register.period(first, last)
        if self.mode == WEEK:
            self.week_view.set_period(self.period, now)
            self.period_label.setText(week_title(first, last))
        else:
            self.month_view.set_month(self.period, self.anchor, now)
            month = formatting.MONTHS[self.anchor.month - 1]
            self.period_label.setText(f"{month.capitalize()} {self.anchor.year}")
        self.legend.set_holiday_text(self.period.zone_text)
        self._show_summary({})
        self._load_conflicts(self.period)

    def _load_conflicts(self, period: CalendarPeriod) -> None:
        self._generation += 1
        generation = self._generation
        ids = [s.id for s in period.seances if not s.cancelled]
        register = self._register
        task: BackgroundTask | None = None

        def done(result: object) -> None:
            if task is not None:
                self._tasks.discard(task)
            if generation != self._generation or not widgets_alive(self, self.view):
                return  # the user moved to another period, or closed the window, meanwhile
            assert isinstance(result, dict)
            self.view.set_conflicts(result)
            self._show_summary(result)
            self.conflicts_shown.emit()

        def failed(message: str) -> None:
            if task is not None:
                self._tasks.discard(task)
            if generation == self._generation and widgets_alive(self, self.view):
                self.summary.setText(f"Les conflits n'ont pas pu être vérifiés : {message}")

        task = run_in_background(
            self._pool, lambda _progress: register.conflicts(ids), done, failed
        )
        self._tasks.add(task)

    def _show_summary(self, conflicts: dict[int, list[Conflict]]) -> None:
        assert self.period is not None
        seances = self.period.seances
        cancelled = sum(1 for s in seances if s.cancelled)
        where = "cette semaine" if self.mode == WEEK else "ce mois-ci"
        if self.mode == MONTH:
            seances = [s for s in seances if s.starts_at.month == self.anchor.month]
            cancelled = sum(1 for s in seances if s.cancelled)
        parts = [f"{formatting.count(len(seances), 'séance', 'séances')} {where}"]
        if cancelled:
            parts.append(formatting.count(cancelled, "annulée", "annulées"))
        if conflicts:
            count = len(conflicts)
            parts.append(f"⚠ {count} en conflit")
        if not self.period.calendar_known:
            parts.append("calendrier scolaire officiel inconnu pour cette période")
        self.summary.setText(" · ".join(parts))
        self.summary.setToolTip(
            "Survolez une séance pour le détail de ses conflits ; cliquez pour l'ouvrir."
        )

    # -- dialogs ------------------------------------------------------------------------------

    def open_session(self, session_id: int) -> None:
        """Open the séance editor on ``session_id`` (the window may call it too)."""
        self._open(self._editor_factory(session_id, self))

    def plan_at(self, moment: datetime | None) -> None:
        """Open the planner, on ``moment`` when the user double-clicked a slot."""
        request = PlannerRequest(
            day=moment.date() if moment else None,
            start=moment.time() if moment else None,
        )
        self._open(self._planner_factory(request, self))

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(self._dialog_closed)
        dialog.open()  # window-modal, without a nested event loop

    def _dialog_closed(self, _result: int) -> None:
        self.reload()
        self.sessions_changed.emit()
        self.view.setFocus()

    def _default_editor(self, session_id: int, parent: QWidget) -> QDialog:
        from cites_app.ui.dialogs.session_editor import SessionEditor  # noqa: PLC0415

        return SessionEditor(self._database, session_id, self._clock, parent)

    def _default_planner(self, request: PlannerRequest, parent: QWidget) -> QDialog:
        from cites_app.ui.dialogs.session_planner import SessionPlanner  # noqa: PLC0415

        return SessionPlanner(self._database, request, self._clock, parent)
