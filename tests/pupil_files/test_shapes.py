"""Files in shapes no one on the team had seen (see `corpus_shapes`), and the values they hold."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cites_app.pupil_files import field_of_header, parse_date, parse_niveau, read_pupil_file
from cites_app.pupil_files.model import Field
from tests.pupil_files.conftest import TODAY, messages, read


def test_siecle_with_a_default_namespace_is_read_like_any_siecle_export() -> None:
    result = read("siecle_espace_de_noms.xml")
    assert not result.refused, messages(result)
    assert result.uai == "0930123D"
    assert [
        (r.last_name, r.first_name, r.birth_date, r.sex, r.niveau, r.class_label, r.segpa)
        for r in result.rows
    ] == [
        ("BŒUF", "Œdipe", date(2014, 3, 14), "M", "6e", "6 A", False),  # not the group 6LV2ALL
        ("ŸVART", "Noël", date(2012, 12, 21), None, "4e", "4 SEGPA", True),  # no CODE_SEXE
    ]
    assert any("a quitté l'établissement le 10/10/2024" in m for m in messages(result))


def test_one_sheet_per_class_gives_the_class_and_skips_the_total_lines() -> None:
    result = read("onglets_par_classe.xlsx")
    assert not result.refused, messages(result)
    assert [(r.last_name, r.first_name, r.sex, r.niveau, r.class_label) for r in result.rows] == [
        ("ABADIE", "Léon", "M", "6e", "6ème A"),
        ("BRUN", "Lou", "F", "6e", "6ème A"),
        ("DUVAL", "Hugo", "M", "5e", "5EME B"),
    ]
    assert not [i for i in result.issues if i.severity == "error"], messages(result)
    texts = messages(result)
    assert (
        "onglets_par_classe.xlsx, feuille « 6ème A », ligne 5 : Ligne de total ignorée : "
        "« Total 2 élèves »"
    ) in texts
    assert any("la classe des élèves est le nom de la feuille (« 5EME B »)" in t for t in texts)


def test_a_row_shifted_by_an_unquoted_separator_is_refused_with_its_row_and_column() -> None:
    result = read("onde_adresse_decalee.csv")
    assert [(r.last_name, r.class_label) for r in result.rows] == [("ROY", "CE2 A")]
    errors = [str(i) for i in result.issues if i.severity == "error"]
    assert errors == [
        "onde_adresse_decalee.csv, ligne 3, colonne « H » : Ligne refusée : 8 valeurs pour 7 "
        "colonnes d'en-tête, les colonnes sont décalées (séparateur « ; » dans un texte sans "
        "guillemets, une adresse par exemple ?) ; mettez ce texte entre guillemets ou retirez "
        "le séparateur"
    ]


def test_a_lycee_csv_with_divisions_serial_and_compact_dates() -> None:
    result = read("lycee_divisions.csv")
    assert not result.refused, messages(result)
    assert [
        (r.last_name, r.first_name, r.birth_date, r.sex, r.niveau, r.class_label)
        for r in result.rows
    ] == [
        ("LÉGER", "Hélène", date(2009, 4, 12), "F", "2de", "2GT3"),
        ("MOREAU", "Timothée", date(2008, 2, 22), "M", "1re", "1STMG2"),
        ("FAURE", "Enzo", date(2008, 4, 12), "M", "Tle", "TMELEC"),
    ]
    assert not [i for i in result.issues if i.severity != "info"], messages(result)


def test_a_small_pdf_renamed_csv_is_named_as_a_pdf() -> None:
    result = read("document_pdf.csv")
    assert result.refused
    assert messages(result) == [
        "document_pdf.csv : Ce n'est pas une liste d'élèves lisible : le contenu est un "
        "document PDF, pas un texte CSV ni un classeur"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20090412", date(2009, 4, 12)),  # yyyymmdd, not « 20/09/0412 »
        ("12042009", date(2009, 4, 12)),
        ("39500", date(2008, 2, 22)),  # an Excel serial saved as text in a CSV
        ("39500,0", date(2008, 2, 22)),
        ("12-avr.-08", date(2008, 4, 12)),  # Excel's « jj-mmm-aa » in a CSV export
        ("3-mars-2015", date(2015, 3, 3)),
    ],
)
def test_more_date_spellings(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "niveau"),
    [
        ("2GT", "2de"), ("2GT3", "2de"), ("2NDE3", "2de"), ("2PRO", "2de"),
        ("1G2", "1re"), ("1STMG", "1re"), ("1PRO", "1re"), ("1BACPRO", "1re"),
        ("TG1", "Tle"), ("TSTMG1", "Tle"), ("TPRO", "Tle"), ("TLE3", "Tle"),
        ("1CAP2", "CAP1"), ("6A", "6e"), ("CM2", "CM2"),
    ],
)  # fmt: skip
def test_lycee_divisions_name_their_niveau(text: str, niveau: str) -> None:
    assert parse_niveau(text).niveau == niveau


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("1er prénom", Field.FIRST_NAME),
        ("Sexe F/G", Field.SEX),
        ("Libellé niveau", Field.NIVEAU),
        ("Code niveau", Field.NIVEAU),
        ("Libellé formation", Field.NIVEAU),
    ],
)
def test_more_header_spellings(header: str, target: Field) -> None:
    assert field_of_header(header) == target


def test_a_repeated_unreadable_code_is_reported_on_every_row(tmp_path: Path) -> None:
    """Optional codes are parsed once per distinct value: each faulty row still gets its say."""
    path = tmp_path / "codes.csv"
    path.write_text(
        "Nom;Prénom;Date de naissance;Sexe;UAI\n"
        "DIOP;Awa;01/02/2016;X;0930288H\n"
        "SY;Ali;02/03/2016;G;0930288H\n"
        "BA;Fanta;03/04/2016;X;0930288X\n"
        "FALL;Omar;04/05/2016;x;0930288X\n",
        encoding="utf-8",
    )
    result = read_pupil_file(path, today=TODAY)
    assert [(row.last_name, row.sex, row.uai) for row in result.rows] == [
        ("DIOP", None, "0930288H"),
        ("SY", "M", "0930288H"),
        ("BA", None, None),
        ("FALL", None, None),
    ]
    warnings = [(issue.row, issue.column) for issue in result.issues if issue.row is not None]
    assert warnings == [
        (2, "Sexe"),
        (4, "Sexe"),
        (4, "UAI"),
        (5, "Sexe"),
        (5, "UAI"),
    ]
