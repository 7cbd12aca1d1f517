"""The registers on a hand-built territory, without Qt."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from cites_app.db.database import Database
from cites_app.registers import formatting
from cites_app.registers.establishments import EstablishmentRegister, EstablishmentSort
from cites_app.registers.overview import SchoolYear, load_overview, load_territory, school_years
from cites_app.registers.pupils import PupilFilter, PupilRegister, PupilSort
from cites_app.registers.sessions import (
    SessionFilter,
    SessionPeriod,
    SessionRegister,
    SessionSort,
    SessionStatus,
)
from cites_app.registers.text import fold
from tests.registers.sample import NOW, Sample, clock


def _names(register: PupilRegister, ids: list[int]) -> list[str]:
    rows = register.rows(ids)
    return [f"{rows[i].first_name} {rows[i].last_name}" for i in ids]


def test_fold_removes_accents_case_and_ligatures() -> None:
    assert fold("Éloïse LEFÈVRE") == "eloise lefevre"
    assert fold("Cœur") == "coeur"


def test_pupil_search_ignores_accents_and_case(db: Database, sample: Sample) -> None:
    register = PupilRegister(db)
    assert _names(register, register.ids(PupilFilter(search="eloise"))) == ["Éloïse Lefèvre"]
    assert _names(register, register.ids(PupilFilter(search="LEFEVRE élo"))) == ["Éloïse Lefèvre"]
    assert _names(register, register.ids(PupilFilter(search="el"))) == [
        "Éloïse Lefèvre",
        "Élodie Roux",
    ]
    assert register.ids(PupilFilter(search="zzz")) == []


def test_pupils_are_sorted_like_a_french_reader_expects(db: Database, sample: Sample) -> None:
    register = PupilRegister(db)
    by_first = _names(register, register.ids(sort=PupilSort.FIRST_NAME))
    # SQLite's lower() would have put the É names after Zoé.
    assert by_first == [
        "Adam Benali",
        "Élodie Roux",
        "Éloïse Lefèvre",
        "Inès Garçon",
        "Noé Petit",
        "Zoé Martin",
    ]
    by_last_desc = _names(register, register.ids(sort=PupilSort.LAST_NAME, descending=True))
    assert by_last_desc[0] == "Élodie Roux" and by_last_desc[-1] == "Adam Benali"
    by_niveau = _names(register, register.ids(sort=PupilSort.NIVEAU))
    assert by_niveau == [
        "Zoé Martin",  # CM1
        "Inès Garçon",  # CM2, names in order within the niveau
        "Éloïse Lefèvre",
        "Adam Benali",  # 6e
        "Élodie Roux",  # 5e
        "Noé Petit",  # 2de
    ]
    by_school = _names(register, register.ids(sort=PupilSort.ESTABLISHMENT))
    assert by_school[:2] == ["Adam Benali", "Élodie Roux"]  # Collège before École
    assert by_school[-1] == "Noé Petit"  # Lycée last
    by_birth = _names(register, register.ids(sort=PupilSort.BIRTH_DATE))
    assert by_birth[:2] == ["Noé Petit", "Élodie Roux"]  # 2010, then 2013 (year only)


def test_pupil_filters_combine(db: Database, sample: Sample) -> None:
    register = PupilRegister(db)
    ferry = sample.establishments["ferry"]
    ids = register.ids(PupilFilter(establishment_id=ferry, niveau="CM2", qpv="oui"))
    assert _names(register, ids) == ["Inès Garçon", "Éloïse Lefèvre"]
    assert register.niveau_choices() == ["CM1", "CM2", "6e", "5e", "2de"]
    assert [name for _, name in register.establishment_choices()] == [
        "Collège Pablo Neruda",
        "École élémentaire Jules Ferry",
        "Lycée Henri Matisse",
    ]


def test_pupil_search_sees_pupils_added_later(db: Database, sample: Sample) -> None:
    from cites_app.models import Pupil  # noqa: PLC0415

    register = PupilRegister(db)
    assert register.ids(PupilFilter(search="chloé")) == []
    with db.session() as session:
        session.add(Pupil(last_name="Nguyen", first_name="Chloé"))
    assert _names(register, register.ids(PupilFilter(search="chloe"))) == ["Chloé Nguyen"]


def test_establishments_list_search_and_sort(db: Database, sample: Sample) -> None:
    register = EstablishmentRegister(db)
    rows = register.fetch()
    assert [row.name for row in rows] == [
        "Collège Jean Moulin",
        "Collège Pablo Neruda",
        "École élémentaire Jules Ferry",
        "École maternelle Pasteur",
        "Lycée Henri Matisse",
    ]
    ferry = next(row for row in rows if row.name.startswith("École élémentaire"))
    assert (ferry.ips, ferry.ips_rentree, ferry.pupils) == (74.06, "2024-2025", 3)
    assert [row.name for row in register.fetch(search="viry chatillon")] == ["Lycée Henri Matisse"]
    assert [row.name for row in register.fetch(search="0910002")] == ["Collège Pablo Neruda"]
    by_ips = [row.ips for row in register.fetch(sort=EstablishmentSort.IPS, descending=True)]
    assert by_ips == [121.3, 85.6, 74.06, None, None]  # unknown IPS last in both directions
    by_ips_up = [row.ips for row in register.fetch(sort=EstablishmentSort.IPS)]
    assert by_ips_up == [74.06, 85.6, 121.3, None, None]


def test_establishments_list_each_schools_participation(db: Database, sample: Sample) -> None:
    register = EstablishmentRegister(db)
    rows = {row.name: (row.pupils, row.registered, row.attended) for row in register.fetch()}
    # Inès waits for a place: recorded, not registered; Zoé is registered but never came.
    assert rows == {
        "École élémentaire Jules Ferry": (3, 2, 1),
        "Collège Pablo Neruda": (2, 2, 1),
        "Lycée Henri Matisse": (1, 1, 1),
        "École maternelle Pasteur": (0, 0, 0),
        "Collège Jean Moulin": (0, 0, 0),
    }
    by_registered = register.fetch(sort=EstablishmentSort.REGISTERED, descending=True)
    assert [row.registered for row in by_registered] == [2, 2, 1, 0, 0]
    by_attended = register.fetch(sort=EstablishmentSort.ATTENDED)
    assert [row.attended for row in by_attended] == [0, 0, 1, 1, 1]


def test_session_rows_counts_and_status(db: Database, sample: Sample) -> None:
    register = SessionRegister(db, clock)
    rows = register.rows(list(sample.sessions.values()))
    s1, s3 = rows[sample.sessions["s1"]], rows[sample.sessions["s3"]]
    assert (s1.invited, s1.registered, s1.present, s1.status) == (2, 4, 2, SessionStatus.TAKEN)
    # S3 inherits its activity's three invited schools; one pupil for the séance, one for all.
    assert (s3.invited, s3.registered, s3.present, s3.status) == (3, 2, 0, SessionStatus.MISSING)
    assert rows[sample.sessions["s4"]].status is SessionStatus.CANCELLED
    assert rows[sample.sessions["s5"]].status is SessionStatus.UPCOMING


def test_session_periods_kinds_search_and_sort(db: Database, sample: Sample) -> None:
    register = SessionRegister(db, clock)
    ids = sample.sessions
    assert register.ids() == [ids["s5"], ids["s6"]]  # upcoming by default, soonest first
    past = register.ids(SessionFilter(period=SessionPeriod.PAST), SessionSort.DATE, True)
    assert past == [ids["s4"], ids["s3"], ids["s2"], ids["s1"], ids["s7"]]
    missing = register.ids(SessionFilter(period=SessionPeriod.MISSING_ATTENDANCE))
    assert missing == [ids["s3"]]
    every = SessionFilter(period=SessionPeriod.ALL)
    orientation = register.ids(SessionFilter(kind="orientation", period=SessionPeriod.ALL))
    assert orientation == [ids["s7"], ids["s3"], ids["s6"]]
    assert (
        register.ids(SessionFilter(search="mediatheque", period=SessionPeriod.ALL)) == orientation
    )
    assert register.ids(SessionFilter(search="theatre", period=SessionPeriod.ALL))[0] == ids["s1"]
    by_present = register.ids(every, SessionSort.PRESENT, descending=True)
    assert by_present[:2] == [ids["s2"], ids["s1"]]
    by_time = register.ids(every, SessionSort.TIME)
    assert by_time[:2] == [ids["s7"], ids["s6"]]  # 9h00 first
    by_activity = register.ids(every, SessionSort.ACTIVITY)
    assert by_activity[0] == ids["s1"] and by_activity[-1] == ids["s6"]
    by_status = register.ids(every, SessionSort.STATUS)
    assert by_status[:2] == [ids["s5"], ids["s6"]]  # à venir first


def test_overview_figures(db: Database, sample: Sample) -> None:
    overview = load_overview(db, NOW)
    assert overview.territory is not None
    assert overview.territory.name == "Cité éducative de Grigny"
    assert overview.territory.communes == ["Grigny", "Viry-Châtillon"]
    assert overview.school_year.label == "2025-2026"
    # The private collège outside the territory is not counted.
    assert (overview.establishments, overview.ecoles, overview.colleges, overview.lycees) == (
        4,
        2,
        1,
        1,
    )
    assert (overview.pupils, overview.pupils_registered) == (6, 5)
    assert (overview.sessions_done, overview.sessions_upcoming, overview.sessions_cancelled) == (
        3,
        2,
        1,
    )
    assert overview.sessions_missing == 1 and overview.missing_attendance_all_years == 1
    assert (overview.presences, overview.attendance_records) == (4, 6)
    assert overview.attendance_rate == pytest.approx(4 / 6)
    # 2 × 2h30 at séance 1; 1h (partial) + 2h30 at séance 2.
    assert overview.hours == pytest.approx(8.5)
    assert overview.schools_brought_together == 3
    assert [row.id for row in overview.next_sessions] == [
        sample.sessions["s5"],
        sample.sessions["s6"],
    ]


def test_overview_of_a_previous_year_and_of_an_empty_database(db: Database) -> None:
    empty = load_overview(db, NOW)
    assert empty.territory is None and load_territory(db) is None
    assert empty.attendance_rate is None and empty.hours == 0
    assert school_years(db, NOW.date()) == [SchoolYear(2025)]


def test_school_years_listed_from_sessions(db: Database, sample: Sample) -> None:
    assert school_years(db, NOW.date()) == [SchoolYear(2025), SchoolYear(2024)]
    previous = load_overview(db, NOW, SchoolYear(2024))
    assert (previous.sessions_taken, previous.presences, previous.hours) == (1, 1, 3.0)
    assert SchoolYear.containing(date(2026, 8, 31)).label == "2025-2026"
    assert SchoolYear.containing(date(2026, 9, 1)).label == "2026-2027"


def test_french_formatting() -> None:
    start = datetime(2026, 1, 7, 14, 0)
    assert formatting.short_date(start.date()) == "mer. 7 janv. 2026"
    assert formatting.long_date(date(2026, 3, 1)) == "dimanche 1er mars 2026"
    assert formatting.time_range(start, datetime(2026, 1, 7, 16, 30)) == "14h00–16h30"
    assert formatting.decimal(74.06) == "74,1"
    assert formatting.integer(25000) == "25\u202f000"
    assert formatting.percent(4 / 6) == "67\u00a0%"


def test_pupils_missing_a_valid_authorisation(db: Database, sample: Sample) -> None:
    from cites_app.models import Authorisation  # noqa: PLC0415

    on = date(2026, 3, 10)
    with db.session() as session:
        session.add_all(
            [
                # Valid on the day: Éloïse is not missing it.
                Authorisation(pupil_id=sample.pupils["eloise"], kind="participation",
                              granted=True, valid_from=date(2025, 9, 1),
                              valid_until=date(2026, 8, 31)),
                # Expired, refused, or of another kind: still missing.
                Authorisation(pupil_id=sample.pupils["zoe"], kind="participation",
                              granted=True, valid_until=date(2026, 1, 31)),
                Authorisation(pupil_id=sample.pupils["adam"], kind="participation",
                              granted=False),
                Authorisation(pupil_id=sample.pupils["noe"], kind="droit_image", granted=True),
            ]
        )  # fmt: skip
    register = PupilRegister(db)
    missing = set(register.ids(PupilFilter(missing_authorisation="participation", on=on)))
    everyone = set(register.ids(PupilFilter()))
    assert missing == everyone - {sample.pupils["eloise"]}
    no_image = set(register.ids(PupilFilter(missing_authorisation="droit_image", on=on)))
    assert no_image == everyone - {sample.pupils["noe"]}
