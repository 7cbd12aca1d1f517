"""Readers of the DEPP *indice de position sociale* (IPS) files: écoles, collèges, lycées.

Three generations of headers exist for the same content and are all read by header name:
- up to 2021-2022, human labels ("Rentrée scolaire", "Nom de l'établissment", "Ecart-type de
  l'IPS", "IPS Ensemble GT-PRO"), several school years in one file;
- 2022-2023 (``*-ap2022``), snake_case ("rentree_scolaire", "ecart_type_de_l_ips", "effectifs"
  written "540.0");
- 2023-2024 onwards (``*-ap2023``), new labels ("Année scolaire", "Code département" = "59",
  "Ecart type de l'IPS", latitude and longitude in one field).
None of them says whether a school is in the éducation prioritaire: records get None there.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from cites_app.opendata.csvtable import CsvTable
from cites_app.opendata.kinds import kind_from_lycee_type, kind_from_name, kind_from_voies
from cites_app.opendata.records import (
    FILE_IPS_COLLEGES,
    FILE_IPS_ECOLES,
    FILE_IPS_LYCEES,
    SCHOOL_KINDS,
    EstablishmentRecord,
    IpsRecord,
    RowIssue,
)
from cites_app.opendata.rows import Aliases, Row, TableRows, find_column
from cites_app.opendata.values import (
    parse_code_insee,
    parse_coordinates,
    parse_count,
    parse_departement,
    parse_float,
    parse_rentree,
    parse_sector,
)

_COMMON: Final[Aliases] = {
    "uai": ("uai", "code_uai"),
    "rentree": ("rentree_scolaire", "annee_scolaire"),
    "academie": ("academie", "libelle_academie"),
    "departement": ("code_du_departement", "code_departement"),
    "name": ("nom_de_l_etablissment", "nom_de_l_etablissement", "nom_etablissement"),
    "code_insee": ("code_insee_de_la_commune", "code_commune_insee", "code_commune"),
    "commune": ("nom_de_la_commune", "libelle_commune", "nom_commune"),
    "sector": ("secteur",),
    "position": ("latitude_et_longitude_wgs84", "position"),
}
IPS_COLUMNS: Final[Aliases] = {
    **_COMMON,
    "enrolment": ("effectifs", "effectif"),
    "ips": ("ips", "ips_de_l_etablissement", "ips_etablissement"),
    "ips_sd": ("ecart_type_de_l_ips", "ecart_type_etablissement", "ecart_type_ips"),
}
LYCEE_COLUMNS: Final[Aliases] = {
    **_COMMON,
    "lycee_type": ("type_de_lycee",),
    "enrolment_gt": ("effectifs_voie_gt",),
    "enrolment_pro": ("effectifs_voie_pro",),
    "enrolment": ("effectifs_ensemble_gt_pro", "effectifs_etab", "effectifs"),
    "ips_gt": ("ips_voie_gt",),
    "ips_pro": ("ips_voie_pro",),
    "ips": ("ips_ensemble_gt_pro", "ips_etab", "ips"),
    "ips_sd_gt": ("ecart_type_de_l_ips_voie_gt", "ecart_type_ips_voie_gt"),
    "ips_sd_pro": ("ecart_type_de_l_ips_voie_pro", "ecart_type_ips_voie_pro"),
    "ips_sd": ("ecart_type_de_l_ips", "ecart_type_de_l_ips_etab", "ecart_type_etab"),
}
#: Columns that only a lycées file has.
LYCEE_MARKERS: Final = ("type_de_lycee", "ips_voie_gt", "ips_voie_pro", "ips_ensemble_gt_pro")
#: Headers (2022-2023 spelling) without which a file is not an IPS file; alternatives in brackets.
IPS_REQUIRED: Final = {
    "uai": "uai",
    "rentree": "rentree_scolaire (ou « Année scolaire »)",
    "name": "nom_de_l_etablissment (ou « Nom de l'établissement »)",
    "ips": "ips",
}
LYCEE_REQUIRED: Final = {
    "uai": "uai",
    "rentree": "rentree_scolaire (ou « Rentrée scolaire »)",
    "name": "nom_de_l_etablissment",
    "ips": "ips_ensemble_gt_pro (ou « IPS Ensemble GT-PRO »)",
}

_Result = tuple[list[EstablishmentRecord], list[IpsRecord], list[RowIssue], str]


def _default_level(table: CsvTable) -> str:
    """Écoles or collèges, for a single-value IPS file: most names tell; else the deviation."""
    name_key = find_column(table.keys, IPS_COLUMNS["name"])
    votes = {"ecole": 0, "college": 0}
    for _, values in table.rows:
        kind = kind_from_name(values[name_key]) if name_key else None
        if kind in SCHOOL_KINDS:
            votes["ecole"] += 1
        elif kind == "college":
            votes["college"] += 1
    if votes["ecole"] != votes["college"]:
        return "ecole" if votes["ecole"] > votes["college"] else "college"
    has_sd = find_column(table.keys, IPS_COLUMNS["ips_sd"]) is not None
    return "college" if has_sd else "ecole"


def _single_kind(name: str, level: str) -> str:
    kind = kind_from_name(name)
    if kind in SCHOOL_KINDS or kind == "college":
        return kind
    # An école of the IPS file whose name does not say its level: it has élémentaire pupils
    # (the IPS is measured there) and maybe a maternelle, so "primaire" is the safe reading.
    return "primaire" if level == "ecole" else "college"


def _lycee_kind(row: Row, name: str, ips_gt: float | None, ips_pro: float | None) -> str:
    code = row.text("lycee_type")
    kind = kind_from_lycee_type(code)
    if kind is not None:
        return kind
    if code:
        row.report("lycee_type", f"type de lycée « {code} » inconnu (LEGT, LP ou LPO attendu)")
    return (
        kind_from_name(name)
        or kind_from_voies(ips_gt is not None, False, ips_pro is not None)
        or "autre"
    )


def _lycee_ips(row: Row) -> IpsRecord:
    """The lycée's values; ``ips``/``ips_sd`` fall back on the only voie a lycée has."""
    gt, pro = row.parse("ips_gt", parse_float), row.parse("ips_pro", parse_float)
    sd_gt, sd_pro = row.parse("ips_sd_gt", parse_float), row.parse("ips_sd_pro", parse_float)
    ips, sd = row.parse("ips", parse_float), row.parse("ips_sd", parse_float)
    enrolment = row.parse("enrolment", parse_count)
    if enrolment is None:
        parts = [row.parse("enrolment_gt", parse_count), row.parse("enrolment_pro", parse_count)]
        known = [p for p in parts if p is not None]
        enrolment = sum(known) if known else None
    only_gt, only_pro = gt is not None and pro is None, pro is not None and gt is None
    if ips is None:
        ips = gt if only_gt else pro if only_pro else None
    if sd is None:
        sd = sd_gt if only_gt else sd_pro if only_pro else None
    return IpsRecord("", "", ips, sd, gt, pro, sd_gt, sd_pro, enrolment)


