"""The main window: a navigation list on the left, the pages on the right."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from cites_app.ui.icons import icon, navigation_icon

if TYPE_CHECKING:  # the pages pull in SQLAlchemy: imported when the database is attached
    from cites_app.db.database import Database
    from cites_app.ui.pages.calendar_page import CalendarPage
    from cites_app.ui.pages.establishments import EstablishmentsPage
    from cites_app.ui.pages.exports_page import ExportsPage
    from cites_app.ui.pages.home import HomePage
    from cites_app.ui.pages.imports_page import ImportsPage
    from cites_app.ui.pages.indicators_page import IndicatorsPage
    from cites_app.ui.pages.list_page import ListPage
    from cites_app.ui.pages.programme_page import ProgrammePage
    from cites_app.ui.pages.pupils import PupilsPage
    from cites_app.ui.pages.roll_call import RollCallPage
    from cites_app.ui.pages.sessions import SessionsPage
    from cites_app.ui.pages.settings_page import SettingsPage

Clock = Callable[[], datetime]

APP_TITLE = "Cités éducatives — coordination"

# (attribute, French label, icon) of each page, in navigation order; Ctrl+1… follow it.
PAGES = (
    ("home", "Accueil", "nav-home"),
    ("establishments", "Établissements", "nav-establishments"),
    ("pupils", "Élèves", "nav-pupils"),
    ("programme", "Programme", "nav-programme"),
    ("calendar", "Calendrier", "nav-calendar"),
    ("sessions", "Séances", "nav-sessions"),
    ("roll_call", "Appel", "nav-rollcall"),
    ("mix", "Mixité", "nav-mix"),
    ("imports", "Imports", "nav-import"),
    ("exports", "Exports", "nav-export"),
    ("settings", "Paramètres", "nav-settings"),
)
NAVIGATION = tuple((label, icon_name) for _, label, icon_name in PAGES)
_INDEX = {name: index for index, (name, _, _) in enumerate(PAGES)}
HOME = _INDEX["home"]
ESTABLISHMENTS = _INDEX["establishments"]
PUPILS = _INDEX["pupils"]
PROGRAMME = _INDEX["programme"]
CALENDAR = _INDEX["calendar"]
SESSIONS = _INDEX["sessions"]
ROLL_CALL = _INDEX["roll_call"]
MIX = _INDEX["mix"]
IMPORTS = _INDEX["imports"]
EXPORTS = _INDEX["exports"]
SETTINGS = _INDEX["settings"]


class MainWindow(QMainWindow):
    """The window frame first (it paints at once), then its pages once the data is open.

    ``MainWindow(None, settings)`` shows the frame with a "chargement" message, and
    ``attach(database)`` builds the pages: the start-up does not wait for SQLAlchemy's import
    nor for any query before the window is on screen. Passing the database to the constructor
    attaches it at once (tests, tools).
    """

    # Emitted once the pages exist (after ``attach``).
    attached = Signal()

    home: HomePage
    establishments: EstablishmentsPage
    pupils: PupilsPage
    sessions: SessionsPage
    programme: ProgrammePage
    calendar: CalendarPage
    roll_call: RollCallPage
    mix: IndicatorsPage
    imports: ImportsPage
    exports: ExportsPage
    settings_page: SettingsPage

    def __init__(
        self,
        database: Database | None,
        settings: QSettings,
        clock: Clock = datetime.now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._clock = clock
        self.database: Database | None = None
        # Python objects that must live as long as the window (start-up helpers).
        self.keep_alive: list[QObject] = []
        self.setWindowTitle(APP_TITLE)
        self.setWindowIcon(icon("app"))

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Navigation")
        side = round(self.fontMetrics().height() * 1.4)
        self.navigation.setIconSize(QSize(side, side))
        for number, (label, icon_name) in enumerate(NAVIGATION, start=1):
            item = QListWidgetItem(navigation_icon(icon_name), label)
            item.setToolTip(f"{label} (Ctrl+{number})" if number <= 9 else label)
            # Explicit height: style-sheet padding does not enlarge list items' size hints.
            item.setSizeHint(QSize(0, round(self.fontMetrics().height() * 2.4)))
            self.navigation.addItem(item)
        self.navigation.setEnabled(False)  # until the pages exist

        self.stack = QStackedWidget()
        self.loading = QLabel("Ouverture des données…")
        self.loading.setObjectName("loadingLabel")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        # Never narrower than its longest label: "Établissements" must not become "Établissem…".
        metrics = self.navigation.fontMetrics()
        widest = max(metrics.horizontalAdvance(label) for label, _ in NAVIGATION)
        self.navigation.setMinimumWidth(widest + side + metrics.averageCharWidth() * 9)
        self.splitter.setSizes([self.navigation.minimumWidth(), 1000])
        self.setCentralWidget(self.splitter)

        self.location = QLabel("")
        # A long path must not widen the window: let the label shrink.
        self.location.setMinimumWidth(1)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addWidget(self.location, 1)
        self.statusBar().addPermanentWidget(QLabel("Ctrl+F : rechercher · F5 : actualiser"))
        self._restore_window_layout()
        if database is not None:
            self.attach(database)

    def show_loading_message(self, text: str) -> None:
        self.loading.setText(text)

    def attach(self, database: Database) -> None:
        """Build the pages on ``database`` (the frame is already on screen)."""
        from cites_app.registers.overview import load_territory  # noqa: PLC0415
        from cites_app.ui.pages.calendar_page import CalendarPage  # noqa: PLC0415
        from cites_app.ui.pages.establishments import EstablishmentsPage  # noqa: PLC0415
        from cites_app.ui.pages.exports_page import ExportsPage  # noqa: PLC0415
        from cites_app.ui.pages.home import HomePage  # noqa: PLC0415
        from cites_app.ui.pages.imports_page import ImportsPage  # noqa: PLC0415
        from cites_app.ui.pages.indicators_page import IndicatorsPage  # noqa: PLC0415
        from cites_app.ui.pages.programme_page import ProgrammePage  # noqa: PLC0415
        from cites_app.ui.pages.pupils import PupilsPage  # noqa: PLC0415
        from cites_app.ui.pages.roll_call import RollCallPage  # noqa: PLC0415
        from cites_app.ui.pages.sessions import SessionsPage  # noqa: PLC0415
        from cites_app.ui.pages.settings_page import SettingsPage  # noqa: PLC0415

        self.database = database
        territory = load_territory(database)
        name = territory.name if territory else "aucun territoire"
        self.setWindowTitle(f"{APP_TITLE} — {name}")
        self.location.setText(f"Base de données : {database.location}")
        self.location.setToolTip(database.location)

        self.home = HomePage(database, self._clock)
        self.establishments = EstablishmentsPage(database)
        self.pupils = PupilsPage(database)
        self.sessions = SessionsPage(database, self._clock)
        self.programme = ProgrammePage(database, self._clock)
        self.calendar = CalendarPage(database, self._clock)
        for planner in (self.programme, self.calendar):
            planner.sessions_changed.connect(self.sessions.refresh)
        self.roll_call = RollCallPage(database, self._clock)
        self.sessions.session_activated.connect(self.open_roll_call)
        self.mix = IndicatorsPage(database, self._clock)
        self.mix.open_school.connect(self._open_school)
        self.mix.open_session.connect(self._open_session)
        self.imports = ImportsPage(database, self._clock)
        self.exports = ExportsPage(database, self._clock)
        self.settings_page = SettingsPage(database, clock=self._clock)
        self.stack.removeWidget(self.loading)
        self.loading.deleteLater()
        pages: tuple[QWidget, ...] = (
            self.home,
            self.establishments,
            self.pupils,
            self.programme,
            self.calendar,
            self.sessions,
            self.roll_call,
            self.mix,
            self.imports,
            self.exports,
            self.settings_page,
        )
        for widget in pages:
            self.stack.addWidget(_scrollable(widget))
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.home.open_sessions.connect(self._open_sessions)
        self.navigation.setEnabled(True)
        self._add_shortcuts()
        self.navigation.setCurrentRow(HOME)
        for list_page in self._list_pages():
            list_page.restore_state(self._settings)
        self.attached.emit()

    def show_page(self, index: int) -> None:
        self.navigation.setCurrentRow(index)

    def current_page(self) -> QWidget | None:
        current = self.stack.currentWidget()
        if isinstance(current, _PageScroll):
            return current.widget()
        return current

    def focus_search(self) -> None:
        """Ctrl+F: every page that has a search field (or a first field) offers focus_search."""
        self._call_on_page("focus_search")

    def refresh_current_page(self) -> None:
        """F5: pages that can reload offer refresh()."""
        self._call_on_page("refresh")

    def _call_on_page(self, method: str) -> None:
        action = getattr(self.current_page(), method, None)
        if callable(action):
            action()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_layout()
        super().closeEvent(event)

    def save_layout(self) -> None:
        """Remember size, position, splitter and column layouts for the next start."""
        s = self._settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        for page in self._list_pages():
            page.save_state(s)
        s.sync()

    def _restore_window_layout(self) -> None:
        s = self._settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self._first_run_geometry()
        state = s.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        splitter = s.value("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)

    def _first_run_geometry(self) -> None:
        """Most of the screen, centred: the lists show all their columns on a laptop.

        200 average characters wide (the establishments list with its participation columns)
        when the screen allows, else 92 % of it; 88 % of its height.
        """
        metrics = self.fontMetrics()
        screen = self.screen().availableGeometry()
        width = min(metrics.averageCharWidth() * 200, round(screen.width() * 0.92))
        height = max(metrics.height() * 30, round(screen.height() * 0.88))
        height = min(height, screen.height())
        self.resize(width, height)
        self.move(
            screen.x() + (screen.width() - self.width()) // 2,
            screen.y() + (screen.height() - self.height()) // 2,
        )

    def _list_pages(self) -> list[ListPage]:
        if self.database is None:
            return []
        return [self.establishments, self.pupils, self.sessions]

    def _add_shortcuts(self) -> None:
        for index in range(min(9, len(NAVIGATION))):  # Ctrl+1 … Ctrl+9
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, i=index: self.show_page(i))
            self.addAction(action)
        search = QAction(self)
        search.setShortcut(QKeySequence.StandardKey.Find)
        search.triggered.connect(self.focus_search)
        self.addAction(search)
        refresh = QAction(self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh_current_page)
        self.addAction(refresh)

    def _open_school(self, uai: str) -> None:
        self.show_page(ESTABLISHMENTS)
        self.establishments.search_for(uai)

    def _open_session(self, session_id: int) -> None:
        """Show the séance in the list of séances (Enter there opens its roll call)."""
        self.show_page(SESSIONS)
        self.sessions.show_session(session_id)

    def open_roll_call(self, session_id: int) -> None:
        self.roll_call.open_session(session_id)
        self.show_page(ROLL_CALL)

    def _open_sessions(self, period: str) -> None:
        from cites_app.registers.sessions import SessionPeriod  # noqa: PLC0415

        self.sessions.show_period(SessionPeriod(period))
        self.show_page(SESSIONS)
        self.sessions.table.setFocus(Qt.FocusReason.OtherFocusReason)


class _PageScroll(QScrollArea):
    """Lets a page wider or taller than the window scroll instead of enlarging the window.

    A 1366×768 laptop at 150 % gives about 910×510 logical pixels: pages with many controls
    (Programme, Imports) must not impose their minimum size on the whole window.
    """

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(page)


def _scrollable(page: QWidget) -> QWidget:
    # Pages that scroll by themselves (Accueil, Paramètres) need no second scroll area.
    return page if isinstance(page, QScrollArea) else _PageScroll(page)
