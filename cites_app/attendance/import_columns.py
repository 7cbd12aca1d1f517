"""Recognise the columns of a past-attendance file (one row per séance × pupil) by their headers.

Headers are compared by the pupil import's key (``pupil_files.header_key``: lower case, accents,
punctuation and filler words such as « de », « l' », « élève » removed), so « Heure de début »,
« HEURE DEBUT » and « Heure début séance » all name the start time. Pupil columns (nom, prénom,
date de naissance, sexe, niveau, INE, UAI, QPV) are recognised exactly as the pupil import does.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cites_app.pupil_files import Field, field_of_header, header_key


class Column(enum.StrEnum):
    """What a column of an attendance file can hold."""

    DATE = "date"
    START = "start"
    END = "end"
    TIME_RANGE = "time_range"
    ACTIVITY = "activity"
    KIND = "kind"
    ACTION = "action"
    AXIS = "axis"
    VENUE = "venue"
    LAST_NAME = "last_name"
    FIRST_NAME = "first_name"
    BIRTH_DATE = "birth_date"
    SEX = "sex"
    NIVEAU = "niveau"
    INE = "ine"
    UAI = "uai"
    SCHOOL = "school"
    COMMUNE = "commune"
    QPV = "qpv"
    STATUS = "status"
    MINUTES = "minutes"


COLUMN_LABELS: Mapping[Column, str] = {
    Column.DATE: "Date",
    Column.START: "Heure de début",
    Column.END: "Heure de fin",
    Column.TIME_RANGE: "Horaire",
    Column.ACTIVITY: "Activité",
    Column.KIND: "Type",
    Column.ACTION: "Action",
    Column.AXIS: "Axe",
    Column.VENUE: "Lieu",
    Column.LAST_NAME: "Nom",
    Column.FIRST_NAME: "Prénom",
    Column.BIRTH_DATE: "Date de naissance",
    Column.SEX: "Sexe",
    Column.NIVEAU: "Niveau",
    Column.INE: "INE",
    Column.UAI: "UAI",
    Column.SCHOOL: "Établissement",
    Column.COMMUNE: "Commune",
    Column.QPV: "QPV",
    Column.STATUS: "Statut",
    Column.MINUTES: "Minutes de présence",
}

_SYNONYMS: dict[Column, tuple[str, ...]] = {
    Column.DATE: (
        "date", "date seance", "jour", "date activite", "date atelier", "date intervention",
        "date sortie", "seance date", "date action",
    ),
    Column.START: (
        "heure debut", "debut", "heure", "horaire debut", "h debut", "heure debut seance",
        "debut seance", "heure arrivee", "start", "start time", "heure depart",
    ),
    Column.END: (
        "heure fin", "fin", "horaire fin", "h fin", "heure fin seance", "fin seance", "end",
        "end time",
    ),
    Column.TIME_RANGE: ("horaire", "horaires", "creneau", "creneau horaire", "plage horaire"),
    Column.ACTIVITY: (
        "activite", "atelier", "intitule activite", "nom activite", "titre activite",
        "intitule", "activite atelier", "intitule atelier", "temps activite",
    ),
    Column.KIND: (
        "type", "type activite", "temps", "type temps", "categorie", "nature", "type atelier",
        "type action", "periscolaire orientation",
    ),
    Column.ACTION: (
        "action", "intitule action", "fiche action", "action cite educative", "nom action",
        "programme", "action programme",
    ),
    Column.AXIS: ("axe", "axe action", "axe cite educative", "axe strategique"),
    Column.VENUE: ("lieu", "lieu seance", "salle", "site", "lieu activite", "lieu atelier"),
    Column.SCHOOL: (
        "etablissement", "ecole", "etablissement scolaire", "nom etablissement", "ecole college",
        "etablissement origine", "ecole origine", "nom ecole", "ecole etablissement",
        "college", "etablissement frequente", "libelle etablissement",
    ),
    Column.COMMUNE: ("commune", "ville", "commune etablissement", "commune ecole"),
    Column.STATUS: (
        "statut", "presence", "present", "statut presence", "etat", "emargement",
        "presence absence", "present absent", "p a", "pointage", "presente", "presence seance",
    ),
    Column.MINUTES: (
        "minutes", "duree presence", "minutes presence", "duree minutes", "temps presence",
        "presence minutes", "minutes presentes",
    ),
}  # fmt: skip

_BY_KEY: dict[str, Column] = {key: column for column, keys in _SYNONYMS.items() for key in keys}

# Pupil fields as the pupil import recognises them.
_PUPIL_FIELDS: dict[Field, Column] = {
    Field.LAST_NAME: Column.LAST_NAME,
    Field.USAGE_NAME: Column.LAST_NAME,
    Field.FIRST_NAME: Column.FIRST_NAME,
    Field.BIRTH_DATE: Column.BIRTH_DATE,
    Field.SEX: Column.SEX,
    Field.NIVEAU: Column.NIVEAU,
    Field.INE: Column.INE,
    Field.UAI: Column.UAI,
    Field.QPV: Column.QPV,
}

EXPECTED_COLUMNS = (
    "Date, Heure de début, Heure de fin (ou Horaire « 14h00-16h30 »), Activité, Type, Action, "
    "Lieu, Nom, Prénom, Date de naissance, Sexe, Niveau, UAI ou nom de l'établissement, QPV, "
    "Statut (présent, absent, excusé)"
)
"""The French list of expected columns, quoted when a file's headers are not recognised."""


