"""One entry point for any pupil file: recognise it by its content, then read it.

The extension is not trusted: a workbook renamed « .csv » is read as a workbook, a binary
file renamed « .csv » is refused, a zip is opened to see whether it holds a workbook or a
SIECLE export.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

from cites_app.pupil_files.model import ColumnMapping, FileIssue, PupilFile
from cites_app.pupil_files.onde import looks_like_onde, read_onde
from cites_app.pupil_files.siecle import read_siecle
from cites_app.pupil_files.sniff import (
    ODS_MIMETYPE,
    ZIP_ERRORS,
    content_kind,
    describe_binary,
    read_head,
)
from cites_app.pupil_files.tabular import read_csv, read_workbook


def _refuse(path: Path, message: str) -> PupilFile:
    return PupilFile("unknown", [], [FileIssue(path.name, None, None, message, True)])


def read_pupil_file(
    path: str | Path, mapping: ColumnMapping | None = None, *, today: date | None = None
) -> PupilFile:
    """Read an ONDE CSV, a SIECLE XML (or its zip), or any Excel / ODS / CSV pupil list.

    Never raises for a bad file: problems come back as `PupilFile.issues` (a fatal issue
    when the whole file is refused). `mapping` applies a column mapping the user corrected
    (tabular files and ONDE); `today` fixes the date used to judge birth dates (tests).
    """
    path = Path(path)
    try:
        head = read_head(path)
    except OSError as exc:
        return _refuse(path, f"Impossible d'ouvrir le fichier : {exc.strerror or exc}")
    kind = content_kind(head)
    if kind == "empty":
        result = _refuse(path, "Le fichier est vide")
    elif kind == "zip":
        result = _read_zip(path, mapping, today)
    elif kind == "ole":
        result = read_workbook(path, mapping, today=today)
    elif kind == "xml":
        result = read_siecle(path, today=today)
    elif kind == "binary":
        result = _refuse(
            path,
            f"Ce n'est pas une liste d'élèves lisible : le contenu est {describe_binary(head)}, "
            "pas un texte CSV ni un classeur",
        )
    elif looks_like_onde(head):
        result = read_onde(path, mapping, today=today)
    else:
        result = read_csv(path, mapping, today=today, head=head)
    return result


def _read_zip(path: Path, mapping: ColumnMapping | None, today: date | None) -> PupilFile:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except ZIP_ERRORS:
        return _refuse(
            path,
            "Archive zip tronquée ou endommagée : le fichier est incomplet ou abîmé "
            "(téléchargement ou copie interrompus ?)",
        )
    if "xl/workbook.xml" in names or mimetype.startswith(ODS_MIMETYPE):
        return read_workbook(path, mapping, today=today)
    if "word/document.xml" in names or mimetype.startswith(b"application/vnd.oasis"):
        return _refuse(path, "C'est un document de traitement de texte, pas un tableur")
    if any(name.lower().endswith(".xml") for name in names):
        return read_siecle(path, today=today)
    return _refuse(path, "Archive sans liste d'élèves reconnue (ni classeur, ni export SIECLE XML)")
