"""``cites-app indicators counts`` and ``cites-app indicators territory``, end to end."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from cites_app.cli.main import main
from cites_app.db.database import Database
from cites_app.indicators.territory import territory_indicators
from tests.indicators.test_territory import build_territory


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _url(database: Database) -> str:
    return database.url.render_as_string(hide_password=False)


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "seances.csv"
    # Table S1 = (A 3, B 1), S2 = (A 1, B 1); séance S1 in sector N, S2 in sector S.
    path.write_text("seance;ecole;secteur\nS1;A;N\nS1;A;N\nS1;A;N\nS1;B;N\nS2;A;S\nS2;B;S\n")
    return path


def test_counts_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        capsys, "indicators", "counts", str(_csv(tmp_path)), "--unit", "seance",
        "--group", "ecole", "--by", "secteur", "--json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    report = json.loads(out)
    # p_g = (4/6, 2/6); L_S1 = ¾ ln(¾ / ⅔) + ¼ ln(¼ / ⅓); L_S2 = ½ ln(½ / ⅔) + ½ ln(½ / ⅓).
    l1 = 0.75 * math.log(0.75 / (2 / 3)) + 0.25 * math.log(0.25 / (1 / 3))
    l2 = 0.5 * math.log(0.5 / (2 / 3)) + 0.5 * math.log(0.5 / (1 / 3))
    e = -(2 / 3 * math.log(2 / 3) + 1 / 3 * math.log(1 / 3))
    m = 4 / 6 * l1 + 2 / 6 * l2
    assert report["M"] == pytest.approx(m)
    assert report["H"] == pytest.approx(m / e)
    assert report["E"] == pytest.approx(e)
    assert report["units"]["S1"]["p"] == pytest.approx(4 / 6)
    assert report["units"]["S1"]["L"] == pytest.approx(l1)
    assert report["units"]["S2"]["L"] == pytest.approx(l2)
    # Two categories: D, isolation and exposure of A; one séance per sector: all between.
    assert report["D"] == pytest.approx(0.5 * (abs(3 / 4 - 1 / 2) + abs(1 / 4 - 1 / 2)))
    assert report["isolation"] == pytest.approx(3 / 4 * 3 / 4 + 1 / 4 * 1 / 2)
    assert report["exposure"] == pytest.approx(3 / 4 * 1 / 4 + 1 / 4 * 1 / 2)
    assert report["between"]["M"] == pytest.approx(m)
    assert report["within"]["M"] == pytest.approx(0.0, abs=1e-12)


def test_counts_text_is_french(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "indicators", "counts", str(_csv(tmp_path)), "--unit", "seance", "--group", "ecole"
    )
    assert code == 0
    assert "Indice de Theil H = " in out and "Information mutuelle M = " in out
    assert "Entropie E = 0,6365" in out  # ln 3 − ⅔ ln 2, with a decimal comma
    assert "S1" in out and "S2" in out


def test_counts_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _csv(tmp_path)
    code, out, err = _run(
        capsys, "indicators", "counts", str(path), "--unit", "seance", "--group", "classe"
    )
    assert code != 0 and out == ""
    assert "colonne « classe »" in err and "colonne introuvable" in err
    code, _, err = _run(
        capsys, "indicators", "counts", str(tmp_path / "absent.csv"), "--unit", "u", "--group", "g"
    )
    assert code != 0 and "Impossible de lire le fichier" in err


def test_territory_json_matches_the_service(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        capsys, "--db", _url(demo_db), "indicators", "territory", "--year", "2025-2026",
        "--shuffles", "100", "--json",
    )  # fmt: skip
    assert code == 0, err
    printed: dict[str, Any] = json.loads(out)
    assert {"schools", "sessions", "territory", "activities", "months"} <= set(printed)
    school = printed["schools"][0]
    assert {"uai", "name", "participants", "participation_rate", "other_schools_met"} <= set(school)
    session = printed["sessions"][0]
    assert {"id", "date", "participants", "schools", "contact_rate", "L", "L_random"} <= set(
        session
    )
    territory = printed["territory"]
    assert {"H_schools", "H_sessions", "H_sessions_random", "mixing_gain"} <= set(territory)
    expected = territory_indicators(demo_db, "2025-2026", shuffles=100).to_dict()
    assert printed == json.loads(json.dumps(expected))
    assert territory["mixing_gain"] == pytest.approx(
        territory["H_schools"] - territory["H_sessions"]
    )


def test_territory_text_and_options(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    build_territory(db)
    code, out, err = _run(
        capsys, "--db", _url(db), "indicators", "territory", "--category", "ep",
        "--weight", "hours", "--shuffles", "0",
    )  # fmt: skip
    assert code == 0, err
    assert "Indicateurs de mixité — 2025-2026" in out
    assert "12 participants, 16 présences, 3 séances" in out
    assert "H entre écoles = 1" in out  # each school has one status
    assert "Établissements sans participant (1) : École D" in out
    code, out, _ = _run(
        capsys, "--db", _url(db), "indicators", "territory",
        "--from", "01/10/2025", "--to", "2025-10-31", "--json", "--shuffles", "0",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["territory"]["sessions"] == 2


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--year", "2025"], "Année scolaire invalide « 2025 » : écrivez par exemple 2025-2026."),
        (
            ["--year", "2030-2031"],
            "Aucune présence enregistrée entre le 01/09/2030 et le 31/08/2031",
        ),
        (["--category", "pcs"], "Catégorie inconnue « pcs »"),
        (["--weight", "jours"], "Pondération inconnue « jours »"),
        (["--from", "01/10/2025"], "Donnez soit --year, soit les deux bornes"),
        (["--from", "32/10/2025", "--to", "01/11/2025"], "Date illisible"),
    ],
)
def test_territory_errors_are_french(
    db: Database, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    build_territory(db)
    code, out, err = _run(capsys, "--db", _url(db), "indicators", "territory", *options)
    assert code != 0 and out == ""
    assert message in err


def test_territory_on_a_missing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(
        capsys, "--db", str(tmp_path / "nulle-part.sqlite"), "indicators", "territory"
    )
    assert code != 0 and "Aucune base de données" in err
    assert not (tmp_path / "nulle-part.sqlite").exists()
