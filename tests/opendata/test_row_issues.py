"""Rows that are read but not (entirely) imported: each reported with file, row and column."""

from pathlib import Path

from cites_app.opendata import IpsRecord, OpenDataFile, RowIssue, read_establishment_file
from tests.opendata.paths import DATA_DIR

COLLEGES = DATA_DIR / "ips_colleges_2022-2023_national.csv"
HEADER = COLLEGES.read_text(encoding="utf-8").splitlines()[0]
GOOD = "2022-2023;CRETEIL;093;SEINE-SAINT-DENIS;0930616P;COLLEGE ROMAIN ROLLAND;93014;CLICHY SOUS BOIS;public;544.0;73.4;21.2"
OTHER = "2022-2023;CRETEIL;093;SEINE-SAINT-DENIS;0931218U;COLLEGE JEAN LOLIVE;93055;PANTIN;public;515.0;82.9;28.7"
NAME = "colleges.csv"


def _read(tmp_path: Path, *rows: str, header: str = HEADER) -> OpenDataFile:
    path = tmp_path / NAME
    path.write_text("\r\n".join([header, *rows]) + "\r\n", encoding="utf-8")
    return read_establishment_file(path)


def _replace(row: str, column: int, value: str) -> str:
    cells = row.split(";")
    cells[column] = value
    return ";".join(cells)


def test_invalid_check_letter(tmp_path: Path) -> None:
    result = _read(tmp_path, OTHER, _replace(GOOD, 4, "0930616Q"))
    assert result.skipped == [
        RowIssue(
            NAME,
            3,
            "uai",
            "UAI « 0930616Q » invalide (la lettre de contrôle devrait être « P ») : ligne ignorée",
        )
    ]
    assert [e.uai for e in result.establishments] == ["0931218U"]
    assert [r.uai for r in result.ips] == ["0931218U"]
    assert str(result.skipped[0]) == (
        "colleges.csv, ligne 3, colonne « uai » : UAI « 0930616Q » invalide (la lettre de "
        "contrôle devrait être « P ») : ligne ignorée"
    )


def test_uai_that_lost_its_leading_zero(tmp_path: Path) -> None:
    result = _read(tmp_path, _replace(GOOD, 4, "930616P"), OTHER)
    assert result.skipped == [
        RowIssue(
            NAME,
            2,
            "uai",
            "UAI « 930616P » invalide (un UAI compte 7 chiffres suivis d'une lettre, par exemple "
            "0930616P) : ligne ignorée",
        )
    ]


def test_missing_uai(tmp_path: Path) -> None:
    result = _read(tmp_path, OTHER, OTHER.replace("0931218U", "0931217T"), _replace(GOOD, 4, " "))
    assert result.skipped == [RowIssue(NAME, 4, "uai", "UAI manquant : ligne ignorée")]
    assert len(result.establishments) == 2


def test_lower_case_uai_is_normalised(tmp_path: Path) -> None:
    result = _read(tmp_path, _replace(GOOD, 4, " 0930616p "))
    assert (result.skipped, result.establishments[0].uai) == ([], "0930616P")


def test_wrong_number_of_values(tmp_path: Path) -> None:
    result = _read(tmp_path, OTHER, GOOD + ";en trop", GOOD.rsplit(";", 2)[0])
    assert result.skipped == [
        RowIssue(
            NAME,
            3,
            None,
            "la ligne compte 13 valeurs alors que l'en-tête compte 12 colonnes (séparateur « ; ») "
            ": ligne ignorée",
        ),
        RowIssue(
            NAME,
            4,
            None,
            "la ligne compte 10 valeurs alors que l'en-tête compte 12 colonnes (séparateur « ; ») "
            ": ligne ignorée",
        ),
    ]
    assert str(result.skipped[0]).startswith("colleges.csv, ligne 3 : la ligne compte 13 valeurs")


def test_blank_lines_are_ignored_but_counted(tmp_path: Path) -> None:
    result = _read(tmp_path, OTHER, "", _replace(GOOD, 4, "0930616Q"))
    assert [(issue.row, issue.column) for issue in result.skipped] == [(4, "uai")]


