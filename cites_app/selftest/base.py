"""What the self-test's steps share: results, context, errors, the feature checks, helpers."""

from __future__ import annotations

import importlib
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from cites_app.db.database import Database

OK = "ok"
UNAVAILABLE = "non disponible"
FAILED = "échec"
NOT_RUN = "non exécutée"

DEMO_YEAR = 2025  # fixed: the same territory whatever the date of the test
DEMO_SCHOOL_YEAR = "2025-2026"
COMMAND_TIMEOUT_S = 180.0


class StepError(Exception):
    """A step failed; the message (French) says what is missing or wrong."""


@dataclass(frozen=True)
class Outcome:
    detail: str
    available: bool = True  # False: the feature is not in this version (does not fail)


@dataclass
class StepResult:
    key: str
    title: str
    status: str
    seconds: float
    detail: str


@dataclass
class Context:
    """What the steps hand on to each other, all inside one temporary folder."""

    workdir: Path
    database_file: Path
    database: Database | None = None
    app: QApplication | None = None
    session_id: int | None = None
    qt_messages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    run: Callable[[Context], Outcome]
    needs: tuple[str, ...] = ()


# Steps whose feature may not exist yet in this version. A feature lands as a command (the same
# one IT staff script), which the step then runs in its own process: `cites-app export revue`
# and `cites-app attendance-sheet` as issues 7 and 5 define them.
FEATURES: dict[str, Callable[[], bool]] = {
    "indicators": lambda: module_exists("cites_app.indicators.territory"),
    "workbook": lambda: cli_has("export", "revue"),
    "pdf": lambda: cli_has("attendance-sheet"),
}


def feature_availability() -> dict[str, bool]:
    """Which optional steps this version can run in full (the others say « non disponible »)."""
    return {key: available() for key, available in FEATURES.items()}


def cli_has(*words: str) -> bool:
    """Whether ``cites-app <words…>`` exists in this version (features land as commands)."""
    import argparse  # noqa: PLC0415

    from cites_app.cli.main import build_parser  # noqa: PLC0415

    parser = build_parser()
    for word in words:
        choices = [
            action.choices
            for action in parser._actions
            if isinstance(action, argparse._SubParsersAction)
        ]
        if not choices or word not in choices[0]:
            return False
        parser = choices[0][word]
    return True


def module_exists(name: str) -> bool:
    """Whether the module ``name`` is in this version; a broken one raises (never "absent")."""
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and (name == exc.name or name.startswith(f"{exc.name}.")):
            return False  # the feature itself (or its package) is absent
        raise  # the feature is there but one of its own imports is missing: fail loudly
    return True


def run_cli(ctx: Context, *args: str) -> None:
    """``cites-app <args> --db <demo>`` in its own process, as a script of the IT staff would."""
    if getattr(sys, "frozen", False):
        command = [sys.executable]
        console = Path(sys.executable).with_name("cites-app-console.exe")
        if console.is_file():  # the windowed Windows executable has no output to read
            command = [str(console)]
    else:
        command = [sys.executable, "-m", "cites_app"]
    command += [*args, "--db", str(ctx.database_file)]
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=COMMAND_TIMEOUT_S,
        check=False,
        creationflags=flags,
    )
    if done.returncode != 0:
        raise StepError(
            f"« cites-app {' '.join(args)} » a échoué (code {done.returncode}) : "
            f"{(done.stderr or done.stdout).strip()[-2000:]}"
        )


def database_of(ctx: Context) -> Database:
    assert ctx.database is not None  # the "database" step made it
    return ctx.database


def describe(error: BaseException | None) -> str:
    """The error and its causes, one line each: enough to name the missing file or library."""
    parts: list[str] = []
    while error is not None and len(parts) < 4:
        first_line = (str(error).strip().splitlines() or [""])[0]
        parts.append(f"{type(error).__name__}: {first_line}")
        error = error.__cause__ or error.__context__
    return " ; cause : ".join(parts)


def seconds(value: float) -> str:
    return f"{value:.2f} s".replace(".", ",")


def number(value: float) -> str:
    return f"{value:.3f}".replace(".", ",")


def since(started: float) -> float:
    return round(time.perf_counter() - started, 3)
