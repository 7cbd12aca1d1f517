"""Indicators of a counts table read from a CSV: what ``cites-app indicators counts`` runs.

Each CSV row is one (unit, category[, weight][, by]) record; rows with the same (unit, category)
are summed and, without a weight column, each row counts 1. The separator (``;``, ``,`` or tab)
is detected on the header; the text is read as UTF-8 (with or without BOM), else Windows-1252,
else Latin-1 (both common in French spreadsheet exports). Weights accept a decimal comma.

Every problem raises :class:`CountsTableError` with a French message naming the file, the row
(1-based, the header is row 1) and the column.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cites_app.indicators.engine import decompose, segregation, two_group
from cites_app.indicators.table import CountTable

_SEPARATORS = (";", ",", "\t")


class CountsTableError(ValueError):
    """A counts CSV that cannot be used; the message is French and meant for the user."""


@dataclass(frozen=True)
class CountsCsv:
    """The table read from a CSV and, with ``--by``, the super-unit of each unit."""

    table: CountTable
    grouping: dict[str, str] | None


def run_counts(
    path: Path, unit: str, group: str, weight: str | None = None, by: str | None = None
) -> dict[str, object]:
    """Read ``path`` and return its indicators as a JSON-serialisable dict.

    Keys: ``file``, ``N``, ``groups``, ``E``, ``M``, ``H``, ``notes`` and ``units``
    (``{unit: {"weight", "p", "L"}}``); with exactly two categories ``focal_group`` (the first one
    met in the file), ``D``, ``isolation``, ``exposure`` and ``V``; with ``by``, ``between`` and
    ``within`` (``{"M", "H"}`` each) and ``components`` (``{value: {"p", "M", "H",
    "share_of_M"}}``). Undefined values are ``null``.
    """
    data = read_counts_csv(path, unit, group, weight, by)
    report = indicators_report(data.table, data.grouping)
    return {"file": str(path), **report}


def read_counts_csv(
    path: Path, unit: str, group: str, weight: str | None = None, by: str | None = None
) -> CountsCsv:
    """Parse the CSV into a :class:`CountTable` (and the ``by`` grouping), checking every row."""
    rows = _read_rows(path)
    header = [cell.strip() for cell in rows[0]]
    columns = {
        name: _column_index(path, header, name)
        for name in (unit, group, weight, by)
        if name is not None
    }
    sums: dict[tuple[str, str], float] = {}
    grouping: dict[str, tuple[str, int]] = {}
    data_rows = 0
    for row_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        _check_width(path, row_number, row, header)
        data_rows += 1
        unit_value = _label(path, row_number, row, columns[unit], unit)
        group_value = _label(path, row_number, row, columns[group], group)
        amount = 1.0 if weight is None else _weight(path, row_number, row[columns[weight]], weight)
        key = (unit_value, group_value)
        sums[key] = sums.get(key, 0.0) + amount
        if by is not None:
            by_value = _label(path, row_number, row, columns[by], by)
            known = grouping.setdefault(unit_value, (by_value, row_number))
            if known[0] != by_value:
                raise CountsTableError(
                    f"{_where(path, row_number, by)} : l'unité « {unit_value} » est rattachée à "
                    f"« {known[0]} » (ligne {known[1]}) et ici à « {by_value} » ; chaque valeur "
                    f"de « {unit} » doit appartenir à une seule valeur de « {by} »."
                )
    if data_rows == 0:
        raise CountsTableError(f"Fichier « {path} » : aucune ligne de données après l'en-tête.")
    table = _table(sums)
    if table.total == 0:
        column = f"colonne « {weight} »" if weight else "poids"
        raise CountsTableError(
            f"Fichier « {path} », {column} : le poids total est nul, aucun indicateur n'est "
            "calculable."
        )
    return CountsCsv(table, {u: s for u, (s, _) in grouping.items()} if by is not None else None)


def indicators_report(
    table: CountTable, grouping: Mapping[Any, Hashable] | None = None
) -> dict[str, object]:
    """JSON-serialisable indicators of a table (see :func:`run_counts` for the keys).

    Unit and category labels become strings; undefined values (``NaN``) become ``None``.
    """
    result = segregation(table)
    notes = [result.note] if result.note else []
    report: dict[str, object] = {
        "N": table.total,
        "groups": [str(g) for g in table.groups],
        "E": result.entropy,
        "M": result.mutual_information,
        "H": result.theil_h,
        "notes": notes,
        "units": {
            str(u): {"weight": float(w), "p": float(p), "L": _finite_or_none(float(score))}
            for u, w, p, score in zip(
                table.units,
                table.counts.sum(axis=1),
                result.unit_weights,
                result.local,
                strict=True,
            )
        },
    }
    if len(table.groups) == 2:
        pair = two_group(table)
        report.update(
            focal_group=str(pair.focal),
            D=pair.dissimilarity,
            isolation=pair.isolation,
            exposure=pair.exposure,
            V=pair.eta_squared,
        )
    if grouping is not None:
        split = decompose(table, grouping)
        report["between"] = {"M": split.between_m, "H": split.between_h}
        report["within"] = {"M": split.within_m, "H": split.within_h}
        report["components"] = {
            str(label): {
                "p": part.weight,
                "M": part.mutual_information,
                "H": part.theil_h,
                "share_of_M": part.share_of_total_m,
            }
            for label, part in split.components.items()
        }
    return report


def _read_rows(path: Path) -> list[list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CountsTableError(
            f"Impossible de lire le fichier « {path} » : {error.strerror or error}."
        ) from error
    text = _decode(raw)
    if not text.strip():
        raise CountsTableError(
            f"Fichier « {path} », ligne 1 : le fichier est vide (pas d'en-tête)."
        )
    header_line = text.splitlines()[0]
    if not header_line.strip():
        raise CountsTableError(f"Fichier « {path} », ligne 1 : la ligne d'en-tête est vide.")
    separator = max(_SEPARATORS, key=header_line.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as error:
        raise CountsTableError(f"Fichier « {path} » : CSV illisible ({error}).") from error


def _decode(raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")  # never fails: every byte is a character


def _column_index(path: Path, header: list[str], name: str) -> int:
    matches = [i for i, column in enumerate(header) if column == name]
    if len(matches) == 1:
        return matches[0]
    available = ", ".join(f"« {column} »" for column in header)
    if not matches:
        raise CountsTableError(
            f"{_where(path, 1, name)} : colonne introuvable. Colonnes disponibles : {available}."
        )
    raise CountsTableError(
        f"{_where(path, 1, name)} : colonne présente {len(matches)} fois dans l'en-tête, "
        "impossible de savoir laquelle utiliser."
    )


def _check_width(path: Path, row_number: int, row: list[str], header: list[str]) -> None:
    if len(row) < len(header):
        raise CountsTableError(
            f"{_where(path, row_number, header[len(row)])} : champ absent, la ligne compte "
            f"{len(row)} champ(s) alors que l'en-tête en compte {len(header)}."
        )
    # Extra fields are tolerated only when empty (spreadsheets add trailing separators); others
    # usually mean a decimal comma in a comma-separated file, which shifts every column.
    if any(cell.strip() for cell in row[len(header) :]):
        raise CountsTableError(
            f"{_where(path, row_number, header[-1])} : la ligne compte {len(row)} champs alors "
            f"que l'en-tête en compte {len(header)} (virgule décimale dans un fichier séparé par "
            "des virgules ? mettez la valeur entre guillemets ou utilisez « ; »)."
        )


def _label(path: Path, row_number: int, row: list[str], index: int, column: str) -> str:
    value = row[index].strip()
    if not value:
        raise CountsTableError(f"{_where(path, row_number, column)} : valeur vide.")
    return value


def _weight(path: Path, row_number: int, cell: str, column: str) -> float:
    text = cell.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        shown = cell.strip() or "(vide)"
        raise CountsTableError(
            f"{_where(path, row_number, column)} : « {shown} » n'est pas un nombre."
        ) from None
    if not math.isfinite(value):
        raise CountsTableError(
            f"{_where(path, row_number, column)} : « {cell.strip()} » n'est pas un nombre fini."
        )
    if value < 0:
        raise CountsTableError(
            f"{_where(path, row_number, column)} : poids négatif ({cell.strip()}) ; les poids "
            "doivent être positifs ou nuls."
        )
    return value


def _where(path: Path, row_number: int, column: str) -> str:
    return f"Fichier « {path} », ligne {row_number}, colonne « {column} »"


def _table(sums: dict[tuple[str, str], float]) -> CountTable:
    units = [u for u, _ in sums]
    groups = [g for _, g in sums]
    return CountTable.from_records(units, groups, list(sums.values()))


def _finite_or_none(value: float) -> float | None:
    return value if math.isfinite(value) else None
