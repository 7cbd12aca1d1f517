"""``cites-app attendance-sheet`` and ``cites-app attendance import | missing | hours``."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from cites_app.attendance import PRESENT, RollCallService
from cites_app.cli.main import main
from cites_app.db.database import Database
from cites_app.models import Attendance
from tests.attendance.conftest import DATA, World, clock
from tests.attendance.make_attendance_file import MAIN


def _db_arg(database: Database) -> str:
    return database.url.render_as_string(hide_password=False)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_attendance_sheet_of_a_session_day_and_week(
    qapp: QApplication, world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db_arg(world.database)
    out = tmp_path / "seance.pdf"
    code, text, _err = _run(
        capsys,
        "attendance-sheet",
        "--session",
        str(world.seances["today"]),
        "--out",
        str(out),
        "--db",
        db,
    )
    assert code == 0
    assert text.strip() == (
        f"Feuille d'émargement écrite dans {out} : 1 page, 1 séance, 6 élèves inscrits."
    )
    assert "Dupont" in PdfReader(out).pages[0].extract_text()
    code, text, _err = _run(
        capsys,
        "attendance-sheet",
        "--week",
        "2026-01-08",
        "--out",
        str(tmp_path / "s.pdf"),
        "--db",
        db,
        "--json",
    )
    assert code == 0
    assert json.loads(text) == {
        "path": str(tmp_path / "s.pdf"),
        "pages": 1,
        "sessions": [world.seances["today"]],
        "pupils": 6,
    }
    code, _text, err = _run(
        capsys,
        "attendance-sheet",
        "--day",
        "2026-01-10",
        "--out",
        str(tmp_path / "x.pdf"),
        "--db",
        db,
    )
    assert code == 1
    assert "Aucune séance (non annulée) le samedi 10 janvier 2026" in err
    assert not (tmp_path / "x.pdf").exists()
    code, _text, err = _run(
        capsys,
        "attendance-sheet",
        "--session",
        "999999",
        "--out",
        str(tmp_path / "y.pdf"),
        "--db",
        db,
    )
    assert code == 1 and "Séance n° 999999 introuvable" in err


def test_import_command(
    official_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _db_arg(official_db)
    code, text, _err = _run(
        capsys, "attendance", "import", str(DATA / MAIN), "--dry-run", "--db", db
    )
    assert code == 0 and text.startswith("Simulation (rien n'a été écrit) : 408 présences créées")
    code, text, _err = _run(capsys, "attendance", "import", str(DATA / MAIN), "--db", db, "--json")
    assert code == 0
    result = json.loads(text)
    assert {k: result[k] for k in ("created", "updated", "unchanged", "rejected")} == {
        "created": 408,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
    assert result["imported"] is True and result["errors"] == []
    code, text, _err = _run(capsys, "attendance", "import", str(DATA / MAIN), "--db", db)
    assert code == 0 and text.startswith("Import terminé : 0 présence créée, 0 modifiée, 408 déjà")
    code, _text, err = _run(
        capsys, "attendance", "import", str(DATA / "presences_nom_manquant.xlsx"), "--db", db
    )
    assert code == 1
    assert (
        "presences_nom_manquant.xlsx, ligne 104, colonne « Nom » : Nom de l'élève manquant" in err
    )
    code, text, _err = _run(
        capsys,
        "attendance",
        "import",
        str(DATA / "presences_date_invalide.xlsx"),
        "--db",
        db,
        "--json",
    )
    assert code == 1
    refused = json.loads(text)
    assert refused["imported"] is False and "ligne 14" in refused["errors"][0]
    with official_db.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Attendance)) == 408
    code, _text, err = _run(
        capsys, "attendance", "import", str(tmp_path / "absent.xlsx"), "--db", db
    )
    assert code == 1 and "Fichier introuvable" in err


def test_missing_and_hours_commands(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    db = _db_arg(world.database)
    RollCallService(world.database, clock).mark(
        world.seances["today"], world.pupils["lina"], PRESENT
    )
    code, text, _err = _run(capsys, "attendance", "missing", "--db", db, "--json")
    assert code == 0
    # The command uses the real clock: « next week » (14 January 2026) is past by now too.
    late = [world.seances["last_week"]]
    if datetime.now() > datetime(2026, 1, 14, 16, 30):
        late.append(world.seances["next_week"])
    assert [item["session_id"] for item in json.loads(text)] == late
    code, text, _err = _run(capsys, "attendance", "missing", "--db", db)
    assert f"{len(late)} séance" in text and "mercredi 17 décembre 2025, 14h00–16h30" in text
    code, text, _err = _run(capsys, "attendance", "hours", "--by", "pupil", "--db", db, "--json")
    assert code == 0
    hours = json.loads(text)
    assert [(r["label"], r["minutes"]) for r in hours["rows"]] == [("Dupont Lina", 150)]
    assert hours["total_hours"] == 2.5
    code, text, _err = _run(capsys, "attendance", "hours", "--by", "activity", "--db", db)
    assert "Atelier théâtre" in text and "2,5\u00a0h" in text
    code, _text, err = _run(capsys, "attendance", "hours", "--year", "2025", "--db", db)
    assert code == 1 and "Année scolaire invalide" in err
    code, text, _err = _run(capsys, "attendance", "hours", "--year", "2024-2025", "--db", db)
    assert text.strip() == "Aucune présence enregistrée en 2024-2025."
