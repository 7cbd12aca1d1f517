"""From "the user launched the app" to "the main window is on screen".

Open the database (backup + upgrade, or a French refusal), create the demo territory in a worker
on the very first start, then show the window. The error box and the demo creation are injected
so that tests never block on a modal dialog nor generate a whole territory.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QSettings, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from cites_app.db.backup import BackupError
from cites_app.db.database import Database
from cites_app.db.migrate import DatabaseRefusedError
from cites_app.registers.overview import load_territory
from cites_app.registers.sessions import Clock
from cites_app.startup import open_database
from cites_app.ui.main_window import MainWindow
from cites_app.ui.tasks import BackgroundTask, DelayedProgress, run_in_background

# (title, French message) → shows it to the user; must return once the user has read it.
ReportError = Callable[[str, str], None]
# Creates the demo territory in an empty database, reporting (percent, message).
CreateDemo = Callable[[Database, Callable[[int, str], None]], object]

REFUSED_TITLE = "Base de données refusée"
EXIT_REFUSED = 2


def show_error_box(title: str, message: str, parent: QWidget | None = None) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Critical, title, message, QMessageBox.StandardButton.Ok, parent
    )
    box.exec()


def create_demo_territory(database: Database, progress: Callable[[int, str], None]) -> object:
    from cites_app.demo.generator import generate_demo  # noqa: PLC0415 - only on first start

    return generate_demo(database, size="S", seed=1, progress=progress)


def open_or_report(location: str | None, report_error: ReportError) -> Database | None:
    """The opened (backed-up, upgraded) database, or None after telling the user why not."""
    try:
        return open_database(location).database
    except DatabaseRefusedError as exc:
        report_error(REFUSED_TITLE, str(exc))
    except BackupError as exc:
        report_error(
            "Sauvegarde impossible",
            f"{exc}\n\nPar prudence, la base n'a pas été ouverte ni modifiée.",
        )
    return None


class Launcher(QObject):
    """Opens the database and shows the window; ``window_shown`` fires once it is on screen."""

    window_shown = Signal()

    def __init__(
        self,
        settings: QSettings,
        report_error: ReportError = show_error_box,
        pool: QThreadPool | None = None,
        create_demo: CreateDemo = create_demo_territory,
        clock: Clock = datetime.now,
    ) -> None:
        super().__init__()
        self._settings = settings
        self._report_error = report_error
        self._pool = pool or QThreadPool.globalInstance()
        self._create_demo = create_demo
        self._clock = clock
        self._task: BackgroundTask | None = None
        self._progress: DelayedProgress | None = None
        self.database: Database | None = None
        self.window: MainWindow | None = None

    def start(self, location: str | None) -> int | None:
        """Start up; returns an exit code if the application must stop right away."""
        self.database = open_or_report(location, self._report_error)
        if self.database is None:
            return EXIT_REFUSED
        if load_territory(self.database) is None:
            self._create_demo_then_show(self.database)
        else:
            self._show_window(self.database)
        return None

    def _create_demo_then_show(self, database: Database) -> None:
        self._progress = DelayedProgress(
            "Première ouverture : création du territoire de démonstration…"
        )

        def done(_result: object) -> None:
            self._show_window(database)

        def failed(message: str) -> None:
            self._show_window(database)  # an empty base is still usable (imports)
            self._report_error(
                "Territoire de démonstration non créé",
                f"Le territoire de démonstration n'a pas pu être créé : {message}\n\n"
                "La base est vide ; vous pouvez importer vos établissements et vos élèves.",
            )

        self._task = run_in_background(
            self._pool,
            lambda progress: self._create_demo(database, progress),
            done,
            failed,
            self._progress,
        )

    def _show_window(self, database: Database) -> None:
        # The window appears before the progress dialog goes, so Qt never sees "no window left".
        self.window = MainWindow(database, self._settings, self._clock)
        self.window.show()
        if self._progress is not None:
            self._progress.finish()
            self._progress = None
        self._task = None
        self.window_shown.emit()
