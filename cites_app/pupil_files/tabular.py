"""Pupil lists as head teachers make them: Excel (.xlsx, .xls), ODS and CSV files.

Workbooks are read with python-calamine (fast, streams rows). Every visible worksheet whose
header row has the same columns as the first one is read (« un onglet par classe »); rows then
carry their sheet name. Vertically merged cells (a class label spanning its pupils) are filled
down; formula cells without a stored value are flagged.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from python_calamine import (
    CalamineError,
    CalamineSheet,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from cites_app.pupil_files.model import ColumnMapping, FileIssue, PupilFile
from cites_app.pupil_files.sniff import (
    ODS_MIMETYPE,
    ZIP_ERRORS,
    UnreadableText,
    content_kind,
    describe_binary,
    detect_encoding,
    read_head,
    sniff_delimiter,
)
from cites_app.pupil_files.table import CellProblems, TableResult, read_table, single_uai
from cites_app.pupil_files.textutil import MOJIBAKE, read_error_reason, repair_mojibake
from cites_app.pupil_files.workbook_checks import formula_problems, ods_is_well_formed

__all__ = ["read_csv", "read_tabular", "read_workbook"]


def _fatal(path: Path, message: str, row: int | None = None) -> FileIssue:
    return FileIssue(path.name, row, None, message, True)


def read_tabular(
    path: str | Path, mapping: ColumnMapping | None = None, *, today: date | None = None
) -> PupilFile:
    """Read an Excel, ODS or CSV pupil list (the format is recognised from the content)."""
    path = Path(path)
    head = read_head(path)
    kind = content_kind(head)
    if kind in {"zip", "ole"}:
        return read_workbook(path, mapping, today=today)
    if kind == "text":
        return read_csv(path, mapping, today=today, head=head)
    if kind == "empty":
        return PupilFile("tabular", [], [_fatal(path, "Le fichier est vide")])
    return PupilFile(
        "tabular",
        [],
        [_fatal(path, f"Ce n'est pas une liste d'élèves lisible : {describe_binary(head)}")],
    )


# -- CSV ---------------------------------------------------------------------------------------


class _CsvRows:
    """csv.reader rows that stop (instead of raising) on a malformed line, remembering why."""

    def __init__(self, path: Path, encoding: str, delimiter: str, *, repair: bool) -> None:
        self.path, self.encoding, self.delimiter = path, encoding, delimiter
        self.repair = repair
        self.error: tuple[int, str] | None = None

    def __iter__(self) -> Iterator[list[str]]:
        with self.path.open(encoding=self.encoding, newline="") as stream:
            reader = csv.reader(stream, delimiter=self.delimiter)
            count = 0
            try:
                for count, row in enumerate(reader, start=1):  # noqa: B007 - count used after
                    if self.repair:
                        yield [repair_mojibake(c) if MOJIBAKE.search(c) else c for c in row]
                    else:
                        yield row
            except csv.Error as exc:
                self.error = (count + 1, read_error_reason(exc))


def _double_encoded(sample: str) -> bool:
    """True when the text shows « Ã© » for « é » on a line that decodes back cleanly."""
    for line in sample.splitlines()[:-1] or sample.splitlines():
        if MOJIBAKE.search(line) and repair_mojibake(line) != line:
            return True
    return False


def read_csv(
    path: str | Path,
    mapping: ColumnMapping | None = None,
    *,
    today: date | None = None,
    head: bytes | None = None,
    fixed_header_row: int | None = None,
) -> PupilFile:
    """Read a CSV list: encoding (UTF-8, UTF-8 BOM, UTF-16, Windows-1252) and separator sniffed."""
    path = Path(path)
    head = read_head(path) if head is None else head
    try:
        encoding = detect_encoding(path, head)
    except UnreadableText:
        return PupilFile(
            "tabular",
            [],
            [
                _fatal(
                    path,
                    "Encodage des caractères non reconnu (ni UTF-8 ni Windows-1252) : "
                    "enregistrez le fichier en « CSV UTF-8 » depuis Excel ou LibreOffice",
                )
            ],
        )
    sample = head.decode(encoding, errors="ignore")
    repair = _double_encoded(sample)
    delimiter = sniff_delimiter(sample)
    rows = _CsvRows(path, encoding, delimiter, repair=repair)
    result = read_table(
        path.name,
        rows,
        mapping=mapping,
        today=today,
        fixed_header_row=fixed_header_row,
        delimiter=delimiter,
    )
    issues = result.issues
    if repair:
        issues.insert(
            0,
            FileIssue(
                path.name,
                None,
                None,
                "Accents mal encodés (« Ã© » au lieu de « é ») : le fichier a été converti deux "
                "fois ; les textes ont été corrigés, vérifiez les noms",
                False,
                "warning",
            ),
        )
    if rows.error is not None:
        line, why = rows.error
        issues.append(_fatal(path, f"Ligne {line} illisible, lecture interrompue ({why})", line))
    return PupilFile("tabular", result.rows, issues, result.mapping, single_uai(result.rows))


# -- workbooks ---------------------------------------------------------------------------------


def _sheet_rows(sheet: CalamineSheet) -> Iterator[list[object]]:
    """Rows from A1 (calamine starts columns at the first used one: pad them back)."""
    start = sheet.start
    pad: list[object] = [""] * (start[1] if start else 0)
    fill_from: dict[int, list[tuple[int, int]]] = {}  # row -> [(column, source row)]
    keep: dict[int, set[int]] = {}  # source row -> columns to remember
    for (top, left), (bottom, _right) in sheet.merged_cell_ranges or []:
        if bottom > top:  # only vertical spans are filled: a horizontal one is one value
            keep.setdefault(top, set()).add(left)
            for row in range(top + 1, bottom + 1):
                fill_from.setdefault(row, []).append((left, top))
    saved: dict[tuple[int, int], object] = {}
    for index, raw in enumerate(sheet.iter_rows()):
        cells: list[object] = pad + raw if pad else list(raw)
        if index in keep:
            for column in keep[index]:
                saved[(index, column)] = cells[column] if column < len(cells) else ""
        for column, source in fill_from.get(index, ()):
            if column < len(cells) and cells[column] in ("", None):
                cells[column] = saved.get((source, column), "")
        yield cells


def _is_ods(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("mimetype").startswith(ODS_MIMETYPE)
    except ZIP_ERRORS:
        return False


def _sheet_problems(path: Path, name: str) -> CellProblems:
    by_row: dict[int, dict[int, str]] = {}
    for (row, column), message in formula_problems(path, name).items():
        by_row.setdefault(row + 1, {})[column] = message
    return by_row


def read_workbook(
    path: str | Path, mapping: ColumnMapping | None = None, *, today: date | None = None
) -> PupilFile:
    """Read an .xlsx, .xls or .ods workbook, across its visible worksheets of the same shape."""
    path = Path(path)
    if _is_ods(path) and not ods_is_well_formed(path):
        message = (
            "Classeur ODS endommagé (contenu mal formé) : ouvrez-le dans LibreOffice et "
            "enregistrez-le de nouveau"
        )
        return PupilFile("tabular", [], [_fatal(path, message)])
    try:
        workbook = CalamineWorkbook.from_path(path)
    except PasswordError:
        message = "Classeur protégé par un mot de passe : enregistrez-le sans mot de passe"
        return PupilFile("tabular", [], [_fatal(path, message)])
    except (CalamineError, OSError, ValueError) as exc:
        message = f"Classeur illisible (fichier tronqué ou endommagé) : {read_error_reason(exc)}"
        return PupilFile("tabular", [], [_fatal(path, message)])
    with workbook:
        names = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.visible == SheetVisibleEnum.Visible and meta.typ == SheetTypeEnum.WorkSheet
        ]
        is_zip = read_head(path).startswith(b"PK")  # xlsx or ods; the formula check needs xlsx
        results: list[tuple[str, TableResult]] = []
        for name in names:
            try:
                sheet = workbook.get_sheet_by_name(name)
                problems = _sheet_problems(path, name) if is_zip else None
                result = read_table(
                    path.name,
                    _sheet_rows(sheet),
                    mapping=mapping,
                    sheet=name if len(names) > 1 else None,
                    cell_problems=problems,
                    today=today,
                )
            except (CalamineError, ValueError) as exc:
                message = f"Feuille « {name} » illisible : {read_error_reason(exc)}"
                return PupilFile("tabular", [], [_fatal(path, message)])
            results.append((name, result))
    return _combine(path, results)


def _combine(path: Path, results: Sequence[tuple[str, TableResult]]) -> PupilFile:
    """Merge the sheets that hold pupils; sheets of another shape are ignored with a note."""
    if not results:
        return PupilFile("tabular", [], [_fatal(path, "Le classeur ne contient aucune feuille")])
    with_header = [(name, r) for name, r in results if r.header_found]
    used = [(name, r) for name, r in with_header if r.data_rows > 0]
    if not used:
        first = with_header[0][1] if with_header else results[0][1]
        return PupilFile("tabular", [], first.issues, first.mapping)
    reference = used[0][1].mapping
    assert reference is not None
    rows, issues = [], []
    for name, result in used:
        assert result.mapping is not None
        if result.mapping.signature != reference.signature:
            issues.append(
                FileIssue(
                    path.name,
                    None,
                    None,
                    f"Feuille « {name} » ignorée : ses colonnes diffèrent de la première feuille",
                    False,
                    "info",
                    name,
                )
            )
            continue
        rows.extend(result.rows)
        issues.extend(i for i in result.issues if not i.fatal)
    return PupilFile("tabular", rows, issues, reference, single_uai(rows))
