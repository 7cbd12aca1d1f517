"""A small hand-built territory for the export tests, and a workbook reader (python-calamine).

Schools: A (école, REP+, enrolment 120), B (collège, REP, 400), C (école, hors EP, 90), D (école
maternelle, nobody comes, 60), and E (collège outside the territory, 2 pupils come). One pupil
has no school. Actions of 2025-2026:

* X1 « =HYPERLINK(…) » (porteur « +33 1 23 »): activity « Découverte des métiers » — S1 (2 h, 12
  children, one stayed 30 minutes), S2 (3 h, 3 children: a séance under the threshold);
* X2 « Théâtre inter-écoles » (porteur « Ludothèque du Canal »): activity « @Atelier théâtre »
  — S3, S4, S5 (2 h each), and activity « -Chorale » — S6 (1.5 h), S7 cancelled;
* X3 « Action sans séance » (budget only);
* X4 of 2024-2025 with a séance in June 2025: out of the period.

Pupil names and birth dates are distinctive so that a scan of the workbook would find them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from cites_app.db.database import Database
from cites_app.models import (
    Action,
    Activity,
    ActivitySession,
    Attendance,
    Establishment,
    EstablishmentIps,
    Partner,
    Pupil,
    Registration,
    Territory,
    TerritoryCommune,
    Venue,
)

UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
HYPERLINK = '=HYPERLINK("http://exemple.fr","clic")'
PHONE_PARTNER = "+33 1 23"


def uai(digits: str) -> str:
    return digits + UAI_LETTERS[int(digits) % 23]


# name: (school, sex, qpv, birth date or year)
PUPILS: dict[str, tuple[str | None, str | None, str, date | int | None]] = {
    "a01": ("A", "F", "oui", date(2015, 3, 2)),
    "a02": ("A", "F", "oui", date(2015, 12, 31)),
    "a03": ("A", "M", "oui", date(2016, 1, 1)),
    "a04": ("A", "M", "non", 2015),
    "a05": ("A", "F", "oui", date(2014, 6, 30)),
    "a06": ("A", "M", "inconnu", date(2015, 9, 9)),
    "a07": ("A", "F", "oui", date(2019, 2, 2)),  # 6 at 31/12/2025
    "a08": ("A", "M", "oui", date(2020, 5, 5)),  # 5: band 3–5
    "a09": ("A", "F", "non", date(2015, 1, 1)),
    "a10": ("A", "M", "oui", None),
    "b01": ("B", "F", "non", date(2012, 4, 4)),
    "b02": ("B", "M", "non", date(2012, 8, 8)),
    "b03": ("B", "F", "oui", date(2011, 11, 11)),
    "b04": ("B", "M", "non", 2010),  # 15
    "b05": ("B", "F", "non", date(2009, 12, 31)),  # 16: band 16–18
    "b06": ("B", None, "non", date(2012, 2, 2)),  # sex not stated
    "c01": ("C", "F", "non", date(2016, 7, 7)),
    "c02": ("C", "M", "non", date(2016, 3, 3)),
    "c03": ("C", "F", "non", date(2017, 10, 10)),
    "c04": ("C", "M", "inconnu", date(2016, 6, 6)),
    "e01": ("E", "F", "non", date(2012, 1, 15)),
    "e02": ("E", "M", "oui", date(2011, 2, 15)),
    "n01": (None, "M", "oui", date(2013, 3, 3)),  # no school known
}
FIRST_NAMES = ["Quillianne", "Zéphyrine", "Barnabé", "Oskarine", "Théodrick", "Ysolde"]

SESSIONS: dict[str, tuple[str, datetime, float, bool]] = {
    # name: (activity, start, hours, cancelled)
    "S0": ("old", datetime(2025, 6, 10, 14), 2.0, False),
    "S1": ("jobs", datetime(2025, 10, 1, 14), 2.0, False),
    "S2": ("jobs", datetime(2025, 11, 5, 9), 3.0, False),
    "S3": ("theatre", datetime(2025, 10, 8, 14), 2.0, False),
    "S4": ("theatre", datetime(2025, 10, 15, 14), 2.0, False),
    "S5": ("theatre", datetime(2026, 1, 14, 14), 2.0, False),
    "S6": ("choir", datetime(2026, 3, 4, 16, 30), 1.5, False),
    "S7": ("choir", datetime(2026, 3, 11, 16, 30), 1.5, True),
}
PRESENT: dict[str, list[str]] = {
    "S0": ["a01", "b01"],
    "S1": ["a01", "a02", "a03", "a04", "a05", "b01", "b02", "b03", "c01", "c02", "e01", "n01"],
    "S2": ["a06", "b04", "e02"],
    "S3": ["a01", "a07", "a08", "a09", "b05", "b06", "c01", "c03"],
    "S4": ["a01", "a07", "a08", "a09", "b05", "c01", "c03", "c04"],
    "S5": ["a07", "a09", "a10", "b05", "b06", "c03", "c04"],
    "S6": ["a02", "a03", "b01", "b02", "c02", "a10"],
    "S7": ["a01"],
}
ABSENT: dict[str, list[str]] = {"S3": ["a10"], "S6": ["c01", "a01"]}
PARTIAL_MINUTES = {("S1", "a05"): 30}


def build(database: Database) -> dict[str, int]:
    """Insert the territory; returns the ids of the partners and activities by name."""
    with database.session() as s:
        territory = Territory(name="Cité éducative des Tests", departement="093")
        territory.communes.append(TerritoryCommune(code_insee="93055", name="Pantin"))
        s.add(territory)
        schools = {
            "A": Establishment(uai=uai("0930101"), name="École Alpha", kind="elementaire",
                               sector="public", education_prioritaire="REP+", enrolment=120,
                               commune="Pantin"),
            "B": Establishment(uai=uai("0930102"), name="Collège Bêta", kind="college",
                               sector="public", education_prioritaire="REP", enrolment=400,
                               commune="Pantin"),
            "C": Establishment(uai=uai("0930103"), name="École Gamma", kind="elementaire",
                               sector="prive", education_prioritaire="hors EP", enrolment=90,
                               commune="Pantin"),
            "D": Establishment(uai=uai("0930104"), name="École Delta", kind="maternelle",
                               sector="public", education_prioritaire="hors EP", enrolment=60,
                               commune="Pantin"),
            "E": Establishment(uai=uai("0930105"), name="Collège Epsilon", kind="college",
                               sector="public", education_prioritaire="hors EP", enrolment=500,
                               commune="Bobigny", in_territory=False),
        }  # fmt: skip
        s.add_all(schools.values())
        s.flush()
        for key, ips in (("A", 78.5), ("B", 92.0), ("C", 118.0), ("E", 105.0)):
            s.add(EstablishmentIps(establishment_id=schools[key].id, rentree="2022-2023", ips=ips))
        pupils = {}
        for i, (name, (school, sex, qpv, birth)) in enumerate(PUPILS.items()):
            pupils[name] = Pupil(
                last_name=f"Zarkovskyx{name.upper()}",
                first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
                sex=sex,
                qpv=qpv,
                niveau="CM1",
                birth_date=birth if isinstance(birth, date) else None,
                birth_year=birth if isinstance(birth, int) else None,
                establishment_id=schools[school].id if school else None,
            )
        s.add_all(pupils.values())
        phone = Partner(name=PHONE_PARTNER, kind="association")
        ludo = Partner(name="Ludothèque du Canal", kind="association")
        s.add_all([phone, ludo])
        hall = Venue(name="=1+1 salle")
        s.add(hall)
        x1 = Action(
            title=HYPERLINK,
            axis="possibles",
            porteur=phone,
            school_year="2025-2026",
            budget_planned=Decimal("5000"),
            budget_spent=Decimal("4200.50"),
        )
        x2 = Action(
            title="Théâtre inter-écoles",
            axis="continuite",
            porteur=ludo,
            school_year="2025-2026",
            budget_planned=Decimal("8000"),
        )
        x3 = Action(
            title="Action sans séance",
            axis="ecole",
            school_year="2025-2026",
            budget_planned=Decimal("1000"),
        )
        x4 = Action(title="Ancienne action", axis="ecole", porteur=ludo, school_year="2024-2025")
        activities = {
            "jobs": Activity(action=x1, title="Découverte des métiers", kind="orientation"),
            "theatre": Activity(action=x2, title="@Atelier théâtre", kind="periscolaire"),
            "choir": Activity(action=x2, title="-Chorale", kind="periscolaire"),
            "old": Activity(action=x4, title="Ancien atelier", kind="autre"),
        }  # fmt: skip
        s.add_all([x1, x2, x3, x4, *activities.values()])
        sessions = {}
        for name, (activity, start, hours, cancelled) in SESSIONS.items():
            sessions[name] = ActivitySession(
                activity=activities[activity],
                starts_at=start,
                ends_at=start + timedelta(hours=hours),
                cancelled=cancelled,
                venue=hall if name in ("S1", "S3") else None,
            )
        s.add_all(sessions.values())
        s.flush()
        for name, present in PRESENT.items():
            for pupil in present:
                s.add(
                    Attendance(
                        session_id=sessions[name].id,
                        pupil_id=pupils[pupil].id,
                        status="present",
                        minutes=PARTIAL_MINUTES.get((name, pupil)),
                    )
                )
        for name, absent in ABSENT.items():
            for pupil in absent:
                s.add(Attendance(session_id=sessions[name].id, pupil_id=pupils[pupil].id,
                                 status="absent_excuse"))  # fmt: skip
        # A registered pupil never marked: in the attendance matrix, not in the revue.
        s.add(Registration(pupil_id=pupils["c02"].id, activity_id=activities["theatre"].id))
        s.flush()
        return {
            "phone": phone.id,
            "ludo": ludo.id,
            **{f"activity_{k}": a.id for k, a in activities.items()},
        }


def read_sheets(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet of a workbook, read by python-calamine (the second reader)."""
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def table(rows: list[list[Any]], first_header: str) -> tuple[list[str], list[list[Any]]]:
    """The header and data rows of the table whose header starts with ``first_header``."""
    start = next(i for i, row in enumerate(rows) if row and row[0] == first_header)
    header = [str(h) for h in rows[start]]
    width = len([h for h in header if h])
    body = []
    for row in rows[start + 1 :]:
        if not row or all(v in ("", None) for v in row[:width]):
            break
        body.append(row[:width])
    return header[:width], body
