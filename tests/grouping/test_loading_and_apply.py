"""Candidates read from the database, and compositions written back in one transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cites_app.db.database import Database
from cites_app.grouping import GroupingError, apply_composition, compose_groups, load_pool
from cites_app.models import AuditEntry, Registration
from tests.grouping.conftest import SINCE, GroupingWorld


def _registrations(database: Database) -> list[tuple[int, int | None, int | None, str, int | None]]:
    with database.read_session() as session:
        rows = session.execute(
            select(
                Registration.pupil_id,
                Registration.activity_id,
                Registration.session_id,
                Registration.status,
                Registration.waiting_rank,
            ).order_by(Registration.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_the_pool_holds_candidates_hours_seances_and_clashes(world: GroupingWorld) -> None:
    ids = world.pupils
    pool = load_pool(world.database, world.activity, 2, since=SINCE)
    by_id = {c.id: c for c in pool.candidates}
    # registered, waiting, registered to one séance; not the cancelled one nor a past séance
    assert sorted(by_id) == sorted(ids[:13])
    assert [by_id[ids[i]].status for i in (0, 10, 11, 12)] == [
        "inscrit",
        "attente",
        "attente",
        "inscrit",
    ]
    assert (by_id[ids[10]].waiting_rank, by_id[ids[11]].waiting_rank) == (1, 2)
    assert by_id[ids[1]].hours_so_far == pytest.approx(6.0)
    assert by_id[ids[2]].hours_so_far == pytest.approx(1.5)
    assert by_id[ids[0]].hours_so_far == 0
    # pupil 1's school (the 2nd) has pupils 1, 5, 9, 13: 6 h over 4 pupils
    assert by_id[ids[1]].school_hours_per_pupil == pytest.approx(1.5)
    assert (
        by_id[ids[1]].uai is not None
        and by_id[ids[1]].establishment_name == "École élémentaire n° 2"
    )
    assert pool.track_rule == "weekly"
    assert [t.session_ids for t in pool.tracks] == [tuple(world.group_a), tuple(world.group_b)]
    assert pool.tracks[0].description == "3 séances le mercredi de 14h00 à 16h00"
    # the choir (15h-16h) clashes with the 14h group only
    assert pool.unavailable == {
        (ids[0], 0): "inscrit à « Chorale » le mercredi 7 janvier 2026 de 15h00 à 16h00"
    }
    assert pool.activity_capacity == 6 and pool.activity_title == "Atelier théâtre"


def test_an_unknown_activity_is_named(db: Database) -> None:
    with pytest.raises(GroupingError, match="Activité n° 999 introuvable"):
        compose_groups(db, 999, groups=2)


def test_two_groups_become_registrations_to_their_seances(world: GroupingWorld) -> None:
    ids = world.pupils
    composition = compose_groups(
        world.database, world.activity, groups=2, capacity=5, min_schools=3, since=SINCE, seed=5
    )
    assert composition.feasible
    groups = {g.name: [p.candidate.id for p in g.placements] for g in composition.groups}
    assert ids[0] in groups["Groupe B"]  # free at 16h only
    waiting = [p.candidate.id for p in composition.waiting]
    assert len(waiting) == 3
    outcome = apply_composition(world.database, composition)
    assert outcome.summary_fr() == "10 élèves placés, 3 en liste d'attente."
    rows = _registrations(world.database)
    active = [r for r in rows if r[3] in ("inscrit", "attente")]
    for name, seances in (("Groupe A", world.group_a), ("Groupe B", world.group_b)):
        for pupil in groups[name]:
            mine = sorted(r[2] or 0 for r in active if r[0] == pupil and r[1] == world.activity)
            assert mine == sorted(seances), (name, pupil)
    queue = sorted((r[4], r[0]) for r in active if r[3] == "attente")
    assert queue == [(rank, pupil) for rank, pupil in enumerate(waiting, start=1)]
    assert all(r[2] is None for r in active if r[3] == "attente")
    # the past séance's row and the choir are left as they were
    assert (ids[13], world.activity, world.past_own, "inscrit", None) in rows
    assert (ids[0], world.choir, None, "inscrit", None) in rows
    with world.database.read_session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "grouping.apply")
        ).one()
    assert entry.summary == (
        "Groupes composés pour « Atelier théâtre » : 2 groupes, 10 élèves placés, 3 en liste "
        "d'attente."
    )
    assert (
        entry.details is not None and "Nom" not in entry.details and "Prénom" not in entry.details
    )
    assert f'"waiting": {waiting}'.replace("'", "") in entry.details
    # the registrations changed: the same composition cannot be written twice
    with pytest.raises(GroupingError, match="ont changé depuis la composition"):
        apply_composition(world.database, composition)


def test_one_group_registers_to_the_whole_activity(world: GroupingWorld) -> None:
    ids = world.pupils
    composition = compose_groups(world.database, world.activity, groups=1, since=SINCE)
    assert composition.feasible and composition.pool.track_rule == "activity"
    assert len(composition.groups[0].placements) == 6 and len(composition.waiting) == 7
    apply_composition(world.database, composition)
    active = [
        r
        for r in _registrations(world.database)
        if r[3] in ("inscrit", "attente") and r[1] == world.activity
    ]
    placed = {p.candidate.id for p in composition.groups[0].placements}
    assert {r[0] for r in active if r[3] == "inscrit" and r[2] is None} == placed
    # pupil 12 came through one séance: that row is cancelled, the activity's row decides
    assert all(r[2] is None for r in active if r[0] == ids[12])
    ranks = sorted(r[4] or 0 for r in active if r[3] == "attente")
    assert ranks == list(range(1, 8))


def test_a_failure_while_writing_leaves_nothing_written(
    world: GroupingWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    composition = compose_groups(world.database, world.activity, groups=2, capacity=5, since=SINCE)
    before = _registrations(world.database)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disque plein")

    monkeypatch.setattr("cites_app.grouping.apply.audit.record", broken)
    with pytest.raises(RuntimeError, match="disque plein"):
        apply_composition(world.database, composition)
    assert _registrations(world.database) == before
    with world.database.read_session() as session:
        assert session.scalars(select(AuditEntry)).all() == []


def test_a_composition_that_misses_a_target_is_not_written(world: GroupingWorld) -> None:
    composition = compose_groups(
        world.database, world.activity, groups=2, min_schools=5, since=SINCE
    )
    assert not composition.feasible
    before = _registrations(world.database)
    with pytest.raises(GroupingError, match="ne respectent pas toutes les contraintes"):
        apply_composition(world.database, composition)
    assert _registrations(world.database) == before


def test_groups_without_seances_cannot_be_written(world: GroupingWorld) -> None:
    composition = compose_groups(world.database, world.activity, groups=7, since=SINCE)
    assert composition.pool.track_rule == "none"
    assert any("pas appliquée" in note for note in composition.notes)
    with pytest.raises(GroupingError, match="créez les séances"):
        apply_composition(world.database, composition)
