"""Entry points of the window: ``run_app()`` (``cites-app`` without arguments) and ``main()``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    QThreadPool,
    QTimer,
    QTranslator,
)
from PySide6.QtWidgets import QApplication

from cites_app.ui.icons import icon
from cites_app.ui.main_window import APP_TITLE, MainWindow
from cites_app.ui.style import apply_style

ORGANISATION = "Cités éducatives"


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication with its names (QSettings), icon, style and French locale."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or sys.argv))
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName(ORGANISATION)
    app.setWindowIcon(icon("app"))
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    install_french_translations(app)
    apply_style(app)
    return app


def install_french_translations(app: QApplication) -> None:
    """Qt's own French strings: "Annuler", "Oui", context menus of text fields…"""
    translator = QTranslator(app)  # parented: lives as long as the application
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.French), "qtbase", "_", path):
        app.installTranslator(translator)


def launch(app: QApplication, database: str | None, settings: QSettings) -> MainWindow:
    """Show the window frame now; open the data in the next turn of the event loop.

    The frame paints at once; SQLAlchemy's import, the database checks and the pages follow
    (a few tenths of a second), then the figures of the home page arrive from a worker.
    """
    window = MainWindow(None, settings)
    window.show()

    def open_data() -> None:
        from cites_app.ui.startup import Launcher  # noqa: PLC0415 - after the first paint

        launcher = Launcher(settings, window=window)
        window.keep_alive.append(launcher)
        code = launcher.start(database)
        if code is not None:
            window.close()
            app.exit(code)

    # After the first paint, not merely after show(): Qt paints a few loop turns later, and
    # opening the data first would keep the window blank for those tenths of a second.
    trigger = _AfterFirstPaint(open_data)
    window.installEventFilter(trigger)
    window.keep_alive.append(trigger)
    return window


class _AfterFirstPaint(QObject):
    """Runs ``action`` once, in the event-loop turn after the watched widget's first paint."""

    def __init__(self, action: Callable[[], None]) -> None:
        super().__init__()
        self._action: Callable[[], None] | None = action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and self._action is not None:
            action, self._action = self._action, None
            QTimer.singleShot(0, action)
        return False


def run_app(database: str | None = None) -> int:
    """Open ``database`` (path or URL; default: the user's) in the window; returns the exit code."""
    app = create_application()
    launch(app, database, QSettings())
    code = app.exec()
    # A start-up backup still being written must finish: a half copy is no backup.
    QThreadPool.globalInstance().waitForDone()
    return code


def main() -> int:
    """Entry point of the ``cites-app-gui`` script (no console on Windows)."""
    return run_app(sys.argv[1] if len(sys.argv) > 1 else None)


if __name__ == "__main__":
    sys.exit(main())
