"""Turn the cells of one attendance row into clean values, or into French row-level issues.

Required on every row: the séance's date, start and end times, the activity, the pupil's last
and first names, and the school (UAI or name); the birth date too when the file has that column
(as in the pupil import). An unreadable optional pupil value (sex, niveau, QPV, INE) is left
empty with a warning; any other unreadable value refuses the row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TypeVar

from cites_app.attendance.import_columns import Column, ColumnMap
from cites_app.attendance.import_file import RawTable
from cites_app.attendance.import_values import (
    parse_axis,
    parse_clock,
    parse_kind,
    parse_minutes,
    parse_seance_date,
    parse_status,
    parse_time_range,
)
from cites_app.attendance.marks import PRESENT
from cites_app.pupil_files import (
    MAX_TEXT_LENGTH,
    FileIssue,
    InvalidValueError,
    clean_name,
    parse_date,
    parse_ine,
    parse_niveau,
    parse_qpv,
    parse_sex,
    parse_uai,
)

T = TypeVar("T")
_UAI_LIKE = re.compile(r"\d{7}[A-Z]")


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    """One séance × pupil row of the file, clean but not yet matched to the database."""

    file: str
    sheet: str | None
    source_row: int
    starts_at: datetime
    ends_at: datetime
    activity: str
    kind: str | None
    action: str | None
    axis: str | None
    venue: str | None
    last_name: str
    first_name: str
    birth_date: date | None
    sex: str | None
    niveau: str | None
    ulis: bool
    segpa: bool
    ine: str | None
    uai: str | None
    school: str | None
    commune: str | None
    qpv: bool | None
    status: str
    minutes: int | None

    @property
    def duration(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class _RowError(Exception):
    def __init__(self, column: Column | None, message: str) -> None:
        super().__init__(message)
        self.column = column


class RowReader:
    """Reads the rows of one table; ``issues`` collects what went wrong, row by row."""

    def __init__(self, table: RawTable, today: date | None = None) -> None:
        self.table = table
        self.columns: ColumnMap = table.columns
        self.today = today or date.today()
        self.issues: list[FileIssue] = []

    def read(self) -> list[AttendanceRow]:
        rows = []
        for number, cells in self.table.rows:
            try:
                rows.append(self._row(number, cells))
            except _RowError as exc:
                self._issue(number, exc.column, str(exc), "error")
        return rows

    def _issue(self, row: int, column: Column | None, message: str, severity: str) -> None:
        header = self.columns.header(column) if column is not None else None
        self.issues.append(
            FileIssue(
                self.table.file,
                row,
                header,
                message,
                False,
                "error" if severity == "error" else "warning",
                self.table.sheet,
            )
        )

    def _cell(self, cells: Sequence[object], column: Column) -> object:
        index = self.columns.indexes.get(column)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def _required(self, cells: Sequence[object], column: Column, missing: str) -> str:
        text = clean_name(self._cell(cells, column))
        if not text:
            raise _RowError(column, missing)
        if len(text) > MAX_TEXT_LENGTH:
            raise _RowError(
                column, f"Texte trop long ({len(text)} caractères, {MAX_TEXT_LENGTH} au plus)"
            )
        return text

    def _optional_text(self, cells: Sequence[object], column: Column) -> str | None:
        text = clean_name(self._cell(cells, column))
        return text[:200] if text else None

    def _parsed(self, cells: Sequence[object], column: Column, parser: Callable[[object], T]) -> T:
        try:
            return parser(self._cell(cells, column))
        except InvalidValueError as exc:
            raise _RowError(column, str(exc)) from None

    def _lenient(
        self, number: int, cells: Sequence[object], column: Column, parser: Callable[[object], T]
    ) -> T | None:
        try:
            return parser(self._cell(cells, column))
        except InvalidValueError as exc:
            self._issue(number, column, f"{exc} : valeur laissée vide", "warning")
            return None

    def _times(self, cells: Sequence[object]) -> tuple[time, time]:
        has = self.columns.indexes.__contains__
        if has(Column.START) and has(Column.END):
            start = self._parsed(cells, Column.START, lambda v: parse_clock(v, "Heure de début"))
            end = self._parsed(cells, Column.END, lambda v: parse_clock(v, "Heure de fin"))
            return start, end
        return self._parsed(cells, Column.TIME_RANGE, parse_time_range)

    def _row(self, number: int, cells: Sequence[object]) -> AttendanceRow:
        day = self._parsed(cells, Column.DATE, lambda v: parse_seance_date(v, today=self.today))
        start, end = self._times(cells)
        starts_at, ends_at = datetime.combine(day, start), datetime.combine(day, end)
        if ends_at <= starts_at:
            raise _RowError(
                Column.END if Column.END in self.columns.indexes else Column.TIME_RANGE,
                f"L'heure de fin ({end:%H:%M}) doit suivre l'heure de début ({start:%H:%M})",
            )
        activity = self._required(cells, Column.ACTIVITY, "Activité manquante")
        last_name = self._required(cells, Column.LAST_NAME, "Nom de l'élève manquant")
        first_name = self._required(cells, Column.FIRST_NAME, "Prénom de l'élève manquant")
        birth_date = None
        if Column.BIRTH_DATE in self.columns.indexes:
            birth_date = self._parsed(
                cells, Column.BIRTH_DATE, lambda v: parse_date(v, today=self.today)
            )
            if birth_date is None:
                raise _RowError(Column.BIRTH_DATE, "Date de naissance manquante")
        uai = self._parsed(cells, Column.UAI, parse_uai)
        school = self._optional_text(cells, Column.SCHOOL)
        if uai is None and school is not None and _UAI_LIKE.fullmatch(school.upper()):
            uai = self._parsed(cells, Column.SCHOOL, parse_uai)  # « Établissement » holds UAIs
        if uai is None and school is None:
            column = Column.UAI if Column.UAI in self.columns.indexes else Column.SCHOOL
            raise _RowError(column, "Établissement manquant (UAI ou nom de l'établissement)")
        status = self._parsed(cells, Column.STATUS, parse_status)
        minutes = self._parsed(cells, Column.MINUTES, parse_minutes)
        duration = int((ends_at - starts_at).total_seconds() // 60)
        if minutes is not None:
            if status != PRESENT:
                raise _RowError(Column.MINUTES, "Durée de présence indiquée pour un élève absent")
            if not 0 < minutes <= duration:
                raise _RowError(
                    Column.MINUTES,
                    f"Durée de présence impossible : {minutes} min (séance de {duration} min)",
                )
            minutes = None if minutes == duration else minutes
        niveau = self._lenient(number, cells, Column.NIVEAU, parse_niveau)
        return AttendanceRow(
            file=self.table.file,
            sheet=self.table.sheet,
            source_row=number,
            starts_at=starts_at,
            ends_at=ends_at,
            activity=activity,
            kind=self._parsed(cells, Column.KIND, parse_kind),
            action=self._optional_text(cells, Column.ACTION),
            axis=self._parsed(cells, Column.AXIS, parse_axis),
            venue=self._optional_text(cells, Column.VENUE),
            last_name=last_name,
            first_name=first_name,
            birth_date=birth_date,
            sex=self._lenient(number, cells, Column.SEX, parse_sex),
            niveau=niveau.niveau if niveau else None,
            ulis=bool(niveau and niveau.ulis),
            segpa=bool(niveau and niveau.segpa),
            ine=self._lenient(number, cells, Column.INE, parse_ine),
            uai=uai,
            school=school,
            commune=self._optional_text(cells, Column.COMMUNE),
            qpv=self._lenient(number, cells, Column.QPV, parse_qpv),
            status=status,
            minutes=minutes,
        )
