"""The DEPP IPS files, read from real extracts of each schema (and label-header fixtures)."""

from collections import Counter

import pytest

from cites_app.opendata import (
    EstablishmentRecord,
    IpsRecord,
    OpenDataFile,
    read_establishment_file,
)
from tests.opendata.paths import DATA_DIR

COLLEGES = "ips_colleges_2022-2023_national.csv"
LYCEES = "ips_lycees_2022-2023_national.csv"
ECOLES = "ips_ecoles_2022-2023_dep093-013-059-069.csv"
NEW_SCHEMA = "ips_colleges_lille_2024-2025_sample_newschema.csv"


def _read(name: str) -> OpenDataFile:
    return read_establishment_file(DATA_DIR / name)


def _establishment(result: OpenDataFile, uai: str) -> EstablishmentRecord:
    return next(e for e in result.establishments if e.uai == uai)


def _ips(result: OpenDataFile, uai: str) -> list[IpsRecord]:
    return [record for record in result.ips if record.uai == uai]


def test_colleges_2022() -> None:
    result = _read(COLLEGES)
    assert result.kind == "ips_colleges"
    assert (len(result.establishments), len(result.ips), result.skipped) == (21, 21, [])
    assert _establishment(result, "0930616P") == EstablishmentRecord(
        uai="0930616P",
        name="COLLEGE ROMAIN ROLLAND",
        kind="college",
        sector="public",
        education_prioritaire=None,
        commune="CLICHY SOUS BOIS",
        code_insee="93014",
        departement="093",
        academie="CRETEIL",
        enrolment=544,
        source=COLLEGES,
    )
    assert _ips(result, "0930616P") == [
        IpsRecord("0930616P", "2022-2023", ips=73.4, ips_sd=21.2, enrolment=544)
    ]


def test_colleges_every_record_is_a_college_without_ep_status() -> None:
    result = _read(COLLEGES)
    assert {e.kind for e in result.establishments} == {"college"}
    # "ECOLE PRIVEE CENTRE SOCIAL DU BARRY" is in the collèges file: it is a collège.
    assert _establishment(result, "0133827P").kind == "college"
    assert {e.education_prioritaire for e in result.establishments} == {None}
    assert _establishment(result, "0931528F").sector == "prive"


@pytest.mark.parametrize(
    ("uai", "departement"),
    [("6200040Z", "620"), ("7200013B", "720"), ("9710015P", "971"), ("9760167C", "976")],
)
def test_departement_follows_the_uai_convention(uai: str, departement: str) -> None:
    # The file writes Corse "02A" / "02B"; the UAI prefix is 620 / 720.
    assert _establishment(_read(COLLEGES), uai).departement == departement


def test_lycees_2022() -> None:
    result = _read(LYCEES)
    assert result.kind == "ips_lycees"
    assert (len(result.establishments), len(result.ips), result.skipped) == (11, 11, [])
    nobel = _ips(result, "0932026X")[0]
    assert (nobel.ips_gt, nobel.ips_pro, nobel.ips) == (76.4, 75.4, 75.9)
    assert (nobel.ips_sd_gt, nobel.ips_sd_pro, nobel.ips_sd) == (26.2, 22.0, None)
    assert nobel.enrolment == 1201
    assert _establishment(result, "0932026X").kind == "lycee_polyvalent"
    assert _establishment(result, "0932026X").name == "LYCEE POLYVALENT ALFRED NOBEL"


def test_lycee_kind_comes_from_type_de_lycee() -> None:
    result = _read(LYCEES)
    kinds = {e.uai: e.kind for e in result.establishments}
    assert kinds["0930124E"] == "lycee_gt"  # LEGT
    assert kinds["0020022N"] == "lycee_pro"  # LP
    # Named "LYCEE PROFESSIONNEL" but typed LPO by the DEPP: the type wins.
    assert kinds["0930135S"] == "lycee_polyvalent"
    assert Counter(kinds.values()) == {"lycee_gt": 5, "lycee_polyvalent": 4, "lycee_pro": 2}


def test_lycee_with_one_voie_gets_its_deviation() -> None:
    result = _read(LYCEES)
    legt = _ips(result, "0010075B")[0]
    assert (legt.ips, legt.ips_sd, legt.ips_gt, legt.ips_pro) == (128.9, 24.8, 128.9, None)
    lp = _ips(result, "0010099C")[0]
    assert (lp.ips, lp.ips_sd, lp.ips_gt, lp.ips_pro, lp.enrolment) == (
        108.5,
        26.4,
        None,
        108.5,
        458,
    )


