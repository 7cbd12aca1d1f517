"""A hand-built territory whose pupils' last activities fall on chosen dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import pytest

from cites_app.db.database import Database
from cites_app.models import (
    Action,
    Activity,
    ActivitySession,
    Attendance,
    Authorisation,
    Establishment,
    Pupil,
    Registration,
    Venue,
)

TODAY = date(2026, 10, 1)
"""With one year of retention, the cut-off is 1 September 2025."""
LONG_AGO = datetime(2024, 1, 1, 10, 0)


@dataclass
class Scenario:
    """Ids by readable name."""

    database: Database
    pupils: dict[str, int] = field(default_factory=dict)
    schools: dict[str, int] = field(default_factory=dict)
    sessions: dict[str, int] = field(default_factory=dict)


def _seance(activity: Activity, venue: Venue, start: datetime) -> ActivitySession:
    end = start.replace(hour=start.hour + 2)
    return ActivitySession(activity=activity, venue=venue, starts_at=start, ends_at=end)


@pytest.fixture
def scenario(db: Database) -> Scenario:
    """Six pupils in two schools:

    - ANCIEN attended a séance on 10/03/2025 (school year 2024-2025): due on TODAY;
    - RECENT attended one on 05/10/2025: kept;
    - INACTIF never took part, recorded on 01/01/2024: due;
    - NOUVEAU never took part, recorded on 10/01/2026: kept;
    - INSCRIT registered on 01/01/2024 to an activity whose séance is on 15/09/2025: kept;
    - DEJA was anonymised before: never listed again.
    """
    result = Scenario(db)
    with db.session() as session:
        ecole = Establishment(uai="0930288H", name="École Édouard Vaillant", kind="elementaire")
        college = Establishment(uai="0930616P", name="Collège Romain Rolland", kind="college")
        venue = Venue(name="Centre social des Courtillières")
        action = Action(title="Ateliers du mercredi", axis="continuite")
        theatre = Activity(action=action, title="Théâtre", kind="periscolaire")
        metiers = Activity(action=action, title="Découverte des métiers", kind="orientation")
        seances = {
            "mars_2025": _seance(theatre, venue, datetime(2025, 3, 10, 14, 0)),
            "octobre_2025": _seance(theatre, venue, datetime(2025, 10, 5, 14, 0)),
            "septembre_2025": _seance(metiers, venue, datetime(2025, 9, 15, 9, 0)),
        }
        session.add_all([ecole, college, venue, action, theatre, metiers, *seances.values()])
        session.flush()

        def pupil(name: str, school: Establishment, recorded: datetime, **extra: object) -> Pupil:
            made = Pupil(
                last_name=name,
                first_name="Camille",
                birth_date=date(2015, 5, 17),
                birth_year=2015,
                sex="F",
                niveau="CM1",
                class_label="CM1 A",
                qpv="oui",
                ine=f"{len(result.pupils):09d}AB",
                establishment=school,
                created_at=recorded,
                updated_at=recorded,
                **extra,
            )
            session.add(made)
            session.flush()
            result.pupils[name] = made.id
            return made

        ancien = pupil("ANCIEN", ecole, LONG_AGO, ulis=True)
        recent = pupil("RECENT", ecole, LONG_AGO)
        pupil("INACTIF", college, LONG_AGO)
        pupil("NOUVEAU", college, datetime(2026, 1, 10, 9, 0))
        inscrit = pupil("INSCRIT", college, LONG_AGO)
        pupil("DEJA", college, datetime(2020, 1, 1), anonymised_at=datetime(2025, 1, 1))
        session.add_all(
            [
                Attendance(session_id=seances["mars_2025"].id, pupil=ancien, status="present"),
                Attendance(session_id=seances["octobre_2025"].id, pupil=recent, status="present"),
                Registration(pupil=ancien, session=seances["mars_2025"], registered_at=LONG_AGO),
                Registration(pupil=recent, session=seances["octobre_2025"], registered_at=LONG_AGO),
                Registration(pupil=inscrit, activity=metiers, registered_at=LONG_AGO),
                Authorisation(pupil=ancien, kind="participation", notes="signée par la mère"),
                Authorisation(pupil=recent, kind="droit_image", scope="usage interne"),
            ]
        )
        result.schools = {"ecole": ecole.id, "college": college.id}
        result.sessions = {name: s.id for name, s in seances.items()}
    return result
