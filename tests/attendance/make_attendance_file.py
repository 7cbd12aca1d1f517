"""Generate the past-attendance spreadsheets of ``tests/data/attendance`` (not a test).

    .venv/bin/python -m tests.attendance.make_attendance_file [OUT_DIR]

A realistic file kept by a coordinator during the 2024-2025 school year in Pantin: three
activities (two periscolaire, one orientation), 20 séances, 60 pupils of eight real schools
(by UAI, or by name in capitals with the commune), one row per séance × pupil (408 rows), a
title above the headers, some absences, a few partial presences, accents, hyphens, a pair of
homonyms in two schools, dates and times written in several ways. Alongside: a CSV copy,
damaged copies (each with one bad row), and the expected result as JSON — computed here from
the generator's own model, independently of the import code.
"""

from __future__ import annotations

import csv
import json
import random
import sys
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

OUT = Path(__file__).resolve().parents[1] / "data" / "attendance"
MAIN = "presences_2024-2025.xlsx"
CSV_COPY = "presences_2024-2025.csv"
EXPECTED = "presences_2024-2025.attendu.json"
HEADER_ROW = 3
HEADERS = (
    "Date", "Heure de début", "Heure de fin", "Activité", "Type", "Action", "Lieu", "Nom",
    "Prénom", "Date de naissance", "Sexe", "Niveau", "UAI", "Établissement", "Commune",
    "QPV (oui/non)", "Statut", "Durée de présence (min)",
)  # fmt: skip

# Damaged copies: file → (index of the data row changed, column, new value). The spreadsheet row
# is HEADER_ROW + 1 + index.
DAMAGED: dict[str, tuple[int, str, object]] = {
    "presences_date_invalide.xlsx": (10, "Date", "31/02/2025"),
    "presences_ecole_inconnue.xlsx": (50, "UAI", "0930999F"),  # valid check letter, no such school
    "presences_nom_manquant.xlsx": (100, "Nom", None),
}

SCHOOLS = {  # UAI → (name as the official file writes it, kind)
    "0930164Y": ("ECOLE ELEMENTAIRE JEAN LOLIVE", "ecole"),
    "0930173H": ("ECOLE ELEMENTAIRE MARCEL CACHIN", "ecole"),
    "0931299G": ("ECOLE ELEMENTAIRE JOLIOT CURIE", "ecole"),
    "0930288H": ("ECOLE ELEMENTAIRE EDOUARD VAILLANT", "ecole"),
    "0931910W": ("ECOLE ELEMENTAIRE HENRI WALLON", "ecole"),
    "0931216S": ("COLLEGE JEAN JAURES", "college"),
    "0931218U": ("COLLEGE JEAN LOLIVE", "college"),
    "0931713G": ("COLLEGE LAVOISIER", "college"),
}

GIRLS = (
    "Éloïse", "Zoé", "Inès", "Anaïs", "Chloé", "Léna", "Héloïse", "Maëlys", "Aïcha", "Noémie",
    "Fatoumata", "Célia", "Yasmine", "Lou-Anne", "Maïssa", "Océane",
)  # fmt: skip
BOYS = (
    "Noé", "Maël", "Loïc", "Jérémy", "Rayan", "Théo", "Adrien", "Moussa", "Élias", "Anis",
    "Mathéo", "Jean-Baptiste", "Ilyès", "Kévin", "Yanis", "Sofiane",
)  # fmt: skip
LAST_NAMES = (
    "Lefèvre", "N'Diaye", "Da Silva", "Benoît-Martin", "Ménard", "Kessaï", "Traoré", "Nguyen",
    "Bouchareb", "Gautier", "Le Goff", "Dubois-Élie", "Haddad", "Pereira", "Camara", "Rousseau",
    "Chérif", "Lemaître", "Mbappé", "Fontaine", "Ouattara", "Dupré", "Zerrouki", "Moreau",
    "Bénard", "Sissoko", "Laurent", "Perrin", "Aït-Ali", "Vidal",
)  # fmt: skip


@dataclass(frozen=True)
class Pupil:
    last_name: str
    first_name: str
    birth_date: date
    sex: str
    niveau: str
    uai: str
    qpv: bool

    @property
    def key(self) -> str:
        return f"{self.last_name}|{self.first_name}|{self.birth_date.isoformat()}"


