"""SIECLE « ElevesSansAdresses.xml » (collèges and lycées), alone or inside its .zip.

The file (ISO-8859-15, declared in its prolog) holds:

- ``PARAMETRES/UAJ``: the establishment's UAI;
- ``DONNEES/ELEVES/ELEVE[@ELEVE_ID]``: ``ID_NATIONAL`` (INE), ``NOM_DE_FAMILLE`` (older files:
  ``NOM``; ``NOM_USAGE`` is used only when both are empty), ``PRENOM``, ``DATE_NAISS``
  (dd/mm/yyyy), ``CODE_SEXE`` (1 = M, 2 = F), ``CODE_MEF``, ``DATE_SORTIE`` (set for pupils who
  left: they are skipped with an informational issue);
- ``DONNEES/STRUCTURES/STRUCTURES_ELEVE[@ELEVE_ID]/STRUCTURE``: the class is the
  ``CODE_STRUCTURE`` whose ``TYPE_STRUCTURE`` is « D » (division); a group (« G ») whose code
  contains « ULIS » marks the pupil ULIS;
- optionally ``…/MEF[@CODE_MEF]`` nomenclature entries, whose label (``LIBELLE_LONG``,
  ``FORMATION``…) is used for MEF codes the built-in table does not know.

A default namespace on the root element (``xmlns="…"``, left by XML tools that re-save the
file) is ignored.

`source_row` is the line of the ``<ELEVE>`` tag in the XML file (`eleve_numbers`). Row
rules are those of `rows`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from cites_app.pupil_files.model import ColumnRef, Field, FileIssue, PupilFile
from cites_app.pupil_files.niveaux import niveau_from_mef
from cites_app.pupil_files.normalize import InvalidValueError, parse_uai
from cites_app.pupil_files.rows import RowBuilder
from cites_app.pupil_files.sniff import ZIP_ERRORS, content_kind, read_head
from cites_app.pupil_files.textutil import plain_upper
from cites_app.pupil_files.xmlsafe import (
    XmlElement,
    XMLSyntaxError,
    parse_xml,
    strip_namespaces,
)

MAX_XML_SIZE = 200 * 1024 * 1024
"""A real ElevesSansAdresses.xml weighs a few MB; refuse archive members claiming more."""

# Cell layout handed to RowBuilder, with the XML element names as « headers ».
_LAYOUT: tuple[tuple[Field, str], ...] = (
    (Field.LAST_NAME, "NOM_DE_FAMILLE"),
    (Field.USAGE_NAME, "NOM_USAGE"),
    (Field.FIRST_NAME, "PRENOM"),
    (Field.BIRTH_DATE, "DATE_NAISS"),
    (Field.SEX, "CODE_SEXE"),
    (Field.NIVEAU, "CODE_MEF"),
    (Field.CLASS_LABEL, "CODE_STRUCTURE"),
    (Field.INE, "ID_NATIONAL"),
    (Field.ULIS, "STRUCTURE"),
)
_COLUMNS = {f: ColumnRef(i, name) for i, (f, name) in enumerate(_LAYOUT)}


def eleve_numbers(elements: Sequence[XmlElement]) -> list[int]:
    """The row number of each ``ELEVE``: the line of its tag in the file, as a text editor
    shows it (SIECLE writes one element per line); its rank (1, 2, …) in a file where two
    pupils share a line (XML saved on a single line), so that numbers stay distinct."""
    lines = [element.sourceline for element in elements]
    known = [line for line in lines if line is not None]
    if len(known) == len(lines) and len(set(known)) == len(known):
        return known
    return list(range(1, len(elements) + 1))


def _fatal(name: str, message: str) -> PupilFile:
    return PupilFile("siecle", [], [FileIssue(name, None, None, message, True)])


def _text(element: XmlElement, path: str) -> str:
    child = element.find(path)
    return (child.text or "").strip() if child is not None else ""


def read_siecle(path: str | Path, *, today: date | None = None) -> PupilFile:
    """Read a SIECLE pupils export, given as the .xml file or as the .zip that contains it."""
    path = Path(path)
    if content_kind(read_head(path)) != "zip":
        return parse_siecle(path.read_bytes(), path.name, today=today)
    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                info
                for info in archive.infolist()
                if info.filename.lower().endswith(".xml")
                and "__macosx" not in info.filename.lower()
            ]
            if not members:
                return _fatal(path.name, "L'archive ne contient pas de fichier XML SIECLE")
            members.sort(key=lambda info: "eleve" not in info.filename.lower())
            member = members[0]
            if member.file_size > MAX_XML_SIZE:
                return _fatal(path.name, f"« {member.filename} » est anormalement gros : refusé")
            data = archive.read(member)
    except ZIP_ERRORS as exc:
        if isinstance(exc, RuntimeError) and "password" in str(exc):
            return _fatal(
                path.name, "Archive protégée par un mot de passe : extrayez le fichier XML"
            )
        return _fatal(
            path.name,
            "Archive zip tronquée ou endommagée : le fichier est incomplet ou abîmé "
            "(téléchargement ou copie interrompus ?)",
        )
    return parse_siecle(data, path.name, today=today)


def parse_siecle(data: bytes, file_name: str, *, today: date | None = None) -> PupilFile:
    """Read the bytes of an ElevesSansAdresses.xml; `file_name` names it in the issues."""
    if b"<!ENTITY" in data[:65536]:
        return _fatal(
            file_name,
            "Fichier XML refusé : il déclare des entités (<!ENTITY>), ce que ne fait jamais "
            "un export SIECLE",
        )
    try:
        root = parse_xml(data)
    except XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None)
        where = f" (ligne {line})" if line else ""
        return _fatal(file_name, f"Fichier XML tronqué ou mal formé{where} : fichier refusé")
    if root.tag.startswith("{"):  # a default namespace (xmlns="…") on the root: same content
        strip_namespaces(root)
    eleves = root.find("DONNEES/ELEVES")
    if eleves is None:
        return _fatal(
            file_name,
            "Ce fichier XML n'est pas un export SIECLE des élèves (élément DONNEES/ELEVES absent)",
        )

    issues: list[FileIssue] = []
    uai = None
    try:
        uai = parse_uai(_text(root, "PARAMETRES/UAJ"))
    except InvalidValueError as exc:
        issues.append(FileIssue(file_name, None, "UAJ", str(exc), False, "warning"))

    classes, ulis_ids = _structures(root)
    mef_labels = _mef_labels(root)
    builder = RowBuilder(file_name, _COLUMNS, default_uai=uai, today=today)
    rows = []
    elements = eleves.findall("ELEVE")
    numbers = eleve_numbers(elements)
    for index, eleve in zip(numbers, elements, strict=True):
        last = _text(eleve, "NOM_DE_FAMILLE") or _text(eleve, "NOM")
        first = _text(eleve, "PRENOM")
        left = _text(eleve, "DATE_SORTIE")
        if left:
            issues.append(
                FileIssue(
                    file_name,
                    index,
                    "DATE_SORTIE",
                    f"{first} {last} a quitté l'établissement le {left} : élève ignoré",
                    False,
                    "info",
                )
            )
            continue
        mef = _text(eleve, "CODE_MEF")
        if mef and niveau_from_mef(mef) is None and mef in mef_labels:
            mef = mef_labels[mef]
        eleve_id = eleve.get("ELEVE_ID") or ""
        cells = [
            last,
            _text(eleve, "NOM_USAGE"),
            first,
            _text(eleve, "DATE_NAISS"),
            _text(eleve, "CODE_SEXE"),
            mef,
            classes.get(eleve_id, ""),
            _text(eleve, "ID_NATIONAL"),
            "1" if eleve_id in ulis_ids else "",
        ]
        pupil = builder.build(index, cells)
        if pupil is not None:
            rows.append(pupil)
    issues.extend(builder.issues)
    if not elements:
        issues.append(
            FileIssue(file_name, None, None, "Aucune ligne d'élève dans ce fichier", True)
        )
    return PupilFile("siecle", rows, issues, None, uai)


def _structures(root: XmlElement) -> tuple[dict[str, str], set[str]]:
    classes: dict[str, str] = {}
    ulis_ids: set[str] = set()
    for links in root.iter("STRUCTURES_ELEVE"):
        eleve_id = links.get("ELEVE_ID") or ""
        for structure in links.findall("STRUCTURE"):
            code = _text(structure, "CODE_STRUCTURE")
            if _text(structure, "TYPE_STRUCTURE") == "D":
                classes.setdefault(eleve_id, code)
            if "ULIS" in plain_upper(code):
                ulis_ids.add(eleve_id)
    return classes, ulis_ids


def _mef_labels(root: XmlElement) -> dict[str, str]:
    labels: dict[str, str] = {}
    for mef in root.iter("MEF"):
        code = mef.get("CODE_MEF")
        if code:
            for tag in ("LIBELLE_LONG", "FORMATION", "LIBELLE_EDITION", "LIBELLE_COURT"):
                label = _text(mef, tag)
                if label:
                    labels[code] = label
                    break
    return labels
