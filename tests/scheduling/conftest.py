"""A small hand-made territory (zone C) for the scheduling tests: three schools, venues,
facilitators, three activities and their pupils, built through the services where they exist."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import pytest

from cites_app.db.database import Database
from cites_app.models import Establishment, Pupil, Territory
from cites_app.opendata.uai import uai_check_letter
from cites_app.scheduling import (
    ActionData,
    ActivityData,
    FacilitatorData,
    PartnerData,
    ProgrammeService,
    VenueData,
)
from cites_app.school_calendar import SchoolCalendar, load_default_calendar


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A Paris wall-clock moment."""
    return datetime(day.year, day.month, day.day, hour, minute)


@dataclass
class World:
    """Ids of what the scenario holds, by readable name."""

    database: Database
    schools: dict[str, int] = field(default_factory=dict)
    venues: dict[str, int] = field(default_factory=dict)
    facilitators: dict[str, int] = field(default_factory=dict)
    activities: dict[str, int] = field(default_factory=dict)
    pupils: dict[str, int] = field(default_factory=dict)
    action_id: int = 0


@pytest.fixture(scope="session")
def calendar() -> SchoolCalendar:
    """The official calendar shipped with the application."""
    return load_default_calendar()


def _school(name: str, kind: str, number: int) -> Establishment:
    digits = f"0930{number:03d}"
    return Establishment(uai=digits + uai_check_letter(digits), name=name, kind=kind)


@pytest.fixture
def world(db: Database) -> World:
    """Territory zone C; écoles A and B, a collège; venues, facilitators, activities, pupils."""
    result = World(db)
    with db.session() as session:
        session.add(Territory(name="Cité éducative de test", holiday_zone="C"))
        schools = {
            "ecole_a": _school("École élémentaire Jean-Jaurès", "elementaire", 1),
            "ecole_b": _school("École élémentaire Victor-Hugo", "elementaire", 2),
            "college": _school("Collège Jean-Lolive", "college", 3),
        }
        session.add_all(schools.values())
        session.flush()
        result.schools = {key: school.id for key, school in schools.items()}
        pupils = {
            "col1": Pupil(last_name="Benali", first_name="Yanis", sex="M", niveau="6e",
                          birth_date=date(2014, 3, 2), establishment_id=schools["college"].id, qpv="oui"),
            "col2": Pupil(last_name="Martin", first_name="Léa", sex="F", niveau="5e",
                          birth_date=date(2013, 5, 20), establishment_id=schools["college"].id, qpv="non"),
            "a1": Pupil(last_name="Dupont", first_name="Lina", sex="F", niveau="CM1",
                        birth_date=date(2016, 9, 1), establishment_id=schools["ecole_a"].id, qpv="oui",
                        class_label="CM1 A"),
            "a2": Pupil(last_name="Petit", first_name="Adam", sex="M", niveau="CE2",
                        birth_date=date(2017, 2, 11), establishment_id=schools["ecole_a"].id, qpv="inconnu",
                        class_label="CE2 B"),
            "b1": Pupil(last_name="Nguyen", first_name="Sara", sex="F", niveau="CM1",
                        birth_year=2016, establishment_id=schools["ecole_b"].id, qpv="non",
                        class_label="CM1"),
        }  # fmt: skip
        session.add_all(pupils.values())
        session.flush()
        result.pupils = {key: pupil.id for key, pupil in pupils.items()}
    programme = ProgrammeService(db)
    partner = programme.partners.create(PartnerData("Compagnie Fil d'Ariane"))
    result.venues = {
        "gymnase": programme.venues.create(VenueData("Gymnase municipal", capacity=80)).id,
        "mediatheque": programme.venues.create(VenueData("Médiathèque du Centre", capacity=1)).id,
        "salle": programme.venues.create(VenueData("Salle polyvalente")).id,
    }
    result.facilitators = {
        "karim": programme.facilitators.create(
            FacilitatorData("Karim Animateur", partner_id=partner.id)
        ).id,
        "sophie": programme.facilitators.create(FacilitatorData("Sophie Intervenante")).id,
    }
    action = programme.actions.create(
        ActionData("Temps périscolaires partagés", "continuite", porteur_id=partner.id)
    )
    result.action_id = action.id
    ecoles = (result.schools["ecole_a"], result.schools["ecole_b"])
    for key, title, niveaux, invited in (
        ("hiphop", "Atelier hip-hop", ("6e", "5e", "4e"), (result.schools["college"],)),
        ("chorale", "Chorale des écoles", ("CE2", "CM1", "CM2"), ecoles),
        ("echecs", "Atelier échecs", ("CE2", "CM1", "CM2"), ecoles),
    ):
        result.activities[key] = programme.activities.create(
            ActivityData(
                action.id,
                title,
                "periscolaire",
                target_niveaux=niveaux,
                invited_establishment_ids=invited,
            )
        ).id
    return result