@dataclass(frozen=True)
class Activity:
    title: str
    kind: str  # as written in the file
    action: str
    venue: str
    start: time
    end: time
    days: tuple[date, ...]
    schools: tuple[str, ...]
    niveaux: dict[str, int]  # niveau → birth year
    size: int


ACTIVITIES = (
    Activity(
        "Atelier théâtre « Les Tréteaux »", "Périscolaire", "Arts et culture partagés",
        "Salle Jacques-Brel", time(14), time(16, 30),
        tuple(date(*d) for d in ((2024, 11, 6), (2024, 11, 13), (2024, 11, 20), (2024, 11, 27),
                                  (2024, 12, 4), (2024, 12, 11), (2024, 12, 18), (2025, 1, 8))),
        ("0930164Y", "0930173H", "0931299G"), {"CM1": 2015, "CM2": 2014}, 24,
    ),
    Activity(
        "Découverte des métiers du numérique", "Orientation", "Parcours avenir",
        "Médiathèque Elsa-Triolet", time(17), time(18, 30),
        tuple(date(*d) for d in ((2025, 1, 14), (2025, 1, 21), (2025, 1, 28), (2025, 2, 4),
                                  (2025, 2, 11), (2025, 3, 4))),
        ("0931216S", "0931218U", "0931713G"), {"4e": 2011, "3e": 2010}, 20,
    ),
    Activity(
        "Club d'échecs inter-écoles", "périscolaire", "Réussite éducative",
        "Maison de quartier des Courtillières", time(16, 45), time(18, 15),
        tuple(date(*d) for d in ((2025, 3, 14), (2025, 3, 21), (2025, 3, 28), (2025, 4, 4),
                                  (2025, 4, 11), (2025, 5, 9))),
        ("0931299G", "0930288H", "0931910W"), {"CE2": 2016, "CM1": 2015, "CM2": 2014}, 16,
    ),
)  # fmt: skip


def make_pupils(rng: random.Random) -> dict[str, list[Pupil]]:
    """60 pupils: 24 + 20 + 16, no pupil in two activities, one pair of homonyms."""
    used: set[tuple[str, str]] = set()
    by_activity: dict[str, list[Pupil]] = {}
    for activity in ACTIVITIES:
        pupils = []
        for index in range(activity.size):
            sex = "F" if index % 2 == 0 else "M"
            while True:
                first = rng.choice(GIRLS if sex == "F" else BOYS)
                last = rng.choice(LAST_NAMES)
                if (last, first) not in used:
                    break
            used.add((last, first))
            niveau = rng.choice(sorted(activity.niveaux))
            born = date(activity.niveaux[niveau], rng.randint(1, 12), rng.randint(1, 28))
            school = activity.schools[index % len(activity.schools)]
            if activity.kind == "Orientation":  # the collèges' lists write names in capitals
                last = last.upper()
            pupils.append(Pupil(last, first, born, sex, niveau, school, rng.random() < 0.6))
        by_activity[activity.title] = pupils
    # Homonyms: « Inès Haddad » at the théâtre (Jean Lolive) and at the échecs (Henri Wallon).
    theatre, echecs = by_activity[ACTIVITIES[0].title], by_activity[ACTIVITIES[2].title]
    theatre[0] = Pupil("Haddad", "Inès", date(2015, 4, 2), "F", "CM1", "0930164Y", True)
    echecs[2] = Pupil("Haddad", "Inès", date(2016, 10, 19), "F", "CE2", "0931910W", False)
    return by_activity


def status_text(rng: random.Random, status: str, sex: str) -> str:
    if status == "present":
        return rng.choice(("Présent", "présent(e)", "", "P", "Présente" if sex == "F" else ""))
    if status == "absent_excuse":
        return rng.choice(("Excusé", "absent excusé", "Absente excusée" if sex == "F" else "Exc."))
    return rng.choice(("Absent", "absente" if sex == "F" else "absent", "ABS"))


