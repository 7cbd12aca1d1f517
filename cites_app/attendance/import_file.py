"""Read the cells of an attendance file (Excel .xlsx/.xls, ODS or CSV) and find its header row.

The format is recognised from the content, not the extension, with the pupil import's sniffing
(encoding and separator of CSV files included). Every visible worksheet whose header row is
recognised is read (« un onglet par activité » is common); vertically merged cells (a date
spanning its pupils) are filled down. Problems come back as French ``FileIssue``s.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import (
    CalamineError,
    CalamineSheet,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from cites_app.attendance.import_columns import (
    EXPECTED_COLUMNS,
    ColumnMap,
    count_known_headers,
    detect_columns,
)
from cites_app.pupil_files import FileIssue
from cites_app.pupil_files.sniff import (
    ODS_MIMETYPE,
    UnreadableText,
    content_kind,
    describe_binary,
    detect_encoding,
    read_head,
    sniff_delimiter,
)
from cites_app.pupil_files.textutil import cell_text, read_error_reason
from cites_app.pupil_files.workbook_checks import ods_is_well_formed

HEADER_SEARCH_ROWS = 30
MIN_KNOWN_HEADERS = 3


@dataclass
class RawTable:
    """The data rows of one table (a CSV file or a worksheet) below its recognised headers.

    ``rows`` holds (spreadsheet row number, cells); blank rows are already left out.
    """

    file: str
    sheet: str | None
    header_row: int
    columns: ColumnMap
    rows: list[tuple[int, Sequence[object]]] = field(default_factory=list)


@dataclass
class RawFile:
    """Tables found in a file, and the issues that refused it (or some of its sheets)."""

    tables: list[RawTable] = field(default_factory=list)
    issues: list[FileIssue] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return any(issue.fatal for issue in self.issues)


def read_attendance_cells(path: str | Path) -> RawFile:
    """The tables of an attendance file; never raises for a bad file (see ``issues``)."""
    path = Path(path)
    try:
        head = read_head(path)
    except OSError as exc:
        return _refused(path, f"Impossible d'ouvrir le fichier : {exc.strerror or exc}")
    kind = content_kind(head)
    if kind == "empty":
        return _refused(path, "Le fichier est vide")
    if kind in ("zip", "ole"):
        return _read_workbook(path, head)
    if kind == "text":
        return _read_csv(path, head)
    what = "un fichier XML" if kind == "xml" else describe_binary(head)
    return _refused(path, f"Ce n'est pas un tableau de présences lisible : le contenu est {what}")


def _refused(path: Path, message: str, row: int | None = None) -> RawFile:
    return RawFile([], [FileIssue(path.name, row, None, message, True)])


def _table(
    file: str, sheet: str | None, rows: Iterator[Sequence[object]]
) -> tuple[RawTable | None, FileIssue | None]:
    """Find the header row among the first rows, map the columns, keep the non-blank rows."""
    buffer = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    header_index = next(
        (i for i, cells in enumerate(buffer) if count_known_headers(cells) >= MIN_KNOWN_HEADERS),
        None,
    )
    if header_index is None:
        message = (
            f"Aucune ligne d'en-têtes reconnue dans les {HEADER_SEARCH_ROWS} premières lignes. "
            f"Colonnes attendues : {EXPECTED_COLUMNS}."
        )
        return None, FileIssue(file, None, None, message, True, "error", sheet)
    headers = [cell_text(cell) for cell in buffer[header_index]]
    columns = detect_columns(headers)
    missing = columns.missing()
    if missing:
        found = ", ".join(f"« {h} »" for h in headers if h) or "aucune"
        message = (
            f"Colonne obligatoire introuvable : {', '.join(missing)}. Colonnes trouvées : {found}. "
            f"Colonnes attendues : {EXPECTED_COLUMNS}."
        )
        return None, FileIssue(file, header_index + 1, None, message, True, "error", sheet)
    table = RawTable(file, sheet, header_index + 1, columns)
    numbered = zip(
        itertools.count(header_index + 2),
        itertools.chain(buffer[header_index + 1 :], rows),
        strict=False,
    )
    for number, cells in numbered:
        texts = [cell_text(cell) for cell in cells]
        if not any(texts) or texts[: len(headers)] == headers:  # blank or repeated header
            continue
        table.rows.append((number, cells))
    return table, None


# -- CSV ---------------------------------------------------------------------------------------


def _read_csv(path: Path, head: bytes) -> RawFile:
    try:
        encoding = detect_encoding(path, head)
    except UnreadableText:
        return _refused(
            path,
            "Encodage des caractères non reconnu (ni UTF-8 ni Windows-1252) : enregistrez le "
            "fichier en « CSV UTF-8 » depuis Excel ou LibreOffice",
        )
    delimiter = sniff_delimiter(head.decode(encoding, errors="ignore"))
    with path.open(encoding=encoding, newline="") as stream:
        reader = csv.reader(stream, delimiter=delimiter)
        try:
            rows = list(reader)
        except csv.Error as exc:
            return _refused(
                path,
                f"Ligne {reader.line_num} illisible ({read_error_reason(exc)})",
                reader.line_num or None,
            )
    table, issue = _table(path.name, None, iter(rows))
    if table is None:
        assert issue is not None
        return RawFile([], [issue])
    return _with_notes(RawFile([table]), table)


def _with_notes(result: RawFile, table: RawTable) -> RawFile:
    result.issues.extend(
        FileIssue(table.file, table.header_row, None, note, False, "info", table.sheet)
        for note in table.columns.notes
    )
    return result


# -- workbooks ---------------------------------------------------------------------------------


def _sheet_rows(sheet: CalamineSheet) -> Iterator[list[object]]:
    """Rows from A1, vertically merged cells filled down (calamine gives the top cell only).

    calamine pads the rows above the first used one but starts columns at the first used one.
    """
    start = sheet.start
    pad: list[object] = [""] * (start[1] if start else 0)
    fill: dict[int, list[tuple[int, int]]] = {}
    for (top, left), (bottom, _right) in sheet.merged_cell_ranges or []:
        for row in range(top + 1, bottom + 1):
            fill.setdefault(row, []).append((left, top))
    seen: dict[tuple[int, int], object] = {}
    tops = {top for rows in fill.values() for _column, top in rows}
    for index, raw in enumerate(sheet.iter_rows()):
        cells: list[object] = pad + list(raw)
        for column, top in fill.get(index, ()):
            if column < len(cells) and cells[column] in ("", None):
                cells[column] = seen.get((top, column), "")
        if index in tops:
            for column, value in enumerate(cells):
                seen[(index, column)] = value
        yield cells


def _read_workbook(path: Path, head: bytes) -> RawFile:
    if head.startswith(b"PK") and _is_ods(path) and not ods_is_well_formed(path):
        return _refused(
            path,
            "Classeur ODS endommagé (contenu mal formé) : ouvrez-le dans LibreOffice et "
            "enregistrez-le de nouveau",
        )
    try:
        workbook = CalamineWorkbook.from_path(path)
    except PasswordError:
        return _refused(path, "Classeur protégé par un mot de passe : enregistrez-le sans")
    except (CalamineError, OSError, ValueError) as exc:
        reason = read_error_reason(exc)
        return _refused(path, f"Classeur illisible (fichier tronqué ou endommagé) : {reason}")
    result = RawFile()
    refusals: list[FileIssue] = []
    with workbook:
        names = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.visible == SheetVisibleEnum.Visible and meta.typ == SheetTypeEnum.WorkSheet
        ]
        for name in names:
            try:
                rows = _sheet_rows(workbook.get_sheet_by_name(name))
                table, issue = _table(path.name, name if len(names) > 1 else None, rows)
            except (CalamineError, ValueError) as exc:
                return _refused(path, f"Feuille « {name} » illisible : {read_error_reason(exc)}")
            if table is None:
                assert issue is not None
                refusals.append(issue)
            elif table.rows:
                result.tables.append(table)
                _with_notes(result, table)
    if not result.tables:
        result.issues.extend(refusals[:1] or [FileIssue(path.name, None, None, _EMPTY, True)])
    else:
        result.issues.extend(
            FileIssue(path.name, None, None, f"Feuille « {i.sheet} » ignorée : pas de présences "
                      "reconnues", False, "info", i.sheet)
            for i in refusals
        )  # fmt: skip
    return result


_EMPTY = "Aucune ligne de présence : le fichier ne contient que des en-têtes"


def _is_ods(path: Path) -> bool:
    import zipfile  # noqa: PLC0415 - only for the rare ODS check

    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("mimetype").startswith(ODS_MIMETYPE)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False