def test_row_numbers_count_records_not_physical_lines(tmp_path: Path) -> None:
    # A quoted name spanning two lines is one spreadsheet row.
    multiline = _replace(OTHER, 5, '"COLLEGE JEAN\nLOLIVE"')
    result = _read(tmp_path, multiline, _replace(GOOD, 4, "0930616Q"))
    assert result.establishments[0].name == "COLLEGE JEAN\nLOLIVE"
    assert [issue.row for issue in result.skipped] == [3]


def test_bad_ips_value(tmp_path: Path) -> None:
    result = _read(tmp_path, _replace(GOOD, 10, "abc"))
    assert result.skipped == [
        RowIssue(NAME, 2, "ips", "« abc » n'est pas un nombre : valeur ignorée")
    ]
    assert result.ips == []  # no IPS to record
    assert [e.uai for e in result.establishments] == ["0930616P"]  # the collège is still known


def test_bad_deviation_keeps_the_ips(tmp_path: Path) -> None:
    result = _read(tmp_path, _replace(GOOD, 11, "21.2.1"))
    assert result.skipped == [
        RowIssue(NAME, 2, "ecart_type_de_l_ips", "« 21.2.1 » n'est pas un nombre : valeur ignorée")
    ]
    assert result.ips == [IpsRecord("0930616P", "2022-2023", 73.4, None, enrolment=544)]


def test_fractional_head_count(tmp_path: Path) -> None:
    result = _read(tmp_path, _replace(GOOD, 9, "544.5"))
    assert result.skipped == [
        RowIssue(
            NAME, 2, "effectifs", "« 544.5 » n'est pas un nombre entier d'élèves : valeur ignorée"
        )
    ]
    assert result.establishments[0].enrolment is None


def test_decimal_comma_and_spaces_are_read(tmp_path: Path) -> None:
    result = _read(tmp_path, _replace(_replace(GOOD, 10, "73,4"), 9, "1\u00a0544,0"))
    assert result.skipped == []
    assert (result.ips[0].ips, result.ips[0].enrolment) == (73.4, 1544)


def test_bad_school_year(tmp_path: Path) -> None:
    result = _read(tmp_path, _replace(GOOD, 0, "2022"), OTHER)
    assert result.skipped == [
        RowIssue(
            NAME,
            2,
            "rentree_scolaire",
            "« 2022 » n'est pas une année scolaire (ex. 2022-2023) : ligne ignorée",
        )
    ]
    assert [e.uai for e in result.establishments] == ["0931218U"]


def test_missing_school_year(tmp_path: Path) -> None:
    result = _read(tmp_path, _replace(GOOD, 0, ""))
    assert result.skipped == [
        RowIssue(
            NAME, 2, "rentree_scolaire", "année scolaire manquante pour 0930616P : ligne ignorée"
        )
    ]


def test_missing_name(tmp_path: Path) -> None:
    result = _read(tmp_path, _replace(GOOD, 5, ""))
    assert result.skipped == [
        RowIssue(
            NAME,
            2,
            "nom_de_l_etablissment",
            "nom de l'établissement 0930616P manquant : ligne ignorée",
        )
    ]


def test_same_uai_twice_for_one_year(tmp_path: Path) -> None:
    result = _read(tmp_path, GOOD, OTHER, _replace(GOOD, 10, "99.9"))
    assert result.skipped == [
        RowIssue(NAME, 4, "uai", "UAI 0930616P déjà lu ligne 2 pour 2022-2023 : ligne ignorée")
    ]
    assert [r.ips for r in result.ips if r.uai == "0930616P"] == [73.4]


def test_unknown_sector(tmp_path: Path) -> None:
    result = _read(tmp_path, _replace(GOOD, 8, "associatif"))
    assert result.skipped == [
        RowIssue(
            NAME,
            2,
            "secteur",
            "secteur « associatif » inconnu (public ou privé attendu) : valeur ignorée",
        )
    ]
    assert result.establishments[0].sector is None


