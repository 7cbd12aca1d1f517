"""A small territory for the database tests: four schools, an activity whose two groups meet
on Wednesdays at 14h and at 16h, a choir at 15h, and hours attended in the autumn."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest

from cites_app.db.database import Database
from cites_app.models import (
    Action,
    Activity,
    ActivitySession,
    Attendance,
    Establishment,
    Pupil,
    Registration,
    Territory,
)
from cites_app.opendata.uai import uai_check_letter

SINCE = datetime(2026, 1, 5)
FIRST_WEDNESDAY = date(2026, 1, 7)


@dataclass
class GroupingWorld:
    """Ids of what the scenario holds."""

    database: Database
    activity: int = 0
    choir: int = 0
    schools: list[int] = field(default_factory=list)
    pupils: list[int] = field(default_factory=list)
    group_a: list[int] = field(default_factory=list)  # séances at 14h
    group_b: list[int] = field(default_factory=list)  # séances at 16h
    past_own: int = 0  # a séance of the activity before SINCE


def _at(day: date, hour: int, minutes: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minutes)


def _school(number: int) -> Establishment:
    digits = f"0930{number:03d}"
    return Establishment(
        uai=digits + uai_check_letter(digits),
        name=f"École élémentaire n° {number}",
        kind="elementaire",
    )


@pytest.fixture
def world(db: Database) -> GroupingWorld:
    """Pupils 0-11 (schools 0-3 in turn); 0-9 registered, 10-11 waiting, 12 registered to one
    séance only; pupil 0 sings in the choir (Wednesdays 15h); pupils 1 and 2 attended 6 h and
    1.5 h in the autumn."""
    result = GroupingWorld(db)
    with db.session() as session:
        session.add(Territory(name="Cité de test", holiday_zone="C"))
        schools = [_school(n) for n in range(1, 5)]
        session.add_all(schools)
        session.flush()
        result.schools = [s.id for s in schools]
        pupils = [
            Pupil(
                last_name=f"Nom{i}",
                first_name=f"Prénom{i}",
                sex="F" if i % 2 else "M",
                niveau="CM1" if i < 7 else "CM2",
                qpv=("oui", "non", "inconnu")[i % 3],
                establishment_id=schools[i % 4].id,
            )
            for i in range(14)
        ]
        session.add_all(pupils)
        action = Action(title="Temps partagés", axis="continuite")
        session.add(action)
        session.flush()
        result.pupils = [p.id for p in pupils]
        activity = Activity(
            action_id=action.id, title="Atelier théâtre", kind="periscolaire", capacity=6
        )
        choir = Activity(action_id=action.id, title="Chorale", kind="periscolaire")
        club = Activity(action_id=action.id, title="Club lecture", kind="periscolaire")
        session.add_all([activity, choir, club])
        session.flush()
        result.activity, result.choir = activity.id, choir.id
        for week in range(3):
            day = FIRST_WEDNESDAY + timedelta(weeks=week)
            for hour, track in ((14, result.group_a), (16, result.group_b)):
                seance = ActivitySession(
                    activity_id=activity.id, starts_at=_at(day, hour), ends_at=_at(day, hour + 2)
                )
                session.add(seance)
                session.flush()
                track.append(seance.id)
            session.add(
                ActivitySession(activity_id=choir.id, starts_at=_at(day, 15), ends_at=_at(day, 16))
            )
        past = ActivitySession(
            activity_id=activity.id,
            starts_at=_at(date(2025, 12, 17), 14),
            ends_at=_at(date(2025, 12, 17), 16),
        )
        autumn = [
            ActivitySession(
                activity_id=club.id,
                starts_at=_at(date(2025, 10, 1) + timedelta(weeks=w), 14),
                ends_at=_at(date(2025, 10, 1) + timedelta(weeks=w), 16),
            )
            for w in range(4)
        ]
        session.add_all([past, *autumn])
        session.flush()
        result.past_own = past.id
        ids = result.pupils
        session.add_all(Registration(pupil_id=ids[i], activity_id=activity.id) for i in range(10))
        session.add_all(
            Registration(
                pupil_id=ids[10 + rank],
                activity_id=activity.id,
                status="attente",
                waiting_rank=rank + 1,
            )
            for rank in range(2)
        )
        session.add(
            Registration(pupil_id=ids[12], activity_id=activity.id, session_id=result.group_b[0])
        )
        session.add(Registration(pupil_id=ids[13], activity_id=activity.id, status="annule"))
        session.add(Registration(pupil_id=ids[13], activity_id=activity.id, session_id=past.id))
        session.add(Registration(pupil_id=ids[0], activity_id=choir.id))
        for seance in autumn[:3]:
            session.add(Attendance(session_id=seance.id, pupil_id=ids[1], status="present"))
        session.add(Attendance(session_id=autumn[3].id, pupil_id=ids[1], status="absent_excuse"))
        session.add(
            Attendance(session_id=autumn[0].id, pupil_id=ids[2], status="present", minutes=90)
        )
    return result
