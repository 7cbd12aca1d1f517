"""Series of séances: preview, creation in one transaction, move, cancel, edit one or following."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from cites_app.models import ActivitySession, Territory
from cites_app.scheduling import (
    ClosedDayError,
    ConcurrentEditError,
    EditScope,
    PlannedSeances,
    SchedulingError,
    SeriesService,
    SessionChanges,
    ValidationError,
)
from cites_app.school_calendar import SchoolCalendar
from tests.scheduling.conftest import World, at

D = date
WEDNESDAYS_KEPT = [
    D(2026, 1, 7), D(2026, 1, 14), D(2026, 1, 21), D(2026, 1, 28), D(2026, 2, 4), D(2026, 2, 11),
    D(2026, 2, 18), D(2026, 3, 11), D(2026, 3, 18), D(2026, 3, 25), D(2026, 4, 1),
]  # fmt: skip


def _series(world: World, calendar: SchoolCalendar, activity: str = "hiphop") -> list[int]:
    service = SeriesService(world.database, calendar)
    plan = service.preview_series("mercredi", "07/01/2026", "01/04/2026", "14h", "16h30")
    created = service.create_series(
        world.activities[activity], plan, world.venues["gymnase"], [world.facilitators["karim"]], 20
    )
    return created.session_ids


def _rows(world: World, ids: list[int]) -> list[ActivitySession]:
    with world.database.read_session() as session:
        rows = session.scalars(
            select(ActivitySession)
            .where(ActivitySession.id.in_(ids))
            .order_by(ActivitySession.starts_at)
        ).all()
        for row in rows:
            _ = row.facilitators  # loaded while the session is open
        return list(rows)


def test_preview_uses_the_territory_zone_and_writes_nothing(
    world: World, calendar: SchoolCalendar
) -> None:
    service = SeriesService(world.database, calendar)
    plan = service.preview_series("mercredi", D(2026, 1, 7), D(2026, 4, 1), "14h", "16h30")
    assert plan.zone == "C"
    assert plan.kept == WEDNESDAYS_KEPT
    assert [(s.date, s.reason) for s in plan.skipped] == [
        (D(2026, 2, 25), "Vacances d'hiver (zone C)"),
        (D(2026, 3, 4), "Vacances d'hiver (zone C)"),
    ]
    zone_a = service.preview_series(
        "mercredi", D(2026, 1, 7), D(2026, 4, 1), "14h", "16h30", zone="A"
    )
    assert [s.date for s in zone_a.skipped] == [D(2026, 2, 11), D(2026, 2, 18)]
    with world.database.read_session() as session:
        assert session.scalars(select(ActivitySession)).first() is None
    with pytest.raises(SchedulingError, match=r"L'heure de fin \(14h00\) doit être après"):
        service.preview_series("mercredi", D(2026, 1, 7), D(2026, 4, 1), "16h30", "14h")


def test_alsace_moselle_territory_skips_good_friday(world: World, calendar: SchoolCalendar) -> None:
    with world.database.session() as session:
        territory = session.scalars(select(Territory)).one()
        territory.holiday_zone, territory.alsace_moselle = "B", True
    plan = SeriesService(world.database, calendar).preview_series(
        "vendredi", D(2026, 3, 27), D(2026, 4, 10), "16h30", "18h"
    )
    assert plan.to_dict() == {
        "kept": ["2026-03-27", "2026-04-10"],
        "skipped": [{"date": "2026-04-03", "reason": "Jour férié : Vendredi saint"}],
    }


def test_preview_without_territory_asks_for_a_zone(db: object, calendar: SchoolCalendar) -> None:
    from cites_app.db.database import Database  # noqa: PLC0415

    assert isinstance(db, Database)
    with pytest.raises(SchedulingError) as refused:
        SeriesService(db, calendar).preview_series(
            "mercredi", D(2026, 1, 7), D(2026, 4, 1), "14h", "16h"
        )
    assert str(refused.value) == (
        "Aucun territoire n'est défini dans la base : précisez la zone de vacances scolaires "
        "(A, B ou C)."
    )


def test_create_series_writes_every_kept_date_with_one_series_id(
    world: World, calendar: SchoolCalendar
) -> None:
    ids = _series(world, calendar)
    rows = _rows(world, ids)
    assert [row.starts_at for row in rows] == [
        datetime.combine(d, time(14)) for d in WEDNESDAYS_KEPT
    ]
    assert {row.ends_at.time() for row in rows} == {time(16, 30)}
    assert len({row.series_id for row in rows}) == 1 and rows[0].series_id is not None
    assert {(row.venue_id, row.capacity, row.cancelled) for row in rows} == {
        (world.venues["gymnase"], 20, False)
    }
    assert {tuple(f.id for f in row.facilitators) for row in rows} == {
        (world.facilitators["karim"],)
    }


def test_create_series_is_all_or_nothing(world: World, calendar: SchoolCalendar) -> None:
    service = SeriesService(world.database, calendar)
    plan = service.preview_series("mercredi", D(2026, 1, 7), D(2026, 4, 1), "14h", "16h30")
    with pytest.raises(SchedulingError, match="Fiche introuvable : l'animateur n° 999"):
        service.create_series(world.activities["hiphop"], plan, world.venues["gymnase"], [999])
    with world.database.read_session() as session:
        assert session.scalars(select(ActivitySession)).first() is None


def test_edit_this_one_and_the_following_changes_only_those(
    world: World, calendar: SchoolCalendar
) -> None:
    ids = _series(world, calendar)
    other_series = _series(world, calendar, "chorale")
    service = SeriesService(world.database, calendar)
    fifth = _rows(world, [ids[4]])[0]
    changed = service.edit_sessions(
        fifth.id,
        SessionChanges(
            venue_id=world.venues["salle"],
            start_time=time(14, 30),
            facilitator_ids=[world.facilitators["sophie"]],
            capacity=12,
        ),
        EditScope.FOLLOWING,
        fifth.version,
    )
    assert changed == ids[4:]
    rows = _rows(world, ids)
    before, after = rows[:4], rows[4:]
    assert {(r.venue_id, r.starts_at.time(), r.capacity) for r in before} == {
        (world.venues["gymnase"], time(14), 20)
    }
    assert {(r.venue_id, r.starts_at.time(), r.ends_at.time(), r.capacity) for r in after} == {
        (world.venues["salle"], time(14, 30), time(16, 30), 12)
    }
    assert [r.starts_at.date() for r in after] == WEDNESDAYS_KEPT[4:]  # dates kept
    assert {tuple(f.id for f in r.facilitators) for r in after} == {(world.facilitators["sophie"],)}
    assert {tuple(f.id for f in r.facilitators) for r in before} == {(world.facilitators["karim"],)}
    assert {(r.venue_id, r.starts_at.time()) for r in _rows(world, other_series)} == {
        (world.venues["gymnase"], time(14))
    }
    # "This one only" leaves the rest alone, venue removed.
    second = _rows(world, [ids[1]])[0]
    assert service.edit_sessions(
        second.id, SessionChanges(venue_id=None), EditScope.THIS, second.version
    ) == [second.id]
    assert [r.venue_id for r in _rows(world, ids[:3])] == [
        world.venues["gymnase"],
        None,
        world.venues["gymnase"],
    ]


def test_an_edit_that_ends_before_it_starts_is_refused(
    world: World, calendar: SchoolCalendar
) -> None:
    ids = _series(world, calendar)
    first = _rows(world, [ids[0]])[0]
    with pytest.raises(
        ValidationError,
        match=r"L'heure de fin \(16h30\) doit être après l'heure de début \(17h00\)",
    ):
        SeriesService(world.database, calendar).edit_sessions(
            first.id, SessionChanges(start_time=time(17)), EditScope.FOLLOWING, first.version
        )
    assert {r.starts_at.time() for r in _rows(world, ids)} == {time(14)}


def test_moving_to_a_holiday_is_refused_with_the_reason(
    world: World, calendar: SchoolCalendar
) -> None:
    ids = _series(world, calendar)
    third = _rows(world, [ids[2]])[0]
    service = SeriesService(world.database, calendar)
    holiday = D(2026, 2, 25)
    with pytest.raises(ClosedDayError) as refused:
        service.move_session(third.id, at(holiday, 14), at(holiday, 16), third.version)
    assert refused.value.reason == "Vacances d'hiver (zone C)"
    assert str(refused.value) == (
        "Pas de séance possible le mercredi 25 février 2026 : Vacances d'hiver (zone C). "
        "Choisissez un jour de classe, ou confirmez explicitement une séance pendant les vacances."
    )
    with pytest.raises(ClosedDayError, match="Jour férié : lundi de Pâques"):
        service.move_session(third.id, at(D(2026, 4, 6), 14), at(D(2026, 4, 6), 16), third.version)
    assert _rows(world, [third.id])[0].starts_at == at(D(2026, 1, 21), 14)
    # A school day is fine; the series is kept.
    conflicts = service.move_session(
        third.id, at(D(2026, 1, 22), 17), at(D(2026, 1, 22), 18), third.version
    )
    moved = _rows(world, [third.id])[0]
    assert (moved.starts_at, moved.ends_at, moved.series_id) == (
        at(D(2026, 1, 22), 17),
        at(D(2026, 1, 22), 18),
        third.series_id,
    )
    assert conflicts == []
    # On purpose, during the holidays: allowed, and listed as a conflict to keep in mind.
    conflicts = service.move_session(
        third.id, at(holiday, 14), at(holiday, 16), moved.version, allow_closed=True
    )
    assert [c.kind for c in conflicts] == ["closed_day"]


def test_stale_versions_are_refused_in_french(world: World, calendar: SchoolCalendar) -> None:
    ids = _series(world, calendar)
    first = _rows(world, [ids[0]])[0]
    service = SeriesService(world.database, calendar)
    service.cancel_session(first.id, "Gymnase fermé", first.version)
    with pytest.raises(ConcurrentEditError) as refused:
        service.move_session(first.id, at(D(2026, 1, 8), 14), at(D(2026, 1, 8), 16), first.version)
    assert str(refused.value).startswith(
        "Cette fiche a été modifiée par quelqu'un d'autre depuis que vous l'avez ouverte."
    )
    cancelled = _rows(world, [first.id])[0]
    assert (cancelled.cancelled, cancelled.cancel_reason, cancelled.starts_at) == (
        True,
        "Gymnase fermé",
        at(D(2026, 1, 7), 14),
    )
    with pytest.raises(ValidationError, match=r"Indiquez le motif de l'annulation\."):
        service.cancel_session(ids[1], "   ", None)
    service.restore_session(first.id, cancelled.version)
    assert _rows(world, [first.id])[0].cancelled is False


def test_one_off_seance_on_a_public_holiday_needs_confirmation(
    world: World, calendar: SchoolCalendar
) -> None:
    service = SeriesService(world.database, calendar)
    may_first = D(2026, 5, 1)
    planned = PlannedSeances(world.activities["chorale"], [(at(may_first, 10), at(may_first, 12))])
    with pytest.raises(ClosedDayError, match="Jour férié : fête du Travail"):
        service.create_session(planned)
    created = service.create_session(planned, allow_closed=True)
    assert created.series_id is None and len(created.session_ids) == 1
    assert [c.kind for c in created.conflicts] == ["closed_day"]
