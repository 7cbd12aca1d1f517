"""The one entry point of the open-data readers: recognise a file by its headers, read it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from cites_app.opendata.annuaire import ANNUAIRE_COLUMNS, ANNUAIRE_REQUIRED, read_annuaire
from cites_app.opendata.csvtable import CsvTable, load_csv_table
from cites_app.opendata.geoloc import GEOLOC_COLUMNS, GEOLOC_REQUIRED, read_geoloc
from cites_app.opendata.ips import (
    IPS_COLUMNS,
    IPS_REQUIRED,
    LYCEE_COLUMNS,
    LYCEE_MARKERS,
    LYCEE_REQUIRED,
    read_ips,
)
from cites_app.opendata.records import (
    FILE_ANNUAIRE,
    FILE_GEOLOC,
    FILE_IPS_COLLEGES,
    FILE_IPS_LYCEES,
    EstablishmentRecord,
    IpsRecord,
    OpenDataError,
    OpenDataFile,
    RowIssue,
)
from cites_app.opendata.rows import Aliases, find_column

_Read = Callable[[CsvTable], tuple[list[EstablishmentRecord], list[IpsRecord], list[RowIssue]]]
_SHOWN_HEADERS: Final = 12


@dataclass(frozen=True)
class _Shape:
    kind: str
    label: str
    columns: Aliases
    required: Mapping[str, str]
    recognised: Callable[[tuple[str, ...]], bool]


def _has(keys: tuple[str, ...], columns: Aliases, field: str) -> bool:
    return find_column(keys, columns[field]) is not None


_SHAPES: Final = (
    _Shape(
        FILE_ANNUAIRE,
        "l'annuaire de l'éducation",
        ANNUAIRE_COLUMNS,
        ANNUAIRE_REQUIRED,
        lambda keys: "identifiant_de_l_etablissement" in keys,
    ),
    _Shape(
        FILE_GEOLOC,
        "la géolocalisation des établissements",
        GEOLOC_COLUMNS,
        GEOLOC_REQUIRED,
        lambda keys: "numero_uai" in keys,
    ),
    _Shape(
        FILE_IPS_LYCEES,
        "l'IPS des lycées",
        LYCEE_COLUMNS,
        LYCEE_REQUIRED,
        lambda keys: _has(keys, LYCEE_COLUMNS, "uai") and any(m in keys for m in LYCEE_MARKERS),
    ),
    _Shape(
        FILE_IPS_COLLEGES,
        "l'IPS des écoles ou des collèges",
        IPS_COLUMNS,
        IPS_REQUIRED,
        lambda keys: _has(keys, IPS_COLUMNS, "uai") and _has(keys, IPS_COLUMNS, "ips"),
    ),
)


def _shown(headers: tuple[str, ...]) -> str:
    shown = ", ".join(f"« {h} »" for h in headers[:_SHOWN_HEADERS])
    if len(headers) > _SHOWN_HEADERS:
        shown += f"… ({len(headers)} colonnes)"
    return shown


def _unknown_shape(table: CsvTable) -> OpenDataError:
    expected = " ; ".join(
        f"{shape.label} : {', '.join(shape.required.values())}" for shape in _SHAPES
    )
    return OpenDataError(
        f"Le fichier « {table.file_name} » n'est pas reconnu : ce n'est ni l'annuaire de "
        "l'éducation, ni un fichier IPS, ni le fichier de géolocalisation. "
        f"Colonnes trouvées (séparateur « {table.delimiter} ») : {_shown(table.headers)}. "
        f"Colonnes attendues — {expected}."
    )


def _shape_of(table: CsvTable) -> _Shape:
    for shape in _SHAPES:
        if not shape.recognised(table.keys):
            continue
        missing = [
            header
            for field, header in shape.required.items()
            if not _has(table.keys, shape.columns, field)
        ]
        if missing:
            raise OpenDataError(
                f"Le fichier « {table.file_name} » ressemble à un fichier de {shape.label}, mais "
                f"il lui manque la ou les colonnes : {', '.join(missing)}. "
                f"Colonnes trouvées : {_shown(table.headers)}."
            )
        return shape
    raise _unknown_shape(table)


def read_table(table: CsvTable) -> OpenDataFile:
    """Recognise an already decoded table by its headers and read it (see read_establishment_file)."""
    shape = _shape_of(table)
    if not table.rows and not table.issues:
        raise OpenDataError(
            f"Le fichier « {table.file_name} » ne contient que la ligne d'en-tête : aucun "
            "établissement à importer."
        )
    readers: dict[str, _Read] = {FILE_ANNUAIRE: read_annuaire, FILE_GEOLOC: read_geoloc}
    if shape.kind in readers:
        establishments, ips, issues = readers[shape.kind](table)
        return OpenDataFile(shape.kind, establishments, ips, issues)
    establishments, ips, issues, kind = read_ips(table, lycees=shape.kind == FILE_IPS_LYCEES)
    return OpenDataFile(kind, establishments, ips, issues)


def read_establishment_file(path: Path | str) -> OpenDataFile:
    """Read an official open-data file of establishments, whatever its vintage.

    Recognises from its headers the annuaire de l'éducation (current and older schemas), the DEPP
    IPS files of écoles, collèges and lycées (labels before 2022, snake_case for 2022-2023, new
    labels from 2023-2024) and the geolocation file; accepts UTF-8 with or without BOM, then
    Windows-1252, ``;`` or ``,`` separators and CRLF line ends.

    Returns an OpenDataFile whose ``kind`` is "annuaire", "ips_ecoles", "ips_colleges",
    "ips_lycees" or "geoloc", and whose ``skipped`` lists, with French messages and spreadsheet
    row numbers, every row or value left aside (invalid UAI, closed establishment…).

    Raises OpenDataError (a ValueError) with a French message naming the file when the file is
    missing, empty, header-only, binary, undecodable or of an unknown shape.
    """
    return read_table(load_csv_table(Path(path)))
