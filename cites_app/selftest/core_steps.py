"""Steps without Qt: modules, shipped files, database, demo, indicators, workbook."""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path

import cites_app
from cites_app.selftest.base import (
    DEMO_SCHOOL_YEAR,
    DEMO_YEAR,
    FEATURES,
    Context,
    Outcome,
    StepError,
    database_of,
    describe,
    number,
    run_cli,
)

# Modules loaded by name at run time (SQLAlchemy picks its driver from the URL), which a frozen
# build does not find by reading imports: each must be in the bundle.
DYNAMIC_MODULES = (
    "sqlalchemy.dialects.sqlite.pysqlite",
    "sqlalchemy.dialects.postgresql.psycopg",
    "psycopg",
    "python_calamine",
    "lxml.etree",
    "openpyxl",
    "numpy",
    "keyring",
)
# __main__ runs the command line when imported.
_NOT_IMPORTED = {"cites_app.__main__"}
BUILD_INFO = Path(cites_app.__file__).resolve().parent / "_bundled" / "build-info.json"


def check_modules(_ctx: Context) -> Outcome:
    """Import every module of the application and every module loaded by name."""
    names = _application_modules()
    for name in (*names, *DYNAMIC_MODULES):
        _import(name)
    _check_keyring()
    if sys.platform == "win32":
        _check_time_zones()
    import psycopg  # noqa: PLC0415

    # The pure-Python fallback would need libpq installed on the system (never on Windows).
    if psycopg.pq.__impl__ not in ("binary", "c"):
        raise StepError(
            f"Pilote PostgreSQL incomplet : implémentation « {psycopg.pq.__impl__} » au lieu de "
            "« binary » (le module psycopg_binary manque)."
        )
    return Outcome(f"{len(names)} modules de l'application et {len(DYNAMIC_MODULES)} pilotes")


def _application_modules() -> list[str]:
    """The modules of cites_app: those the build recorded, else those found on disk."""
    found = {
        info.name
        for info in pkgutil.walk_packages(cites_app.__path__, "cites_app.", onerror=_walk_error)
    }
    # A frozen build lists what it packed: a module lost on the way is named, not ignored.
    expected = set(_recorded("modules"))
    return sorted((found | expected | {"cites_app"}) - _NOT_IMPORTED)


def _recorded(key: str) -> list[str]:
    """A list the installer build recorded in build-info.json (none when run from Python)."""
    if not BUILD_INFO.is_file():
        return []
    value = json.loads(BUILD_INFO.read_text(encoding="utf-8")).get(key, [])
    return [str(item) for item in value] if isinstance(value, list) else []


def _walk_error(name: str) -> None:
    error = sys.exc_info()[1]
    raise StepError(f"Module « {name} » manquant ou cassé : {describe(error)}") from error


def _import(name: str) -> None:
    try:
        importlib.import_module(name)
    except Exception as exc:
        raise StepError(f"Module « {name} » manquant ou cassé : {describe(exc)}") from exc


def _check_keyring() -> None:
    """The team server's password lives in the OS keyring: its backend must be in the bundle."""
    from importlib.metadata import entry_points  # noqa: PLC0415

    # keyring finds its own backends through its package metadata, which a build can lose.
    declared = {ep.name: ep.value for ep in entry_points(group="keyring.backends")}
    wanted = {"win32": "Windows", "darwin": "macOS"}.get(sys.platform, "SecretService")
    if wanted not in declared:
        raise StepError(
            f"Trousseau du système inutilisable : le module keyring ne déclare pas le "
            f"trousseau « {wanted} » (métadonnées de keyring absentes ?)."
        )
    _import(declared[wanted])
    if sys.platform == "win32":
        from keyring.backends.Windows import WinVaultKeyring  # noqa: PLC0415

        try:
            _ = WinVaultKeyring.priority  # raises when win32ctypes is missing
        except Exception as exc:
            raise StepError(f"Trousseau Windows inutilisable : {describe(exc)}") from exc
    elif sys.platform.startswith("linux"):
        _import("secretstorage")