def build() -> tuple[list[list[object]], dict[str, object]]:
    """The data rows (as cells) and the expected result."""
    rng = random.Random(2025)
    by_activity = make_pupils(rng)
    rows: list[list[object]] = []
    presences, seances = [], []
    for number, activity in enumerate(ACTIVITIES):
        duration = (activity.end.hour * 60 + activity.end.minute) - (
            activity.start.hour * 60 + activity.start.minute
        )
        for day in activity.days:
            starts, ends = (
                datetime.combine(day, activity.start),
                datetime.combine(day, activity.end),
            )
            seances.append(
                {
                    "activity": activity.title,
                    "kind": "orientation" if activity.kind == "Orientation" else "periscolaire",
                    "starts_at": starts.isoformat(),
                    "ends_at": ends.isoformat(),
                    "venue": activity.venue,
                    "pupils": len(by_activity[activity.title]),
                }
            )
            for pupil in by_activity[activity.title]:
                draw = rng.random()
                status = (
                    "present"
                    if draw < 0.84
                    else "absent_excuse"
                    if draw < 0.93
                    else "absent_non_excuse"
                )
                minutes = None
                if status == "present" and rng.random() < 0.03:
                    minutes = duration - rng.choice((15, 30, 45))
                rows.append(_cells(rng, number, activity, day, pupil, status, minutes))
                presences.append(
                    {
                        "activity": activity.title,
                        "starts_at": starts.isoformat(),
                        "pupil": pupil.key,
                        "status": status,
                        "minutes": minutes,
                        "attended": (minutes if minutes is not None else duration)
                        if status == "present"
                        else 0,
                    }
                )
    pupils = {p.key: p for group in by_activity.values() for p in group}
    expected = {
        "rows": len(rows),
        "seances": seances,
        "pupils": [
            {
                "key": p.key,
                "last_name": p.last_name,
                "first_name": p.first_name,
                "birth_date": p.birth_date.isoformat(),
                "sex": p.sex,
                "niveau": p.niveau,
                "uai": p.uai,
                "qpv": "oui" if p.qpv else "non",
            }
            for p in pupils.values()
        ],
        "presences": presences,
        "damaged": {
            name: {"row": HEADER_ROW + 1 + index, "column": column}
            for name, (index, column, _value) in DAMAGED.items()
        },
    }
    return rows, expected


def _cells(
    rng: random.Random,
    number: int,
    activity: Activity,
    day: date,
    pupil: Pupil,
    status: str,
    minutes: int | None,
) -> list[object]:
    """One row, written the way each activity's animateur used to write it."""
    if number == 0:  # date and time cells, UAI and the school's name
        when: list[object] = [day, activity.start, activity.end]
        school: list[object] = [pupil.uai, SCHOOLS[pupil.uai][0].title(), ""]
    elif number == 1:  # times typed as text « 17h00 »
        when = [day, f"{activity.start.hour}h{activity.start.minute:02d}", f"{activity.end:%Hh%M}"]
        school = [pupil.uai, "", ""]
    else:  # everything typed: « 14/03/2025 », « 16:45 », the school by name and commune
        when = [day.strftime("%d/%m/%Y"), f"{activity.start:%H:%M}", f"{activity.end:%H:%M}"]
        school = ["", SCHOOLS[pupil.uai][0], "Pantin"]
    niveau = {"4e": "4ème", "3e": "3EME"}.get(pupil.niveau, pupil.niveau)
    return [
        *when,
        activity.title,
        activity.kind,
        activity.action,
        activity.venue,
        pupil.last_name,
        pupil.first_name,
        pupil.birth_date,
        "F" if pupil.sex == "F" else "G",
        niveau,
        *school,
        "oui" if pupil.qpv else "non",
        status_text(rng, status, pupil.sex),
        minutes if minutes is not None else "",
    ]


def write_workbook(path: Path, rows: list[list[object]]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Présences"
    sheet.append(["Cité éducative de Pantin — présences aux activités 2024-2025"])
    sheet["A1"].font = Font(name="Calibri", bold=True, size=13)
    sheet.append([])
    sheet.append(list(HEADERS))
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(name="Calibri", bold=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(cell.value, time):
                cell.number_format = "HH:MM"
    workbook.save(path)


def write_csv(path: Path, rows: list[list[object]]) -> None:
    def text(value: object) -> str:
        if isinstance(value, date):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, time):
            return value.strftime("%H:%M")
        return "" if value is None else str(value)

    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(HEADERS)
        writer.writerows([text(value) for value in row] for row in rows)


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    rows, expected = build()
    write_workbook(out / MAIN, rows)
    write_csv(out / CSV_COPY, rows)
    for name, (index, column, value) in DAMAGED.items():
        damaged = [list(row) for row in rows]
        damaged[index][HEADERS.index(column)] = value
        write_workbook(out / name, damaged)
    (out / EXPECTED).write_text(
        json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"{len(rows)} lignes écrites dans {out}")


if __name__ == "__main__":
    main()
