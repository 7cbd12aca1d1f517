"""The calendar's and the programme page's registers on the hand-built Grigny sample (zone C)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from cites_app.db.database import Database
from cites_app.models import Action, ActivitySession, Authorisation, Territory
from cites_app.registers.calendar import CalendarRegister, DayInfo
from cites_app.registers.programme import ProgrammeRegister
from tests.registers.sample import Sample

D = date


def test_a_week_lists_its_seances_with_their_counts(db: Database, sample: Sample) -> None:
    register = CalendarRegister(db)
    period = register.period(D(2026, 1, 5), D(2026, 1, 10))
    assert [s.id for s in period.seances] == [sample.sessions["s1"]]
    seance = period.seances[0]
    assert (seance.title, seance.kind, seance.venue) == (
        "Atelier théâtre",
        "periscolaire",
        "Centre social Les Tuileries",
    )
    assert (seance.starts_at, seance.ends_at) == (
        datetime(2026, 1, 7, 14, 0),
        datetime(2026, 1, 7, 16, 30),
    )
    assert seance.registered == 4  # the four pupils registered to the whole activity
    assert not seance.cancelled and period.zone == "C" and period.calendar_known
    cancelled = register.seances(D(2026, 2, 9), D(2026, 2, 14))
    assert [(s.id, s.cancelled, s.cancel_reason) for s in cancelled] == [
        (sample.sessions["s4"], True, "Grève")
    ]


def test_closed_days_of_zone_c(db: Database, sample: Sample) -> None:
    register = CalendarRegister(db)
    # The winter holidays of zone C start on Saturday 21 February 2026.
    assert register.closed_days(D(2026, 2, 16), D(2026, 2, 21)) == {
        D(2026, 2, 21): DayInfo("Vacances d'hiver")
    }
    week = register.closed_days(D(2026, 2, 23), D(2026, 2, 28))
    assert set(week) == {D(2026, 2, 23) + timedelta(days=n) for n in range(6)}
    christmas = register.closed_days(D(2025, 12, 22), D(2025, 12, 27))
    assert christmas[D(2025, 12, 25)] == DayInfo("Vacances de Noël", "Noël")
    assert christmas[D(2025, 12, 25)].describe() == "Vacances de Noël · Jour férié : Noël"
    easter = register.closed_days(D(2026, 4, 6), D(2026, 4, 11))
    assert easter == {D(2026, 4, 6): DayInfo(None, "lundi de Pâques")}
    ascension = register.closed_days(D(2026, 5, 11), D(2026, 5, 16))
    assert ascension == {
        D(2026, 5, 14): DayInfo("Pont de l'Ascension", "Ascension"),
        D(2026, 5, 15): DayInfo("Pont de l'Ascension"),
        D(2026, 5, 16): DayInfo("Pont de l'Ascension"),
    }


def test_alsace_moselle_keeps_good_friday(db: Database, sample: Sample) -> None:
    with db.session() as session:
        territory = session.query(Territory).one()
        territory.holiday_zone, territory.alsace_moselle = "B", True
    days = CalendarRegister(db).closed_days(D(2026, 4, 3), D(2026, 4, 3))
    assert days == {D(2026, 4, 3): DayInfo(None, "Vendredi saint")}


def test_without_territory_no_day_is_shaded(db: Database) -> None:
    register = CalendarRegister(db)
    period = register.period(D(2026, 2, 23), D(2026, 2, 28))
    assert period.days == {} and period.zone is None
    assert "aucun territoire" in period.zone_text


def test_conflicts_are_grouped_by_seance(db: Database, sample: Sample) -> None:
    s1 = sample.sessions["s1"]
    with db.session() as session:
        first = session.get(ActivitySession, s1)
        assert first is not None
        clash = ActivitySession(
            activity_id=first.activity_id,
            venue_id=first.venue_id,
            starts_at=datetime(2026, 1, 7, 15, 0),
            ends_at=datetime(2026, 1, 7, 17, 0),
        )
        session.add(clash)
        session.flush()
        clash_id = clash.id
    found = CalendarRegister(db).conflicts([s1, clash_id, sample.sessions["s2"]])
    venues = {key: [c.kind for c in value if c.kind == "venue"] for key, value in found.items()}
    assert {key: kinds for key, kinds in venues.items() if kinds} == {
        s1: ["venue"],
        clash_id: ["venue"],
    }


def test_session_detail(db: Database, sample: Sample) -> None:
    register = CalendarRegister(db)
    detail = register.session_detail(sample.sessions["s4"])
    assert detail is not None
    assert (detail.title, detail.cancelled, detail.cancel_reason) == (
        "Atelier théâtre",
        True,
        "Grève",
    )
    assert (detail.registered, detail.waiting, detail.following) == (4, 1, 1)
    assert register.session_detail(999_999) is None


def test_programme_lists(db: Database, sample: Sample) -> None:
    register = ProgrammeRegister(db)
    with db.session() as session:
        action = session.query(Action).one()
        action.budget_planned, action.budget_spent = Decimal("12000"), Decimal("2500.50")
    actions = register.actions()
    assert [(a.title, a.activities, a.budget_spent) for a in actions] == [
        ("Mercredis partagés", 2, Decimal("2500.50"))
    ]
    activities = register.activities(actions[0].id)
    assert [(a.title, a.registered, a.waiting, a.seances, a.invited) for a in activities] == [
        ("Atelier théâtre", 4, 1, 4, 0),
        ("Découverte des métiers du numérique", 1, 0, 3, 3),
    ]
    assert [v.name for v in register.venues()] == [
        "Centre social Les Tuileries",
        "Médiathèque Victor Hugo",
    ]
    choices = register.activity_choices()
    assert [c.label for c in choices] == ["Atelier théâtre", "Découverte des métiers du numérique"]
    assert choices[0].detail == "Mercredis partagés · 2025-2026"


def test_registration_helpers(db: Database, sample: Sample) -> None:
    register = ProgrammeRegister(db)
    schools = sample.establishments
    assert register.class_labels([schools["ferry"], schools["neruda"]]) == [
        "CM1 B",
        "CM2 A",
        "6e 2",
        "5e 1",
    ]
    s1 = sample.sessions["s1"]
    invited = register.invited_schools(0, s1)  # the séance's own list wins
    assert [c.label for c in invited] == ["Collège Pablo Neruda", "École élémentaire Jules Ferry"]
    pupils = sample.pupils
    with db.session() as session:
        session.add(Authorisation(pupil_id=pupils["eloise"], kind="participation"))
        session.add(
            Authorisation(pupil_id=pupils["adam"], kind="participation", valid_until=D(2026, 1, 1))
        )
    missing = register.without_participation(pupils.values(), D(2026, 1, 7))
    assert missing == set(pupils.values()) - {pupils["eloise"]}
    assert register.next_day(0, datetime(2026, 1, 1), s1) == D(2026, 1, 7)
