#!/usr/bin/env python3
"""Build the Linux bundle of the application, check it, and pack it.

    .venv/bin/python installer/build_linux.py

(after ``python3 dev.py test``, which installs PyInstaller with the development tools). Produces
``dist/cites-app/`` (run ``dist/cites-app/cites-app``) and
``dist/cites-app-<version>-linux-<machine>.tar.gz``, after the bundle's own self-test passed in
an environment that holds neither the virtual environment nor the checkout.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "cites_app.spec"
BUNDLE_NAME = "cites-app"
# Beside the executable in the archive: the menu entry, its icon, the per-user installer.
EXTRAS = {
    HERE / "linux" / "cites-app.desktop": "cites-app.desktop",
    HERE / "linux" / "installer.sh": "installer.sh",
    ROOT / "resources" / "icons" / "app.svg": "cites-app.svg",
}


def log(message: str) -> None:
    print(f"[build_linux] {message}", flush=True)


def version() -> str:
    namespace: dict[str, object] = {}
    exec((ROOT / "cites_app" / "__init__.py").read_text(encoding="utf-8"), namespace)
    return str(namespace["__version__"])


def archive_name() -> str:
    return f"{BUNDLE_NAME}-{version()}-linux-{platform.machine()}.tar.gz"


def clean_environment(home: Path) -> dict[str, str]:
    """What a coordinator's session offers: no virtual environment, no PYTHONPATH, no checkout."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TMPDIR": str(home),
    }
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR", "QT_QPA_PLATFORM"):
        if name in os.environ:
            env[name] = os.environ[name]
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; returns the bundle folder (``dist/cites-app``)."""
    if importlib.util.find_spec("PyInstaller") is None:
        log(
            "PyInstaller manque dans cet environnement : lancez d'abord « python3 dev.py test » "
            "(qui installe requirements/dev.lock), puis « .venv/bin/python installer/build_linux.py »."
        )
        raise SystemExit(2)
    bundle = dist / BUNDLE_NAME
    shutil.rmtree(bundle, ignore_errors=True)
    # The spec imports cites_app from the checkout even when the project is not installed.
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",  # a resource edited in place must not be skipped by PyInstaller's caches
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    log(" ".join(command))
    subprocess.run(command, check=True, cwd=ROOT, env=env)
    for source, name in EXTRAS.items():
        shutil.copy2(source, bundle / name)
    return bundle


def self_test(bundle: Path) -> float:
    """Run ``cites-app --self-test`` from the bundle, away from the checkout; its duration."""
    with tempfile.TemporaryDirectory(prefix="cites-build-home-") as home:
        started = time.perf_counter()
        done = subprocess.run(
            [str(bundle / BUNDLE_NAME), "--self-test"],
            cwd=home,
            env=clean_environment(Path(home)),
            check=False,
        )
        elapsed = time.perf_counter() - started
    if done.returncode != 0:
        log(f"L'autotest du paquet a échoué (code {done.returncode}) : paquet non archivé.")
        raise SystemExit(1)
    return elapsed


def start_time(bundle: Path, runs: int = 3) -> float:
    """Median wall time of ``cites-app --version``: the executable, Python and the CLI loaded."""
    times = []
    with tempfile.TemporaryDirectory(prefix="cites-build-home-") as home:
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(
                [str(bundle / BUNDLE_NAME), "--version"],
                cwd=home,
                env=clean_environment(Path(home)),
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def pack(bundle: Path, out: Path) -> Path:
    """A tar.gz whose single top folder is the bundle (symbolic links kept as links)."""
    with tarfile.open(out, "w:gz", compresslevel=6) as archive:
        archive.add(bundle, arcname=BUNDLE_NAME)
    return out


def folder_size(folder: Path) -> int:
    """Bytes of the files under ``folder``, links not followed (what ``du`` reports)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--dist", type=Path, default=ROOT / "dist", help="dossier de sortie (défaut : dist/)"
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / "build" / "pyinstaller",
        help="dossier de travail de PyInstaller",
    )
    parser.add_argument(
        "--skip-self-test", action="store_true", help="ne pas lancer l'autotest du paquet"
    )
    parser.add_argument(
        "--no-archive", action="store_true", help="ne pas produire l'archive .tar.gz"
    )
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        log("Ce script construit le paquet Linux ; pour Windows, suivez installer/README.md.")
        return 2
    dist: Path = args.dist.resolve()
    started = time.perf_counter()
    bundle = build(dist, args.work.resolve())
    log(f"Paquet construit en {time.perf_counter() - started:.0f} s : {bundle}")
    if not args.skip_self_test:
        log(f"Autotest réussi en {self_test(bundle):.1f} s (processus compris).")
    log(
        f"Taille : {folder_size(bundle) / 2**20:.0f} Mo ; « cites-app --version » en {start_time(bundle):.2f} s."
    )
    if not args.no_archive:
        archive = pack(bundle, dist / archive_name())
        log(f"Archive : {archive} ({archive.stat().st_size / 2**20:.0f} Mo)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
