"""Fixtures of the attendance tests: a small séance world, and a base of official schools only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pytest

from cites_app.db.database import Database
from cites_app.models import (
    Action,
    Activity,
    ActivitySession,
    Establishment,
    Facilitator,
    Pupil,
    Registration,
    Venue,
)
from cites_app.opendata import demo_source_files, read_establishment_file
from cites_app.opendata.names import tidy_establishment_name
from cites_app.opendata.records import EstablishmentRecord
from cites_app.opendata.uai import uai_check_letter

DATA = Path(__file__).resolve().parents[1] / "data" / "attendance"
NOW = datetime(2026, 1, 7, 15, 0)  # a Wednesday afternoon, during the séance « today »


def clock() -> datetime:
    return NOW


@dataclass
class World:
    """Ids by readable name: schools, pupils, séances."""

    database: Database
    schools: dict[str, int] = field(default_factory=dict)
    pupils: dict[str, int] = field(default_factory=dict)
    seances: dict[str, int] = field(default_factory=dict)
    activity_id: int = 0


def _school(name: str, kind: str, number: int) -> Establishment:
    digits = f"0930{number:03d}"
    return Establishment(uai=digits + uai_check_letter(digits), name=name, kind=kind)


@pytest.fixture
def world(db: Database) -> World:
    """Three schools; an activity « Atelier théâtre » with séances today (14h00–16h30), last
    week, next week and a cancelled one; five pupils registered to the activity, one pupil
    registered to today's séance only, one pupil of another school registered to nothing."""
    result = World(db)
    with db.session() as session:
        schools = {
            "jaures": _school("ECOLE ELEMENTAIRE JEAN JAURES", "elementaire", 1),
            "hugo": _school("École élémentaire Victor-Hugo", "elementaire", 2),
            "lolive": _school("Collège Jean-Lolive", "college", 3),
        }
        session.add_all(schools.values())
        session.flush()
        result.schools = {key: school.id for key, school in schools.items()}
        action = Action(title="Temps périscolaires partagés", axis="continuite")
        venue = Venue(name="Salle Jacques-Brel")
        facilitators = [Facilitator(name="Karim Benali"), Facilitator(name="Sophie Martin")]
        session.add_all([action, venue, *facilitators])
        session.flush()
        activity = Activity(action_id=action.id, title="Atelier théâtre", kind="periscolaire")
        session.add(activity)
        session.flush()
        result.activity_id = activity.id
        times = {
            "today": (datetime(2026, 1, 7, 14), datetime(2026, 1, 7, 16, 30), False),
            "last_week": (datetime(2025, 12, 17, 14), datetime(2025, 12, 17, 16, 30), False),
            "next_week": (datetime(2026, 1, 14, 14), datetime(2026, 1, 14, 16, 30), False),
            "cancelled": (datetime(2026, 1, 5, 14), datetime(2026, 1, 5, 16, 30), True),
        }
        for key, (starts, ends, cancelled) in times.items():
            seance = ActivitySession(
                activity_id=activity.id,
                starts_at=starts,
                ends_at=ends,
                venue_id=venue.id,
                cancelled=cancelled,
                facilitators=facilitators,
            )
            session.add(seance)
            session.flush()
            result.seances[key] = seance.id
        pupils = {
            "lina": Pupil(last_name="Dupont", first_name="Lina", niveau="CM1", sex="F",
                          birth_date=date(2016, 9, 1), establishment_id=schools["jaures"].id),
            "adam": Pupil(last_name="Petit", first_name="Adam", niveau="CE2", sex="M",
                          birth_date=date(2017, 2, 11), establishment_id=schools["jaures"].id),
            "eloise": Pupil(last_name="Lefèvre", first_name="Éloïse", niveau="CM2", sex="F",
                            birth_date=date(2015, 5, 3), establishment_id=schools["hugo"].id),
            "sara": Pupil(last_name="Nguyen", first_name="Sara", niveau="CM1", sex="F",
                          birth_year=2016, establishment_id=schools["hugo"].id),
            "yanis": Pupil(last_name="Benali", first_name="Yanis", niveau="6e", sex="M",
                           birth_date=date(2014, 3, 2), establishment_id=schools["lolive"].id),
            "noe": Pupil(last_name="Traoré", first_name="Noé", niveau="CM2", sex="M",
                         birth_date=date(2015, 1, 20), establishment_id=schools["lolive"].id),
            "zoe": Pupil(last_name="Da Silva", first_name="Zoé", niveau="5e", sex="F",
                         birth_date=date(2013, 6, 6), establishment_id=schools["lolive"].id),
        }  # fmt: skip
        session.add_all(pupils.values())
        session.flush()
        result.pupils = {key: pupil.id for key, pupil in pupils.items()}
        for key in ("lina", "adam", "eloise", "sara", "yanis"):
            session.add(Registration(pupil_id=pupils[key].id, activity_id=activity.id))
        session.add(
            Registration(
                pupil_id=pupils["noe"].id,
                activity_id=activity.id,
                session_id=result.seances["today"],
            )
        )
    return result


def add_official_establishments(database: Database) -> int:
    """Every school of Seine-Saint-Denis in the open-data extracts shipped with the app (743),
    with the names and communes of the official files: nothing else."""
    records: dict[str, EstablishmentRecord] = {}
    for path in demo_source_files():
        for record in read_establishment_file(path).establishments:
            if record.departement == "093":
                records.setdefault(record.uai, record)
    with database.session() as session:
        session.add_all(
            Establishment(
                uai=record.uai,
                name=tidy_establishment_name(record.name),
                kind=record.kind,
                sector=record.sector,
                commune=record.commune,
                code_insee=record.code_insee,
                departement=record.departement,
                academie=record.academie,
                source=record.source,
            )
            for record in records.values()
        )
    return len(records)


@pytest.fixture
def official_db(db: Database) -> Database:
    """A fresh database holding only the official establishments."""
    add_official_establishments(db)
    return db
