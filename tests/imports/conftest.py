"""Fixtures of the import tests: a database with a few schools, row counts, the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cites_app.cli.main import main
from cites_app.db.database import Database
from cites_app.models import (
    AuditEntry,
    Establishment,
    EstablishmentIps,
    ImportMapping,
    Pupil,
    Territory,
    TerritoryCommune,
)
from tests.pupil_files.corpus_siecle import UAI_COLLEGE

TODAY = date(2025, 9, 1)
CORPUS = Path(__file__).resolve().parents[1] / "data" / "pupil_files"
OPENDATA = Path(__file__).resolve().parents[1] / "data" / "opendata"

SCHOOLS = {
    UAI_COLLEGE: ("Collège Jean Moulin", "college"),  # the corpus's SIECLE and CSV collège
    "0930288H": ("École élémentaire Édouard Vaillant", "elementaire"),
    "0930616P": ("Collège Romain Rolland", "college"),
}
ECOLE = "0930288H"


@pytest.fixture
def schools(db: Database) -> Database:
    """An empty database holding the three schools of `SCHOOLS` (and a territory: Pantin)."""
    with db.session() as session:
        session.add(
            Territory(
                name="Cité éducative de test",
                communes=[TerritoryCommune(code_insee="93055", name="Pantin")],
            )
        )
        for uai, (name, kind) in SCHOOLS.items():
            session.add(Establishment(uai=uai, name=name, kind=kind, code_insee="93055"))
    return db


def counts(database: Database) -> dict[str, int]:
    """Rows of every table an import or a privacy request may write."""
    tables = {
        "pupil": Pupil,
        "establishment": Establishment,
        "establishment_ips": EstablishmentIps,
        "audit": AuditEntry,
        "import_mapping": ImportMapping,
    }
    with database.read_session() as session:
        return {
            name: session.scalar(select(func.count()).select_from(model)) or 0
            for name, model in tables.items()
        }


def url(database: Database) -> str:
    """The database URL as ``--db`` takes it."""
    return database.url.render_as_string(hide_password=False)


def run_cli(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    """Run ``cites-app argv``; return the exit code and the standard output."""
    code = main(argv)
    return code, capsys.readouterr().out


def run_json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, dict[str, object]]:
    """Run ``cites-app argv --json``; return the exit code and the parsed output."""
    code, out = run_cli(capsys, [*argv, "--json"])
    return code, json.loads(out)
