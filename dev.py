#!/usr/bin/env python3
"""Set up and run the project from a fresh checkout, with nothing but Python and pip.

    python3 dev.py app      # install what the app needs, then open the window
    python3 dev.py test     # install the development tools, then run linters and the test suite

Each command creates ``.venv`` if needed, installs the locked dependencies (requirements/*.lock,
hash-checked) and the project itself, and — on Linux, when run as root with apt-get — the system
libraries Qt needs. Reinstallation is skipped while the lock file has not changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
IS_WINDOWS = os.name == "nt"
BIN = VENV / ("Scripts" if IS_WINDOWS else "bin")
PYTHON = BIN / ("python.exe" if IS_WINDOWS else "python")

# Shared libraries the Qt xcb and offscreen platforms load, and the Debian packages providing them.
QT_SYSTEM_LIBRARIES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
}


def log(message: str) -> None:
    print(f"[dev.py] {message}", flush=True)


def run(command: list[str | Path], **kwargs: object) -> None:
    log(" ".join(str(part) for part in command))
    subprocess.run([str(part) for part in command], check=True, **kwargs)  # type: ignore[call-overload]


def ensure_venv(lock: str) -> None:
    if not PYTHON.exists():
        log(f"Création de l'environnement virtuel {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    lock_file = ROOT / "requirements" / lock
    digest = hashlib.sha256(
        lock_file.read_bytes() + (ROOT / "pyproject.toml").read_bytes()
    ).hexdigest()[:16]
    stamp = VENV / f".installed-{lock}-{digest}"
    if stamp.exists():
        return
    pip: list[str | Path] = [PYTHON, "-m", "pip", "--disable-pip-version-check"]
    run([*pip, "install", "--quiet", "--require-hashes", "-r", lock_file])
    run([*pip, "install", "--quiet", "--no-deps", "--editable", ROOT])
    for old in VENV.glob(f".installed-{lock}-*"):
        old.unlink()
    stamp.touch()


def missing_qt_libraries() -> list[str]:
    if not sys.platform.startswith("linux"):
        return []
    try:
        listing = subprocess.run(
            ["ldconfig", "-p"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    return sorted({pkg for lib, pkg in QT_SYSTEM_LIBRARIES.items() if lib not in listing})


def can_apt_install() -> bool:
    return (
        sys.platform.startswith("linux")
        and hasattr(os, "geteuid")
        and os.geteuid() == 0
        and shutil.which("apt-get") is not None
    )


def apt_install(packages: list[str]) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update", "-qq"], env=env)
    run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages], env=env)


def ensure_qt_libraries() -> None:
    missing = missing_qt_libraries()
    if not missing:
        return
    if can_apt_install():
        apt_install(missing)
    else:
        log(
            "Bibliothèques système manquantes pour Qt : "
            + " ".join(missing)
            + " (installez-les avec le gestionnaire de paquets du système)."
        )


def command_app(args: list[str]) -> int:
    ensure_venv("app.lock")
    ensure_qt_libraries()
    cites_app = BIN / ("cites-app.exe" if IS_WINDOWS else "cites-app")
    command: list[str | Path] = [cites_app, *args]
    headless = (
        sys.platform.startswith("linux")
        and not args
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    )
    if headless:
        # No screen (a server, CI): show the window on a virtual X server instead of failing.
        if shutil.which("xvfb-run") is None and can_apt_install():
            apt_install(["xvfb", "xauth"])
        if shutil.which("xvfb-run") is not None:
            log("Aucun écran détecté : la fenêtre s'ouvre sur un écran virtuel (Xvfb).")
            command = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", *command]
    log("Ouverture de l'application…")
    return subprocess.run([str(part) for part in command], check=False).returncode


# Tools some tests drive: LibreOffice prints the prefecture workbook to PDF (with Carlito, the
# metric twin of Calibri), poppler turns PDFs into images for visual checks.
TEST_TOOLS = {"soffice": "libreoffice-calc-nogui", "pdftoppm": "poppler-utils"}
CARLITO = Path("/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf")


def ensure_test_tools() -> None:
    missing = [package for binary, package in TEST_TOOLS.items() if shutil.which(binary) is None]
    if sys.platform.startswith("linux") and not CARLITO.exists():
        missing.append("fonts-crosextra-carlito")
    if not missing:
        return
    if can_apt_install():
        apt_install(missing)
    else:
        log(
            "Outils de test absents (" + " ".join(missing) + ") : les tests qui en ont besoin "
            "échoueront en CI et seront ignorés ailleurs."
        )


def start_test_postgres() -> tuple[object | None, str | None]:
    """A private PostgreSQL for the database tests; (None, reason) when impossible here."""
    if os.environ.get("CITES_TEST_PG_URL"):
        return None, None  # the caller provides a server
    sys.path.insert(0, str(ROOT))
    import pgtest  # noqa: PLC0415 - a sibling file, importable once ROOT is on the path

    if not pgtest.binaries_present() and can_apt_install():
        apt_install(["postgresql"])
    try:
        server = pgtest.TestServer()
        os.environ["CITES_TEST_PG_URL"] = server.start()
    except pgtest.PostgresUnavailableError as exc:
        return None, str(exc)
    log(f"PostgreSQL de test démarré : {os.environ['CITES_TEST_PG_URL']}")
    return server, None


def command_test(args: list[str]) -> int:
    ensure_venv("dev.lock")
    ensure_qt_libraries()
    ensure_test_tools()
    server, problem = start_test_postgres()
    if problem:
        if os.environ.get("CI"):
            log(f"PostgreSQL indispensable en CI, mais indisponible : {problem}")
            return 1
        log(f"PostgreSQL indisponible ({problem}) : tests sur SQLite seulement.")
    try:
        return run_checks(args)
    finally:
        if server is not None:
            server.stop()  # type: ignore[attr-defined]


def run_checks(args: list[str]) -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    steps: list[list[str | Path]] = [
        [BIN / "ruff", "check", "."],
        [BIN / "ruff", "format", "--check", "."],
        [BIN / "mypy"],
    ]
    for step in steps:
        log(" ".join(str(part) for part in step))
        if subprocess.run([str(p) for p in step], cwd=ROOT, env=env, check=False).returncode:
            log("Échec de la vérification ci-dessus.")
            return 1
    pytest: list[str | Path] = [PYTHON, "-m", "pytest", *args]
    log(" ".join(str(part) for part in pytest))
    return subprocess.run([str(p) for p in pytest], cwd=ROOT, env=env, check=False).returncode


def main(argv: list[str]) -> int:
    commands = {"app": command_app, "test": command_test}
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    return commands[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
