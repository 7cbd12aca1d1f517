"""The annuaire de l'éducation, current (094, 2026) and older (035, 2023) schemas."""

from collections import Counter

import pytest

from cites_app.opendata import EstablishmentRecord, OpenDataFile, RowIssue, read_establishment_file
from tests.opendata.paths import DATA_DIR

CURRENT = "annuaire_education_094_ecoles_2026-05.csv"
OLDER = "annuaire_education_035_2023-06.csv"


def _read(name: str) -> OpenDataFile:
    return read_establishment_file(DATA_DIR / name)


def _by_uai(result: OpenDataFile) -> dict[str, EstablishmentRecord]:
    return {e.uai: e for e in result.establishments}


def test_current_schema_counts_and_closed_schools_reported() -> None:
    result = _read(CURRENT)
    assert result.kind == "annuaire"
    assert len(result.establishments) == 21
    assert result.ips == []
    assert result.skipped == [
        RowIssue(
            CURRENT,
            17,
            "etat",
            "établissement 0941874B à l'état « A FERMER », pas OUVERT : ligne ignorée",
        ),
        RowIssue(
            CURRENT,
            24,
            "etat",
            "établissement 0941414B à l'état « A FERMER », pas OUVERT : ligne ignorée",
        ),
    ]
    assert {"0941874B", "0941414B"}.isdisjoint(_by_uai(result))


def test_current_schema_full_record() -> None:
    assert _by_uai(_read(CURRENT))["0940735N"] == EstablishmentRecord(
        uai="0940735N",
        name="Ecole maternelle Berthelot",
        kind="maternelle",
        sector="public",
        education_prioritaire="REP+",
        commune="Villeneuve-Saint-Georges",
        code_insee="94078",
        departement="094",
        academie="Créteil",
        enrolment=None,  # the current schema has no head count
        source=CURRENT,
        latitude=48.736953723748414,
        longitude=2.451541924086925,
    )


@pytest.mark.parametrize(
    ("uai", "status"),
    [
        ("0940735N", "REP+"),
        ("0941250Y", "REP+"),
        ("0940204L", "REP"),
        ("0940400Z", "REP"),
        ("0940176F", "hors EP"),  # empty cell
        ("0940388L", "hors EP"),
    ],
)
def test_education_prioritaire(uai: str, status: str) -> None:
    assert _by_uai(_read(CURRENT))[uai].education_prioritaire == status


def test_education_prioritaire_counts() -> None:
    result = _read(CURRENT)
    assert Counter(e.education_prioritaire for e in result.establishments) == {
        "hors EP": 9,
        "REP": 7,
        "REP+": 5,
    }


@pytest.mark.parametrize(
    ("uai", "kind"),
    [
        ("0940176F", "elementaire"),  # maternelle 0, élémentaire 1
        ("0940400Z", "maternelle"),  # 1, 0
        ("0940388L", "primaire"),  # 1, 1
        ("0940781N", "maternelle"),  # maternelle d'application
        ("0940241B", "elementaire"),  # élémentaire d'application
        ("0942363H", "elementaire"),  # élémentaire spécialisée
    ],
)
def test_current_schema_kinds(uai: str, kind: str) -> None:
    assert _by_uai(_read(CURRENT))[uai].kind == kind


def test_name_keeps_accents_and_case() -> None:
    assert _by_uai(_read(CURRENT))["0940209S"].name == "Ecole élémentaire Jardin Parisien A"
    assert _by_uai(_read(CURRENT))["0940209S"].commune == "L'Haÿ-les-Roses"


def test_older_schema_counts_and_issues() -> None:
    result = _read(OLDER)
    assert len(result.establishments) == 30
    assert [(issue.row, issue.column, issue.message) for issue in result.skipped] == [
        (
            28,
            "Type_etablissement",
            "« Information et orientation » (Centre d'information et d'orientation de "
            "Saint-Malo) n'accueille pas d'élèves : ligne ignorée",
        ),
        (
            29,
            "Type_etablissement",
            "« Service Administratif » (Circonscription d'inspection du 1er degré de Fougères) "
            "n'accueille pas d'élèves : ligne ignorée",
        ),
        (34, "etat", "établissement 0351383N à l'état « A FERMER », pas OUVERT : ligne ignorée"),
        (
            35,
            "Identifiant_de_l_etablissement",
            "UAI 0352072M déjà lu ligne 15 (établissement décrit sur plusieurs lignes) : "
            "seule la première ligne est gardée",
        ),
        (
            36,
            "Identifiant_de_l_etablissement",
            "UAI 0350852L déjà lu ligne 21 (établissement décrit sur plusieurs lignes) : "
            "seule la première ligne est gardée",
        ),
        (
            37,
            "Identifiant_de_l_etablissement",
            "UAI 0350778F déjà lu ligne 33 (établissement décrit sur plusieurs lignes) : "
            "seule la première ligne est gardée",
        ),
    ]


def test_older_schema_head_count_and_place() -> None:
    lucioles = _by_uai(_read(OLDER))["0350122T"]
    assert lucioles.enrolment == 143  # Nombre_d_eleves
    assert (lucioles.commune, lucioles.code_insee, lucioles.departement) == (
        "Baulon",
        "35016",
        "035",
    )
    assert lucioles.academie == "Rennes"
    assert _by_uai(_read(OLDER))["0352908W"].enrolment is None  # empty cell


@pytest.mark.parametrize(
    ("uai", "kind"),
    [
        ("0350122T", "primaire"),
        ("0350165P", "elementaire"),
        ("0350255M", "maternelle"),
        ("0352958A", "college"),
        ("0350031U", "lycee_pro"),  # LYCEE PROFESSIONNEL
        ("0350053T", "lycee_gt"),  # LYCEE ENSEIGNT GENERAL ET TECHNOLOGIQUE
        ("0350710G", "lycee_gt"),  # LYCEE D ENSEIGNEMENT GENERAL
        ("0352867B", "lycee_gt"),  # SECTION ENSEIGT GENERAL ET TECHNOLOGIQUE
        ("0352283S", "lycee_pro"),  # SECTION D ENSEIGNEMENT PROFESSIONNEL
        ("0350030T", "lycee_polyvalent"),
        ("0352072M", "lycee_polyvalent"),  # first of its two lines
        ("0350747X", "autre"),  # EREA
        ("0351041S", "autre"),  # médico-social
        ("0351974F", "autre"),  # maison familiale rurale
        ("0352813T", "autre"),  # STS / CPGE only, empty type
    ],
)
def test_older_schema_kinds(uai: str, kind: str) -> None:
    assert _by_uai(_read(OLDER))[uai].kind == kind


@pytest.mark.parametrize(
    ("uai", "sector"),
    [
        ("0350122T", "public"),
        ("0352069J", "prive"),  # CONTRAT D'ASSOCIATION TOUTES CLASSES
        ("0351041S", "prive"),  # "C0NTRAT SIMPLE" (zero) in the official file
        ("0352894F", None),  # HORS CONTRAT
        ("0352908W", None),  # HORS CONTRAT
        ("0351962T", None),  # privé, contract "SANS OBJET": not known to be sous contrat
        ("0352813T", None),  # privé, no contract given
    ],
)
def test_older_schema_sectors(uai: str, sector: str | None) -> None:
    assert _by_uai(_read(OLDER))[uai].sector == sector


def test_older_schema_ep() -> None:
    result = _by_uai(_read(OLDER))
    assert result["0350944L"].education_prioritaire == "REP+"
    assert result["0350941H"].education_prioritaire == "REP"
    assert result["0352958A"].education_prioritaire == "hors EP"
