"""Reader of the *adresse et géolocalisation des établissements* file (premier et second degré).

It gives the official name, commune, sector and coordinates; no enrolment, no éducation
prioritaire.
"""

from __future__ import annotations

from typing import Final

from cites_app.opendata.csvtable import CsvTable
from cites_app.opendata.kinds import kind_from_name, kind_from_nature
from cites_app.opendata.records import EstablishmentRecord, IpsRecord, RowIssue
from cites_app.opendata.rows import Aliases, TableRows
from cites_app.opendata.values import parse_code_insee, parse_departement

GEOLOC_COLUMNS: Final[Aliases] = {
    "uai": ("numero_uai",),
    "name": ("appellation_officielle",),
    "short_name": ("denomination_principale",),
    "nature": ("nature_uai_libe",),
    "status": ("secteur_public_prive_libe",),
    "contract": ("secteur_prive_libelle_type_contrat",),
    "commune": ("libelle_commune",),
    "code_insee": ("code_commune",),
    "departement": ("code_departement",),
    "academie": ("libelle_academie",),
    "etat": ("etat_etablissement_libe",),
    "latitude": ("latitude",),
    "longitude": ("longitude",),
}
#: Headers without which a file is not a geolocation file.
GEOLOC_REQUIRED: Final = {"uai": "numero_uai", "name": "appellation_officielle"}


def read_geoloc(
    table: CsvTable,
) -> tuple[list[EstablishmentRecord], list[IpsRecord], list[RowIssue]]:
    """Read a geolocation table: open establishments with coordinates, no IPS, issues."""
    rows = TableRows(table, GEOLOC_COLUMNS)
    establishments: list[EstablishmentRecord] = []
    first_row: dict[str, int] = {}
    for row in rows:
        uai = row.open_uai()
        if uai is None:
            continue
        name = row.text("name") or row.text("short_name")
        if not name:
            row.report("name", f"nom de l'établissement {uai} manquant : ligne ignorée")
            continue
        if uai in first_row:
            row.report("uai", f"UAI {uai} déjà lu ligne {first_row[uai]} : ligne ignorée")
            continue
        first_row[uai] = row.number
        latitude, longitude = row.coordinates("latitude", "longitude")
        establishments.append(
            EstablishmentRecord(
                uai=uai,
                name=name,
                kind=kind_from_nature(row.text("nature")) or kind_from_name(name) or "autre",
                sector=row.sector("status", "contract"),
                education_prioritaire=None,
                commune=row.text("commune") or None,
                code_insee=row.parse("code_insee", parse_code_insee),
                departement=row.parse("departement", parse_departement) or uai[:3],
                academie=row.text("academie") or None,
                enrolment=None,
                source=table.file_name,
                latitude=latitude,
                longitude=longitude,
            )
        )
    return establishments, [], rows.sorted_issues()