def test_ecoles_2022() -> None:
    result = _read(ECOLES)
    assert result.kind == "ips_ecoles"
    assert (len(result.establishments), len(result.ips), result.skipped) == (28, 28, [])
    assert {record.ips_sd for record in result.ips} == {None}  # no deviation in this file
    assert _ips(result, "0930288H") == [
        IpsRecord("0930288H", "2022-2023", ips=90.7, ips_sd=None, enrolment=228)
    ]
    pantin = [e for e in result.establishments if e.code_insee == "93055"]
    assert Counter(e.kind for e in pantin) == {"elementaire": 11, "primaire": 4}


@pytest.mark.parametrize(
    ("uai", "kind"),
    [
        ("0130255G", "elementaire"),  # ECOLE ELEMENTAIRE VAL SAINT ANDRE
        ("0930226R", "elementaire"),  # ECOLE ELEMENTAIRE SPECIALISEE CHARLES AURAY
        ("0130306M", "primaire"),  # ECOLE PRIMAIRE MARINETTE CARLETTI
        ("0931103U", "primaire"),  # ECOLE PRIMAIRE PRIVEE SAINT JOSEPH LA SALLE
        ("0130449T", "elementaire"),  # ECOLE ELEMENTARE (typo in the official file)
        ("0130319B", "elementaire"),  # ECOLE ELELMENTAIRE (typo)
        ("0130524Z", "elementaire"),  # ECOLE ELEMEN (truncated)
        ("0132352L", "primaire"),  # ECOLE PRIMAIRERE (typo)
        ("0590584P", "primaire"),  # GROUPE SCOLAIRE: level not in the name
        ("0692380M", "primaire"),  # OMBROSA
    ],
)
def test_ecole_kind_from_name(uai: str, kind: str) -> None:
    assert _establishment(_read(ECOLES), uai).kind == kind


def test_new_schema_2024() -> None:
    result = _read(NEW_SCHEMA)
    assert result.kind == "ips_colleges"
    assert (len(result.establishments), len(result.ips), result.skipped) == (10, 10, [])
    monod = _establishment(result, "0590002G")
    assert monod.departement == "059"  # "59" in the file
    assert (monod.latitude, monod.longitude) == (50.33181566173207, 3.247760687010971)
    assert (monod.code_insee, monod.commune, monod.academie) == ("59008", "ANICHE", "LILLE")
    assert monod.enrolment is None
    assert _ips(result, "0590002G") == [IpsRecord("0590002G", "2024-2025", 82.2, 25.3)]
    assert Counter(e.sector for e in result.establishments) == {"public": 8, "prive": 2}


def test_label_headers_colleges_several_years() -> None:
    result = _read("ips_colleges_label_headers_fixture.csv")
    assert result.kind == "ips_colleges"
    assert result.skipped == []
    assert _ips(result, "0930616P") == [
        IpsRecord("0930616P", "2020-2021", 72.8, 20.9),
        IpsRecord("0930616P", "2021-2022", 73.1, 21.0),
    ]
    assert [e.uai for e in result.establishments].count("0930616P") == 1
    assert _establishment(result, "0931528F").sector == "prive"  # "Privé"
    assert _establishment(result, "6200040Z").departement == "620"  # "2A"
    # "NS" (non significatif): no IPS record, but the collège is still known.
    assert _ips(result, "0590002G") == []
    assert _establishment(result, "0590002G").departement == "059"


def test_label_headers_lycees() -> None:
    result = _read("ips_lycees_label_headers_fixture.csv")
    assert result.kind == "ips_lycees"
    assert result.skipped == []
    nobel = _ips(result, "0932026X")[0]
    assert (nobel.rentree, nobel.ips, nobel.ips_gt, nobel.ips_pro) == (
        "2021-2022",
        76.0,
        76.9,
        75.1,
    )
    # Ensemble "NS", voie pro "NA": the lycée has only its GT value.
    berthelot = _ips(result, "0930124E")[0]
    assert (berthelot.ips, berthelot.ips_sd, berthelot.ips_pro) == (83.9, 26.1, None)
    assert _establishment(result, "0930135S").kind == "lycee_pro"


def test_label_headers_ecoles() -> None:
    result = _read("ips_ecoles_label_headers_fixture.csv")
    assert result.kind == "ips_ecoles"
    assert len(result.ips) == 4
    assert len(result.establishments) == 3
    kinds = {e.uai: e.kind for e in result.establishments}
    assert kinds == {"0930288H": "elementaire", "0931103U": "primaire", "0930164Y": "primaire"}
