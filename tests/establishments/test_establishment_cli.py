"""``cites-app establishments search | add``: the official data from the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cites_app.cli.main import main
from cites_app.db.database import Database
from cites_app.models import AuditEntry, Establishment, EstablishmentIps
from tests.imports.conftest import run_cli, run_json, url
from tests.registers.sample import Sample

ROLLAND = "0930616P"


def _count(database: Database, model: type[Establishment | EstablishmentIps | AuditEntry]) -> int:
    with database.read_session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _failing(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    """Run ``cites-app argv``; return the exit code and what it said on standard error."""
    code = main(argv)
    return code, capsys.readouterr().err


def test_search_lists_uai_name_commune_and_ips(
    capsys: pytest.CaptureFixture[str], db: Database, sample: Sample
) -> None:
    code, out = run_cli(capsys, ["establishments", "search", "romain", "rolland", "--db", url(db)])
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        "0930616P  Collège Romain Rolland — Clichy-sous-Bois — IPS 73,4 (2022-2023) — "
        "hors territoire"
    )
    assert len(lines) == 8
    code, found = run_json(capsys, ["establishments", "search", "0930616", "--db", url(db)])
    assert code == 0
    assert found == [  # type: ignore[comparison-overlap]
        {
            "uai": ROLLAND,
            "name": "Collège Romain Rolland",
            "kind": "college",
            "commune": "Clichy-sous-Bois",
            "ips": 73.4,
            "ips_rentree": "2022-2023",
            "stored_id": None,
            "in_territory": False,
        }
    ]


def test_search_without_a_database_still_answers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = str(tmp_path / "absente.sqlite")
    code, out = run_cli(capsys, ["establishments", "search", "zzz introuvable", "--db", missing])
    assert (code, out) == (
        0,
        "Aucun établissement des données officielles ne correspond à « zzz introuvable ».\n",
    )
    assert not Path(missing).exists()


def test_add_asks_how_to_add_a_school_outside_the_territory(
    capsys: pytest.CaptureFixture[str], db: Database, sample: Sample
) -> None:
    before = _count(db, Establishment)
    code, err = _failing(capsys, ["establishments", "add", "0930616p", "--db", url(db)])
    assert code == 1
    assert "hors des communes du territoire (Grigny, Viry-Châtillon)" in err
    assert _count(db, Establishment) == before
    code, out = run_cli(
        capsys, ["establishments", "add", "0930616p", "--hors-territoire", "--db", url(db)]
    )
    assert (code, out) == (
        0,
        "Établissement ajouté (hors territoire) : "
        "0930616P — Collège Romain Rolland (Clichy-sous-Bois).\n",
    )
    with db.read_session() as session:
        stored = session.scalars(select(Establishment).where(Establishment.uai == ROLLAND)).one()
        assert (stored.in_territory, stored.kind) == (False, "college")
        assert [(i.rentree, i.ips) for i in stored.ips_history] == [("2022-2023", 73.4)]
    code, again = run_json(capsys, ["establishments", "add", ROLLAND, "--db", url(db)])
    assert (code, again["added"], again["stored_id"]) == (0, False, stored.id)
    assert _count(db, Establishment) == before + 1


def test_add_refuses_unknown_and_invalid_uais_in_french(
    capsys: pytest.CaptureFixture[str], db: Database
) -> None:
    code, err = _failing(capsys, ["establishments", "add", "0939999N", "--db", url(db)])
    assert code == 1
    assert "UAI 0939999N absent des données officielles" in err
    assert "ajoutez l'établissement depuis le fichier de l'annuaire de son département" in err
    code, err = _failing(capsys, ["establishments", "add", "0930616A", "--db", url(db)])
    assert code == 1
    assert "la lettre de contrôle devrait être « P »" in err
    assert _count(db, Establishment) == 0
    assert _count(db, AuditEntry) == 0


def test_add_without_a_territory_adds_inside_with_its_audit_entry(
    capsys: pytest.CaptureFixture[str], db: Database
) -> None:
    code, added = run_json(capsys, ["establishments", "add", ROLLAND, "--db", url(db)])
    assert (code, added["added"], added["in_territory"]) == (0, True, True)
    assert (_count(db, Establishment), _count(db, EstablishmentIps), _count(db, AuditEntry)) == (
        1,
        1,
        1,
    )


def test_output_cut_short_by_a_closed_pipe_is_not_a_crash(db_file: Path) -> None:
    """« cites-app … --json | head »: no traceback, and the exit code a shell gives SIGPIPE."""
    command = [sys.executable, "-m", "cites_app.cli.main", "establishments", "search", "e"]
    command += ["--limit", "3000", "--json", "--db", str(db_file)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.read(100).startswith(b"[")  # 175 kB in all: more than a pipe holds
        process.stdout.close()
        errors = process.stderr.read().decode()
        assert process.wait(timeout=60) == 141
    assert "Traceback" not in errors
    assert "BrokenPipeError" not in errors
