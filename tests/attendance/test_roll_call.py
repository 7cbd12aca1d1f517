"""The roll call as a coordinator takes it: each mark saved at once, merged with a colleague's."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from cites_app.attendance import (
    EXCUSED,
    PRESENT,
    UNEXCUSED,
    AttendanceError,
    MarkConflictError,
    RollCallService,
)
from cites_app.db.database import Database
from cites_app.models import ActivitySession, Attendance, AuditEntry, Registration
from tests.attendance.conftest import World, clock


def _rows(database: Database, session_id: int) -> dict[int, tuple[str, int | None, int]]:
    """The présences of a séance read back through a brand-new engine (what a crash leaves)."""
    fresh = Database(database.url)
    try:
        with fresh.read_session() as session:
            rows = session.execute(
                select(
                    Attendance.pupil_id, Attendance.status, Attendance.minutes, Attendance.version
                ).where(Attendance.session_id == session_id)
            ).all()
            return {pupil: (status, minutes, version) for pupil, status, minutes, version in rows}
    finally:
        fresh.dispose()


def test_roll_call_lists_registered_pupils_by_school_then_name(world: World) -> None:
    roll_call = RollCallService(world.database, clock).roll_call(world.seances["today"])
    assert roll_call.seance.when_text == "mercredi 7 janvier 2026, 14h00–16h30"
    assert roll_call.seance.facilitators == ("Karim Benali", "Sophie Martin")
    assert roll_call.seance.axis_label == "Promouvoir la continuité éducative"
    assert [(g.school, [e.pupil.full_name for e in g.items]) for g in roll_call.groups] == [
        ("Collège Jean-Lolive", ["Benali Yanis", "Traoré Noé"]),
        ("École élémentaire Jean Jaures", ["Dupont Lina", "Petit Adam"]),
        ("École élémentaire Victor-Hugo", ["Lefèvre Éloïse", "Nguyen Sara"]),
    ]
    assert roll_call.counts.unmarked == 6
    # Noé is registered to today's séance only: not on last week's roll call.
    last_week = RollCallService(world.database, clock).roll_call(world.seances["last_week"])
    assert world.pupils["noe"] not in {e.pupil.id for e in last_week.entries}


def test_each_mark_is_saved_at_once_and_stamps_the_seance(world: World) -> None:
    service = RollCallService(world.database, clock, actor="karim")
    seance = world.seances["today"]
    result = service.mark(seance, world.pupils["lina"], PRESENT, expected_version=None)
    assert result.conflict is None and result.mark is not None
    assert result.mark.recorded_by == "karim"
    assert _rows(world.database, seance) == {world.pupils["lina"]: (PRESENT, None, 1)}
    service.mark(seance, world.pupils["adam"], UNEXCUSED, expected_version=None)
    assert _rows(world.database, seance)[world.pupils["adam"]] == (UNEXCUSED, None, 1)
    with world.database.read_session() as session:
        stamp = session.get(ActivitySession, seance)
        assert stamp is not None and stamp.attendance_taken_at == clock()
        assert stamp.version == 1  # the stamp never bumps the séance's own version


def test_all_present_then_exceptions(world: World) -> None:
    service = RollCallService(world.database, clock)
    seance = world.seances["today"]
    service.mark(seance, world.pupils["sara"], EXCUSED)  # marked before: kept as is
    done = service.mark_all_present(seance)
    assert len(done) == 5
    roll_call = service.roll_call(seance)
    marks = {e.pupil.id: e.mark for e in roll_call.entries}
    service.mark(
        seance,
        world.pupils["adam"],
        UNEXCUSED,
        expected_version=marks[world.pupils["adam"]].version,  # type: ignore[union-attr]
    )
    rows = _rows(world.database, seance)
    assert rows[world.pupils["sara"]][0] == EXCUSED
    assert rows[world.pupils["adam"]][:2] == (UNEXCUSED, None)
    assert rows[world.pupils["adam"]][2] == 2
    assert sorted(status for status, _m, _v in rows.values()) == sorted(
        [PRESENT] * 4 + [EXCUSED, UNEXCUSED]
    )
    counts = service.roll_call(seance).counts
    assert (counts.present, counts.excused, counts.unexcused, counts.unmarked) == (4, 1, 1, 0)
    assert counts.summary_fr() == "4 présents · 2 absents (dont 1 excusé) · 0 non pointé"
    assert service.mark_all_present(seance) == []


def test_partial_presence_in_minutes(world: World) -> None:
    service = RollCallService(world.database, clock)
    seance = world.seances["today"]
    service.mark(seance, world.pupils["lina"], PRESENT, minutes=90)
    assert _rows(world.database, seance)[world.pupils["lina"]][:2] == (PRESENT, 90)
    service.mark(seance, world.pupils["lina"], PRESENT, minutes=150)  # the whole séance
    assert _rows(world.database, seance)[world.pupils["lina"]][:2] == (PRESENT, None)
    with pytest.raises(AttendanceError, match="entre 1 et 150 min"):
        service.mark(seance, world.pupils["lina"], PRESENT, minutes=200)
    with pytest.raises(AttendanceError, match="que pour un élève présent"):
        service.mark(seance, world.pupils["lina"], EXCUSED, minutes=30)


def test_walk_in_found_by_name_across_the_territory(world: World) -> None:
    service = RollCallService(world.database, clock)
    seance = world.seances["today"]
    found = service.search_walk_ins(seance, "da silva")
    assert [c.id for c in found] == [world.pupils["zoe"]]
    assert found[0].description == "Da Silva Zoé — 5e, Collège Jean-Lolive (né(e) en 2013)"
    assert service.search_walk_ins(seance, "zoe") == found  # accents ignored
    assert service.search_walk_ins(seance, "lina") == []  # already on the roll call
    result = service.add_walk_in(seance, world.pupils["zoe"])
    assert result.mark is not None and result.mark.status == PRESENT
    with world.database.read_session() as session:
        registration = session.scalars(
            select(Registration).where(Registration.pupil_id == world.pupils["zoe"])
        ).one()
        assert (registration.session_id, registration.status) == (seance, "inscrit")
        assert session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "registration.walk_in")
        )
    entry = next(e for e in service.roll_call(seance).entries if e.pupil.id == world.pupils["zoe"])
    assert entry.pupil.registered and entry.mark is not None


def test_two_people_marking_different_pupils_both_kept(world: World) -> None:
    karim = RollCallService(world.database, clock, actor="karim")
    sophie = RollCallService(world.database, clock, actor="sophie")
    seance = world.seances["today"]
    seen_by_karim = karim.roll_call(seance)
    seen_by_sophie = sophie.roll_call(seance)
    assert seen_by_karim.counts.unmarked == seen_by_sophie.counts.unmarked == 6
    karim.mark(seance, world.pupils["lina"], PRESENT, expected_version=None)
    sophie.mark(seance, world.pupils["eloise"], EXCUSED, expected_version=None)
    karim.mark(seance, world.pupils["adam"], UNEXCUSED, expected_version=None)
    rows = _rows(world.database, seance)
    assert {pupil: status for pupil, (status, _m, _v) in rows.items()} == {
        world.pupils["lina"]: PRESENT,
        world.pupils["eloise"]: EXCUSED,
        world.pupils["adam"]: UNEXCUSED,
    }
    with world.database.read_session() as session:
        by = dict(session.execute(select(Attendance.pupil_id, Attendance.recorded_by)).all())
    assert by[world.pupils["eloise"]] == "sophie" and by[world.pupils["lina"]] == "karim"


def test_conflicting_mark_of_the_same_pupil_is_reported(world: World) -> None:
    karim = RollCallService(world.database, clock, actor="karim")
    sophie = RollCallService(world.database, clock, actor="sophie")
    seance, lina = world.seances["today"], world.pupils["lina"]
    karim.mark(seance, lina, PRESENT, expected_version=None)
    seen = sophie.roll_call(seance)
    version = next(e.mark for e in seen.entries if e.pupil.id == lina).version  # type: ignore[union-attr]
    karim.mark(seance, lina, EXCUSED, expected_version=1)  # Karim changes his mind
    result = sophie.mark(seance, lina, UNEXCUSED, expected_version=version)
    assert result.conflict is not None
    assert result.conflict.startswith(
        "Lina Dupont : entre-temps, karim avait noté « absent excusé »"
    )
    assert "votre saisie « absent non excusé » l'a remplacé" in result.conflict
    assert _rows(world.database, seance)[lina] == (UNEXCUSED, None, 3)  # last write wins
    with pytest.raises(MarkConflictError, match="entre-temps, sophie avait noté"):
        karim.mark(seance, lina, PRESENT, expected_version=2, refuse_conflict=True)
    assert _rows(world.database, seance)[lina][0] == UNEXCUSED
    # Someone saw no mark, another saved one meanwhile: reported as well.
    karim.mark(seance, world.pupils["adam"], PRESENT, expected_version=None)
    late = sophie.mark(seance, world.pupils["adam"], EXCUSED, expected_version=None)
    assert late.conflict is not None and "karim avait noté « présent »" in late.conflict
    # The same value as someone else: nothing to report.
    same = karim.mark(seance, world.pupils["adam"], EXCUSED, expected_version=1)
    assert same.conflict is None


def test_clear_a_mark(world: World) -> None:
    service = RollCallService(world.database, clock)
    seance = world.seances["today"]
    service.mark(seance, world.pupils["lina"], PRESENT)
    assert service.clear(seance, world.pupils["lina"]).mark is None
    assert _rows(world.database, seance) == {}


def test_refusals_in_french(world: World) -> None:
    service = RollCallService(world.database, clock)
    with pytest.raises(AttendanceError, match="séance est annulée"):
        service.mark(world.seances["cancelled"], world.pupils["lina"], PRESENT)
    with pytest.raises(AttendanceError, match="avant le jour de la séance"):
        service.mark(world.seances["next_week"], world.pupils["lina"], PRESENT)
    with pytest.raises(AttendanceError, match="n'est pas inscrit à cette séance"):
        service.mark(world.seances["today"], world.pupils["zoe"], PRESENT)
    with pytest.raises(AttendanceError, match="Séance n° 999999 introuvable"):
        service.roll_call(999999)
    with pytest.raises(AttendanceError, match="Présence inconnue"):
        service.mark(world.seances["today"], world.pupils["lina"], "malade")
    assert _rows(world.database, world.seances["today"]) == {}


def test_a_past_seance_can_be_marked_later(world: World) -> None:
    later = RollCallService(world.database, lambda: datetime(2026, 2, 1, 9))
    later.mark(world.seances["last_week"], world.pupils["yanis"], PRESENT)
    assert _rows(world.database, world.seances["last_week"])[world.pupils["yanis"]][0] == PRESENT
