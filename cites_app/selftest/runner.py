"""Running the steps in a temporary folder, and the French (or JSON) report."""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from cites_app import __version__
from cites_app.about import build_date
from cites_app.selftest.base import (
    FAILED,
    NOT_RUN,
    OK,
    UNAVAILABLE,
    Context,
    Step,
    StepError,
    StepResult,
    seconds,
    since,
)
from cites_app.selftest.core_steps import (
    check_data_files,
    check_modules,
    compute_indicators,
    create_database,
    create_demo,
    write_workbook,
)
from cites_app.selftest.qt_steps import show_window, start_qt, write_attendance_pdf

_LABELS = {OK: "OK", UNAVAILABLE: "NON DISPONIBLE", FAILED: "ÉCHEC", NOT_RUN: "NON EXÉCUTÉE"}

STEPS: tuple[Step, ...] = (
    Step("modules", "Modules de l'application", check_modules),
    Step("data", "Fichiers fournis", check_data_files),
    Step("database", "Base temporaire et migrations", create_database),
    Step("demo", "Territoire de démonstration", create_demo, ("database",)),
    Step("indicators", "Indicateurs de mixité", compute_indicators, ("demo",)),
    Step("workbook", "Classeur de la préfecture", write_workbook, ("demo",)),
    Step("qt", "Qt : greffons, icônes, traduction", start_qt),
    Step("pdf", "Feuille d'émargement (PDF)", write_attendance_pdf, ("demo", "qt")),
    Step("window", "Fenêtre principale", show_window, ("demo", "qt")),
)


def run_self_test(json_output: bool = False, steps: tuple[Step, ...] = STEPS) -> int:
    """Run every step in a temporary folder; print a French line per step; 0 if all passed."""
    _safe_console()
    started = time.perf_counter()
    results: list[StepResult] = []
    if not json_output:
        where = "depuis Python"
        if getattr(sys, "frozen", False):
            built = build_date()
            where = (
                f"application installée, construite le {built}"
                if built
                else "application installée"
            )
        print(f"Autotest de cites-app {__version__} ({where})", flush=True)
    with (
        tempfile.TemporaryDirectory(prefix="cites-autotest-", ignore_cleanup_errors=True) as tmp,
        _isolated_environment(Path(tmp)),
    ):
        ctx = Context(workdir=Path(tmp), database_file=Path(tmp) / "base" / "cites.sqlite")
        passed: set[str] = set()
        for step in steps:
            result = _run_step(step, ctx, passed)
            if result.status in (OK, UNAVAILABLE):
                passed.add(step.key)
            results.append(result)
            if not json_output:
                print(_line(result), flush=True)
        if ctx.database is not None:
            ctx.database.dispose()
    total = time.perf_counter() - started
    failures = [r for r in results if r.status in (FAILED, NOT_RUN)]
    if json_output:
        payload = {
            "ok": not failures,
            "version": __version__,
            "frozen": bool(getattr(sys, "frozen", False)),
            "seconds": round(total, 3),
            "steps": [asdict(r) for r in results],
            "qt_messages": ctx.qt_messages,
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2), flush=True)
    else:
        for message in ctx.qt_messages:
            print(f"  Message de Qt : {message}", flush=True)
        if failures:
            names = ", ".join(f"« {r.title} »" for r in failures)
            print(f"Autotest ÉCHOUÉ en {seconds(total)} : {names}.", flush=True)
        else:
            print(f"Autotest réussi en {seconds(total)}.", flush=True)
    return 1 if failures else 0


def _run_step(step: Step, ctx: Context, passed: set[str]) -> StepResult:
    blocked = [need for need in step.needs if need not in passed]
    if blocked:
        return StepResult(
            step.key, step.title, NOT_RUN, 0.0, f"étape « {blocked[0]} » en échec auparavant"
        )
    started = time.perf_counter()
    try:
        outcome = step.run(ctx)
    except StepError as exc:
        return StepResult(step.key, step.title, FAILED, since(started), str(exc))
    except Exception:  # a bug or a missing piece: name it in full, this is a diagnostic tool
        return StepResult(step.key, step.title, FAILED, since(started), _last_error())
    status = OK if outcome.available else UNAVAILABLE
    return StepResult(step.key, step.title, status, since(started), outcome.detail)


@contextmanager
def _isolated_environment(workdir: Path) -> Iterator[None]:
    """The user's data folder and database stay out of reach; no screen means offscreen Qt."""
    changes = {"CITES_APP_DATA_DIR": str(workdir / "donnees"), "CITES_APP_DB": None}
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless and not os.environ.get("QT_QPA_PLATFORM"):
        changes["QT_QPA_PLATFORM"] = "offscreen"
    saved = {name: os.environ.get(name) for name in changes}
    _set_environment(changes)
    try:
        yield
    finally:
        _set_environment(saved)


def _set_environment(values: dict[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def _line(result: StepResult) -> str:
    label = _LABELS[result.status]
    return f"[{label}] {result.title} ({seconds(result.seconds)}) : {result.detail}"


def _last_error() -> str:
    return traceback.format_exc().strip()


def _safe_console() -> None:
    """A Windows console in cp850 cannot print every character: replace, never crash."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
