"""Retention: the right pupils are listed, anonymisation keeps every aggregate."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from cites_app.db.database import Database
from cites_app.models import Attendance, AuditEntry, Authorisation, Pupil, Registration
from cites_app.privacy import apply_retention, expired_pupils, retention_cutoff
from cites_app.settings import RETENTION_YEARS, set_setting
from tests.privacy.conftest import TODAY, Scenario


def _aggregates(database: Database) -> dict[str, object]:
    """What indicators and past exports count: pupils per school/niveau/sex/QPV, presences."""
    with database.read_session() as session:
        per_group = session.execute(
            select(Pupil.establishment_id, Pupil.niveau, Pupil.sex, Pupil.qpv, func.count())
            .group_by(Pupil.establishment_id, Pupil.niveau, Pupil.sex, Pupil.qpv)
            .order_by(Pupil.establishment_id, Pupil.niveau, Pupil.sex, Pupil.qpv)
        ).all()
        return {
            "pupils": [tuple(row) for row in per_group],
            "birth_years": sorted(y or 0 for y in session.scalars(select(Pupil.birth_year))),
            "attendance": sorted(
                (seance, status)
                for seance, status in session.execute(
                    select(Attendance.session_id, Attendance.status)
                )
            ),
            "registrations": session.scalar(select(func.count()).select_from(Registration)),
        }


def test_cutoff_is_the_start_of_the_school_year_before_the_kept_ones() -> None:
    assert retention_cutoff(date(2026, 10, 1), 1) == date(2025, 9, 1)
    assert retention_cutoff(date(2026, 8, 31), 1) == date(2024, 9, 1)
    assert retention_cutoff(date(2026, 9, 1), 2) == date(2024, 9, 1)


def test_pupils_without_activity_for_too_long_are_listed(scenario: Scenario) -> None:
    found = expired_pupils(scenario.database, TODAY)
    assert (found.cutoff, found.retention_years) == (date(2025, 9, 1), 1)
    ids = scenario.pupils
    assert [p.id for p in found.pupils] == [ids["ANCIEN"], ids["INACTIF"]]
    ancien, inactif = found.pupils
    assert (ancien.last_name, ancien.establishment, ancien.niveau) == (
        "ANCIEN",
        "École Édouard Vaillant",
        "CM1",
    )
    assert ancien.last_activity == date(2025, 3, 10)
    assert inactif.last_activity == date(2024, 1, 1)


def test_the_retention_period_is_a_setting(scenario: Scenario) -> None:
    with scenario.database.session() as session:
        set_setting(session, RETENTION_YEARS, 2)
    found = expired_pupils(scenario.database, TODAY)
    assert found.cutoff == date(2024, 9, 1)
    assert [p.id for p in found.pupils] == [scenario.pupils["INACTIF"]]


def test_anonymisation_keeps_the_aggregates_and_removes_identities(scenario: Scenario) -> None:
    database = scenario.database
    before = _aggregates(database)
    result = apply_retention(database, TODAY)
    ids = scenario.pupils
    assert result.anonymised == [ids["ANCIEN"], ids["INACTIF"]]
    assert _aggregates(database) == before
    with database.read_session() as session:
        ancien = session.get(Pupil, ids["ANCIEN"])
        assert ancien is not None
        assert (ancien.last_name, ancien.first_name) == ("Élève anonymisé", f"n°{ids['ANCIEN']}")
        assert (ancien.birth_date, ancien.birth_year, ancien.ine) == (None, 2015, None)
        assert (ancien.class_label, ancien.ulis, ancien.anonymised_at is not None) == (
            None,
            False,
            True,
        )
        assert (ancien.sex, ancien.niveau, ancien.qpv) == ("F", "CM1", "oui")
        authorisations = session.scalars(select(Authorisation.pupil_id)).all()
        assert authorisations == [ids["RECENT"]]
        kept = session.get(Pupil, ids["RECENT"])
        assert kept is not None and kept.last_name == "RECENT"
        entry = session.scalars(select(AuditEntry)).one()
    assert entry.action == "privacy.retention"
    assert "2 élèves sans activité depuis le 01/09/2025 anonymisés" in entry.summary
    assert "ANCIEN" not in f"{entry.summary} {entry.details}"
    assert expired_pupils(database, TODAY).pupils == []


def test_a_pupil_who_came_back_since_the_list_is_spared(scenario: Scenario) -> None:
    database = scenario.database
    listed = [p.id for p in expired_pupils(database, TODAY).pupils]
    with database.session() as session:
        session.add(
            Attendance(
                session_id=scenario.sessions["octobre_2025"],
                pupil_id=scenario.pupils["ANCIEN"],
                status="absent_excuse",
                recorded_at=datetime(2025, 10, 5, 16, 0),
            )
        )
    result = apply_retention(database, TODAY, listed)
    assert result.anonymised == [scenario.pupils["INACTIF"]]


def test_only_the_chosen_pupils_are_anonymised(scenario: Scenario) -> None:
    result = apply_retention(scenario.database, TODAY, [scenario.pupils["INACTIF"]])
    assert result.anonymised == [scenario.pupils["INACTIF"]]
    assert [p.last_name for p in expired_pupils(scenario.database, TODAY).pupils] == ["ANCIEN"]
