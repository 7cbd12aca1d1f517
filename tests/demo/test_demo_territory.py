"""The demo territory: real schools with their official IPS, a plausible and consistent year."""

from __future__ import annotations

import csv
import hashlib
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from cites_app.cli.main import main
from cites_app.db.database import Database
from cites_app.db.url import sqlite_url
from cites_app.demo.generator import DemoError, generate_demo
from cites_app.models import ActivitySession, Attendance
from cites_app.opendata.uai import is_valid_uai

RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "opendata"
CALENDAR_DAYS = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "calendar"
    / "vacances_scolaires_france_0.12.0_jours_2023-2028.csv"
)


def _official_ips() -> dict[str, float]:
    """IPS per UAI read straight from the bundled official files (not through the app's reader)."""
    values: dict[str, float] = {}
    for name, column in (
        ("ips_ecoles_2022-2023_dep093-013-059-069.csv", "ips"),
        ("ips_colleges_2022-2023_national.csv", "ips"),
        ("ips_lycees_2022-2023_national.csv", "ips_ensemble_gt_pro"),
    ):
        with (RESOURCES / name).open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle, delimiter=";"):
                if row[column]:
                    values[row["uai"]] = float(row[column])
    return values


def test_demo_establishments_are_real_with_the_official_ips(demo_db: Database) -> None:
    official = _official_ips()
    with demo_db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT e.uai, e.commune, i.ips FROM establishment e "
                "LEFT JOIN establishment_ips i ON i.establishment_id = e.id"
            )
        ).all()
        territory = conn.execute(text("SELECT name, holiday_zone FROM territory")).one()
    assert len(rows) == 25  # the whole of Pantin in the IPS files
    assert territory == ("Cité éducative de Pantin (démonstration)", "C")
    for uai, commune, ips in rows:
        assert is_valid_uai(uai), uai
        assert commune == "Pantin"
        assert ips == official[uai], uai


def test_demo_has_plausible_volumes(demo_db: Database) -> None:
    with demo_db.engine.connect() as conn:
        pupils = conn.scalar(text("SELECT count(*) FROM pupil"))
        sessions = conn.scalar(text("SELECT count(*) FROM activity_session"))
        attendance = conn.scalar(text("SELECT count(*) FROM attendance"))
        kinds: dict[str, int] = dict(
            conn.execute(text("SELECT kind, count(*) FROM activity GROUP BY kind")).all()
        )
        schools_per_activity = conn.scalar(
            text(
                "SELECT min(n) FROM (SELECT count(*) AS n FROM activity_establishment "
                "GROUP BY activity_id) AS counts"
            )
        )
    assert 2_900 <= (pupils or 0) <= 3_100
    assert 600 <= (sessions or 0) <= 650
    assert 5_000 <= (attendance or 0) <= 30_000
    assert set(kinds) == {"periscolaire", "orientation", "autre"}
    assert (schools_per_activity or 0) >= 2  # every activity brings several schools together


def _holidays_zone_c() -> set[date]:
    with CALENDAR_DAYS.open(encoding="utf-8") as handle:
        return {
            date.fromisoformat(row["date"])
            for row in csv.DictReader(handle)
            if row["vacances_zone_c"] == "True"
        }


def test_demo_sessions_avoid_holidays_public_holidays_and_the_ascension_bridge(
    demo_db: Database,
) -> None:
    closed = _holidays_zone_c() | {
        date(2025, 11, 1), date(2025, 11, 11), date(2025, 12, 25), date(2026, 1, 1),
        date(2026, 4, 6), date(2026, 5, 1), date(2026, 5, 8), date(2026, 5, 14),
        date(2026, 5, 15),  # Ascension bridge, missing from the day file
        date(2026, 5, 25),
    }  # fmt: skip
    with demo_db.engine.connect() as conn:
        days = {
            date.fromisoformat(str(r[0])[:10])
            for r in conn.execute(text("SELECT starts_at FROM activity_session"))
        }
    assert days
    assert min(days) >= date(2025, 9, 1)
    assert max(days) <= date(2026, 7, 3)
    assert days.isdisjoint(closed), sorted(days & closed)


