"""``cites-app sessions plan`` and ``cites-app sessions conflicts``, end to end."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cites_app.cli.main import main
from cites_app.db.database import Database
from cites_app.models import ActivitySession
from cites_app.scheduling import PlannedSeances, SeriesService
from cites_app.school_calendar import SchoolCalendar
from tests.scheduling.conftest import World, at

ISSUE_EXAMPLE = [
    "sessions", "plan", "--weekday", "mercredi", "--from", "2026-01-07", "--to", "2026-04-01",
    "--start", "14:00", "--end", "16:30",
]  # fmt: skip
JANUARY_TO_APRIL = [
    "2026-01-07", "2026-01-14", "2026-01-21", "2026-01-28", "2026-02-04", "2026-02-11",
    "2026-02-18", "2026-02-25", "2026-03-04", "2026-03-11", "2026-03-18", "2026-03-25",
    "2026-04-01",
]  # fmt: skip


def _url(database: Database) -> str:
    return database.url.render_as_string(hide_password=False)


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> object:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("zone", "skipped"),
    [
        ("C", ["2026-02-25", "2026-03-04"]),
        ("A", ["2026-02-11", "2026-02-18"]),
        ("B", ["2026-02-18", "2026-02-25"]),
    ],
)
def test_dry_run_json_of_the_issue_example(
    capsys: pytest.CaptureFixture[str], zone: str, skipped: list[str]
) -> None:
    result = _json(capsys, [*ISSUE_EXAMPLE, "--zone", zone, "--dry-run", "--json"])
    assert result == {
        "kept": [day for day in JANUARY_TO_APRIL if day not in skipped],
        "skipped": [{"date": day, "reason": f"Vacances d'hiver (zone {zone})"} for day in skipped],
    }


def test_dry_run_in_2026_2027_and_around_public_holidays(
    capsys: pytest.CaptureFixture[str],
) -> None:
    autumn = ["sessions", "plan", "--weekday", "mercredi", "--from", "07/10/2026", "--to",
              "16/12/2026", "--start", "14h", "--end", "16h30", "--zone", "A", "--dry-run", "--json"]  # fmt: skip
    assert _json(capsys, autumn) == {
        "kept": [
            "2026-10-07",
            "2026-10-14",
            "2026-11-04",
            "2026-11-18",
            "2026-11-25",
            "2026-12-02",
            "2026-12-09",
            "2026-12-16",
        ],
        "skipped": [
            {"date": "2026-10-21", "reason": "Vacances de la Toussaint (zone A)"},
            {"date": "2026-10-28", "reason": "Vacances de la Toussaint (zone A)"},
            {"date": "2026-11-11", "reason": "Jour férié : armistice du 11 novembre 1918"},
        ],
    }
    may = ["sessions", "plan", "--weekday", "vendredi", "--from", "2026-04-24", "--to",
           "2026-05-29", "--start", "16:30", "--end", "18:00", "--zone", "C", "--dry-run", "--json"]  # fmt: skip
    assert _json(capsys, may) == {
        "kept": ["2026-05-22", "2026-05-29"],
        "skipped": [
            {"date": "2026-04-24", "reason": "Vacances de printemps (zone C)"},
            {"date": "2026-05-01", "reason": "Jour férié : fête du Travail"},
            {"date": "2026-05-08", "reason": "Jour férié : victoire du 8 mai 1945"},
            {"date": "2026-05-15", "reason": "Pont de l'Ascension"},
        ],
    }
    spring_2027 = ["sessions", "plan", "--weekday", "lundi", "--from", "2027-02-01", "--to",
                   "2027-05-24", "--start", "17:00", "--end", "18:30", "--zone", "B", "--dry-run", "--json"]  # fmt: skip
    assert _json(capsys, spring_2027) == {
        "kept": [
            "2027-02-01",
            "2027-02-08",
            "2027-02-15",
            "2027-03-08",
            "2027-03-15",
            "2027-03-22",
            "2027-04-05",
            "2027-04-12",
            "2027-05-03",
            "2027-05-10",
            "2027-05-24",
        ],
        "skipped": [
            {"date": "2027-02-22", "reason": "Vacances d'hiver (zone B)"},
            {"date": "2027-03-01", "reason": "Vacances d'hiver (zone B)"},
            {"date": "2027-03-29", "reason": "Jour férié : lundi de Pâques"},
            {"date": "2027-04-19", "reason": "Vacances de printemps (zone B)"},
            {"date": "2027-04-26", "reason": "Vacances de printemps (zone B)"},
            {"date": "2027-05-17", "reason": "Jour férié : lundi de Pentecôte"},
        ],
    }


def test_dry_run_readable_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*ISSUE_EXAMPLE, "--zone", "C", "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "Tous les mercredis de 14h00 à 16h30, du mercredi 7 janvier 2026 au mercredi "
        "1er avril 2026 (zone C) : 11 séances, 2 dates écartées."
    )
    assert len(lines) == 14
    assert lines[1].split() == ["mercredi", "7", "janvier", "2026", "séance"]
    assert lines[8].split(maxsplit=4)[4] == "écartée : Vacances d'hiver (zone C)"


def test_without_zone_nor_database_the_error_is_french(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "absente.sqlite"
    assert main([*ISSUE_EXAMPLE, "--dry-run", "--json", "--db", str(missing)]) == 1
    error = capsys.readouterr().err
    assert error.strip() == (
        f"Erreur : Aucune base de données à {missing.resolve()} : précisez la zone de vacances "
        "avec --zone (A, B ou C)."
    )
    assert not missing.exists()  # never created by a dry run


def test_without_zone_the_territory_zone_is_used(
    capsys: pytest.CaptureFixture[str], world: World
) -> None:
    result = _json(capsys, [*ISSUE_EXAMPLE, "--dry-run", "--json", "--db", _url(world.database)])
    assert result == _json(capsys, [*ISSUE_EXAMPLE, "--zone", "C", "--dry-run", "--json"])


def test_without_dry_run_an_activity_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*ISSUE_EXAMPLE, "--zone", "C"]) == 1
    assert "Précisez l'activité dont créer les séances (--activity ID)" in capsys.readouterr().err


def test_plan_creates_the_seances_and_reports_conflicts(
    capsys: pytest.CaptureFixture[str], world: World, calendar: SchoolCalendar
) -> None:
    jan_14 = at(date(2026, 1, 14), 15)
    existing = (
        SeriesService(world.database, calendar)
        .create_session(
            PlannedSeances(
                world.activities["chorale"],
                [(jan_14, jan_14.replace(hour=16))],
                world.venues["gymnase"],
            )
        )
        .session_ids[0]
    )
    argv = [*ISSUE_EXAMPLE, "--activity", str(world.activities["hiphop"]), "--venue",
            str(world.venues["gymnase"]), "--facilitator", str(world.facilitators["karim"]),
            "--db", _url(world.database), "--json"]  # fmt: skip
    result = _json(capsys, argv)
    assert isinstance(result, dict)
    assert [row["date"] for row in result["created"]] == [
        day for day in JANUARY_TO_APRIL if day not in ("2026-02-25", "2026-03-04")
    ]
    assert [c["kind"] for c in result["conflicts"]] == ["venue"]
    conflict = result["conflicts"][0]
    assert conflict["session_ids"] == [result["created"][1]["id"], existing]
    assert conflict["message"] == (
        "Gymnase municipal déjà réservé mercredi 14 janvier 2026 de 15h00 à 16h00 par "
        '"Chorale des écoles" (en même temps que "Atelier hip-hop", de 14h00 à 16h30).'
    )
    with world.database.read_session() as session:
        rows = session.execute(
            select(ActivitySession.series_id, func.count())
            .where(ActivitySession.activity_id == world.activities["hiphop"])
            .group_by(ActivitySession.series_id)
        ).all()
    assert len(rows) == 1 and rows[0][0] is not None and rows[0][1] == 11
    assert str(rows[0][0]) == result["series_id"]


def test_conflicts_of_the_demo_territory(
    capsys: pytest.CaptureFixture[str], demo_db: Database
) -> None:
    """The demo is built without double bookings, and its slots respect the class times."""
    found = _json(capsys, ["sessions", "conflicts", "--json", "--db", _url(demo_db)])
    assert isinstance(found, list)
    kinds = {conflict["kind"] for conflict in found}
    assert not kinds & {
        "venue",
        "facilitator",
        "pupil",
        "class_time",
        "closed_day",
        "capacity",
        "venue_capacity",
    }
    # The demo staffs its séances with 1 + n // 15 adults: one big group falls short of 1/14.
    assert kinds <= {"staffing"}
    assert main(["sessions", "conflicts", "--db", _url(demo_db)]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0] in (
        "Aucun conflit.",
        f"{len(found)} conflit{'s' if len(found) > 1 else ''} :",
    )
