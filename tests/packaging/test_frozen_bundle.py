"""The Linux bundle builds, travels as its archive, and passes its own self-test away from the
checkout, without the virtual environment and without any network (issue 8).

One build (about 30 s here) serves every slow test of the module; the bundle is unpacked from
the archive into another folder, so a path that only works where it was built fails here. The
fast tests check the self-test itself, from the sources.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from types import ModuleType
from typing import TypeVar

import pytest

from cites_app import __version__
from cites_app.selftest import feature_availability, run_self_test
from cites_app.selftest.base import Context, Outcome, Step, StepError

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = ROOT / "installer" / "build_linux.py"


Test = TypeVar("Test", bound=Callable[..., None])


def frozen(test: Test) -> Test:
    """A test of the built bundle: slow (about a minute with the build), Linux only."""
    linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="paquet Linux")
    marked: Test = pytest.mark.slow(linux_only(test))
    return marked


# Heavy Qt parts an unused plugin or module would drag in: none may be in the bundle.
UNWANTED = (
    "Qt6WebEngine",
    "Qt6Quick",
    "Qt6Qml",
    "Qt6Pdf",
    "Qt6Network",
    "Qt6Designer",
    "Qt6VirtualKeyboard",
    "QtQml.abi3",
    "QtQuick.abi3",
    "QtNetwork.abi3",
    "libgtk-3",
    "platformthemes/",
    "qmltooling/",
    "sqldrivers/",
    "tkinter",
    "qtbase_de.qm",
)
# 209 MB when this test was written (ICU 38 MB and numpy's OpenBLAS 24 MB are the largest);
# well past this means something unwanted came in.
MAX_BUNDLE_MB = 260


# --- the self-test itself, from the sources ------------------------------------------------------


def test_self_test_from_the_sources_passes_every_step(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "cites_app", "--self-test", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["frozen"] is False
    assert [s["key"] for s in report["steps"]] == [
        "modules", "data", "database", "demo", "indicators", "workbook", "qt", "pdf", "window",
    ]  # fmt: skip
    assert {s["status"] for s in report["steps"]} <= {"ok", "non disponible"}


def _passing(detail: str) -> Step:
    return Step("a", "Première étape", lambda _ctx: Outcome(detail))


def _failing(_ctx: Context) -> Outcome:
    raise StepError("Fichier manquant : /nulle/part/app.qss")


def test_a_failed_step_is_named_its_dependants_not_run_and_the_exit_code_is_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    steps = (
        _passing("tout va bien"),
        Step("b", "Fichiers fournis", _failing),
        Step("c", "Fenêtre principale", lambda _ctx: Outcome("jamais"), ("b",)),
        Step("d", "Classeur", lambda _ctx: Outcome("pas encore", available=False)),
    )
    assert run_self_test(steps=steps) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("[OK] Première étape (") and lines[1].endswith(": tout va bien")
    assert lines[2].endswith(": Fichier manquant : /nulle/part/app.qss")
    assert lines[2].startswith("[ÉCHEC] Fichiers fournis (")
    assert lines[3].startswith("[NON EXÉCUTÉE] Fenêtre principale")
    assert lines[4].startswith("[NON DISPONIBLE] Classeur")
    assert lines[5].startswith("Autotest ÉCHOUÉ en ")
    assert "« Fichiers fournis », « Fenêtre principale »" in lines[5]


def test_a_feature_not_in_this_version_does_not_fail(capsys: pytest.CaptureFixture[str]) -> None:
    steps = (Step("d", "Classeur", lambda _ctx: Outcome("pas encore", available=False)),)
    assert run_self_test(json_output=True, steps=steps) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["steps"][0]["status"] == "non disponible"


def test_an_unexpected_error_fails_with_its_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    def broken(_ctx: Context) -> Outcome:
        raise ImportError("libxcb-cursor.so.0: cannot open shared object file")

    assert run_self_test(json_output=True, steps=(Step("x", "Modules", broken),)) == 1
    step = json.loads(capsys.readouterr().out)["steps"][0]
    assert step["status"] == "échec"
    assert "libxcb-cursor.so.0" in step["detail"]
    assert "Traceback" in step["detail"]


def _bundle_contents() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bundle_contents", ROOT / "installer" / "bundle_contents.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("destination", "kept"),
    [
        # Linux wheel layout
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("PySide6/Qt/lib/libQt6Quick.so.6", False),
        # Windows wheel layout: Qt directly under PySide6/ (this build cannot run here)
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6/plugins/platforms/qdirect2d.dll", False),
        ("PySide6/plugins/iconengines/qsvgicon.dll", True),
        ("PySide6/plugins/styles/qmodernwindowsstyle.dll", False),
        ("PySide6/Qt6Widgets.dll", True),
        ("PySide6/Qt6Network.dll", False),
        ("PySide6/opengl32sw.dll", False),
        ("numpy.libs/libscipy_openblas64_-32a4b2a6.so", True),
    ],
)
def test_bundle_keeps_the_qt_parts_the_app_uses_on_both_systems(
    destination: str, kept: bool
) -> None:
    assert _bundle_contents().keep_binary(destination) is kept


def test_bundle_keeps_only_the_french_qt_translation() -> None:
    contents = _bundle_contents()
    for layout in ("PySide6/Qt/translations", "PySide6/translations"):
        assert contents.keep_data(f"{layout}/qtbase_fr.qm")
        assert not contents.keep_data(f"{layout}/qtbase_de.qm")
        assert not contents.keep_data(f"{layout}/qtdeclarative_fr.qm")
    assert contents.keep_data("cites_app/_bundled/resources/icons/app.svg")


# --- the built bundle ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documented build command, into a private folder (self-test run by the tests)."""
    out = tmp_path_factory.mktemp("construction")
    # A private PyInstaller cache: --clean must not pull it from under a build running beside.
    env = {**os.environ, "PYINSTALLER_CONFIG_DIR": str(out / "cache")}
    done = subprocess.run(
        [
            sys.executable,
            str(BUILD_SCRIPT),
            "--dist",
            str(out / "dist"),
            "--work",
            str(out / "work"),
            "--skip-self-test",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    (built,) = (out / "dist").glob("cites-app-*-linux-*.tar.gz")
    return built


@pytest.fixture(scope="module")
def bundle(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("ailleurs")
    with tarfile.open(archive) as packed:
        packed.extractall(target, filter="data")
    return target / "cites-app"


def clean_environment(home: Path) -> dict[str, str]:
    """A coordinator's session: no virtual environment, no PYTHONPATH, no screen."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "TMPDIR": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }


def run_bundle(
    bundle: Path, home: Path, *args: str, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    home.mkdir(exist_ok=True)
    return subprocess.run(
        [*prefix, str(bundle / "cites-app"), *args],
        cwd=home,
        env=clean_environment(home),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@frozen
def test_archive_is_named_after_the_version_and_holds_the_menu_entry(archive: Path) -> None:
    assert archive.name == f"cites-app-{__version__}-linux-{os.uname().machine}.tar.gz"
    with tarfile.open(archive) as packed:
        names = set(packed.getnames())
    for name in ("cites-app", "cites-app.desktop", "cites-app.svg", "installer.sh"):
        assert f"cites-app/{name}" in names


@frozen
def test_bundle_carries_what_the_app_loads_and_nothing_heavy_it_does_not(bundle: Path) -> None:
    internal = bundle / "_internal"
    bundled = internal / "cites_app" / "_bundled"
    for path in (
        "migrations/env.py",
        "migrations/script.py.mako",
        "resources/calendar/calendrier_scolaire_2023-2027.csv",
        "resources/opendata/ips_colleges_2022-2023_national.csv",
        "resources/icons/app.svg",
        "resources/style/app.qss",
        "docs/indicateurs.md",
        "build-info.json",
    ):
        assert (bundled / path).is_file(), path
    assert list((bundled / "migrations" / "versions").glob("0001_*.py"))
    qt = internal / "PySide6" / "Qt"
    assert (qt / "translations" / "qtbase_fr.qm").is_file()
    for plugin in (
        "platforms/libqxcb.so",
        "platforms/libqoffscreen.so",
        "iconengines/libqsvgicon.so",
    ):
        assert (qt / "plugins" / plugin).is_file(), plugin
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    relative = [p.relative_to(bundle).as_posix() for p in files]
    assert not [r for r in relative if any(u in r for u in UNWANTED)]
    size_mb = sum(p.stat().st_size for p in files) / 2**20
    assert size_mb < MAX_BUNDLE_MB, f"{size_mb:.0f} Mo"


@frozen
def test_self_test_passes_away_from_the_checkout_and_the_venv(bundle: Path, tmp_path: Path) -> None:
    done = run_bundle(bundle, tmp_path / "maison", "--self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"Autotest de cites-app {__version__} (application installée, ")
    for title in (
        "Modules de l'application",
        "Fichiers fournis",
        "Base temporaire et migrations",
        "Territoire de démonstration",
        "Qt : greffons, icônes, traduction",
        "Fenêtre principale",
    ):
        assert any(line.startswith(f"[OK] {title} (") for line in lines), title
    assert lines[-1].startswith("Autotest réussi en ")


@frozen
def test_self_test_needs_no_network_and_runs_every_feature_of_this_version(
    bundle: Path, tmp_path: Path
) -> None:
    # A network namespace of its own: only a loopback that is down, no route anywhere.
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "--net", "true"], check=False).returncode:
        # CI runs as root, where unshare works: there its absence is a failure.
        if os.environ.get("CI"):
            pytest.fail("unshare --net indisponible en CI : le test hors réseau doit tourner")
        pytest.skip("unshare --net indisponible ici : pas d'espace réseau isolé")
    done = run_bundle(
        bundle, tmp_path / "maison", "--self-test", "--json", prefix=(unshare, "--net")
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is True
    assert report["frozen"] is True
    statuses = {step["key"]: step["status"] for step in report["steps"]}
    # What exists in the source must run in full in the bundle: a feature whose module the build
    # lost would otherwise pass as "non disponible".
    for key, available in feature_availability().items():
        assert statuses[key] == ("ok" if available else "non disponible"), key
    assert all(status in ("ok", "non disponible") for status in statuses.values())


@frozen
def test_without_arguments_it_opens_the_window_and_creates_the_demo_on_first_start(
    bundle: Path, tmp_path: Path
) -> None:
    """The double-click path (no argument), which skips the command line to paint sooner."""
    home = tmp_path / "maison"
    home.mkdir()
    database = home / ".local" / "share" / "cites-app" / "cites.sqlite"
    process = subprocess.Popen(
        [str(bundle / "cites-app")],
        cwd=home,
        env=clean_environment(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while (
            process.poll() is None and time.monotonic() < deadline and not _has_territory(database)
        ):
            time.sleep(0.2)
        assert process.poll() is None, process.communicate()[0]
        assert _has_territory(database)
    finally:
        process.terminate()
        process.communicate(timeout=30)


def _has_territory(database: Path) -> bool:
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
            return bool(conn.execute("SELECT count(*) FROM territory").fetchone()[0])
    except sqlite3.Error:
        return False  # not created yet, or the demo's transaction still open


@frozen
def test_bundle_refuses_a_missing_data_file_loudly(bundle: Path, tmp_path: Path) -> None:
    broken = tmp_path / "casse"
    shutil.copytree(bundle, broken, symlinks=True)
    (broken / "_internal" / "cites_app" / "_bundled" / "resources" / "style" / "app.qss").unlink()
    done = run_bundle(broken, tmp_path / "maison", "--self-test")
    assert done.returncode == 1
    assert "[ÉCHEC] Fichiers fournis" in done.stdout
    assert "app.qss" in done.stdout
    assert "Autotest ÉCHOUÉ" in done.stdout
