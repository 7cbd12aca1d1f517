"""Fiches of the programme: validation in French, optimistic locking, refused deletions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from cites_app.models import Activity, Venue
from cites_app.scheduling import (
    ActionData,
    ActivityData,
    ConcurrentEditError,
    ConventionData,
    NotFoundError,
    PartnerData,
    PlannedSeances,
    ProgrammeService,
    SchedulingError,
    SeriesService,
    ValidationError,
    VenueData,
    WeeklySlot,
)
from cites_app.scheduling.errors import saving
from cites_app.school_calendar import SchoolCalendar
from tests.scheduling.conftest import World, at


def test_venue_capacity_must_be_positive(world: World) -> None:
    venues = ProgrammeService(world.database).venues
    with pytest.raises(ValidationError) as refused:
        venues.create(VenueData("  ", capacity=0))
    assert refused.value.problems == {
        "name": "Le nom du lieu est obligatoire.",
        "capacity": "La capacité doit être un nombre de places positif (et non 0), ou rester "
        "vide si elle n'est pas limitée.",
    }
    created = venues.create(
        VenueData("  Fab  lab municipal ", address="2 rue  Hoche", accessible=True)
    )
    assert created.data == VenueData("Fab lab municipal", address="2 rue Hoche", accessible=True)
    assert created.version == 1


def test_convention_dates_and_partner(world: World) -> None:
    programme = ProgrammeService(world.database)
    partner = programme.partners.create(PartnerData("Médiathèque intercommunale", "service_public"))
    with pytest.raises(ValidationError) as refused:
        programme.conventions.create(
            ConventionData(partner.id, "Convention 2025-2026", date(2026, 8, 31), date(2025, 9, 1))
        )
    assert str(refused.value) == (
        "La date de fin (lundi 1er septembre 2025) est antérieure à la date de début "
        "(lundi 31 août 2026)."
    )
    convention = programme.conventions.create(
        ConventionData(partner.id, "Convention 2025-2026", date(2025, 9, 1), date(2026, 8, 31))
    )
    assert [c.id for c in programme.conventions.list()] == [convention.id]
    with pytest.raises(ValidationError, match=r"Partenaire n° 999 introuvable\."):
        programme.conventions.create(ConventionData(999, "Orpheline"))
    with pytest.raises(ValidationError, match="Type de partenaire inconnu « club »"):
        programme.partners.create(PartnerData("Club", "club"))
    with pytest.raises(ValidationError, match="Adresse électronique invalide"):
        programme.partners.create(PartnerData("Club", email="pas-une-adresse"))


def test_action_axis_budget_and_year(world: World) -> None:
    actions = ProgrammeService(world.database).actions
    with pytest.raises(ValidationError) as refused:
        actions.create(
            ActionData("Sport", "sport", budget_planned=Decimal(-5), school_year="2025-2027")
        )
    assert refused.value.problems == {
        "axis": "Axe inconnu « sport » : choisissez parmi « Conforter le rôle de l'école », "
        "« Promouvoir la continuité éducative », « Ouvrir le champ des possibles ».",
        "budget_planned": "Le budget prévu ne peut pas être négatif (-5 €).",
        "school_year": "Année scolaire invalide « 2025-2027 » : écrivez par exemple 2025-2026.",
    }
    ok = actions.create(ActionData("Sport", "continuite", budget_planned=Decimal("1200.50")))
    assert actions.get(ok.id).data.budget_planned == Decimal("1200.50")


def test_activity_rules_and_relations(world: World) -> None:
    activities = ProgrammeService(world.database).activities
    bad = ActivityData(
        world.action_id,
        "Forum",
        "periscolaire",
        orientation_kind="forum",
        capacity=-1,
        max_school_share=1.5,
        min_schools=0,
        target_niveaux=("CM3",),
        invited_establishment_ids=(world.schools["college"], 999),
    )
    with pytest.raises(ValidationError) as refused:
        activities.create(bad)
    assert set(refused.value.problems) == {
        "orientation_kind",
        "capacity",
        "max_school_share",
        "min_schools",
        "target_niveaux",
        "invited_establishment_ids",
    }
    assert refused.value.problems["orientation_kind"] == (
        "Seule une activité d'orientation a un type d'orientation."
    )
    assert (
        refused.value.problems["invited_establishment_ids"] == "Établissement n° 999 introuvable."
    )
    good = activities.create(
        ActivityData(
            world.action_id,
            "Forum des métiers",
            "orientation",
            orientation_kind="forum",
            capacity=120,
            max_school_share=0.5,
            min_schools=3,
            target_niveaux=("3e", "4e", "4e"),
            invited_establishment_ids=(world.schools["college"],),
        )
    )
    assert good.data.target_niveaux == ("4e", "3e")
    changed = activities.update(
        good.id,
        replace(good.data, target_niveaux=("3e", "2de"), invited_establishment_ids=()),
        good.version,
    )
    assert (
        changed.version,
        changed.data.target_niveaux,
        changed.data.invited_establishment_ids,
    ) == (2, ("3e", "2de"), ())


def test_saving_over_a_newer_version_is_refused(world: World) -> None:
    venues = ProgrammeService(world.database).venues
    opened = venues.get(world.venues["gymnase"])
    venues.update(opened.id, replace(opened.data, capacity=70), opened.version)  # someone else
    with pytest.raises(ConcurrentEditError) as refused:
        venues.update(opened.id, replace(opened.data, name="Gymnase Hoche"), opened.version)
    assert str(refused.value) == (
        "Cette fiche a été modifiée par quelqu'un d'autre depuis que vous l'avez ouverte. "
        "Rechargez-la pour voir ses nouvelles valeurs, puis refaites vos modifications."
    )
    assert venues.get(opened.id).data.name == "Gymnase municipal"
    with pytest.raises(ConcurrentEditError):
        venues.delete(opened.id, opened.version)


def test_a_concurrent_write_between_read_and_flush_becomes_a_french_error(world: World) -> None:
    mine = world.database.session_factory()  # expire_on_commit=False: the form keeps its values
    try:
        venue = mine.scalars(select(Venue).where(Venue.id == world.venues["salle"])).one()
        mine.commit()
        with world.database.engine.begin() as other:  # another coordinator saves meanwhile
            other.execute(
                update(Venue).where(Venue.id == venue.id).values(version=Venue.version + 1)
            )
        with pytest.raises(ConcurrentEditError), saving(mine):
            venue.capacity = 50
        mine.rollback()
    finally:
        mine.close()
    with world.database.read_session() as session:
        assert session.get(Venue, world.venues["salle"]).capacity is None  # type: ignore[union-attr]


def test_deleting_a_used_activity_is_refused(world: World, calendar: SchoolCalendar) -> None:
    programme = ProgrammeService(world.database)
    day = date(2026, 1, 7)
    SeriesService(world.database, calendar).create_session(
        PlannedSeances(world.activities["echecs"], [(at(day, 14), at(day, 15))])
    )
    record = programme.activities.get(world.activities["echecs"])
    with pytest.raises(SchedulingError) as refused:
        programme.activities.delete(record.id, record.version)
    assert str(refused.value) == (
        "Suppression impossible : cette fiche est encore utilisée par d'autres données (par "
        "exemple des activités, des séances ou des inscriptions)."
    )
    with world.database.read_session() as session:
        assert session.get(Activity, record.id) is not None
    unused = programme.activities.get(world.activities["chorale"])
    programme.activities.delete(unused.id, unused.version)
    with pytest.raises(NotFoundError, match="Fiche introuvable : l'activité n° "):
        programme.activities.get(unused.id)


def test_class_times_of_a_school(world: World) -> None:
    programme = ProgrammeService(world.database)
    college = world.schools["college"]
    default = programme.class_times(college)
    assert default.is_default
    assert [slot.describe_fr() for slot in default.slots if slot.weekday == 2] == [
        "mercredi 8h00–12h00"
    ]
    own = programme.set_class_times(
        college, [WeeklySlot(0, at(date(2026, 1, 5), 8).time(), at(date(2026, 1, 5), 16).time())]
    )
    assert (own.is_default, [s.describe_fr() for s in own.slots]) == (False, ["lundi 8h00–16h00"])
    with pytest.raises(ValidationError, match="l'heure de fin doit être après l'heure de début"):
        programme.set_class_times(college, [WeeklySlot(1, own.slots[0].end, own.slots[0].start)])
    assert programme.set_class_times(college, []).is_default
