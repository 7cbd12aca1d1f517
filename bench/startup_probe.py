"""Child process of the start-up benchmark: report the first paint of a window, then quit.

``python -m bench.startup_probe bare`` shows a bare QMainWindow (the floor); ``python -m
bench.startup_probe app DB`` starts the application on DB exactly as ``cites-app`` does
(``cites_app.ui.app.launch``) and also reports READY when the home page's figures are on screen.
The parent process measures the wall time from launch to each line, interpreter start included.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class FirstPaint(QObject):
    """Prints PAINTED at the first paint event of the watched window."""

    def __init__(self, quit_app: QApplication | None = None) -> None:
        super().__init__()
        self.painted = False
        self._quit_app = quit_app

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            print("PAINTED", flush=True)
            if self._quit_app is not None:
                QTimer.singleShot(0, self._quit_app.quit)
        return False


def bare() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setCentralWidget(QLabel("Bonjour"))
    window.resize(1200, 800)
    watcher = FirstPaint(quit_app=app)
    window.installEventFilter(watcher)
    window.show()
    return app.exec()


def real_app(database: str) -> int:
    from cites_app.ui.app import create_application, launch  # noqa: PLC0415

    app = create_application()
    folder = Path(tempfile.mkdtemp())
    settings = QSettings(str(folder / "interface.ini"), QSettings.Format.IniFormat)
    window = launch(app, database, settings)
    watcher = FirstPaint()
    window.installEventFilter(watcher)

    def ready() -> None:
        print("READY", flush=True)
        QTimer.singleShot(0, app.quit)

    window.attached.connect(lambda: window.home.figures_shown.connect(ready))
    code = app.exec()
    QThreadPool.globalInstance().waitForDone()  # as run_app does (start-up backup)
    return code


if __name__ == "__main__":
    sys.exit(bare() if sys.argv[1] == "bare" else real_app(sys.argv[2]))