def test_sector_spellings(tmp_path: Path) -> None:
    rows = [
        _replace(GOOD, 8, "privé sous contrat"),
        _replace(_replace(OTHER, 8, "Privé"), 4, "0931218U"),
        _replace(_replace(GOOD, 8, "PRIVE"), 4, "0931217T"),
        _replace(_replace(GOOD, 8, "Public"), 4, "0931713G"),
        _replace(_replace(GOOD, 8, ""), 4, "0931764M"),
    ]
    result = _read(tmp_path, *rows)
    assert result.skipped == []
    assert [e.sector for e in result.establishments] == ["prive", "prive", "prive", "public", None]


def test_bad_departement(tmp_path: Path) -> None:
    result = _read(tmp_path, _replace(GOOD, 2, "SSD"))
    assert result.skipped == [
        RowIssue(
            NAME,
            2,
            "code_du_departement",
            "« SSD » n'est pas un code de département : valeur ignorée",
        )
    ]
    assert result.establishments[0].departement == "093"  # from the UAI


def test_lycee_unknown_type(tmp_path: Path) -> None:
    lycees = DATA_DIR / "ips_lycees_2022-2023_national.csv"
    header, *rows = lycees.read_text(encoding="utf-8").splitlines()
    nobel = next(row for row in rows if "0932026X" in row)
    result = _read(tmp_path, nobel.replace(";LPO;", ";XYZ;"), header=header)
    assert result.skipped == [
        RowIssue(
            NAME, 2, "type_de_lycee", "type de lycée « XYZ » inconnu (LEGT, LP ou LPO attendu)"
        )
    ]
    assert result.establishments[0].kind == "lycee_polyvalent"  # from the name


def test_annuaire_row_problems(tmp_path: Path) -> None:
    source = DATA_DIR / "annuaire_education_094_ecoles_2026-05.csv"
    header, first, second, third, *_ = source.read_text(encoding="utf-8-sig").splitlines()
    rows = [
        first,
        second.replace(";Public;", ";Municipal;"),
        third.replace(";REP;", ";ZEP;"),
        first.replace("0940176F", "0940176E"),
    ]
    result = _read(tmp_path, *rows, header=header)
    assert [str(issue) for issue in result.skipped] == [
        "colleges.csv, ligne 3, colonne « Statut_public_prive » : secteur « Municipal » inconnu "
        "(public ou privé attendu) : valeur ignorée",
        "colleges.csv, ligne 4, colonne « Appartenance_Education_Prioritaire » : éducation "
        "prioritaire « ZEP » inconnue (REP, REP+ ou vide) : valeur ignorée",
        "colleges.csv, ligne 5, colonne « Identifiant_de_l_etablissement » : UAI « 0940176E » "
        "invalide (la lettre de contrôle devrait être « F ») : ligne ignorée",
    ]
    assert [e.education_prioritaire for e in result.establishments] == ["hors EP", "hors EP", None]


def test_issues_are_in_row_order(tmp_path: Path) -> None:
    result = _read(
        tmp_path,
        _replace(GOOD, 10, "abc"),
        GOOD + ";x",
        _replace(OTHER, 4, "1"),
    )
    assert [issue.row for issue in result.skipped] == [2, 3, 4]


def test_commune_code_that_lost_its_leading_zero(tmp_path: Path) -> None:
    ain = "2022-2023;LYON;1;AIN;0010005A;COLLEGE ROGER POULNARD;1025;BAGE DOMMARTIN;public;540;110,4;31,3"
    result = _read(tmp_path, ain, _replace(OTHER, 6, "PANTIN"))
    assert (result.establishments[0].code_insee, result.establishments[0].departement) == (
        "01025",
        "001",
    )
    assert result.skipped == [
        RowIssue(
            NAME,
            3,
            "code_insee_de_la_commune",
            "« PANTIN » n'est pas un code commune INSEE (5 caractères) : valeur ignorée",
        )
    ]


def test_dos_end_of_file_marker_is_not_binary(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(f"{HEADER}\r\n{GOOD}\r\n\x1a".encode())
    result = read_establishment_file(path)
    assert ([e.uai for e in result.establishments], result.skipped) == (["0930616P"], [])


def test_empty_rows_left_by_a_spreadsheet_are_ignored(tmp_path: Path) -> None:
    result = _read(tmp_path, GOOD, ";" * 11, ";;", "", _replace(OTHER, 4, "0931218V"))
    assert [(issue.row, issue.column) for issue in result.skipped] == [(6, "uai")]
