"""Registrations with a waiting list, candidates, members and missing authorisations."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from cites_app.models import AuditEntry, Authorisation, Pupil, Registration
from cites_app.scheduling import (
    CandidateFilter,
    PlannedSeances,
    ProgrammeService,
    RegistrationService,
    SchedulingError,
    SeriesService,
)
from cites_app.school_calendar import SchoolCalendar
from tests.scheduling.conftest import World, at


def _rows(world: World, activity_id: int) -> dict[int, tuple[str, int | None]]:
    with world.database.read_session() as session:
        rows = session.execute(
            select(Registration.pupil_id, Registration.status, Registration.waiting_rank).where(
                Registration.activity_id == activity_id, Registration.session_id.is_(None)
            )
        )
        return {pupil: (status, rank) for pupil, status, rank in rows}


def _set_capacity(world: World, key: str, capacity: int | None) -> int:
    programme = ProgrammeService(world.database)
    record = programme.activities.get(world.activities[key])
    programme.activities.update(record.id, replace(record.data, capacity=capacity), record.version)
    return record.id


def test_capacity_three_puts_the_fourth_on_the_waiting_list_then_promotes_it(
    world: World,
) -> None:
    activity = _set_capacity(world, "chorale", 3)
    p = world.pupils
    service = RegistrationService(world.database)
    outcome = service.register([p["a1"], p["a2"], p["b1"], p["col1"]], activity_id=activity)
    assert outcome.registered == [p["a1"], p["a2"], p["b1"]]
    assert outcome.waiting == [(p["col1"], 1)]
    assert outcome.summary_fr() == "3 élèves inscrits, 1 en liste d'attente."
    assert _rows(world, activity) == {
        p["a1"]: ("inscrit", None),
        p["a2"]: ("inscrit", None),
        p["b1"]: ("inscrit", None),
        p["col1"]: ("attente", 1),
    }
    promoted = service.unregister(p["a2"], activity_id=activity)
    assert promoted == [p["col1"]]
    assert _rows(world, activity) == {
        p["a1"]: ("inscrit", None),
        p["a2"]: ("annule", None),
        p["b1"]: ("inscrit", None),
        p["col1"]: ("inscrit", None),
    }
    with world.database.read_session() as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
        summaries = list(session.scalars(select(AuditEntry.summary).order_by(AuditEntry.id)))
    assert actions == ["registration.add", "registration.remove"]
    assert summaries[1] == (
        "Désinscription de « Chorale des écoles » ; 1 élève(s) de la liste d'attente inscrit(s)."
    )
    # Names never reach the audit log.
    assert not any("Dupont" in text or "Petit" in text for text in summaries)


def test_waiting_ranks_close_up_and_registering_twice_changes_nothing(world: World) -> None:
    activity = _set_capacity(world, "chorale", 1)
    p = world.pupils
    service = RegistrationService(world.database)
    service.register([p["a1"], p["a2"], p["b1"], p["col1"]], activity_id=activity)
    assert _rows(world, activity)[p["col1"]] == ("attente", 3)
    assert service.unregister(p["a2"], activity_id=activity) == []  # a waiting pupil leaves
    rows = _rows(world, activity)
    assert (rows[p["b1"]], rows[p["col1"]]) == (("attente", 1), ("attente", 2))
    again = service.register([p["a1"], p["b1"], p["a2"]], activity_id=activity)
    assert (again.already, again.registered, again.waiting) == (
        [p["a1"], p["b1"]],
        [],
        [(p["a2"], 3)],
    )
    members = service.members(activity_id=activity)
    assert [(m.full_name, m.status, m.waiting_rank) for m in members] == [
        ("Lina Dupont", "inscrit", None),
        ("Sara Nguyen", "attente", 1),
        ("Yanis Benali", "attente", 2),
        ("Adam Petit", "attente", 3),
    ]
    with pytest.raises(SchedulingError, match="ni inscrit ni en liste d'attente"):
        service.unregister(p["col2"], activity_id=activity)


def test_raising_the_capacity_promotes_in_rank_order(world: World) -> None:
    activity = _set_capacity(world, "chorale", 1)
    p = world.pupils
    service = RegistrationService(world.database)
    service.register([p["a1"], p["a2"], p["b1"]], activity_id=activity)
    _set_capacity(world, "chorale", 2)
    assert service.promote_waiting(activity_id=activity) == [p["a2"]]
    assert _rows(world, activity)[p["b1"]] == ("attente", 1)


def test_a_seance_counts_the_pupils_of_its_whole_activity(
    world: World, calendar: SchoolCalendar
) -> None:
    p = world.pupils
    day = date(2026, 1, 7)
    seance = (
        SeriesService(world.database, calendar)
        .create_session(
            PlannedSeances(world.activities["chorale"], [(at(day, 14), at(day, 16))], capacity=2)
        )
        .session_ids[0]
    )
    service = RegistrationService(world.database)
    service.register([p["a1"]], activity_id=world.activities["chorale"])
    outcome = service.register([p["a1"], p["b1"], p["a2"]], session_id=seance)
    assert (outcome.already, outcome.registered, outcome.waiting) == (
        [p["a1"]],
        [p["b1"]],
        [(p["a2"], 1)],
    )
    with world.database.read_session() as session:
        row = session.scalars(select(Registration).where(Registration.pupil_id == p["b1"])).one()
        assert (row.activity_id, row.session_id, row.status) == (
            world.activities["chorale"],
            seance,
            "inscrit",
        )
    members = service.members(session_id=seance)
    assert [(m.first_name, m.status, m.whole_activity) for m in members] == [
        ("Lina", "inscrit", True),
        ("Sara", "inscrit", False),
        ("Adam", "attente", False),
    ]


def test_candidates_come_from_the_invited_schools_with_filters(world: World) -> None:
    p = world.pupils
    service = RegistrationService(world.database)
    chorale = world.activities["chorale"]
    service.register([p["a1"]], activity_id=chorale)
    everyone = service.candidates(activity_id=chorale)
    # The collège is not invited; primary pupils sorted by school, niveau, class, name.
    assert [(c.establishment_name, c.niveau, c.full_name, c.status) for c in everyone] == [
        ("École élémentaire Jean-Jaurès", "CE2", "Adam Petit", None),
        ("École élémentaire Jean-Jaurès", "CM1", "Lina Dupont", "inscrit"),
        ("École élémentaire Victor-Hugo", "CM1", "Sara Nguyen", None),
    ]
    assert [
        c.full_name for c in service.candidates(CandidateFilter(qpv="oui"), activity_id=chorale)
    ] == ["Lina Dupont"]
    assert [
        c.full_name
        for c in service.candidates(
            CandidateFilter(niveau="CM1", establishment_id=world.schools["ecole_b"]),
            activity_id=chorale,
        )
    ] == ["Sara Nguyen"]
    assert [
        c.full_name
        for c in service.candidates(CandidateFilter(class_label="CE2 B"), activity_id=chorale)
    ] == ["Adam Petit"]
    assert [
        c.full_name for c in service.candidates(CandidateFilter(search="dup"), activity_id=chorale)
    ] == ["Lina Dupont"]
    with world.database.session() as session:
        pupil = session.get(Pupil, p["a2"])
        assert pupil is not None
        pupil.niveau = "CP"  # not a target niveau of the chorale
    assert [c.full_name for c in service.candidates(activity_id=chorale)] == [
        "Lina Dupont",
        "Sara Nguyen",
    ]
    assert len(service.candidates(CandidateFilter(only_target_niveaux=False), activity_id=chorale)) == 3  # fmt: skip


def test_pupils_missing_an_authorisation_are_listed(world: World, calendar: SchoolCalendar) -> None:
    p = world.pupils
    programme = ProgrammeService(world.database)
    record = programme.activities.get(world.activities["chorale"])
    programme.activities.update(
        record.id, replace(record.data, requires_image_rights=True), record.version
    )
    first, second = date(2026, 1, 7), date(2026, 3, 11)
    SeriesService(world.database, calendar).create_session(
        PlannedSeances(
            record.id, [(at(first, 14), at(first, 16)), (at(second, 14), at(second, 16))]
        )
    )
    year = {"valid_from": date(2025, 9, 1), "valid_until": date(2026, 8, 31)}
    with world.database.session() as session:
        session.add_all([
            # Lina: everything in order.
            Authorisation(pupil_id=p["a1"], kind="participation", **year),
            Authorisation(pupil_id=p["a1"], kind="droit_image", **year),
            # Adam: participation expired before the second séance, image rights refused.
            Authorisation(pupil_id=p["a2"], kind="participation", valid_from=date(2025, 9, 1), valid_until=date(2026, 2, 28)),
            Authorisation(pupil_id=p["a2"], kind="droit_image", granted=False, **year),
            # Sara: image rights only valid from April; no participation at all.
            Authorisation(pupil_id=p["b1"], kind="droit_image", valid_from=date(2026, 4, 1)),
        ])  # fmt: skip
    service = RegistrationService(world.database)
    service.register([p["a1"], p["a2"], p["b1"]], activity_id=record.id)
    missing = service.missing_authorisations(activity_id=record.id)
    assert [m.message for m in missing] == [
        "Adam Petit (École élémentaire Jean-Jaurès) : droit à l'image refusé pour la séance "
        "du mercredi 7 janvier 2026.",
        "Sara Nguyen (École élémentaire Victor-Hugo) : autorisation de participation absente "
        "pour la séance du mercredi 7 janvier 2026.",
        "Sara Nguyen (École élémentaire Victor-Hugo) : droit à l'image valable seulement à "
        "partir du mercredi 1er avril 2026 pour la séance du mercredi 7 janvier 2026.",
        "Adam Petit (École élémentaire Jean-Jaurès) : autorisation de participation expirée "
        "le samedi 28 février 2026 pour la séance du mercredi 11 mars 2026.",
    ]
    # From March on, only the séance of 11 March is looked at.
    later = service.missing_authorisations(activity_id=record.id, from_date=date(2026, 3, 1))
    assert {(m.pupil.first_name, m.kind, m.day) for m in later} == {
        ("Adam", "participation", second),
        ("Adam", "droit_image", second),
        ("Sara", "participation", second),
        ("Sara", "droit_image", second),
    }