def column_of_header(text: object) -> Column | None:
    """The column a header names, or None."""
    key = header_key(text)
    if not key:
        return None
    found = _BY_KEY.get(key)
    if found is not None:
        return found
    pupil = field_of_header(text)
    return _PUPIL_FIELDS.get(pupil) if pupil is not None else None


@dataclass(frozen=True)
class ColumnMap:
    """0-based index of each recognised column, and the header text as written."""

    indexes: Mapping[Column, int]
    headers: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def header(self, column: Column) -> str:
        index = self.indexes.get(column)
        if index is None or index >= len(self.headers):
            return COLUMN_LABELS[column]
        return self.headers[index] or COLUMN_LABELS[column]

    def missing(self) -> list[str]:
        """French names of the required columns that are absent."""
        has = self.indexes.__contains__
        missing = [
            COLUMN_LABELS[c] for c in (Column.DATE, Column.ACTIVITY, Column.LAST_NAME)
            if not has(c)
        ]  # fmt: skip
        if not (has(Column.START) or has(Column.TIME_RANGE)):
            missing.append(COLUMN_LABELS[Column.START])
        if not (has(Column.END) or has(Column.TIME_RANGE)):
            missing.append(COLUMN_LABELS[Column.END])
        if not has(Column.FIRST_NAME):
            missing.append(COLUMN_LABELS[Column.FIRST_NAME])
        if not (has(Column.UAI) or has(Column.SCHOOL)):
            missing.append("UAI ou nom de l'établissement")
        return missing


def count_known_headers(cells: Sequence[object]) -> int:
    return sum(1 for cell in cells if column_of_header(cell) is not None)


def detect_columns(headers: Sequence[str]) -> ColumnMap:
    """The first column naming each field; later duplicates are noted and ignored."""
    indexes: dict[Column, int] = {}
    notes: list[str] = []
    for index, header in enumerate(headers):
        column = column_of_header(header)
        if column is None:
            continue
        if column in indexes:
            notes.append(
                f"Deux colonnes pour « {COLUMN_LABELS[column]} » : « {headers[indexes[column]]} » "
                f"est utilisée, « {header} » est ignorée"
            )
            continue
        indexes[column] = index
    return ColumnMap(indexes, tuple(headers), tuple(notes))
