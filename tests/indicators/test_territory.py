"""A hand-built territory checked figure by figure against arithmetic done here by hand.

Schools (IPS of the latest rentrée; A also has an older, lower one that must be ignored):

    A  REP+     IPS 75   enrolment 100   pupils a1 a2 a3 a4 (+ a5, never present)
    B  REP      IPS 95   enrolment 50    pupils b1 b2 b3 b4
    C  hors EP  IPS 125  enrolment ?     pupils c1 c2 c3 c4
    D  hors EP  no IPS   enrolment 80    no pupil: never takes part

QPV flags: a1 a2 a3 a5 b1 oui; a4 b2 b3 c1-c4 non; b4 inconnu.
Sexes: a1 a3 b1 b2 c1 c3 F; a2 a4 b3 b4 c2 c4 M.

Séances of 2025-2026 (presences; everything else is absent, cancelled or out of the year):

    S1  théâtre   1 Oct 2025 14h-16h (2 h)   a1 a2 b1 c1
    S2  théâtre   8 Oct 2025 14h-16h (2 h)   a1 a3 a4 b2 b3 c2 (c2 stayed 60 minutes)
    S3  métiers   5 Nov 2025 9h-12h  (3 h)   a2 b1 b4 c1 c3 c4

16 participations, 12 participants.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from cites_app.db.database import Database
from cites_app.indicators.territory import (
    TerritoryIndicators,
    load_frame,
    territory_indicators,
)
from cites_app.indicators.territory_frame import ChoiceError
from cites_app.indicators.territory_period import Period, PeriodError
from cites_app.models import (
    Action,
    Activity,
    ActivitySession,
    Attendance,
    Establishment,
    EstablishmentIps,
    Pupil,
)
from cites_app.settings import SMALL_GROUP, set_setting

UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def uai(digits: str) -> str:
    return digits + UAI_LETTERS[int(digits) % 23]


def build_territory(database: Database) -> dict[str, int]:
    """Insert the territory of the module docstring; return the séance ids by name."""
    with database.session() as s:
        schools = {
            "A": Establishment(uai=uai("0930001"), name="École A", kind="elementaire",
                               education_prioritaire="REP+", enrolment=100),
            "B": Establishment(uai=uai("0930002"), name="École B", kind="elementaire",
                               education_prioritaire="REP", enrolment=50),
            "C": Establishment(uai=uai("0930003"), name="Collège C", kind="college",
                               education_prioritaire="hors EP"),
            "D": Establishment(uai=uai("0930004"), name="École D", kind="maternelle",
                               education_prioritaire="hors EP", enrolment=80),
        }  # fmt: skip
        s.add_all(schools.values())
        s.flush()
        s.add_all(
            [
                EstablishmentIps(establishment_id=schools["A"].id, rentree="2021-2022", ips=70.0),
                EstablishmentIps(
                    establishment_id=schools["A"].id, rentree="2022-2023", ips=75.0, ips_sd=20.0
                ),
                EstablishmentIps(establishment_id=schools["B"].id, rentree="2022-2023", ips=95.0),
                EstablishmentIps(establishment_id=schools["C"].id, rentree="2022-2023", ips=125.0),
            ]
        )
        flags = {"a1": "oui", "a2": "oui", "a3": "oui", "a4": "non", "a5": "oui",
                 "b1": "oui", "b2": "non", "b3": "non", "b4": "inconnu",
                 "c1": "non", "c2": "non", "c3": "non", "c4": "non"}  # fmt: skip
        girls = {"a1", "a3", "a5", "b1", "b2", "c1", "c3"}
        pupils = {
            name: Pupil(
                last_name=name.upper(),
                first_name="Élève",
                sex="F" if name in girls else "M",
                niveau="CM1" if name[0] != "c" else "6e",
                qpv=flag,
                establishment_id=schools[name[0].upper()].id,
            )
            for name, flag in flags.items()
        }
        s.add_all(pupils.values())
        action = Action(title="Mixité", axis="possibles")
        theatre = Activity(action=action, title="Atelier théâtre", kind="periscolaire")
        jobs = Activity(action=action, title="Découverte des métiers", kind="orientation")
        sessions = {
            "S0": ActivitySession(activity=theatre, starts_at=datetime(2025, 6, 10, 14),
                                  ends_at=datetime(2025, 6, 10, 16)),
            "S1": ActivitySession(activity=theatre, starts_at=datetime(2025, 10, 1, 14),
                                  ends_at=datetime(2025, 10, 1, 16)),
            "S2": ActivitySession(activity=theatre, starts_at=datetime(2025, 10, 8, 14),
                                  ends_at=datetime(2025, 10, 8, 16)),
            "S3": ActivitySession(activity=jobs, starts_at=datetime(2025, 11, 5, 9),
                                  ends_at=datetime(2025, 11, 5, 12)),
            "S4": ActivitySession(activity=theatre, starts_at=datetime(2025, 10, 15, 14),
                                  ends_at=datetime(2025, 10, 15, 16), cancelled=True),
        }  # fmt: skip
        s.add_all(sessions.values())
        present = {
            "S0": ["a1", "b1"],  # previous school year
            "S1": ["a1", "a2", "b1", "c1"],
            "S2": ["a1", "a3", "a4", "b2", "b3", "c2"],
            "S3": ["a2", "b1", "b4", "c1", "c3", "c4"],
            "S4": ["a1"],  # cancelled séance: its presence must not count
        }
        for session_name, names in present.items():
            for name in names:
                minutes = 60 if (session_name, name) == ("S2", "c2") else None
                s.add(
                    Attendance(
                        session=sessions[session_name],
                        pupil=pupils[name],
                        status="present",
                        minutes=minutes,
                    )
                )
        s.add(Attendance(session=sessions["S1"], pupil=pupils["a3"], status="absent_excuse"))
        s.add(Attendance(session=sessions["S1"], pupil=pupils["a5"], status="absent_non_excuse"))
        s.flush()
        return {name: session.id for name, session in sessions.items()}


def local_score(counts: Sequence[float], overall: Sequence[float]) -> float:
    """``L = Σ π ln(π / p)`` over the categories present in the unit (written out by hand)."""
    n, total = sum(counts), sum(overall)
    return sum(
        c / n * math.log((c / n) / (o / total)) for c, o in zip(counts, overall, strict=True) if c
    )


def entropy(overall: Sequence[float]) -> float:
    total = sum(overall)
    return -sum(o / total * math.log(o / total) for o in overall if o)


def mutual_information(units: Sequence[Sequence[float]]) -> float:
    overall = [sum(column) for column in zip(*units, strict=True)]
    total = sum(overall)
    return float(sum(sum(u) / total * local_score(u, overall) for u in units if sum(u)))


@pytest.fixture
def territory(db: Database) -> tuple[Database, dict[str, int]]:
    return db, build_territory(db)


def _indicators(database: Database, *, shuffles: int = 200, **options: Any) -> TerritoryIndicators:
    result: TerritoryIndicators = territory_indicators(database, shuffles=shuffles, **options)
    return result


def test_schools_figure_by_figure(territory: tuple[Database, dict[str, int]]) -> None:
    database, _ = territory
    result = _indicators(database)
    schools = {s.name: s for s in result.schools}
    assert list(schools) == ["Collège C", "École A", "École B", "École D"]  # by name
    a, b, c, d = schools["École A"], schools["École B"], schools["Collège C"], schools["École D"]
    # Distinct pupils present: a1-a4 (a5 was only absent), b1-b4, c1-c4.
    assert (a.participants, b.participants, c.participants, d.participants) == (4, 4, 4, 0)
    # Participants / enrolment: 4/100, 4/50; C has no enrolment; D 0/80.
    assert a.participation_rate == pytest.approx(0.04)
    assert b.participation_rate == pytest.approx(0.08)
    assert c.participation_rate is None
    assert d.participation_rate == 0.0
    # Participations: A 2 (S1) + 3 (S2) + 1 (S3); B 1 + 2 + 2; C 1 + 1 + 3.
    assert (a.participations, b.participations, c.participations) == (6, 5, 5)
    assert (a.sessions, b.sessions, c.sessions, d.sessions) == (3, 3, 3, 0)
    # Hours: A 2×2 + 3×2 + 1×3 = 13; B 1×2 + 2×2 + 2×3 = 12; C 2 + 1 (60 min) + 3×3 = 12.
    assert (a.hours, b.hours, c.hours, d.hours) == (13.0, 12.0, 12.0, 0.0)
    assert (a.other_schools_met, b.other_schools_met, c.other_schools_met) == (2, 2, 2)
    assert d.other_schools_met == 0
    # Share of séance peers from another school, per participation, averaged:
    # A: S1 a1,a2 (4−2)/3 each; S2 a1,a3,a4 (6−3)/5 each; S3 a2 (6−1)/5 → (2·2/3 + 3·3/5 + 1)/6.
    assert a.exposure_to_other_schools == pytest.approx((2 * 2 / 3 + 3 * 3 / 5 + 1) / 6)
    # B: S1 b1 3/3; S2 b2,b3 4/5; S3 b1,b4 4/5 → (1 + 4·4/5)/5 = 0.84.
    assert b.exposure_to_other_schools == pytest.approx(0.84)
    # C: S1 c1 3/3; S2 c2 5/5; S3 c1,c3,c4 3/5 → (1 + 1 + 3·3/5)/5 = 0.76.
    assert c.exposure_to_other_schools == pytest.approx(0.76)
    assert d.exposure_to_other_schools is None
    # Latest IPS (2022-2023: 75, not 70) and éducation prioritaire.
    assert (a.ips, a.ips_sd, a.ips_rentree, a.ips_band) == (75.0, 20.0, "2022-2023", "IPS < 80")
    assert (c.ips_band, d.ips_band, d.ips) == ("IPS ≥ 120", "sans IPS", None)
    assert (a.education_prioritaire, b.education_prioritaire) == ("REP+", "REP")
    assert [s.name for s in result.schools_not_taking_part] == ["École D"]


def test_sessions_figure_by_figure(territory: tuple[Database, dict[str, int]]) -> None:
    database, ids = territory
    result = _indicators(database, small_group=5)
    sessions = {s.id: s for s in result.sessions}
    # S0 (other year) and S4 (cancelled) are not there; séances come in start order.
    assert [s.id for s in result.sessions] == [ids["S1"], ids["S2"], ids["S3"]]
    s1, s2, s3 = (sessions[ids[name]] for name in ("S1", "S2", "S3"))
    assert (s1.date, s1.starts_at, s1.activity, s1.activity_kind) == (
        "2025-10-01",
        "2025-10-01T14:00",
        "Atelier théâtre",
        "periscolaire",
    )
    assert (s1.duration_hours, s2.duration_hours, s3.duration_hours) == (2.0, 2.0, 3.0)
    assert (s1.hours, s2.hours, s3.hours) == (8.0, 11.0, 18.0)  # S2: 5 × 2 h + 1 h
    assert (s1.mix.participants, s2.mix.participants, s3.mix.participants) == (4, 6, 6)
    assert (s1.mix.schools, s2.mix.schools, s3.mix.schools) == (3, 3, 3)
    # Largest school: S1 A 2/4; S2 A 3/6; S3 C 3/6.
    assert s1.mix.largest_school_share == s2.mix.largest_school_share == 0.5
    # C = Σ n_k (n − n_k) / (n (n − 1)): S1 (2·2 + 1·3 + 1·3)/12; S2 (3·3 + 2·4 + 1·5)/30.
    assert s1.mix.contact_rate == pytest.approx(10 / 12)
    assert s2.mix.contact_rate == pytest.approx(22 / 30)
    assert s3.mix.contact_rate == pytest.approx(22 / 30)
    # Entropy of schools over ln min(n, K = 3 schools taking part).
    e1 = -(0.5 * math.log(0.5) + 2 * 0.25 * math.log(0.25))
    assert s1.mix.school_entropy == pytest.approx(e1 / math.log(3))
    # QPV share over known flags: S1 3/4; S2 2/6; S3 2/5 (b4 unknown, counted apart).
    assert s1.mix.qpv_share == pytest.approx(0.75)
    assert s2.mix.qpv_share == pytest.approx(2 / 6)
    assert s3.mix.qpv_share == pytest.approx(0.4)
    assert s3.mix.qpv_unknown == 1
    assert (s1.mix.girls, s1.mix.boys, s2.mix.girls, s2.mix.boys) == (3, 1, 3, 3)
    # IPS of the children's schools: S1 75 75 95 125 → mean 92.5, variance 8975 − 92.5².
    assert s1.mix.ips_mean == pytest.approx(92.5)
    assert s1.mix.ips_sd == pytest.approx(math.sqrt(35900 / 4 - 92.5**2))
    assert s2.mix.ips_mean == pytest.approx(90.0)  # (3·75 + 2·95 + 125) / 6
    assert s2.mix.ips_sd == pytest.approx(math.sqrt(50550 / 6 - 90.0**2))
    # L against the period's composition (QPV, hors QPV, inconnu) = (7, 8, 1).
    overall = [7, 8, 1]
    assert pytest.approx(local_score([3, 1, 0], overall)) == s1.mix.L
    assert pytest.approx(local_score([2, 4, 0], overall)) == s2.mix.L
    assert pytest.approx(local_score([2, 3, 1], overall)) == s3.mix.L
    for s in (s1, s2, s3):
        interval = s.mix.L_random
        assert interval is not None and interval.low <= interval.mean <= interval.high
        assert s.mix.L_position in ("below", "within", "above")
    assert (s1.mix.small_group, s2.mix.small_group, s3.mix.small_group) == (True, False, False)


def test_territory_figures_by_pupils(territory: tuple[Database, dict[str, int]]) -> None:
    database, _ = territory
    t = _indicators(database).territory
    assert (t.period, t.start, t.end) == ("2025-2026", "2025-09-01", "2026-08-31")
    assert (t.participants, t.participations, t.sessions, t.activities) == (12, 16, 3, 2)
    assert t.hours == 37.0  # 13 + 12 + 12
    assert t.categories == {"QPV": 7.0, "hors QPV": 8.0, "QPV inconnu": 1.0}
    # Participations by school (QPV, hors QPV, inconnu): A (5, 1, 0), B (2, 2, 1), C (0, 5, 0).
    by_school = [[5, 1, 0], [2, 2, 1], [0, 5, 0]]
    # … and by séance: S1 (3, 1, 0), S2 (2, 4, 0), S3 (2, 3, 1).
    by_session = [[3, 1, 0], [2, 4, 0], [2, 3, 1]]
    e = entropy([7, 8, 1])
    h_schools = mutual_information(by_school) / e
    h_sessions = mutual_information(by_session) / e
    assert pytest.approx(e) == t.E
    assert t.M_schools == pytest.approx(mutual_information(by_school))
    assert t.H_schools == pytest.approx(h_schools)
    assert t.M_sessions == pytest.approx(mutual_information(by_session))
    assert t.H_sessions == pytest.approx(h_sessions)
    assert t.mixing_gain == pytest.approx(h_schools - h_sessions)
    assert h_schools - h_sessions > 0  # the séances mix more than the schools
    random_h = t.H_sessions_random
    assert random_h is not None and random_h.low <= random_h.mean <= random_h.high
    assert t.mixing_gain_random == pytest.approx(h_schools - random_h.mean)
    assert 0 <= (t.share_random_at_least_observed or 0) <= 1
    # Contact rate over participations: (4·10/12 + 6·22/30 + 6·22/30) / 16.
    assert t.contact_rate == pytest.approx((4 * 10 / 12 + 12 * 22 / 30) / 16)
    # At random: 1 − Σ N_k (N_k − 1) / (N (N − 1)) with N_k = 6, 5, 5 participations.
    assert t.contact_rate_random == pytest.approx(1 - (30 + 20 + 20) / (16 * 15))
    # QPV (oui) against hors QPV (b4 left out): by school A (5, 1), B (2, 2), C (0, 5);
    # xPy = 5/7 · 1/6 + 2/7 · 2/4 = 11/42. By séance (3, 1), (2, 4), (2, 3):
    # 3/7 · 1/4 + 2/7 · 4/6 + 2/7 · 3/5.
    qpv = t.exposure_qpv
    assert qpv.by_school == pytest.approx(11 / 42)
    assert qpv.by_session == pytest.approx(3 / 28 + 8 / 42 + 6 / 35)
    assert qpv.gain == pytest.approx(3 / 28 + 8 / 42 + 6 / 35 - 11 / 42)
    # REP or REP+ (schools A, B) against hors EP (C): none of them in the same school (0);
    # by séance (3, 1), (5, 1), (3, 3): 3/11 · 1/4 + 5/11 · 1/6 + 3/11 · 3/6 = 37/132.
    rep = t.exposure_rep
    assert rep.by_school == 0.0
    assert rep.by_session == pytest.approx(37 / 132)
    # Coverage: A, B, C take part among the 4 schools of the territory.
    assert (t.schools_in_territory, t.schools_taking_part, t.coverage) == (4, 3, 0.75)
    assert t.participants_without_school == 0
    assert any("QPV inconnu" in note for note in t.notes)


def test_territory_figures_by_hours(territory: tuple[Database, dict[str, int]]) -> None:
    database, _ = territory
    t = _indicators(database, weight="hours").territory
    # Hours by school (QPV, hors QPV, inconnu): A S1 2+2, S2 2+2 | 2, S3 3 → (11, 2, 0);
    # B S1 2, S2 | 2+2, S3 3 | | 3 → (5, 4, 3); C 2 + 1 + 3·3 → (0, 12, 0).
    by_school = [[11, 2, 0], [5, 4, 3], [0, 12, 0]]
    # By séance: S1 (3·2, 1·2, 0); S2 (2·2, 3·2 + 1, 0); S3 (2·3, 3·3, 1·3).
    by_session = [[6, 2, 0], [4, 7, 0], [6, 9, 3]]
    e = entropy([16, 18, 3])
    assert t.categories == {"QPV": 16.0, "hors QPV": 18.0, "QPV inconnu": 3.0}
    assert t.H_schools == pytest.approx(mutual_information(by_school) / e)
    assert t.H_sessions == pytest.approx(mutual_information(by_session) / e)
    assert t.mixing_gain == pytest.approx(
        (mutual_information(by_school) - mutual_information(by_session)) / e
    )
    # Exposure by hours, QPV against hors QPV: by school A (11, 2), B (5, 4): X = 16.
    assert t.exposure_qpv.by_school == pytest.approx(11 / 16 * 2 / 13 + 5 / 16 * 4 / 9)


def test_education_prioritaire_category(territory: tuple[Database, dict[str, int]]) -> None:
    database, _ = territory
    t = _indicators(database, category="ep", shuffles=0).territory
    # Every school holds one status only: complete separation between schools.
    assert t.H_schools == pytest.approx(1.0)
    # By séance (REP+, REP, hors EP): S1 (2, 1, 1), S2 (3, 2, 1), S3 (1, 2, 3).
    by_session = [[2, 1, 1], [3, 2, 1], [1, 2, 3]]
    assert t.H_sessions == pytest.approx(mutual_information(by_session) / entropy([6, 5, 5]))
    assert t.H_sessions_random is None and t.mixing_gain_random is None


def test_activities_and_months(territory: tuple[Database, dict[str, int]]) -> None:
    database, _ = territory
    result = _indicators(database)
    theatre, jobs = result.activities
    assert (theatre.title, jobs.title) == ("Atelier théâtre", "Découverte des métiers")
    assert (theatre.sessions, theatre.participations, theatre.hours) == (2, 10, 19.0)
    # Distinct children of the théâtre: a1 a2 a3 a4 b1 b2 b3 c1 c2 — A holds 4 of 9.
    assert (theatre.mix.participants, theatre.mix.schools) == (9, 3)
    assert theatre.mix.largest_school_share == pytest.approx(4 / 9)
    # Its séances' contact rates weighted by their children: (4·10/12 + 6·22/30) / 10.
    assert theatre.mix.contact_rate == pytest.approx((4 * 10 / 12 + 6 * 22 / 30) / 10)
    assert theatre.mix.qpv_share == pytest.approx(4 / 9)  # a1 a2 a3 b1
    assert (theatre.mix.girls, theatre.mix.boys) == (5, 4)
    # L of the activity's participations, S1 + S2 = (5, 5, 0), against (7, 8, 1).
    assert pytest.approx(local_score([5, 5, 0], [7, 8, 1])) == theatre.mix.L
    assert (jobs.sessions, jobs.participations, jobs.hours, jobs.mix.participants) == (
        1,
        6,
        18.0,
        6,
    )
    october, november = result.months
    assert (october.month, october.sessions, october.participants) == ("2025-10", 2, 9)
    assert (october.participations, october.hours) == (10, 19.0)
    assert october.H_sessions == pytest.approx(
        mutual_information([[3, 1], [2, 4]]) / entropy([5, 5])
    )
    # One séance in November: nothing to compare it with.
    assert (november.month, november.participants, november.H_sessions) == ("2025-11", 6, 0.0)


def test_explicit_period_and_default_year(territory: tuple[Database, dict[str, int]]) -> None:
    database, ids = territory
    october = _indicators(database, period=Period(date(2025, 10, 1), date(2025, 10, 31)))
    assert [s.id for s in october.sessions] == [ids["S1"], ids["S2"]]
    assert october.territory.period == "du 01/10/2025 au 31/10/2025"
    # The last school year with a presence is 2025-2026, not 2024-2025 (S0).
    assert _indicators(database).territory.period == "2025-2026"
    previous = _indicators(database, year="2024-2025")
    assert (previous.territory.participants, previous.territory.sessions) == (2, 1)


def test_errors_are_french(territory: tuple[Database, dict[str, int]]) -> None:
    database, _ = territory
    with pytest.raises(PeriodError, match="Année scolaire invalide « 2025 »"):
        _indicators(database, year="2025")
    with pytest.raises(PeriodError, match="Année scolaire invalide"):
        _indicators(database, year="2025-2027")
    with pytest.raises(
        PeriodError, match="Aucune présence enregistrée entre le 01/09/2020 et le 31/08/2021"
    ):
        _indicators(database, year="2020-2021")
    with pytest.raises(ChoiceError, match="Catégorie inconnue « csp »"):
        _indicators(database, category="csp")
    with pytest.raises(ChoiceError, match="Pondération inconnue"):
        _indicators(database, weight="minutes")


def test_empty_database_says_so(db: Database) -> None:
    with pytest.raises(PeriodError, match="Aucune présence enregistrée dans la base"):
        territory_indicators(db)


def test_settings_drive_defaults(territory: tuple[Database, dict[str, int]]) -> None:
    database, _ = territory
    with database.session() as session:
        set_setting(session, SMALL_GROUP, 5)
    result = territory_indicators(database, shuffles=50)
    assert [s.mix.small_group for s in result.sessions] == [True, False, False]
    assert result.territory.shuffles == 50


def test_same_seed_same_figures(territory: tuple[Database, dict[str, int]]) -> None:
    database, _ = territory
    first = _indicators(database, seed=7).to_dict()
    assert _indicators(database, seed=7).to_dict() == first
    assert _indicators(database, seed=8).to_dict()["territory"] != first["territory"]


def test_a_pupil_without_school(territory: tuple[Database, dict[str, int]]) -> None:
    database, ids = territory
    with database.session() as s:
        lone = Pupil(last_name="Z", first_name="Élève", sex="F", qpv="oui")
        s.add(lone)
        s.flush()
        s.add(Attendance(session_id=ids["S1"], pupil_id=lone.id, status="present"))
    result = _indicators(database, shuffles=0)
    t = result.territory
    # Counted as a participant, left out of the comparisons between schools and séances.
    assert (t.participants, t.participations, t.participants_without_school) == (13, 17, 1)
    assert t.H_schools == pytest.approx(
        mutual_information([[5, 1, 0], [2, 2, 1], [0, 5, 0]]) / entropy([7, 8, 1])
    )
    s1 = result.sessions[0]
    assert (s1.mix.participants, s1.mix.girls) == (5, 4)
    assert s1.mix.qpv_share == pytest.approx(0.8)
    assert s1.mix.contact_rate == pytest.approx(10 / 12)  # still the 4 children with a school
    assert any("sans établissement" in note for note in t.notes)


def test_frame_switches_category_without_new_query(
    territory: tuple[Database, dict[str, int]],
) -> None:
    database, _ = territory
    frame = load_frame(database, "2025-2026")
    sex = frame.with_choice("sex", "pupils")
    assert sex.labels == ("filles", "garçons")
    assert frame.with_choice("niveau", "hours").labels == ("CM1", "6e")
    assert frame.with_choice("ips", "pupils").labels == ("IPS < 80", "IPS 80–100", "IPS ≥ 120")


def test_schools_outside_the_territory(territory: tuple[Database, dict[str, int]]) -> None:
    database, _ = territory
    with database.session() as s:
        college = s.scalars(select(Establishment).where(Establishment.name == "Collège C")).one()
        college.in_territory = False
    result = _indicators(database, shuffles=0)
    t = result.territory
    # C still appears (its pupils took part) but does not count in the coverage: A, B of A, B, D.
    assert [s.in_territory for s in result.schools if s.name == "Collège C"] == [False]
    assert (t.schools_in_territory, t.schools_taking_part, t.schools_outside_territory) == (3, 2, 1)
    assert t.coverage == pytest.approx(2 / 3)


def test_only_children_without_a_school(db: Database) -> None:
    with db.session() as s:
        action = Action(title="Mixité", axis="possibles")
        activity = Activity(action=action, title="Ciné-club", kind="autre")
        session = ActivitySession(
            activity=activity,
            starts_at=datetime(2026, 3, 4, 14),
            ends_at=datetime(2026, 3, 4, 15, 30),
        )
        for name in ("X", "Y"):
            s.add(
                Attendance(
                    session=session,
                    pupil=Pupil(last_name=name, first_name="Élève", qpv="non"),
                    status="present",
                )
            )
    result = _indicators(db)
    t = result.territory
    assert (t.participants, t.participants_without_school, t.hours) == (2, 2, 3.0)
    # Nothing to compare: every cross-school and category figure is undefined, none fails.
    assert (t.H_schools, t.H_sessions, t.H_sessions_random, t.contact_rate) == (None,) * 4
    assert t.exposure_qpv.by_session is None
    (session_row,) = result.sessions
    assert (session_row.mix.participants, session_row.mix.schools) == (2, 0)
    assert session_row.mix.contact_rate is None and session_row.mix.L is None