def _check_time_zones() -> None:
    """Windows has no time-zone database: the tzdata package must travel with the app."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # noqa: PLC0415

    try:
        ZoneInfo("Europe/Paris")
    except ZoneInfoNotFoundError as exc:
        raise StepError(
            f"Fuseau « Europe/Paris » introuvable (module tzdata absent) : {exc}"
        ) from exc


def check_data_files(_ctx: Context) -> Outcome:
    """Find the shipped files the way the application does: migrations, calendar, data, look."""
    from cites_app.opendata import demo as opendata  # noqa: PLC0415
    from cites_app.paths import migrations_dir, resources_dir  # noqa: PLC0415
    from cites_app.school_calendar.official_file import load_default_calendar  # noqa: PLC0415

    migrations = migrations_dir()
    for name in ("env.py", "script.py.mako"):
        _require_file(migrations / name)
    versions = sorted((migrations / "versions").glob("*.py"))
    if not versions:
        raise StepError(f"Aucune migration dans {migrations / 'versions'}.")
    calendar = load_default_calendar()
    # Every extract the code names (IPS_ECOLES_FILE, QPV_BY_COMMUNE_FILE…), not only the demo's.
    extracts = [
        opendata.opendata_file(value)
        for name, value in vars(opendata).items()
        if name.endswith("_FILE") and isinstance(value, str)
    ]
    resources = resources_dir()
    icons = sorted((resources / "icons").glob("*.svg"))
    _require_file(resources / "icons" / "app.svg")
    _require_file(resources / "style" / "app.qss")
    for recorded in _recorded("data"):
        # Everything the build packed beside the code (docs/indicateurs.md for the
        # « Méthodologie » page…), as the wheel does: cites_app/_bundled/…
        if not (Path(cites_app.__file__).resolve().parent.parent / recorded).exists():
            raise StepError(f"Fichier manquant : {recorded}")
    return Outcome(
        f"{len(versions)} migrations, calendrier ({len(calendar.periods)} périodes), "
        f"{len(extracts)} fichiers de données ouvertes, {len(icons)} icônes, feuille de style"
    )


def _require_file(path: Path) -> None:
    if not path.is_file():
        raise StepError(f"Fichier manquant : {path}")


def create_database(ctx: Context) -> Outcome:
    """A new SQLite file brought to head by the migrations, as every new database is made."""
    from cites_app.db.database import Database  # noqa: PLC0415
    from cites_app.db.migrate import (  # noqa: PLC0415
        DatabaseState,
        inspect_database,
        upgrade_database,
    )
    from cites_app.db.url import sqlite_url  # noqa: PLC0415

    url = sqlite_url(ctx.database_file)
    upgrade_database(url, backup=False)
    status = inspect_database(url)
    if status.state is not DatabaseState.CURRENT:
        raise StepError(f"Après les migrations, la base est « {status.state.value} ».")
    ctx.database = Database(url)
    return Outcome(f"SQLite, révision {status.revision}")


def create_demo(ctx: Context) -> Outcome:
    from sqlalchemy import func, select  # noqa: PLC0415

    from cites_app.demo.generator import generate_demo  # noqa: PLC0415
    from cites_app.models import Attendance  # noqa: PLC0415

    database = database_of(ctx)
    summary = generate_demo(database, size="S", seed=1, rentree_year=DEMO_YEAR)
    with database.read_session() as session:
        # The séance with the most presences: the fullest attendance sheet.
        ctx.session_id = session.execute(
            select(Attendance.session_id)
            .group_by(Attendance.session_id)
            .order_by(func.count().desc(), Attendance.session_id)
            .limit(1)
        ).scalar_one()
    return Outcome(
        f"{summary.establishments} établissements, {summary.pupils} élèves, "
        f"{summary.sessions} séances, {summary.attendance} présences"
    )


def compute_indicators(ctx: Context) -> Outcome:
    if not FEATURES["indicators"]():
        from cites_app.indicators.engine import segregation  # noqa: PLC0415

        result = segregation([[30.0, 10.0], [5.0, 25.0]])
        return Outcome(
            "indicateurs du territoire non disponibles dans cette version ; "
            f"moteur vérifié sur un petit tableau (H = {number(result.theil_h)})",
            available=False,
        )
    from cites_app.indicators.territory import territory_indicators  # noqa: PLC0415

    summary = territory_indicators(database_of(ctx), DEMO_SCHOOL_YEAR).territory
    if summary.H_schools is None or summary.H_sessions is None:
        raise StepError("Les indicateurs du territoire de démonstration sont vides.")
    return Outcome(
        f"{summary.participants} participants, H entre écoles {number(summary.H_schools)}, "
        f"H entre séances {number(summary.H_sessions)}, {summary.shuffles} tirages au hasard"
    )


def write_workbook(ctx: Context) -> Outcome:
    out = ctx.workdir / "revue.xlsx"
    if FEATURES["workbook"]():
        run_cli(ctx, "export", "revue", "--year", DEMO_SCHOOL_YEAR, "--out", str(out))
        sheets = _read_workbook(out)
        return Outcome(f"{out.name} : feuilles {', '.join(sheets)}")
    _write_probe_workbook(out)
    _read_workbook(out)
    return Outcome(
        "classeur de la préfecture non disponible dans cette version ; classeur d'essai écrit "
        "(openpyxl + lxml) et relu (calamine)",
        available=False,
    )


def _write_probe_workbook(out: Path) -> None:
    from openpyxl import Workbook  # noqa: PLC0415

    # Write-only mode is the one the exports use, and the one that goes through lxml.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Synthèse")
    sheet.append(["Indicateur", "Valeur"])
    sheet.append(["Élèves bénéficiaires", 907])
    sheet.append(["Établissements concernés", 25])
    workbook.save(out)


def _read_workbook(path: Path) -> list[str]:
    from python_calamine import CalamineWorkbook  # noqa: PLC0415

    if not path.is_file():
        raise StepError(f"Le classeur {path} n'a pas été écrit.")
    workbook = CalamineWorkbook.from_path(str(path))
    rows = workbook.get_sheet_by_index(0).to_python()
    if not rows:
        raise StepError(f"Le classeur {path} est vide.")
    return list(workbook.sheet_names)
