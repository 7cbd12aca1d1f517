"""Plain records produced by the open-data readers, whatever the source file looked like.

The readers translate each official file (annuaire de l'éducation, DEPP IPS files, geolocation
file) into these few types, so that the import service only deals with one shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

#: Every value ``EstablishmentRecord.kind`` can take.
KINDS: Final = (
    "maternelle",
    "elementaire",
    "primaire",
    "college",
    "lycee_gt",
    "lycee_pro",
    "lycee_polyvalent",
    "autre",
)

#: Kinds that are écoles (premier degré).
SCHOOL_KINDS: Final = ("maternelle", "elementaire", "primaire")
#: Kinds that are lycées.
LYCEE_KINDS: Final = ("lycee_gt", "lycee_pro", "lycee_polyvalent")

#: Values of ``OpenDataFile.kind``.
FILE_ANNUAIRE: Final = "annuaire"
FILE_IPS_ECOLES: Final = "ips_ecoles"
FILE_IPS_COLLEGES: Final = "ips_colleges"
FILE_IPS_LYCEES: Final = "ips_lycees"
FILE_GEOLOC: Final = "geoloc"


@dataclass(frozen=True)
class EstablishmentRecord:
    """One establishment as an open-data file describes it.

    ``name`` is the official name exactly as in the file (accents kept, case untouched).
    ``sector`` is "public", "prive" (privé sous contrat) or None when unknown — private
    establishments *hors contrat* also get None, since they are outside the programme's
    vocabulary. ``education_prioritaire`` is None whenever the file does not say it (all IPS and
    geolocation files): never a guess. ``departement`` uses the UAI convention: "093", "059",
    Corse "620" / "720", DROM "971"…  ``latitude`` / ``longitude`` (WGS84) are filled when the
    file gives them (annuaire, geolocation file, IPS files from 2023-2024 on).
    """

    uai: str
    name: str
    kind: str
    sector: str | None
    education_prioritaire: str | None
    commune: str | None
    code_insee: str | None
    departement: str | None
    academie: str | None
    enrolment: int | None
    source: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class IpsRecord:
    """The DEPP social position index (IPS) of one establishment for one school year.

    For lycées, ``ips`` is the value of the whole lycée (voies GT + pro together); ``ips_sd`` is
    then only filled when the lycée has a single voie (the file gives no overall deviation).
    Écoles files of 2022 have no standard deviation at all.
    """

    uai: str
    rentree: str
    ips: float | None
    ips_sd: float | None
    ips_gt: float | None = None
    ips_pro: float | None = None
    ips_sd_gt: float | None = None
    ips_sd_pro: float | None = None
    enrolment: int | None = None


@dataclass(frozen=True)
class RowIssue:
    """A row (or a value) of a file that was not imported as is, with a French explanation.

    ``row`` counts like a spreadsheet: the header is row 1, the first data row is row 2.
    ``column`` is the header as written in the file, or None when the whole row is concerned.
    """

    file: str
    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, ligne {self.row}"
        if self.column is not None:
            where += f", colonne « {self.column} »"
        return f"{where} : {self.message}"


@dataclass
class OpenDataFile:
    """What ``read_establishment_file`` found in one file."""

    kind: str
    establishments: list[EstablishmentRecord] = field(default_factory=list)
    ips: list[IpsRecord] = field(default_factory=list)
    skipped: list[RowIssue] = field(default_factory=list)


class OpenDataError(ValueError):
    """The file cannot be read at all; the message is French and names the file."""
