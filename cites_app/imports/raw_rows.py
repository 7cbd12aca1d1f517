"""The cells of a pupil file as written, by spreadsheet row: for exports and mapping lookup.

The readers in `cites_app.pupil_files` return normalised pupils and drop the rows they refuse;
the rejected-rows export wants those rows as the school wrote them, so that the coordinator can
correct them and import the exported file again. Rows are numbered exactly like the readers
number them (header = 1 in a CSV; row i of a worksheet = spreadsheet row i; SIECLE: the line
of the ``<ELEVE>`` tag, `eleve_numbers`). Anything unreadable gives no cells, never an exception.
"""

from __future__ import annotations

import csv
import itertools
import zipfile
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from cites_app.pupil_files import FileKind
from cites_app.pupil_files.siecle import eleve_numbers
from cites_app.pupil_files.sniff import (
    ODS_MIMETYPE,
    ZIP_ERRORS,
    UnreadableText,
    content_kind,
    detect_encoding,
    read_head,
    sniff_delimiter,
)
from cites_app.pupil_files.textutil import cell_text
from cites_app.pupil_files.workbook_checks import ods_is_well_formed
from cites_app.pupil_files.xmlsafe import XMLSyntaxError, parse_xml, strip_namespaces

RowKey = tuple[str | None, int]
"""(worksheet name or None, 1-based row number), as `PupilRow` and `FileIssue` locate rows."""

SIECLE_FIELDS = (
    "NOM_DE_FAMILLE",
    "NOM_USAGE",
    "PRENOM",
    "DATE_NAISS",
    "CODE_SEXE",
    "CODE_MEF",
    "ID_NATIONAL",
)
"""The SIECLE elements exported for a refused pupil, in this order."""

_READ_ERRORS: tuple[type[Exception], ...] = (
    OSError,
    ValueError,
    CalamineError,
    UnreadableText,
    XMLSyntaxError,
    *ZIP_ERRORS,
)


@dataclass
class SourceRows:
    """Cells of the wanted rows, and the header cells of each sheet (by sheet name or None)."""

    cells: dict[RowKey, list[object]] = field(default_factory=dict)
    headers: dict[str | None, list[str]] = field(default_factory=dict)


def _csv_rows(path: Path) -> Iterator[list[object]]:
    head = read_head(path)
    encoding = detect_encoding(path, head)
    delimiter = sniff_delimiter(head.decode(encoding, errors="ignore"))
    with path.open(encoding=encoding, newline="") as stream:
        for row in csv.reader(stream, delimiter=delimiter):
            cells: list[object] = list(row)
            yield cells


def _workbook_sheets(path: Path) -> Iterator[tuple[str | None, Iterator[list[object]]]]:
    if is_ods(path) and not ods_is_well_formed(path):
        return  # calamine loops forever on some damaged ODS files (see workbook_checks)
    with CalamineWorkbook.from_path(path) as workbook:
        names = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.visible == SheetVisibleEnum.Visible and meta.typ == SheetTypeEnum.WorkSheet
        ]
        for name in names:
            sheet = workbook.get_sheet_by_name(name)
            pad: list[object] = [""] * (sheet.start[1] if sheet.start else 0)
            rows = (pad + list(raw) for raw in sheet.iter_rows())
            yield (name if len(names) > 1 else None), rows


def _siecle_rows(path: Path) -> Iterator[tuple[int, list[object]]]:
    """(row number as the reader gives it, cells) of each pupil of a SIECLE file."""
    data = path.read_bytes()
    if content_kind(data[:8192]) == "zip":
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if n.lower().endswith(".xml")]
            members.sort(key=lambda n: "eleve" not in n.lower())
            data = archive.read(members[0]) if members else b""
    root = parse_xml(data)
    if root.tag.startswith("{"):  # a default namespace, as the reader accepts it
        strip_namespaces(root)
    elements = root.findall("DONNEES/ELEVES/ELEVE")
    for number, eleve in zip(eleve_numbers(elements), elements, strict=True):
        cells: list[object] = []
        for name in SIECLE_FIELDS:
            child = eleve.find(name)
            if child is None and name == "NOM_DE_FAMILLE":
                child = eleve.find("NOM")
            cells.append((child.text or "").strip() if child is not None else "")
        yield number, cells


def is_ods(path: Path) -> bool:
    """True for an OpenDocument spreadsheet (a zip whose ``mimetype`` says so)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("mimetype").startswith(ODS_MIMETYPE)
    except ZIP_ERRORS:
        return False


def _texts(cells: Sequence[object]) -> list[str]:
    texts = [cell_text(c) for c in cells]
    while texts and not texts[-1]:
        texts.pop()
    return texts


def source_rows(
    path: Path, kind: FileKind, wanted: Collection[RowKey], header_row: int | None
) -> SourceRows:
    """The cells of the ``wanted`` rows, with each sheet's header row (``header_row``, 1-based)."""
    result = SourceRows()
    if not wanted:
        return result
    rows_by_sheet = {sheet for sheet, _ in wanted}
    try:
        if kind == "siecle":
            result.headers[None] = list(SIECLE_FIELDS)
            for number, cells in _siecle_rows(path):
                if (None, number) in wanted:
                    result.cells[None, number] = cells
            return result
        sheets: Iterator[tuple[str | None, Iterator[list[object]]]]
        if content_kind(read_head(path)) in {"zip", "ole"}:
            sheets = _workbook_sheets(path)
        else:
            sheets = iter([(None, _csv_rows(path))])
        for sheet, rows in sheets:
            if sheet not in rows_by_sheet:
                continue
            for number, cells in enumerate(rows, start=1):
                if number == header_row and sheet not in result.headers:
                    result.headers[sheet] = _texts(cells)
                if (sheet, number) in wanted:
                    result.cells[sheet, number] = list(cells)
    except _READ_ERRORS:
        return result  # what could be read; the export falls back on the values as read
    return result


WRITTEN_ROWS_LIMIT = 1000
"""Refused rows shown as written in a preview: beyond, the error column says enough."""


def written_texts(path: Path, kind: FileKind, keys: Collection[RowKey]) -> dict[RowKey, str]:
    """Each of these rows as the file writes it, its filled cells joined by « · ».

    For the preview of a row the reader could not make a pupil of (« Nouveaux arrivants »
    alone on its row): the coordinator sees what the row holds, not an empty line. Reads at
    most `WRITTEN_ROWS_LIMIT` rows; an unreadable file gives an empty dict.
    """
    wanted = set(itertools.islice(keys, WRITTEN_ROWS_LIMIT))
    source = source_rows(path, kind, wanted, header_row=None)
    return {key: " · ".join(t for t in _texts(cells) if t) for key, cells in source.cells.items()}


def head_texts(path: Path, kind: FileKind, limit: int = 30) -> list[list[str]]:
    """Texts of the first ``limit`` rows of the file (first sheet), to recognise its headers."""
    if kind == "siecle":
        return []
    try:
        if content_kind(read_head(path)) in {"zip", "ole"}:
            for _sheet, rows in _workbook_sheets(path):
                return [_texts(cells) for cells in itertools.islice(rows, limit)]
            return []
        return [_texts(cells) for cells in itertools.islice(_csv_rows(path), limit)]
    except _READ_ERRORS:
        return []
