"""Long work off the UI thread: a small "operation" run on a QThreadPool, with a progress dialog
that appears only if the work lasts more than ~600 ms (CODE_STYLE.md §2)."""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 600

# The work receives a callback to report (percent, French message) from its thread.
Work = Callable[[Callable[[int, str], None]], object]


class _Signals(QObject):
    progressed = Signal(int, str)
    succeeded = Signal(object)
    failed = Signal(str)


class BackgroundTask(QRunnable):
    """Runs ``work`` in a pool thread; results come back as queued signals on the UI thread."""

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python keeps the reference until the signals arrived
        self.signals = _Signals()
        self._work = work

    def run(self) -> None:
        try:
            result = self._work(self.signals.progressed.emit)
        except Exception as exc:  # any failure must reach the user, not die in a thread
            log.exception("Background task failed")
            self.signals.failed.emit(str(exc) or exc.__class__.__name__)
        else:
            self.signals.succeeded.emit(result)


class DelayedProgress(QObject):
    """A progress dialog shown only if the work is still running after ``delay_ms``."""

    def __init__(
        self, label: str, parent: QWidget | None = None, delay_ms: int = PROGRESS_DELAY_MS
    ) -> None:
        super().__init__(parent)
        self.dialog = QProgressDialog(label, "", 0, 100, parent)
        self.dialog.setWindowTitle("Veuillez patienter")
        self.dialog.setCancelButton(None)  # the work runs in one transaction: nothing to cancel
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(2**30)  # we decide when it shows, not QProgressDialog
        self.dialog.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dialog.show)
        self._timer.start(delay_ms)

    def update(self, percent: int, message: str) -> None:
        self.dialog.setValue(max(0, min(100, percent)))
        if message:
            self.dialog.setLabelText(message)

    def finish(self) -> None:
        self._timer.stop()
        self.dialog.hide()
        self.dialog.deleteLater()


def run_in_background(
    pool: QThreadPool,
    work: Work,
    on_success: Callable[[object], None],
    on_failure: Callable[[str], None],
    progress: DelayedProgress | None = None,
) -> BackgroundTask:
    """Start ``work`` on ``pool``; the callbacks run on the UI thread. Keep the returned task."""
    task = BackgroundTask(work)
    if progress is not None:
        task.signals.progressed.connect(progress.update)
    task.signals.succeeded.connect(on_success)
    task.signals.failed.connect(on_failure)
    pool.start(task)
    return task


def widgets_alive(*objects: QObject) -> bool:
    """False once Qt deleted one of ``objects``: a late result must not touch a closed page."""
    return all(shiboken6.isValid(obj) for obj in objects)


class TaskGroup:
    """Runs small background jobs for a page and keeps each alive until its result arrives.

    A ``BackgroundTask`` dropped by Python while its thread still runs would take its signals
    with it; pages hold a TaskGroup instead of juggling references.
    """

    def __init__(self, pool: QThreadPool | None = None, owner: QObject | None = None) -> None:
        """``owner``: the page; results arriving after Qt deleted it are dropped."""
        self._pool = pool or QThreadPool.globalInstance()
        self._owner = owner
        self._running: set[BackgroundTask] = set()

    def run(
        self,
        work: Callable[[], object],
        on_success: Callable[[object], None],
        on_failure: Callable[[str], None],
    ) -> BackgroundTask:
        task: BackgroundTask | None = None

        def succeeded(result: object) -> None:
            if task is not None:
                self._running.discard(task)
            if self._owner is None or widgets_alive(self._owner):
                on_success(result)

        def failed(message: str) -> None:
            if task is not None:
                self._running.discard(task)
            if self._owner is None or widgets_alive(self._owner):
                on_failure(message)

        task = run_in_background(self._pool, lambda _progress: work(), succeeded, failed)
        self._running.add(task)
        return task

    def running(self) -> int:
        return len(self._running)