def _single_ips(row: Row) -> IpsRecord:
    ips, sd = row.parse("ips", parse_float), row.parse("ips_sd", parse_float)
    return IpsRecord("", "", ips, sd, enrolment=row.parse("enrolment", parse_count))


def read_ips(table: CsvTable, lycees: bool) -> _Result:
    """Read a DEPP IPS table (écoles / collèges, or lycées when ``lycees``).

    Returns (establishments, IPS records, issues, file kind). A file holding several school
    years yields one IpsRecord per (UAI, year) and one EstablishmentRecord per UAI, described
    as in its most recent year. Rows without a usable UAI, name or school year are reported and
    left aside; a value marked NA / NS is read as "no value" silently.
    """
    rows = TableRows(table, LYCEE_COLUMNS if lycees else IPS_COLUMNS)
    level = "lycee" if lycees else _default_level(table)
    latest: dict[str, tuple[str, EstablishmentRecord]] = {}
    ips_records: list[IpsRecord] = []
    first_row: dict[tuple[str, str], int] = {}
    for row in rows:
        uai = row.uai("uai")
        if uai is None:
            continue
        name = row.text("name")
        if not name:
            row.report("name", f"nom de l'établissement {uai} manquant : ligne ignorée")
            continue
        valid, rentree = row.check("rentree", parse_rentree)
        if not valid:
            continue
        if rentree is None:
            row.report("rentree", f"année scolaire manquante pour {uai} : ligne ignorée")
            continue
        if (uai, rentree) in first_row:
            row.report(
                "uai",
                f"UAI {uai} déjà lu ligne {first_row[uai, rentree]} pour {rentree} : ligne ignorée",
            )
            continue
        first_row[uai, rentree] = row.number
        values = _lycee_ips(row) if lycees else _single_ips(row)
        if any(v is not None for v in (values.ips, values.ips_gt, values.ips_pro)):
            ips_records.append(replace(values, uai=uai, rentree=rentree))
        kind = (
            _lycee_kind(row, name, values.ips_gt, values.ips_pro)
            if lycees
            else _single_kind(name, level)
        )
        position = row.parse("position", parse_coordinates)
        record = EstablishmentRecord(
            uai=uai,
            name=name,
            kind=kind,
            sector=row.parse("sector", parse_sector),
            education_prioritaire=None,
            commune=row.text("commune") or None,
            code_insee=row.parse("code_insee", parse_code_insee),
            departement=row.parse("departement", parse_departement) or uai[:3],
            academie=row.text("academie") or None,
            enrolment=values.enrolment,
            source=table.file_name,
            latitude=position[0] if position else None,
            longitude=position[1] if position else None,
        )
        if uai not in latest or rentree > latest[uai][0]:
            latest[uai] = (rentree, record)
    kind = {"lycee": FILE_IPS_LYCEES, "college": FILE_IPS_COLLEGES}.get(level, FILE_IPS_ECOLES)
    establishments = [record for _, record in latest.values()]
    return establishments, ips_records, rows.sorted_issues(), kind
