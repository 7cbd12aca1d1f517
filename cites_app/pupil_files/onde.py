"""ONDE « CSVExtraction.csv »: the pupil extraction of the primary schools' register.

A `;`-separated file whose first line holds the headers. Their wording changed across ONDE
versions (« Nom élève », « Nom d'usage élève », « Nom de famille élève », « Prénom 1 »,
« Né(e) le », « Date naissance », « Niveau », « Libellé classe », « Classe », « Cycle »…);
they are matched through the same synonym table as any list. Encoding: UTF-8 with or
without BOM, or Windows-1252 for older extractions.
"""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

from cites_app.pupil_files.model import ColumnMapping, PupilFile, normalize_header
from cites_app.pupil_files.sniff import read_head
from cites_app.pupil_files.tabular import read_csv

_ONDE_NAME_HEADERS = frozenset(
    {
        "nom eleve",
        "nom d usage eleve",
        "nom de famille eleve",
        "prenom eleve",
        "prenom 1 eleve",
    }
)
_ONDE_OTHER_HEADERS = frozenset(
    {"date naissance", "ne e le", "libelle classe", "cycle", "niveau", "sexe", "ine", "classe"}
)


def first_line_cells(head: bytes) -> list[str]:
    """Header cells of a `;`-separated text, read from the first bytes of the file."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if head.startswith(bom):
            text = head.decode(codec, errors="ignore")
            break
    else:
        line = head.split(b"\n", 1)[0]
        try:
            text = line.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = line.decode("cp1252", errors="replace")
    first = text.splitlines()[0] if text else ""
    return [cell.strip().strip('"') for cell in first.split(";")]


def looks_like_onde(head: bytes) -> bool:
    """True when the first line carries ONDE's own header wording (« Prénom élève » …)."""
    keys = {normalize_header(cell) for cell in first_line_cells(head)}
    return (
        bool(keys & _ONDE_NAME_HEADERS)
        and len(keys & (_ONDE_NAME_HEADERS | _ONDE_OTHER_HEADERS)) >= 3
    )


def read_onde(
    path: str | Path, mapping: ColumnMapping | None = None, *, today: date | None = None
) -> PupilFile:
    """Read an ONDE extraction; the header row is the first line."""
    path = Path(path)
    result = read_csv(path, mapping, today=today, head=read_head(path), fixed_header_row=1)
    result.kind = "onde"
    return result
