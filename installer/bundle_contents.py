"""What the frozen application carries, and what it leaves out (used by cites_app.spec).

PyInstaller's Qt hooks collect every plugin of a kind (all image formats, every platform,
the virtual keyboard…) and, through their dependencies, Qt libraries the app never loads
(QtQuick, QtQml, QtPdf, QtNetwork). The app draws its own widgets with QtWidgets, SVG icons and
Qt's PDF writer: this module keeps exactly the plugins and translations that needs. The frozen
self-test (``cites-app --self-test``) loads each plugin kept here, so a library dropped by
mistake fails the build's test instead of a coordinator's start-up.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath
from typing import TypeAlias

# (destination in the bundle, source on disk, kind): the shape of PyInstaller's TOC entries.
TocEntry: TypeAlias = tuple[str, str, str]

# Plugins kept, by folder: file names without "lib" and extension (libqsvg.so, qsvg.dll → qsvg).
KEPT_PLUGINS: dict[str, frozenset[str]] = {
    # Desktops: X11 (xcb) and Wayland on Linux, Windows; offscreen for the headless self-test.
    "platforms": frozenset({"qxcb", "qwayland", "qoffscreen", "qwindows"}),
    # xcb loads one of these for any OpenGL use Qt makes internally; tiny.
    "xcbglintegrations": frozenset({"qxcb-glx-integration", "qxcb-egl-integration"}),
    # Wayland needs a shell protocol, window decorations and a buffer integration.
    "wayland-shell-integration": frozenset({"xdg-shell"}),
    "wayland-decoration-client": frozenset({"bradient", "adwaita"}),
    "wayland-graphics-integration-client": frozenset(
        {"qt-plugin-wayland-egl", "shm-emulation-server"}
    ),
    # Dead keys and the compose key (ê, ç, œ on a French keyboard) go through these on Linux.
    "platforminputcontexts": frozenset(
        {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}
    ),
    # The icons are SVG files; PNG and the rest the app needs are built into QtGui.
    "imageformats": frozenset({"qsvg"}),
    "iconengines": frozenset({"qsvgicon"}),
    # Only if the app prints through QtPrintSupport (then its hook brings the CUPS plugin).
    "printsupport": frozenset({"cupsprintersupport", "windowsprintersupport"}),
}

# Qt's own strings ("Annuler", "Oui"…) in French only: the whole UI is French.
KEPT_TRANSLATIONS = frozenset({"qtbase_fr.qm"})

# Python modules the app never imports but that PyInstaller would follow through optional
# imports of its dependencies (numpy's test helpers, SQLAlchemy's async drivers, Tk…).
EXCLUDED_MODULES = [
    "tkinter",
    "_tkinter",
    "unittest",
    "pydoc",
    "doctest",
    "lib2to3",
    "IPython",
    "matplotlib",
    "PIL",
    "setuptools",
    "pkg_resources",
    "distutils",
    "numpy.f2py",
    "numpy.distutils",
    "numpy.testing",
    "numpy.conftest",
    "sqlalchemy.testing",
    "alembic.testing",
    "greenlet",
    "psycopg2",
    "pysqlite2",
    "MySQLdb",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickTest",
    "PySide6.QtDesigner",
    "PySide6.QtUiTools",
    "PySide6.QtHelp",
    "PySide6.QtNetwork",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    "PySide6.QtLabsStyleKit",
    "PySide6.QtQmlFeatures",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtCharts",
    "PySide6.QtMultimedia",
    "PySide6.Qt3DCore",
]

# Sub-packages dropped after the analysis rather than excluded: their hooks list them by name,
# and an exclusion would print a warning for each (openpyxl only needs lxml.etree).
DROPPED_PACKAGES = ("lxml.html", "lxml.objectify", "lxml.isoschematron")

# Windows: Qt's software OpenGL (20 MB) serves QtQuick and OpenGL widgets, which the app has not.
_EXCLUDED_WINDOWS_LIBRARIES = frozenset({"opengl32sw.dll"})

# Qt libraries only reachable from plugins or modules left out above (QtQuick through the
# virtual keyboard, QtPdf through the PDF image format, QtNetwork through TUIO touch…).
_EXCLUDED_QT_LIBRARY = re.compile(
    r"Qt6(Quick|Qml|Pdf|VirtualKeyboard|Network|Designer|Help|Sql|Test|Xml|"
    r"OpenGLWidgets|LabsStyleKit|WaylandCompositor|WebEngine|Multimedia|3D|Charts|"
    r"EglFSDeviceIntegration|EglFsKmsSupport|EglFsKmsGbmSupport)",
)
# PySide6 wheels keep Qt under PySide6/Qt/ on Linux and macOS, directly under PySide6/ on Windows.
_PLUGIN_FOLDER = re.compile(r"(?:^|/)PySide6/(?:Qt/)?plugins/([^/]+)/([^/]+)$")
_TRANSLATION = re.compile(r"(?:^|/)PySide6/(?:Qt/)?translations/([^/]+)$")


def plugin_name(file_name: str) -> str:
    """``libqsvgicon.so`` and ``qsvgicon.dll`` → ``qsvgicon``."""
    return file_name.split(".", maxsplit=1)[0].removeprefix("lib")


def keep_binary(destination: str) -> bool:
    """Whether a shared library or plugin belongs in the bundle."""
    path = PurePath(destination).as_posix()
    plugin = _PLUGIN_FOLDER.search(path)
    if plugin is not None:
        folder, file_name = plugin.groups()
        return plugin_name(file_name) in KEPT_PLUGINS.get(folder, frozenset())
    name = PurePath(path).name
    return _EXCLUDED_QT_LIBRARY.search(name) is None and name not in _EXCLUDED_WINDOWS_LIBRARIES


def keep_data(destination: str) -> bool:
    """Whether a data file belongs in the bundle (Qt translations: French only)."""
    path = PurePath(destination).as_posix()
    translation = _TRANSLATION.search(path)
    if translation is not None:
        return translation.group(1) in KEPT_TRANSLATIONS
    return keep_binary(path)


def filter_binaries(entries: Iterable[TocEntry]) -> list[TocEntry]:
    return [entry for entry in entries if keep_binary(entry[0])]


def filter_datas(entries: Iterable[TocEntry]) -> list[TocEntry]:
    return [entry for entry in entries if keep_data(entry[0])]


def prune_unreachable(
    entries: Iterable[TocEntry], imports: Callable[[str], Iterable[str]]
) -> list[TocEntry]:
    """Drop shared libraries that nothing kept links to (Linux).

    PyInstaller resolves the dependencies of every plugin before :func:`filter_binaries` drops
    the plugins: the GTK theme plugin alone drags in GTK, Cairo, Pango and GLib from the build
    machine. Starting from what the app loads itself (Python extensions, the kept plugins, the
    Python library), keep the libraries reachable through ``imports(source) → linked file
    names``; the rest were only there for what was left out.
    """
    entries = list(entries)

    def is_candidate(entry: TocEntry) -> bool:
        destination, _source, kind = entry
        name = PurePath(destination).name
        return (
            kind == "BINARY"
            and ".so" in name
            and _PLUGIN_FOLDER.search(PurePath(destination).as_posix()) is None
            and not name.startswith("libpython")
        )

    by_name = {PurePath(e[0]).name: e for e in entries if is_candidate(e)}
    reached: set[str] = set()
    pending = [e[1] for e in entries if not is_candidate(e) and e[2] in ("BINARY", "EXTENSION")]
    seen_sources: set[str] = set()
    while pending:
        source = pending.pop()
        if source in seen_sources:
            continue
        seen_sources.add(source)
        for linked in imports(source):
            name = PurePath(linked).name
            if name in by_name and name not in reached:
                reached.add(name)
                pending.append(by_name[name][1])
    return [e for e in entries if not is_candidate(e) or PurePath(e[0]).name in reached]


def strip_python_debug_info(
    entries: Iterable[TocEntry], python: Path, work: Path
) -> list[TocEntry]:
    """Entries whose source lies under ``python`` replaced by copies without debugging sections.

    ``strip --strip-debug`` keeps every symbol the loader needs; without a ``strip`` program
    the entries are returned unchanged (the bundle is only bigger).
    """
    entries = list(entries)
    strip = shutil.which("strip")
    if strip is None:
        return entries
    result: list[TocEntry] = []
    for destination, source, kind in entries:
        origin = Path(source).resolve()
        if kind in ("BINARY", "EXTENSION") and origin.is_relative_to(python.resolve()):
            copy = work / destination
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, copy)
            subprocess.run([strip, "--strip-debug", str(copy)], check=True)
            result.append((destination, str(copy), kind))
        else:
            result.append((destination, source, kind))
    return result


def drop_packages(
    entries: Iterable[TocEntry], packages: Iterable[str] = DROPPED_PACKAGES
) -> list[TocEntry]:
    """Entries that belong to none of ``packages`` (modules, extensions and data files alike)."""
    prefixes = tuple(packages)

    def module_of(destination: str, kind: str) -> str:
        if kind == "PYMODULE":
            return destination  # already a dotted name
        # lxml/objectify.cpython-311-x86_64-linux-gnu.so → lxml.objectify
        path = PurePath(destination)
        return ".".join([*path.parent.parts, path.name.split(".", maxsplit=1)[0]])

    def dropped(entry: TocEntry) -> bool:
        module = module_of(entry[0], entry[2])
        return any(module == p or module.startswith(f"{p}.") for p in prefixes)

    return [entry for entry in entries if not dropped(entry)]
