"""Checks calamine needs help with: formula cells without value (xlsx), broken ODS XML.

**Formulas.**
calamine returns a formula's *cached* value, the one the spreadsheet program stored when it
saved the file. Files written by scripts (openpyxl, some exports) carry formulas without any
cached value, and calamine then returns an empty cell that looks like missing data; a cached
error (#REF!, #N/A) is returned empty too. This module reads the sheet XML to tell those cells
apart, only when the sheet contains formulas at all.

**ODS.** calamine 0.9 loops forever on an ODS whose ``content.xml`` has a malformed closing
tag (seen while fuzzing the corpus): the XML is checked with lxml before calamine reads it.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from cites_app.pupil_files.sniff import ZIP_ERRORS
from cites_app.pupil_files.xmlsafe import XMLSyntaxError, iter_elements, parse_xml

_ODS_ROW = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}table-row"

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")

NO_CACHED_VALUE = (
    "Formule sans valeur calculée : ouvrez le fichier dans Excel ou LibreOffice puis "
    "enregistrez-le, ou remplacez la formule par sa valeur"
)


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def _sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    workbook = parse_xml(archive.read("xl/workbook.xml"))
    rel_id = None
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        if sheet.get("name") == sheet_name:
            rel_id = sheet.get(f"{_REL}id")
    if rel_id is None:
        return None
    rels = parse_xml(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{_PKG_REL}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target") or ""
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target))
    return None


def formula_problems(path: Path, sheet_name: str) -> dict[tuple[int, int], str]:
    """(row, column) 0-based of formula cells without a usable value → French message.

    Returns an empty dict for non-xlsx files or when the parts cannot be found: this check
    only adds information, it never refuses a file on its own.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet_name)
            if part is None:
                return {}
            data = archive.read(part)
    except (*ZIP_ERRORS, XMLSyntaxError):
        return {}
    if b"<f" not in data:
        return {}
    problems: dict[tuple[int, int], str] = {}
    try:
        for cell in iter_elements(data, f"{_MAIN}c"):
            formula = cell.find(f"{_MAIN}f")
            if formula is not None:
                value = cell.find(f"{_MAIN}v")
                text = (value.text or "").strip() if value is not None else ""
                kind = cell.get("t")
                message = None
                if kind == "e":
                    message = f"Formule en erreur ({text or 'erreur'}) : valeur inutilisable"
                elif not text and kind != "str":
                    message = NO_CACHED_VALUE
                match = _CELL_REF.fullmatch(cell.get("r") or "")
                if message is not None and match:
                    problems[(int(match[2]) - 1, _column_index(match[1]))] = message
            cell.clear(keep_tail=True)
    except XMLSyntaxError:
        pass
    return problems


def ods_is_well_formed(path: Path) -> bool:
    """True when the ODS ``content.xml`` parses (streamed: memory stays flat on big files)."""
    try:
        with zipfile.ZipFile(path) as archive:
            data = archive.read("content.xml")
        for row in iter_elements(data, _ODS_ROW):
            row.clear()
    except (*ZIP_ERRORS, XMLSyntaxError):
        return False
    return True