@pytest.mark.parametrize(
    ("what", "query"),
    [
        (
            "lieu",
            "SELECT count(*) FROM activity_session a JOIN activity_session b "
            "ON a.venue_id = b.venue_id AND a.id < b.id "
            "AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at",
        ),
        (
            "animateur",
            "SELECT count(*) FROM session_facilitator fa "
            "JOIN session_facilitator fb ON fa.facilitator_id = fb.facilitator_id "
            "AND fa.session_id < fb.session_id "
            "JOIN activity_session a ON a.id = fa.session_id "
            "JOIN activity_session b ON b.id = fb.session_id "
            "WHERE a.starts_at < b.ends_at AND b.starts_at < a.ends_at",
        ),
        (
            "élève",
            "SELECT count(*) FROM attendance pa JOIN attendance pb "
            "ON pa.pupil_id = pb.pupil_id AND pa.session_id < pb.session_id "
            "JOIN activity_session a ON a.id = pa.session_id "
            "JOIN activity_session b ON b.id = pb.session_id "
            "WHERE a.starts_at < b.ends_at AND b.starts_at < a.ends_at",
        ),
    ],
)
def test_demo_never_books_anyone_twice(demo_db: Database, what: str, query: str) -> None:
    with demo_db.engine.connect() as conn:
        assert conn.scalar(text(query)) == 0, what


def _fingerprint(path: Path) -> str:
    conn = sqlite3.connect(path)
    digest = hashlib.sha256()
    for (table,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name <> 'audit_log' ORDER BY name"
    ):
        columns = [
            r[1]
            for r in conn.execute(f"PRAGMA table_info({table})")
            if r[1] not in ("created_at", "updated_at", "registered_at", "received_at")
        ]
        for row in conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1"):
            digest.update(repr(row).encode())
    conn.close()
    return digest.hexdigest()


def test_demo_is_deterministic_for_a_seed(tmp_path: Path, template_db_file: Path) -> None:
    prints = []
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        target = tmp_path / f"{name}.sqlite"
        target.write_bytes(template_db_file.read_bytes())
        database = Database(sqlite_url(target))
        generate_demo(database, "S", seed, rentree_year=2025)
        database.dispose()
        prints.append(_fingerprint(target))
    assert prints[0] == prints[1]
    assert prints[0] != prints[2]


def test_demo_refuses_a_database_that_already_has_data(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(DemoError, match="déjà des données"):
        generate_demo(demo_db, "S", 1)
    assert main(["demo", "--db", demo_db.url.render_as_string(hide_password=False)]) == 1
    assert "déjà des données" in capsys.readouterr().err


def test_demo_command_creates_a_new_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "neuf.sqlite"
    assert main(["demo", "--db", str(target), "--seed", "3", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"establishments": 25' in out
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT count(*) FROM establishment").fetchone() == (25,)
    conn.close()


def test_default_demo_spans_last_year_and_the_current_one_up_to_today(db: Database) -> None:
    today = date(2026, 11, 25)
    summary = generate_demo(db, "S", 1, today=today)
    assert summary.school_year == "2025-2026 et 2026-2027"
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(
                ActivitySession.id,
                ActivitySession.starts_at,
                ActivitySession.ends_at,
                ActivitySession.cancelled,
                ActivitySession.attendance_taken_at,
            )
        ).all()
        attended = set(conn.scalars(select(Attendance.session_id).distinct()))
    future = [r for r in rows if r.ends_at.date() >= today]
    past_open = [r for r in rows if r.ends_at.date() < today and not r.cancelled and r[4] is None]
    assert future and all(r.attendance_taken_at is None for r in future)  # no roll call yet
    assert 0 < len(past_open) <= 10  # a few recent roll calls still to enter
    assert all(r.ends_at > datetime(2026, 11, 11) for r in past_open)
    assert min(r.starts_at for r in rows).date() >= date(2025, 9, 1)
    assert max(r.starts_at for r in rows).date() <= date(2027, 7, 3)
    assert not any(r.ends_at.date() >= today for r in rows if r.id in attended)


def test_demo_has_no_scheduling_conflict_of_any_kind(demo_db: Database) -> None:
    from cites_app.scheduling import ConflictChecker  # noqa: PLC0415

    conflicts = ConflictChecker(demo_db).all_conflicts()
    assert [c.message for c in conflicts] == []
