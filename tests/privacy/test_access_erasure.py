"""Access requests (full export) and erasure requests, through the services and the CLI."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from cites_app.cli.main import main
from cites_app.db.database import Database
from cites_app.models import Attendance, AuditEntry, Establishment, Pupil
from cites_app.privacy import PrivacyError, erase_pupil, export_pupil_data
from tests.privacy.conftest import Scenario


def _url(database: Database) -> str:
    return database.url.render_as_string(hide_password=False)


def _audit(database: Database) -> list[AuditEntry]:
    with database.read_session() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_access_export_holds_identity_authorisations_registrations_and_seances(
    scenario: Scenario, tmp_path: Path
) -> None:
    pupil_id = scenario.pupils["RECENT"]
    path = export_pupil_data(scenario.database, pupil_id, tmp_path / "acces.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["élève"]["nom"] == "RECENT"
    assert data["élève"]["date de naissance"] == "2015-05-17"
    assert data["élève"]["établissement"] == "École Édouard Vaillant"
    assert data["autorisations"] == [
        {
            "autorisation": "Droit à l'image",
            "accordée": True,
            "portée": "usage interne",
            "valable du": None,
            "valable jusqu'au": None,
            "reçue le": data["autorisations"][0]["reçue le"],
            "notes": None,
        }
    ]
    assert data["inscriptions"][0]["activité"] == "Théâtre"
    assert data["inscriptions"][0]["séance"] == "2025-10-05 14:00"
    assert data["présences"] == [
        {
            "séance du": "2025-10-05 14:00",
            "jusqu'à": "2025-10-05 16:00",
            "activité": "Théâtre",
            "action": "Ateliers du mercredi",
            "lieu": "Centre social des Courtillières",
            "présence": "Présent",
            "minutes": None,
        }
    ]
    entry = _audit(scenario.database)[-1]
    assert (entry.action, entry.entity) == ("privacy.export", "pupil")
    assert "RECENT" not in f"{entry.summary} {entry.details}"


def test_access_export_as_a_workbook(scenario: Scenario, tmp_path: Path) -> None:
    path = export_pupil_data(scenario.database, scenario.pupils["ANCIEN"], tmp_path / "a.xlsx")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Élève", "Autorisations", "Inscriptions", "Présences", "Journal"]
    identity = {row[0]: row[1] for row in workbook["Élève"].iter_rows(min_row=2, values_only=True)}
    assert identity["nom"] == "ANCIEN" and identity["ULIS"] is True
    seances = list(workbook["Présences"].iter_rows(values_only=True))
    assert seances[0][:3] == ("séance du", "jusqu'à", "activité")
    assert seances[1][0] == datetime(2025, 3, 10, 14, 0)
    assert seances[1][2] == "Théâtre"
    authorisation = list(workbook["Autorisations"].iter_rows(values_only=True))[1]
    assert "signée par la mère" in authorisation


def test_export_refuses_other_formats_and_unknown_pupils(
    scenario: Scenario, tmp_path: Path
) -> None:
    with pytest.raises(PrivacyError, match=r"\.json ou \.xlsx"):
        export_pupil_data(scenario.database, scenario.pupils["RECENT"], tmp_path / "a.pdf")
    with pytest.raises(PrivacyError, match="Aucun élève n°999"):
        export_pupil_data(scenario.database, 999, tmp_path / "a.json")
    assert _audit(scenario.database) == []


def test_erasure_anonymises_in_place_and_keeps_the_presences(
    scenario: Scenario, tmp_path: Path
) -> None:
    database = scenario.database
    pupil_id = scenario.pupils["RECENT"]
    result = erase_pupil(database, pupil_id)
    assert not result.already
    with database.read_session() as session:
        pupil = session.get(Pupil, pupil_id)
        assert pupil is not None
        assert (pupil.last_name, pupil.first_name) == ("Élève anonymisé", f"n°{pupil_id}")
        assert (pupil.birth_date, pupil.ine, pupil.class_label) == (None, None, None)
        presences = session.scalar(
            select(func.count()).select_from(Attendance).where(Attendance.pupil_id == pupil_id)
        )
        assert presences == 1
    entry = _audit(database)[-1]
    assert entry.action == "privacy.erase"
    assert "RECENT" not in f"{entry.summary} {entry.details}"
    assert erase_pupil(database, pupil_id).already
    assert len(_audit(database)) == 1
    data = json.loads(export_pupil_data(database, pupil_id, tmp_path / "x.json").read_text("utf-8"))
    assert data["élève"]["nom"] == "Élève anonymisé" and data["autorisations"] == []
    assert [e["opération"] for e in data["journal"]] == ["privacy.erase"]
    with pytest.raises(PrivacyError):
        erase_pupil(database, 999)


# -- command line ------------------------------------------------------------------------------


@pytest.fixture
def today_relative(db: Database) -> dict[str, int]:
    """Two pupils whatever today is: one recorded five years ago and idle, one recorded now."""
    now = datetime.now()
    with db.session() as session:
        school = Establishment(uai="0930288H", name="École Édouard Vaillant", kind="elementaire")
        old = Pupil(
            last_name="OUBLIE",
            first_name="Léa",
            establishment=school,
            created_at=now - timedelta(days=5 * 366),
            updated_at=now - timedelta(days=5 * 366),
        )
        new = Pupil(last_name="PRESENT", first_name="Noé", establishment=school)
        session.add_all([old, new])
        session.flush()
        return {"old": old.id, "new": new.id}


def test_cli_retention_lists_then_applies(
    db: Database, today_relative: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["privacy", "retention", "--db", _url(db)]) == 0
    out = capsys.readouterr().out
    assert f"n°{today_relative['old']} OUBLIE Léa — École Édouard Vaillant" in out
    assert "PRESENT" not in out and "ajoutez --apply" in out
    assert main(["privacy", "retention", "--apply", "--json", "--db", _url(db)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["anonymised"] == [today_relative["old"]]
    assert [p["last_name"] for p in result["expired"]] == ["OUBLIE"]
    assert main(["privacy", "retention", "--json", "--db", _url(db)]) == 0
    assert json.loads(capsys.readouterr().out)["expired"] == []


def test_cli_export_and_erase(
    db: Database,
    today_relative: dict[str, int],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pupil_id = today_relative["new"]
    out = tmp_path / "acces.xlsx"
    assert (
        main(["privacy", "export-pupil", str(pupil_id), "--out", str(out), "--db", _url(db)]) == 0
    )
    assert out.exists()
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["privacy", "erase-pupil", str(pupil_id), "--db", _url(db)]) == 1
    assert "confirmez avec --yes" in capsys.readouterr().err
    assert main(["privacy", "erase-pupil", str(pupil_id), "--yes", "--db", _url(db)]) == 0
    assert "effacées" in capsys.readouterr().out
    assert main(["privacy", "erase-pupil", "999", "--yes", "--db", _url(db)]) == 1
    assert "Aucun élève n°999" in capsys.readouterr().err
    actions = [entry.action for entry in _audit(db)]
    assert actions == ["privacy.export", "privacy.erase"]


def test_cli_refuses_a_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "absente.sqlite"
    assert main(["privacy", "retention", "--db", str(missing)]) == 1
    assert "Aucune base de données" in capsys.readouterr().err
    assert not missing.exists()
