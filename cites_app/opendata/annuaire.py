"""Reader of the *annuaire de l'éducation* (fr-en-annuaire-education), old and current schemas.

The current schema (2024 onwards, ~72 columns) and the older one ("Code postal",
"Nombre_d_eleves") differ in a few columns only; both are read by header name. Only the annuaire
says whether a school belongs to the éducation prioritaire (REP / REP+ / empty = hors EP).
"""

from __future__ import annotations

from typing import Final

from cites_app.opendata.csvtable import CsvTable
from cites_app.opendata.kinds import kind_from_nature, kind_from_school_flags, kind_from_voies
from cites_app.opendata.records import EstablishmentRecord, IpsRecord, RowIssue
from cites_app.opendata.rows import Aliases, Row, TableRows
from cites_app.opendata.values import (
    fold,
    parse_code_insee,
    parse_count,
    parse_departement,
    parse_education_prioritaire,
    parse_flag,
)

ANNUAIRE_COLUMNS: Final[Aliases] = {
    "uai": ("identifiant_de_l_etablissement",),
    "name": ("nom_etablissement",),
    "type": ("type_etablissement",),
    "status": ("statut_public_prive",),
    "contract": ("type_contrat_prive",),
    "code_insee": ("code_commune",),
    "commune": ("nom_commune",),
    "departement": ("code_departement",),
    "academie": ("libelle_academie",),
    "maternelle": ("ecole_maternelle",),
    "elementaire": ("ecole_elementaire",),
    "voie_generale": ("voie_generale",),
    "voie_techno": ("voie_technologique",),
    "voie_pro": ("voie_professionnelle",),
    "education_prioritaire": ("appartenance_education_prioritaire",),
    "enrolment": ("nombre_d_eleves", "nombre_eleves"),
    "etat": ("etat", "etat_etablissement_libe"),
    "nature": ("libelle_nature",),
    "latitude": ("latitude",),
    "longitude": ("longitude",),
}
#: Headers (as the official file spells them) without which a file is not an annuaire.
ANNUAIRE_REQUIRED: Final = {
    "uai": "Identifiant_de_l_etablissement",
    "name": "Nom_etablissement",
    "type": "Type_etablissement",
}
# Entries of the annuaire that are offices, not places where pupils are taught.
_WITHOUT_PUPILS: Final = frozenset({"service administratif", "information et orientation"})


def _kind(row: Row) -> str:
    school_type = fold(row.text("type"))
    nature = row.text("nature")
    if school_type == "ecole":
        flags = kind_from_school_flags(
            row.parse("maternelle", parse_flag), row.parse("elementaire", parse_flag)
        )
        return flags or kind_from_nature(nature) or "primaire"
    if school_type == "college":
        return "college"
    if school_type == "lycee":
        voies = kind_from_voies(
            row.parse("voie_generale", parse_flag),
            row.parse("voie_techno", parse_flag),
            row.parse("voie_pro", parse_flag),
        )
        return kind_from_nature(nature) or voies or "autre"
    return kind_from_nature(nature) or "autre"


def read_annuaire(
    table: CsvTable,
) -> tuple[list[EstablishmentRecord], list[IpsRecord], list[RowIssue]]:
    """Read an annuaire table: open establishments, no IPS, and the rows left aside.

    Rows left aside (each with a RowIssue): invalid UAI, establishments whose ``etat`` is not
    OUVERT, offices without pupils (services administratifs, CIO), and the extra lines of an
    establishment listed on several lines (the first line is kept).
    """
    rows = TableRows(table, ANNUAIRE_COLUMNS)
    establishments: list[EstablishmentRecord] = []
    first_row: dict[str, int] = {}
    for row in rows:
        uai = row.open_uai()
        if uai is None:
            continue
        name = row.text("name")
        if not name:
            row.report("name", f"nom de l'établissement {uai} manquant : ligne ignorée")
            continue
        if fold(row.text("type")) in _WITHOUT_PUPILS:
            row.report(
                "type",
                f"« {row.text('type')} » ({name}) n'accueille pas d'élèves : ligne ignorée",
            )
            continue
        if uai in first_row:
            row.report(
                "uai",
                f"UAI {uai} déjà lu ligne {first_row[uai]} (établissement décrit sur plusieurs "
                "lignes) : seule la première ligne est gardée",
            )
            continue
        first_row[uai] = row.number
        latitude, longitude = row.coordinates("latitude", "longitude")
        establishments.append(
            EstablishmentRecord(
                uai=uai,
                name=name,
                kind=_kind(row),
                sector=row.sector("status", "contract"),
                education_prioritaire=row.parse(
                    "education_prioritaire", parse_education_prioritaire
                ),
                commune=row.text("commune") or None,
                code_insee=row.parse("code_insee", parse_code_insee),
                departement=row.parse("departement", parse_departement) or uai[:3],
                academie=row.text("academie") or None,
                enrolment=row.parse("enrolment", parse_count),
                source=table.file_name,
                latitude=latitude,
                longitude=longitude,
            )
        )
    return establishments, [], rows.sorted_issues()
