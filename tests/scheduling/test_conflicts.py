"""A hand-made week with every kind of conflict — and traps that must not raise any."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from cites_app.models import ActivitySession, ClassTime
from cites_app.scheduling import (
    Conflict,
    ConflictChecker,
    PlannedSeances,
    ProgrammeService,
    RegistrationService,
    SeriesService,
)
from cites_app.scheduling.errors import ValidationError
from cites_app.school_calendar import SchoolCalendar
from tests.scheduling.conftest import World, at

WED = date(2026, 1, 7)  # a school Wednesday in zone C
THU = date(2026, 1, 8)
MON = date(2026, 1, 12)
HOLIDAY = date(2026, 2, 25)  # vacances d'hiver, zone C


def _one(
    service: SeriesService,
    world: World,
    activity: str,
    start: datetime,
    end: datetime,
    venue: str | None,
    facilitators: tuple[str, ...] = (),
    capacity: int | None = None,
) -> int:
    created = service.create_session(
        PlannedSeances(
            world.activities[activity],
            [(start, end)],
            world.venues[venue] if venue else None,
            [world.facilitators[f] for f in facilitators],
            capacity,
        ),
        allow_closed=True,
    )
    return created.session_ids[0]


@pytest.fixture
def week(world: World, calendar: SchoolCalendar) -> dict[str, int]:
    """Séances S1…S8 (see each line) and the registrations that make them clash."""
    series = SeriesService(world.database, calendar)
    s = {
        "S1": _one(series, world, "hiphop", at(WED, 14), at(WED, 16, 30), "gymnase", ("karim",)),
        # Same venue, overlapping: venue conflict with S1. Capacity 2 for 3 pupils.
        "S2": _one(series, world, "chorale", at(WED, 15), at(WED, 17), "gymnase", ("sophie",), 2),
        # Karim again, starting when S1 ends (back-to-back): no conflict.
        "S3": _one(series, world, "echecs", at(WED, 16, 30), at(WED, 18), "mediatheque", ("karim",)),
        # Karim during S1 in another venue: facilitator conflict, no venue conflict.
        "S4": _one(series, world, "echecs", at(WED, 14), at(WED, 15), "mediatheque", ("karim",)),
        # Same venue, time, facilitator and pupils as S1, but cancelled: nothing.
        "S5": _one(series, world, "hiphop", at(WED, 14), at(WED, 16, 30), "gymnase", ("karim",)),
        # Thursday morning: class time of both écoles.
        "S6": _one(series, world, "chorale", at(THU, 10), at(THU, 11), "salle", ("sophie",)),
        # During the winter holidays of zone C.
        "S7": _one(series, world, "chorale", at(HOLIDAY, 14), at(HOLIDAY, 16, 30), "gymnase", ("sophie",)),
        # Monday when the collège ends (17h): no class-time conflict; nobody to supervise.
        "S8": _one(series, world, "hiphop", at(MON, 17), at(MON, 18, 30), "gymnase"),
    }  # fmt: skip
    with world.database.session() as session:
        s5 = session.get(ActivitySession, s["S5"])
        assert s5 is not None
        s5.cancelled, s5.cancel_reason = True, "Intervenant absent"
    registrations = RegistrationService(world.database)
    p = world.pupils
    registrations.register([p["col1"], p["col2"]], activity_id=world.activities["hiphop"])
    registrations.register([p["a1"], p["b1"], p["a2"]], activity_id=world.activities["chorale"])
    registrations.register([p["a1"]], activity_id=world.activities["echecs"])
    registrations.register([p["col1"]], session_id=s["S4"])  # one séance only
    return s


def _keys(conflicts: list[Conflict]) -> set[tuple[str, tuple[int, ...]]]:
    return {(c.kind, c.session_ids) for c in conflicts}


def test_each_conflict_is_raised_and_no_false_one(
    world: World, week: dict[str, int], calendar: SchoolCalendar
) -> None:
    found = ConflictChecker(world.database, calendar).all_conflicts()
    s = week
    assert _keys(found) == {
        ("venue", (s["S1"], s["S2"])),
        ("facilitator", (s["S1"], s["S4"])),
        ("pupil", (s["S1"], s["S4"])),
        ("pupil", (s["S2"], s["S3"])),
        ("capacity", (s["S2"],)),
        ("venue_capacity", (s["S4"],)),
        ("class_time", (s["S6"],)),
        ("closed_day", (s["S7"],)),
        ("staffing", (s["S8"],)),
    }
    assert len(found) == 9
    cancelled = s["S5"]
    assert all(cancelled not in c.session_ids for c in found)
    messages = {c.kind + str(c.session_ids): c.message for c in found}
    assert messages["venue" + str((s["S1"], s["S2"]))] == (
        "Gymnase municipal déjà réservé mercredi 7 janvier 2026 de 14h00 à 16h30 par "
        '"Atelier hip-hop" (en même temps que "Chorale des écoles", de 15h00 à 17h00).'
    )
    assert messages["facilitator" + str((s["S1"], s["S4"]))] == (
        "Karim Animateur déjà pris mercredi 7 janvier 2026 de 14h00 à 16h30 par "
        '"Atelier hip-hop" (en même temps que "Atelier échecs", de 14h00 à 15h00).'
    )
    assert messages["pupil" + str((s["S2"], s["S3"]))] == (
        '1 élève inscrit à la fois à "Chorale des écoles" (mercredi 7 janvier 2026 de 15h00 '
        'à 17h00) et à "Atelier échecs" (de 16h30 à 18h00) : Lina Dupont.'
    )
    assert messages["capacity" + str((s["S2"],))] == (
        '"Chorale des écoles" mercredi 7 janvier 2026 de 15h00 à 17h00 : 3 élèves inscrits '
        "pour 2 places."
    )
    assert messages["venue_capacity" + str((s["S4"],))] == (
        '"Atelier échecs" mercredi 7 janvier 2026 de 14h00 à 15h00 : 2 élèves inscrits, mais '
        "Médiathèque du Centre n'accueille que 1 personnes."
    )
    assert messages["class_time" + str((s["S6"],))] == (
        '"Chorale des écoles" jeudi 8 janvier 2026 de 10h00 à 11h00 empiète sur le temps de '
        "classe : École élémentaire Jean-Jaurès (jeudi 8h30–11h30, horaires par défaut) ; "
        "École élémentaire Victor-Hugo (jeudi 8h30–11h30, horaires par défaut)."
    )
    assert messages["closed_day" + str((s["S7"],))] == (
        '"Chorale des écoles" prévu mercredi 25 février 2026 de 14h00 à 16h30, jour sans '
        "classe : Vacances d'hiver (zone C)."
    )
    assert messages["staffing" + str((s["S8"],))] == (
        '"Atelier hip-hop" lundi 12 janvier 2026 de 17h00 à 18h30 : 0 animateur pour '
        "2 élèves (dont 0 de moins de 6 ans) ; il en faut au moins 1 (1 adulte pour 10 "
        "enfants de moins de 6 ans, 1 pour 14 enfants de 6 ans et plus)."
    )
    pupil_conflict = next(c for c in found if c.kind == "pupil" and s["S4"] in c.session_ids)
    assert pupil_conflict.pupil_ids == (world.pupils["col1"],)


def test_a_seance_lists_exactly_its_own_conflicts(
    world: World, week: dict[str, int], calendar: SchoolCalendar
) -> None:
    checker = ConflictChecker(world.database, calendar)
    everything = checker.all_conflicts()
    for session_id in week.values():
        expected = {(c.kind, c.session_ids) for c in everything if session_id in c.session_ids}
        assert _keys(checker.session_conflicts([session_id])) == expected, session_id
    # Seen from S4, Karim is taken by the hip-hop; seen from S1, by the échecs.
    s1 = checker.session_conflicts([week["S1"]])
    assert any(
        c.message.startswith(
            'Karim Animateur déjà pris mercredi 7 janvier 2026 de 14h00 à 15h00 par "Atelier échecs"'
        )
        for c in s1
    )


def test_planned_seances_are_checked_before_anything_is_written(
    world: World, week: dict[str, int], calendar: SchoolCalendar
) -> None:
    with world.database.read_session() as session:
        before = session.scalar(select(func.count()).select_from(ActivitySession))
    planned = PlannedSeances(
        world.activities["echecs"],
        [
            (at(WED, 15, 30), at(WED, 16)),
            (at(date(2026, 1, 14), 15, 30), at(date(2026, 1, 14), 16)),
        ],
        world.venues["gymnase"],
        [world.facilitators["karim"]],
    )
    found = SeriesService(world.database, calendar).preview_conflicts(planned)
    assert {(c.kind, c.session_ids, c.planned_slots) for c in found} == {
        ("venue", (week["S1"],), (0,)),
        ("venue", (week["S2"],), (0,)),
        ("facilitator", (week["S1"],), (0,)),
        ("pupil", (week["S2"],), (0,)),  # Lina is in the chorale and the échecs
    }
    venue = next(c for c in found if c.kind == "venue" and c.session_ids == (week["S1"],))
    assert venue.message.startswith(
        'Gymnase municipal déjà réservé mercredi 7 janvier 2026 de 14h00 à 16h30 par "Atelier hip-hop"'
    )
    with world.database.read_session() as session:
        assert session.scalar(select(func.count()).select_from(ActivitySession)) == before


def test_planned_slots_are_validated(world: World, calendar: SchoolCalendar) -> None:
    planned = PlannedSeances(world.activities["echecs"], [(at(WED, 16), at(WED, 15))])
    with pytest.raises(ValidationError) as refused:
        SeriesService(world.database, calendar).preview_conflicts(planned)
    assert str(refused.value) == (
        "L'heure de fin (15h00) doit être après l'heure de début (16h00) : séance du "
        "mercredi 7 janvier 2026."
    )


def test_a_school_timetable_replaces_the_defaults(
    world: World, week: dict[str, int], calendar: SchoolCalendar
) -> None:
    # The collège now has class on Wednesday 13h–15h: S1 (hip-hop 14h–16h30) clashes.
    with world.database.session() as session:
        session.add(
            ClassTime(
                establishment_id=world.schools["college"],
                weekday=2,
                start_time=at(WED, 13).time(),
                end_time=at(WED, 15).time(),
            )
        )
    found = ConflictChecker(world.database, calendar).session_conflicts([week["S1"], week["S8"]])
    class_time = [c for c in found if c.kind == "class_time"]
    assert [c.session_ids for c in class_time] == [(week["S1"],)]
    assert class_time[0].message.endswith(
        "empiète sur le temps de classe : Collège Jean-Lolive (mercredi 13h00–15h00)."
    )


def test_two_overlapping_seances_of_one_activity_clash_for_its_pupils(
    world: World, calendar: SchoolCalendar
) -> None:
    series = SeriesService(world.database, calendar)
    first = _one(series, world, "chorale", at(WED, 14), at(WED, 15), "salle", ("sophie",))
    second = _one(series, world, "chorale", at(WED, 14, 30), at(WED, 15, 30), "gymnase", ("karim",))
    RegistrationService(world.database).register(
        [world.pupils["a1"], world.pupils["b1"]], activity_id=world.activities["chorale"]
    )
    found = ConflictChecker(world.database, calendar).all_conflicts()
    assert _keys(found) == {("pupil", (first, second))}
    assert found[0].message.startswith("2 élèves inscrits à la fois")
    assert found[0].message.endswith(": Lina Dupont, Sara Nguyen.")


def test_waiting_pupils_do_not_clash(world: World, calendar: SchoolCalendar) -> None:
    series = SeriesService(world.database, calendar)
    _one(series, world, "chorale", at(WED, 14), at(WED, 15), "salle", ("sophie",))
    _one(series, world, "echecs", at(WED, 14), at(WED, 15), "gymnase", ("karim",), capacity=None)
    registrations = RegistrationService(world.database)
    registrations.register([world.pupils["a1"]], activity_id=world.activities["chorale"])
    programme = ProgrammeService(world.database)
    echecs = programme.activities.get(world.activities["echecs"])
    programme.activities.update(echecs.id, replace(echecs.data, capacity=1), echecs.version)
    registrations.register([world.pupils["b1"], world.pupils["a1"]], activity_id=echecs.id)
    # Lina is only waiting for the échecs: no double booking.
    assert ConflictChecker(world.database, calendar).all_conflicts() == []
