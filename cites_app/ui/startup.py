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
from cites_app.db.migrate import DatabaseRefusedError, backup_now
from cites_app.registers.overview import load_territory
from cites_app.registers.sessions import Clock
from cites_app.startup import OpenedDatabase, open_database
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


def open_or_report(location: str | None, report_error: ReportError) -> OpenedDatabase | None:
    """The opened (upgraded) database, or None after telling the user why not.

    The routine start-up backup of an up-to-date database is left to the caller, to run in the
    background (``OpenedDatabase.needs_backup``); an upgrade is always preceded by its backup.
    """
    try:
        return open_database(location, background_backup=True)
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
        window: MainWindow | None = None,
    ) -> None:
        """``window``: a frame already on screen, to attach the data to (else one is made)."""
        super().__init__()
        self._settings = settings
        self._report_error = report_error
        self._pool = pool or QThreadPool.globalInstance()
        self._create_demo = create_demo
        self._clock = clock
        self._task: BackgroundTask | None = None
        self._progress: DelayedProgress | None = None
        self.database: Database | None = None
        self.window: MainWindow | None = window
        self._needs_backup = False
        self._backup_task: BackgroundTask | None = None

    def start(self, location: str | None) -> int | None:
        """Start up; returns an exit code if the application must stop right away."""
        opened = open_or_report(location, self._report_error)
        if opened is None:
            return EXIT_REFUSED
        self.database = opened.database
        self._needs_backup = opened.needs_backup
        if load_territory(self.database) is None:
            self._create_demo_then_show(self.database)
        else:
            self._show_window(self.database)
        return None

    def _backup_in_background(self, database: Database) -> None:
        """The routine start-up copy, made while the coordinator already works."""
        if not self._needs_backup or self.window is None:
            return
        self._needs_backup = False
        window = self.window

        def done(result: object) -> None:
            self._backup_task = None
            window.statusBar().showMessage(f"Sauvegarde de démarrage faite : {result}", 8000)

        def failed(message: str) -> None:
            self._backup_task = None
            self._report_error(
                "Sauvegarde de démarrage impossible",
                f"La copie de sécurité de la base n'a pas pu être faite : {message}\n\n"
                "Vos données ne sont pas touchées, mais vérifiez la place disponible sur le "
                "disque.",
            )

        self._backup_task = run_in_background(
            self._pool,
            lambda _progress: backup_now(database.url, "demarrage"),
            done,
            failed,
        )

    def _create_demo_then_show(self, database: Database) -> None:
        message = "Première ouverture : création du territoire de démonstration…"
        if self.window is not None:
            self.window.show_loading_message(message)
        self._progress = DelayedProgress(message, self.window)

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
        if self.window is None:
            self.window = MainWindow(database, self._settings, self._clock)
        else:
            self.window.attach(database)
        self.window.show()
        if self._progress is not None:
            self._progress.finish()
            self._progress = None
        self._task = None
        self.window_shown.emit()
        self._backup_in_background(database)
