"""``cites-app export revue | porteur | presences``, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cites_app.cli.main import main
from cites_app.db.database import Database
from cites_app.settings import MASKING_THRESHOLD, set_setting
from tests.exports.territory import build


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _url(database: Database) -> str:
    return database.url.render_as_string(hide_password=False)


def test_revue_json_prints_the_path_and_key_figures(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build(db)
    out = tmp_path / "revue.xlsx"
    code, stdout, stderr = _run(
        capsys, "export", "revue", "--db", _url(db), "--year", "2025-2026", "--out", str(out),
        "--shuffles", "20", "--json",
    )  # fmt: skip
    assert (code, stderr) == (0, "")
    result = json.loads(stdout)
    assert result["path"] == str(out.resolve())
    assert (result["period"], result["sessions"], result["beneficiaries"]) == ("2025-2026", 6, 23)
    assert (result["girls"], result["boys"], result["qpv"]) == (11, 11, 10)
    assert result["schools_taking_part"] == 3 and result["schools_in_territory"] == 4
    assert result["masked_cells"] > 0 and result["shuffles"] == 20
    assert set(result["H_sessions_random"]) == {"mean", "low", "high"}
    assert out.exists()


def test_revue_text_output(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build(db)
    out = tmp_path / "revue.xlsx"
    code, stdout, stderr = _run(
        capsys, "--db", _url(db), "export", "revue", "--out", str(out), "--shuffles", "0"
    )
    assert code == 0
    assert "Revue de projet 2025-2026 écrite dans" in stdout
    assert "23 bénéficiaires" in stdout
    assert "[100 %] Terminé." in stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["revue", "--out", "revue.csv"], "doit porter l'extension .xlsx"),
        (["revue", "--out", "absent/revue.xlsx"], "n'existe pas"),
        (["revue", "--year", "2025", "--out", "r.xlsx"], "Année scolaire invalide « 2025 »"),
        (["revue", "--year", "2030-2031", "--out", "r.xlsx"], "Aucune présence enregistrée"),
        (["revue", "--shuffles", "-1", "--out", "r.xlsx"], "positif ou nul"),
        (["porteur", "--partner", "999", "--out", "p.xlsx"], "Aucun partenaire n° 999"),
        (["presences", "--activity", "999", "--out", "m.xlsx"], "Aucune activité n° 999"),
    ],
)
def test_errors_are_french(
    db: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    build(db)
    monkeypatch.chdir(tmp_path)
    code, stdout, stderr = _run(capsys, "--db", _url(db), "export", *args)
    assert code == 1 and stdout == ""
    assert "Erreur : " in stderr and message in stderr.split("Erreur : ", 1)[1], stderr


def test_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, stderr = _run(
        capsys, "--db", str(tmp_path / "absente.sqlite"), "export", "revue", "--out",
        str(tmp_path / "r.xlsx"),
    )  # fmt: skip
    assert code == 1 and "Aucune base de données" in stderr
    assert not (tmp_path / "absente.sqlite").exists()


def test_porteur_and_presences(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = build(db)
    code, stdout, _ = _run(
        capsys, "--db", _url(db), "export", "porteur", "--partner", str(ids["ludo"]),
        "--out", str(tmp_path / "p.xlsx"), "--json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(stdout)["partner"] == "Ludothèque du Canal"
    code, stdout, _ = _run(
        capsys, "--db", _url(db), "export", "presences", "--out", str(tmp_path / "m.xlsx"),
    )  # fmt: skip
    assert code == 0
    assert "DONNÉES NOMINATIVES" in stdout and "inscrit au journal" in stdout


def test_unusable_threshold_is_reported(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build(db)
    with db.session() as session:
        set_setting(session, MASKING_THRESHOLD, 2)
    code, _, stderr = _run(
        capsys, "--db", _url(db), "export", "revue", "--out", str(tmp_path / "r.xlsx")
    )
    assert code == 1
    assert "Seuil de masquage 2 inutilisable" in stderr
    assert "export.masking_threshold" in stderr
