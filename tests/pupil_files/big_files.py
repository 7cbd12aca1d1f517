"""Département-size pupil files, generated on demand (never stored in the repository)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import openpyxl

_FIRST = ["Éloïse", "Noé", "Inès", "Lucas", "Maëlys", "Adam", "Chloé", "Yanis", "Zoé", "Léo"]
_LAST = ["MARTIN", "ÇELIK", "DIALLO", "LEFÈVRE", "NGUYEN", "DE LA FONTAINE", "BENALI", "ROUX"]
_NIVEAUX = ["CP", "CE1", "CE2", "CM1", "CM2", "6EME", "5EME", "4EME", "3EME"]


def big_rows(count: int, seed: int = 7) -> list[tuple[str, str, date, str, str, str]]:
    """`count` fictitious pupils: (last, first, birth date, sex, niveau, class)."""
    rng = random.Random(seed)
    start = date(2008, 1, 1)
    rows = []
    for _ in range(count):
        niveau = rng.choice(_NIVEAUX)
        rows.append(
            (
                rng.choice(_LAST),
                rng.choice(_FIRST),
                start + timedelta(days=rng.randrange(12 * 365)),
                rng.choice("FM"),
                niveau,
                f"{niveau} {rng.choice('ABCD')}",
            )
        )
    return rows


def write_big_csv(path: Path, count: int) -> Path:
    """A `count`-row ONDE-like CSV (Windows-1252, `;`), as a département-wide export."""
    with path.open("w", encoding="cp1252", newline="") as stream:
        stream.write("Nom;Prénom;Date de naissance;Sexe;Niveau;Classe\r\n")
        for last, first, born, sex, niveau, label in big_rows(count):
            stream.write(f"{last};{first};{born:%d/%m/%Y};{sex};{niveau};{label}\r\n")
    return path


def write_big_xlsx(path: Path, count: int) -> Path:
    """A `count`-row workbook (real date cells), written in openpyxl's write-only mode."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Élèves")
    sheet.append(["Nom", "Prénom", "Date de naissance", "Sexe", "Niveau", "Classe"])
    for row in big_rows(count):
        sheet.append(list(row))
    workbook.save(path)
    return path
