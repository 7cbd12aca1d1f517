"""Reading one row of a CsvTable by field name, reporting bad values as RowIssues.

A reader declares, for each field it needs, the normalised header spellings it accepts
(``{"uai": ("uai", "numero_uai")}``); ``TableRows`` finds which one the file uses and yields
``Row`` objects whose parse methods turn a bad cell into a French RowIssue instead of an
exception.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

from cites_app.opendata.csvtable import CsvTable
from cites_app.opendata.records import RowIssue
from cites_app.opendata.uai import normalize_uai, uai_problem
from cites_app.opendata.values import BadValueError, fold, parse_float, parse_sector

T = TypeVar("T")

Aliases = Mapping[str, tuple[str, ...]]


def find_column(keys: tuple[str, ...], aliases: tuple[str, ...]) -> str | None:
    """Return the first of ``aliases`` present in ``keys``, or None."""
    return next((alias for alias in aliases if alias in keys), None)


class TableRows:
    """The rows of a table seen through a reader's field names."""

    def __init__(self, table: CsvTable, aliases: Aliases) -> None:
        self.table = table
        self.issues: list[RowIssue] = list(table.issues)
        self._keys = {
            field: find_column(table.keys, spellings) for field, spellings in aliases.items()
        }

    def has(self, field: str) -> bool:
        """True when the file has a column for ``field``."""
        return self._keys[field] is not None

    def key(self, field: str) -> str | None:
        """The normalised header the file uses for ``field``, if any."""
        return self._keys[field]

    def header(self, field: str) -> str | None:
        """The header as written in the file for ``field``, if any."""
        key = self._keys[field]
        return None if key is None else self.table.header_for(key)

    def __iter__(self) -> Iterator[Row]:
        for number, values in self.table.rows:
            yield Row(self, number, values)

    def sorted_issues(self) -> list[RowIssue]:
        """All issues, in row order."""
        return sorted(self.issues, key=lambda issue: issue.row)


class Row:
    """One data row; ``number`` is the spreadsheet row number (header = 1)."""

    def __init__(self, rows: TableRows, number: int, values: Mapping[str, str]) -> None:
        self._rows = rows
        self.number = number
        self._values = values

    def text(self, field: str) -> str:
        """The cell of ``field`` without surrounding blanks ("" when the column is absent)."""
        key = self._rows.key(field)
        return "" if key is None else self._values[key].strip()

    def report(self, field: str | None, message: str) -> None:
        """Record a French RowIssue about this row (and the column of ``field``)."""
        column = None if field is None else self._rows.header(field)
        self._rows.issues.append(RowIssue(self._rows.table.file_name, self.number, column, message))

    def parse(self, field: str, parser: Callable[[str], T | None]) -> T | None:
        """Parse the cell of ``field``; a bad value is reported and read as None."""
        if not self._rows.has(field):
            return None
        try:
            return parser(self.text(field))
        except BadValueError as problem:
            self.report(field, f"{problem} : valeur ignorée")
            return None

    def check(self, field: str, parser: Callable[[str], T | None]) -> tuple[bool, T | None]:
        """Parse the cell of ``field``; return (False, None) after reporting a bad value."""
        try:
            return True, parser(self.text(field))
        except BadValueError as problem:
            self.report(field, f"{problem} : ligne ignorée")
            return False, None

    def uai(self, field: str) -> str | None:
        """The normalised UAI of the row, or None after reporting a missing or invalid one."""
        raw = self.text(field)
        if not raw:
            self.report(field, "UAI manquant : ligne ignorée")
            return None
        uai = normalize_uai(raw)
        problem = uai_problem(uai)
        if problem is not None:
            self.report(field, f"UAI « {raw} » invalide ({problem}) : ligne ignorée")
            return None
        return uai

    def open_uai(self) -> str | None:
        """The UAI of an open establishment (fields ``uai`` and ``etat``), or None after
        reporting why the row is left aside (missing or invalid UAI, closed or closing)."""
        uai = self.uai("uai")
        if uai is None:
            return None
        etat = self.text("etat")
        if etat and fold(etat) != "ouvert":
            self.report(
                "etat", f"établissement {uai} à l'état « {etat} », pas OUVERT : ligne ignorée"
            )
            return None
        return uai

    def sector(self, status: str, contract: str) -> str | None:
        """Public / privé sous contrat from a status column and, if the file has it, a contract one."""
        known = self._rows.has(contract)
        detail = self.text(contract) if known else None
        return self.parse(status, lambda value: parse_sector(value, detail))

    def coordinates(self, latitude: str, longitude: str) -> tuple[float | None, float | None]:
        """(latitude, longitude) from two columns; (None, None) unless both are there."""
        lat, lon = self.parse(latitude, parse_float), self.parse(longitude, parse_float)
        if lat is None or lon is None:
            return None, None
        return lat, lon
