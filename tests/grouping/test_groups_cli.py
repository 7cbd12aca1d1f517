"""``cites-app groups compose``, end to end on a copy of the demo territory (both backends)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from cites_app.cli.main import main
from cites_app.db.database import Database
from cites_app.models import Registration

PUPIL_KEYS = {"id", "uai", "sex", "niveau", "qpv"}


def _url(database: Database) -> str:
    return database.url.render_as_string(hide_password=False)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _busiest_activity(database: Database) -> int:
    """The demo activity with the most candidates (registered or waiting)."""
    with database.read_session() as session:
        activity = session.execute(
            select(Registration.activity_id)
            .where(Registration.status.in_(("inscrit", "attente")))
            .group_by(Registration.activity_id)
            .order_by(func.count().desc(), Registration.activity_id)
            .limit(1)
        ).scalar_one()
    assert activity is not None
    return activity


def _compose(database: Database, *options: str) -> list[str]:
    return [
        "--db", _url(database), "groups", "compose", "--activity", str(_busiest_activity(database)),
        "--from", "2025-09-01", *options,
    ]  # fmt: skip


def test_json_shape(demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    argv = _compose(
        demo_db, "--groups", "4", "--capacity", "20", "--max-school-share", "0.5", "--json"
    )
    code, out, _ = _run(capsys, *argv)
    assert code == 0
    result: dict[str, Any] = json.loads(out)
    assert {"groups", "waiting", "random", "violations"} <= set(result)
    assert result["violations"] == []
    assert len(result["groups"]) == 4
    for group in result["groups"]:
        assert {"name", "pupils", "contact_rate", "H"} <= set(group)
        assert 0 < len(group["pupils"]) <= 20
        assert all(set(pupil) >= PUPIL_KEYS for pupil in group["pupils"])
        assert all(pupil["explanation"].startswith("Placé") for pupil in group["pupils"])
        assert group["largest_school_share"] <= 0.5
    assert [g["name"] for g in result["groups"]] == ["Groupe A", "Groupe B", "Groupe C", "Groupe D"]
    assert all(set(pupil) >= PUPIL_KEYS for pupil in result["waiting"])
    assert [p["waiting_rank"] for p in result["waiting"]] == list(
        range(1, len(result["waiting"]) + 1)
    )
    random = result["random"]
    assert {"contact_rate_mean", "contact_rate_p95"} <= set(random)
    assert random["shuffles"] == 1000
    assert result["contact_rate"] > random["contact_rate_p95"] > random["contact_rate_mean"]
    assert result["applied"] is False
    # same input, same output
    assert _run(capsys, *argv)[1] == out


def test_readable_french_table(demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, *_compose(demo_db, "--groups", "3", "--capacity", "20"))
    assert code == 0
    assert "3 groupes, 60 élèves placés" in out
    assert "Taux de contact moyen : 0," in out and "1\u202f000 répartitions" in out
    assert "Groupe C — 20 élèves / 20 places" in out
    assert "Liste d'attente (" in out and "En liste d'attente : " in out


def test_an_impossible_request_names_the_constraint(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        capsys, *_compose(demo_db, "--groups", "2", "--min-schools", "12", "--json")
    )
    assert code == 1
    result = json.loads(out)
    assert result["groups"] == [] and result["feasible"] is False
    (violation,) = result["violations"]
    assert violation["constraint"] == "min_schools"
    assert violation["message"].startswith("Il faudrait au moins 12 établissements par groupe")
    assert "ne peuvent pas toutes être respectées" in err


def test_apply_writes_the_groups(demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    activity = _busiest_activity(demo_db)
    argv = _compose(demo_db, "--groups", "1", "--capacity", "30", "--apply")
    code, out, _ = _run(capsys, *argv)
    assert code == 0
    assert "Groupes appliqués : 30 élèves placés" in out
    with demo_db.read_session() as session:
        counts = dict(
            session.execute(
                select(Registration.status, func.count())
                .where(Registration.activity_id == activity, Registration.session_id.is_(None))
                .group_by(Registration.status)
            ).all()
        )
    assert counts["inscrit"] == 30


def test_bad_options_are_refused_in_french(
    demo_db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = _run(capsys, *_compose(demo_db, "--groups", "2", "--together", "12"))
    assert code == 1 and "donnez deux numéros d'élèves" in err
    code, _, err = _run(capsys, *_compose(demo_db, "--groups", "2", "--max-school-share", "7"))
    assert code == 1 and "entre 0 et 1" in err
    code, _, err = _run(
        capsys, "--db", str(tmp_path / "absente.sqlite"), "groups", "compose", "--activity", "1",
        "--groups", "2",
    )  # fmt: skip
    assert code == 1 and "Aucune base de données" in err
