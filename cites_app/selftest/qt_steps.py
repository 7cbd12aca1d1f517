"""Steps with Qt (imported inside them): plugins and translation, the PDF, the main window."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from cites_app.selftest.base import (
    FEATURES,
    Context,
    Outcome,
    StepError,
    database_of,
    run_cli,
    seconds,
)

WINDOW_TIMEOUT_S = 60.0

# Libraries a Linux bundle leaves to the system on purpose (PyInstaller: they must match the
# machine's graphics stack). An optional plugin needing one the machine lacks (Wayland's, on
# an X11 desktop or a server) is simply not used there: Qt picks xcb.
HOST_LIBRARY = re.compile(r"lib(wayland-[a-z]+|E?(Open)?GLX?[A-Za-z_]*|drm|xcb)\.so[.0-9]*")
# Said by Qt on a headless run, with no consequence for the user.
HARMLESS_QT_MESSAGES = ("This plugin does not support propagateSizeHints",)


def start_qt(ctx: Context) -> Outcome:
    """The QApplication as the window makes it, and the plugins an installed app needs."""
    from PySide6.QtCore import (  # noqa: PLC0415
        QCoreApplication,
        QtMsgType,
        qInstallMessageHandler,
        qVersion,
    )
    from PySide6.QtGui import QImageReader  # noqa: PLC0415

    from cites_app.ui.app import create_application  # noqa: PLC0415
    from cites_app.ui.icons import icon  # noqa: PLC0415

    def keep(mode: QtMsgType, _context: object, message: str) -> None:
        serious = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
        if mode in serious and not any(harmless in message for harmless in HARMLESS_QT_MESSAGES):
            ctx.qt_messages.append(message)

    qInstallMessageHandler(keep)
    app = create_application(["cites-app"])
    ctx.app = app
    platforms = _plugin_files("platforms")
    wanted = {"win32": {"windows"}, "darwin": {"cocoa"}}.get(sys.platform, {"xcb"})
    required = {("platforms", name) for name in wanted | {"offscreen"}} | {
        ("imageformats", "svg"),
        ("iconengines", "svg"),
    }
    missing = sorted(f"{kind}/{name}" for kind, name in required if name not in _plugin_files(kind))
    if missing:
        raise StepError(f"Greffon(s) Qt manquant(s) : {', '.join(missing)}")
    # Every plugin an installed app carries must load, even those this run does not use (xcb
    # under offscreen): a library left out of the bundle shows here, not on a laptop.
    to_load = (
        [file for kind in _plugin_kinds() for file in _plugin_files(kind).values()]
        if getattr(sys, "frozen", False)
        else [_plugin_files(kind)[name] for kind, name in sorted(required)]
    )
    failures, host_missing = _load_plugins(to_load, {_plugin_files(k)[n] for k, n in required})
    if failures:
        raise StepError("Greffon(s) Qt impossible(s) à charger : " + " ; ".join(failures))
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    if "svg" not in formats:
        raise StepError("Greffon Qt « imageformats/svg » inutilisable.")
    if icon("app").pixmap(64, 64).isNull():
        raise StepError("L'icône de l'application ne s'affiche pas (SVG illisible).")
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    if cancel != "Annuler":
        raise StepError(
            f"Traduction française de Qt absente (qtbase_fr.qm) : « Cancel » reste « {cancel} »."
        )
    unused = (
        f" ; {len(host_missing)} greffon(s) inutilisable(s) sur ce système, faute de "
        f"{', '.join(sorted(set(host_missing.values())))} (normal sans session Wayland)"
        if host_missing
        else ""
    )
    return Outcome(
        f"Qt {qVersion()}, affichage « {app.platformName()} », "
        f"{len(to_load) - len(host_missing)} greffons chargés (affichages : "
        f"{', '.join(sorted(platforms))}){unused}, icônes SVG, « Cancel » traduit « {cancel} »"
    )


def _plugin_dirs() -> list[Path]:
    """Where Qt looks for plugins: its own folder, and QT_PLUGIN_PATH (set by a frozen build)."""
    from PySide6.QtCore import QLibraryInfo  # noqa: PLC0415

    candidates = [
        QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath),
        *os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep),
    ]
    found: list[Path] = []
    for candidate in candidates:
        folder = Path(candidate).resolve() if candidate else None
        if folder is not None and folder.is_dir() and folder not in found:
            found.append(folder)
    return found


def _plugin_kinds() -> list[str]:
    return sorted({e.name for folder in _plugin_dirs() for e in folder.iterdir() if e.is_dir()})


def _plugin_files(kind: str) -> dict[str, Path]:
    """Qt plugins of ``kind`` by short name (``libqsvgicon.so`` → ``svg``)."""
    files: dict[str, Path] = {}
    for folder in _plugin_dirs():
        for file in sorted((folder / kind).glob("*")):
            if file.suffix in (".so", ".dll", ".dylib"):
                stem = file.name.split(".", maxsplit=1)[0].removeprefix("lib").removeprefix("q")
                files.setdefault(stem.removesuffix("icon"), file)
    return files


def _load_plugins(files: list[Path], required: set[Path]) -> tuple[list[str], dict[Path, str]]:
    """(``kind/file : Qt's reason`` for each plugin that does not load, optional plugins that
    cannot load here for want of a library the bundle leaves to the system on purpose)."""
    from PySide6.QtCore import QPluginLoader  # noqa: PLC0415

    failures: list[str] = []
    host_missing: dict[Path, str] = {}
    for file in files:
        loader = QPluginLoader(str(file))
        if loader.load():
            continue
        reason = loader.errorString()
        library = HOST_LIBRARY.search(reason)
        if library is not None and file not in required:
            host_missing[file] = library.group(0)
        else:
            failures.append(f"{file.parent.name}/{file.name} : {reason}")
    return failures, host_missing


def write_attendance_pdf(ctx: Context) -> Outcome:
    out = ctx.workdir / "emargement.pdf"
    if FEATURES["pdf"]():
        run_cli(ctx, "attendance-sheet", "--session", str(ctx.session_id), "--out", str(out))
        size = _check_pdf(out)
        return Outcome(f"séance n° {ctx.session_id}, {out.name} ({size // 1024} Ko)")
    _write_probe_pdf(ctx, out)
    size = _check_pdf(out)
    return Outcome(
        "feuille d'émargement non disponible dans cette version ; page d'essai écrite avec le "
        f"moteur PDF de Qt ({size // 1024} Ko)",
        available=False,
    )


def _write_probe_pdf(ctx: Context, out: Path) -> None:
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter  # noqa: PLC0415
    from sqlalchemy import select  # noqa: PLC0415

    from cites_app.models import Attendance, Pupil  # noqa: PLC0415

    with database_of(ctx).read_session() as session:
        pupils = session.execute(
            select(Pupil.last_name, Pupil.first_name)
            .join(Attendance, Attendance.pupil_id == Pupil.id)
            .where(Attendance.session_id == ctx.session_id)
            .order_by(Pupil.last_name, Pupil.first_name)
            .limit(12)
        ).all()
    writer = QPdfWriter(str(out))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setTitle("Feuille d'émargement (essai)")
    painter = QPainter(writer)
    try:
        line = writer.height() // 40
        box = line * 2 // 3
        column = writer.width() // 2
        painter.drawText(0, line, f"Feuille d'émargement : séance n° {ctx.session_id}")
        painter.drawText(0, 2 * line, "Élève")
        painter.drawText(column, 2 * line, "Présent(e)")
        for number, (last, first) in enumerate(pupils, start=3):
            painter.drawText(0, number * line, f"{last.upper()} {first}")
            painter.drawRect(column, number * line - box, box, box)
    finally:
        painter.end()


def _check_pdf(path: Path) -> int:
    if not path.is_file():
        raise StepError(f"Le PDF {path} n'a pas été écrit.")
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
        raise StepError(f"{path} n'est pas un PDF complet.")
    if b"/Font" not in data:
        raise StepError(
            f"{path} ne contient aucune police : les polices du système sont-elles installées ?"
        )
    return len(data)


def show_window(ctx: Context) -> Outcome:
    """The real start-up path on the demo base: frame, pages, figures; then close."""
    from PySide6.QtCore import QElapsedTimer, QSettings, QThreadPool, QTimer  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: PLC0415

    from cites_app.ui.app import launch  # noqa: PLC0415

    app = ctx.app
    assert app is not None  # the "qt" step made it
    database_of(ctx).dispose()  # the window opens its own connection
    settings = QSettings(str(ctx.workdir / "reglages.ini"), QSettings.Format.IniFormat)
    clock = QElapsedTimer()
    clock.start()
    times: dict[str, float] = {}
    problems: list[str] = []
    window = launch(app, str(ctx.database_file), settings)

    def figures_shown() -> None:
        times["figures"] = clock.elapsed() / 1000
        window.close()
        app.quit()

    def attached() -> None:
        times["pages"] = clock.elapsed() / 1000
        window.home.figures_shown.connect(figures_shown)

    def watch() -> None:
        # An error box would wait for a click that never comes: report it and stop.
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                problems.append(f"{widget.windowTitle()} : {widget.text()}")
                widget.done(0)
        if clock.elapsed() > WINDOW_TIMEOUT_S * 1000:
            problems.append(f"chiffres clés non affichés au bout de {WINDOW_TIMEOUT_S:.0f} s")
            watchdog.stop()
            app.exit(1)

    window.attached.connect(attached)
    watchdog = QTimer()
    watchdog.timeout.connect(watch)
    watchdog.start(100)
    code = app.exec()
    watchdog.stop()
    # The start-up backup runs in a worker: let it finish before the folder goes.
    QThreadPool.globalInstance().waitForDone()
    for opened in (window.database, *(getattr(o, "database", None) for o in window.keep_alive)):
        if opened is not None:
            opened.dispose()
    if problems or code != 0 or "figures" not in times:
        raise StepError("Fenêtre : " + ("; ".join(problems) or f"code de sortie {code}"))
    backups = sorted((ctx.database_file.parent / "sauvegardes").glob("*"))
    return Outcome(
        f"pages en {seconds(times['pages'])}, chiffres clés en {seconds(times['figures'])} "
        f"(affichage « {app.platformName()} »), {len(backups)} sauvegarde de démarrage"
    )
