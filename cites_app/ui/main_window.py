"""The main window: a navigation list on the left, the pages on the right."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from cites_app.db.database import Database
from cites_app.registers.overview import load_territory
from cites_app.registers.sessions import Clock, SessionPeriod
from cites_app.ui.icons import icon, navigation_icon
from cites_app.ui.pages.establishments import EstablishmentsPage
from cites_app.ui.pages.home import HomePage
from cites_app.ui.pages.list_page import ListPage
from cites_app.ui.pages.pupils import PupilsPage
from cites_app.ui.pages.sessions import SessionsPage

APP_TITLE = "Cités éducatives — coordination"

HOME, ESTABLISHMENTS, PUPILS, SESSIONS = range(4)
NAVIGATION = (
    ("Accueil", "nav-home"),
    ("Établissements", "nav-establishments"),
    ("Élèves", "nav-pupils"),
    ("Séances", "nav-sessions"),
)


class MainWindow(QMainWindow):
    """Receives the database, the QSettings to remember its layout in, and the clock."""

    def __init__(
        self,
        database: Database,
        settings: QSettings,
        clock: Clock = datetime.now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        territory = load_territory(database)
        name = territory.name if territory else "aucun territoire"
        self.setWindowTitle(f"{APP_TITLE} — {name}")
        self.setWindowIcon(icon("app"))

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Navigation")
        side = round(self.fontMetrics().height() * 1.4)
        self.navigation.setIconSize(QSize(side, side))
        for number, (label, icon_name) in enumerate(NAVIGATION, start=1):
            item = QListWidgetItem(navigation_icon(icon_name), label)
            item.setToolTip(f"{label} (Ctrl+{number})")
            # Explicit height: style-sheet padding does not enlarge list items' size hints.
            item.setSizeHint(QSize(0, round(self.fontMetrics().height() * 2.4)))
            self.navigation.addItem(item)

        self.home = HomePage(database, clock)
        self.establishments = EstablishmentsPage(database)
        self.pupils = PupilsPage(database)
        self.sessions = SessionsPage(database, clock)
        self.stack = QStackedWidget()
        for page in (self.home, self.establishments, self.pupils, self.sessions):
            self.stack.addWidget(page)
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.home.open_sessions.connect(self._open_sessions)

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

        location = QLabel(f"Base de données : {database.location}")
        location.setToolTip(database.location)
        # A long path must not widen the window: let the label shrink.
        location.setMinimumWidth(1)
        location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addWidget(location, 1)
        self.statusBar().addPermanentWidget(QLabel("Ctrl+F : rechercher · F5 : actualiser"))
        self._add_shortcuts()
        self.navigation.setCurrentRow(HOME)
        self._restore_layout()

    def show_page(self, index: int) -> None:
        self.navigation.setCurrentRow(index)

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def focus_search(self) -> None:
        page = self.current_page()
        if isinstance(page, ListPage | HomePage):
            page.focus_search()

    def refresh_current_page(self) -> None:
        page = self.current_page()
        if isinstance(page, ListPage | HomePage):
            page.refresh()

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

    def _restore_layout(self) -> None:
        s = self._settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(
                self.fontMetrics().averageCharWidth() * 170, self.fontMetrics().height() * 40
            )
        state = s.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        splitter = s.value("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        for page in self._list_pages():
            page.restore_state(s)

    def _list_pages(self) -> list[ListPage]:
        return [self.establishments, self.pupils, self.sessions]

    def _add_shortcuts(self) -> None:
        for index in range(len(NAVIGATION)):
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

    def _open_sessions(self, period: str) -> None:
        self.sessions.show_period(SessionPeriod(period))
        self.show_page(SESSIONS)
        self.sessions.table.setFocus(Qt.FocusReason.OtherFocusReason)
