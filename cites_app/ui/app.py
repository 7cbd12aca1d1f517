"""Entry points of the window: ``run_app()`` (``cites-app`` without arguments) and ``main()``."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication

from cites_app.ui.icons import icon
from cites_app.ui.main_window import APP_TITLE
from cites_app.ui.startup import Launcher
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


def run_app(database: str | None = None) -> int:
    """Open ``database`` (path or URL; default: the user's) in the window; returns the exit code."""
    app = create_application()
    launcher = Launcher(QSettings())
    code = launcher.start(database)
    if code is not None:
        return code
    return app.exec()


def main() -> int:
    """Entry point of the ``cites-app-gui`` script (no console on Windows)."""
    return run_app(sys.argv[1] if len(sys.argv) > 1 else None)


if __name__ == "__main__":
    sys.exit(main())
