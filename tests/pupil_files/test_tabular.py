"""Head teachers' lists: Excel with title rows and merged cells, tabs, ODS, CSV variants."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cites_app.pupil_files import (
    ColumnMapping,
    Field,
    PupilRow,
    mapping_signature,
    read_pupil_file,
    read_tabular,
)
from tests.pupil_files.conftest import TODAY, messages, read


def test_workbook_with_title_rows_merged_cells_and_bad_cells() -> None:
    result = read("liste_titre_fusion.xlsx")
    assert result.kind == "tabular"
    assert not result.refused
    assert result.mapping is not None
    assert result.mapping.header_row == 4  # two title rows and a blank row above the headers
    assert [r.source_row for r in result.rows] == [5, 6, 7, 12, 14, 15, 17]
    dupont, fontaine, celik, roux, moreau, leroy, garnier = result.rows
    assert dupont == PupilRow(
        source_row=5,
        last_name="DUPONT",
        first_name="Éloïse",
        birth_date=date(2016, 5, 12),
        sex="F",
        niveau="CM1",
        class_label="CM1 A",
        ine=None,
        uai=None,
        qpv=True,
    )
    # Spaces tidied; the merged « CM1 A » cell spans the three pupils; text date read.
    assert (fontaine.last_name, fontaine.sex, fontaine.birth_date) == (
        "DE LA FONTAINE",
        "M",
        date(2016, 11, 3),
    )
    assert [p.class_label for p in (dupont, fontaine, celik)] == ["CM1 A"] * 3
    # An Excel serial number typed in a cell without date format; « x » ticks QPV.
    assert (celik.last_name, celik.birth_date, celik.qpv) == ("ÇELIK", date(2017, 1, 1), True)
    # A formula whose value was stored by the spreadsheet program is read.
    assert roux.birth_date == date(2015, 6, 7)
    # Unreadable optional values are left empty, the pupil is kept.
    assert (moreau.sex, moreau.niveau, moreau.qpv, moreau.ine) == (None, "CM2", None, None)
    # No niveau given: taken from the class label.
    assert (leroy.niveau, leroy.class_label) == ("CM2", "CM2 B")
    # The repeated header row (16) is skipped; the INE is upper-cased.
    assert (garnier.first_name, garnier.ine) == ("Inès", "070123456AB")
    f = "liste_titre_fusion.xlsx"
    assert messages(result) == [
        f"{f}, ligne 9, colonne « Prénom » : Prénom manquant",
        f"{f}, ligne 10, colonne « Date de naissance » : Date de naissance impossible : 31/02/2015",
        f"{f}, ligne 11, colonne « Date de naissance » : Formule sans valeur calculée : ouvrez le "
        "fichier dans Excel ou LibreOffice puis enregistrez-le, ou remplacez la formule par sa "
        "valeur",
        f"{f}, ligne 13, colonne « NOM » : Texte trop long pour « Nom » (10\u202f000 caractères, "
        "100 au plus) : « AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA… »",
        f"{f}, ligne 14, colonne « Niveau » : Niveau non reconnu : CM3",
        f"{f}, ligne 14, colonne « Sexe (F/G) » : Sexe non reconnu : X (attendu : F ou M, Fille "
        "ou Garçon, 1 ou 2)",
        f"{f}, ligne 14, colonne « INE » : INE mal formé : 12345 (11 caractères attendus, "
        "chiffres et lettres)",
        f"{f}, ligne 14, colonne « Réside en QPV » : Résidence en QPV non reconnue : peut-être "
        "(attendu : oui, non ou un code QPV)",
    ]
    assert [i.severity for i in result.issues] == ["error"] * 4 + ["warning"] * 4


def test_one_worksheet_per_class() -> None:
    result = read("classeur_onglets.xlsx")
    assert [(r.sheet, r.source_row, r.last_name, r.sex, r.niveau) for r in result.rows] == [
        ("CM1 A", 2, "ABADIE", "F", "CM1"),
        ("CM1 A", 3, "BRUN", "M", "CM1"),
        ("CM1 A", 4, "CARON", "F", "CM1"),
        ("CM2 B", 2, "DUMAS", "M", "CM2"),
        ("CM2 B", 3, "ÉVRARD", "F", "CM2"),
    ]
    # The instructions sheet has no headers and the hidden sheet is not read.
    assert result.issues == []


def test_workbook_renamed_csv_is_read_as_a_workbook() -> None:
    result = read("classeur_renomme.csv")
    assert result.kind == "tabular"
    assert len(result.rows) == 5


def test_ods_file() -> None:
    result = read("liste.ods")
    assert not result.refused
    assert [
        (r.source_row, r.last_name, r.first_name, r.birth_date, r.sex, r.niveau)
        for r in result.rows
    ] == [
        (4, "HOARAU", "Kélyan", date(2017, 8, 30), "M", "CE1"),
        (5, "PAYET", "Maëlys", date(2017, 11, 2), "F", "CE1"),
        (6, "GRONDIN", "Timothée", date(2016, 12, 24), "M", "CE2"),
    ]


def test_comma_separated_windows_1252_with_title_rows() -> None:
    result = read("liste_virgule.csv")
    assert [
        (r.source_row, r.last_name, r.first_name, r.birth_date, r.niveau, r.segpa, r.class_label)
        for r in result.rows
    ] == [
        (4, "DUPONT, dit DUPOND", "Léo", date(2013, 9, 1), "6e", False, "6A"),
        (5, "BENALI", "Inès", date(2012, 2, 29), "5e", False, "5B"),
        (6, "KONATÉ", "Moussa", date(2011, 9, 1), "4e", True, "4C"),
    ]


def test_excel_unicode_text_export() -> None:
    result = read("liste_excel_unicode.txt")
    assert [(r.last_name, r.first_name, r.niveau) for r in result.rows] == [
        ("GIRARD", "Émile", "6e"),
        ("FONTAINE", "Lou", "6e"),
    ]
    # No sex column: nothing to report; a birth date column exists, so no warning either.
    assert result.issues == []


def test_optional_columns() -> None:
    result = read("college_complet.csv")
    assert [
        (r.last_name, r.sex, r.niveau, r.class_label, r.ine, r.uai, r.qpv, r.ulis, r.segpa)
        for r in result.rows
    ] == [
        ("MERCIER", "M", "5e", "5A", "123456789AB", "0930123D", True, False, False),
        ("HADDAD", "F", "4e", "4B", None, "0930123D", False, True, False),
        ("LAMBERT", "M", "5e", "5C", None, None, None, False, True),
    ]
    assert result.uai == "0930123D"  # every row that names an establishment names this one
    assert [(i.row, i.column, i.severity) for i in result.issues] == [
        (4, "INE", "warning"),
        (4, "UAI", "warning"),
        (4, "QPV", "warning"),
    ]


def test_name_and_first_name_in_one_column() -> None:
    result = read("nom_complet.csv")
    assert [(r.last_name, r.first_name) for r in result.rows] == [
        ("DUPONT", "Marie"),
        ("DE LA FONTAINE", "Jean-Pierre"),
        ("BOUAZIZ", "Lina"),
        ("MARTIN", "LUCAS"),
    ]
    assert messages(result) == [
        "nom_complet.csv, ligne 5, colonne « Élève » : Nom et prénom séparés au premier espace : "
        "« MARTIN » / « LUCAS », à vérifier"
    ]


def test_double_encoded_accents_are_repaired_with_a_warning() -> None:
    result = read("mojibake.csv")
    assert [(r.last_name, r.first_name) for r in result.rows] == [
        ("MARTIN", "Éloïse"),
        ("LEFÈVRE", "Noé"),
    ]
    assert messages(result) == [
        "mojibake.csv : Accents mal encodés (« Ã© » au lieu de « é ») : le fichier a été converti "
        "deux fois ; les textes ont été corrigés, vérifiez les noms"
    ]


def test_file_without_birth_date_column_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "atelier.csv"
    path.write_text("Nom;Prénom;Classe\nDIOP;Awa;CE2\n", encoding="utf-8")
    result = read_pupil_file(path, today=TODAY)
    assert [(r.last_name, r.birth_date, r.niveau) for r in result.rows] == [("DIOP", None, "CE2")]
    assert messages(result) == [
        "atelier.csv, ligne 1 : Pas de colonne « Date de naissance » : les élèves sont importés "
        "sans date, les homonymes seront plus difficiles à distinguer"
    ]


def test_ten_thousand_character_cell_in_csv_refuses_only_its_row(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text(
        "Nom;Prénom;Date de naissance;Classe\n"
        f"DIOP;Awa;01/02/2016;{'CE2 ' * 2500}\nSOW;Ali;03/04/2016;CE2\n",
        encoding="utf-8",
    )
    result = read_pupil_file(path, today=TODAY)
    assert [r.last_name for r in result.rows] == ["SOW"]
    assert [(i.row, i.column, i.severity) for i in result.issues] == [(2, "Classe", "error")]
    assert result.issues[0].message.startswith("Texte trop long pour « Classe » (9\u202f999")


def test_user_corrected_mapping_and_remembered_mapping(tmp_path: Path) -> None:
    first = tmp_path / "ecole_a.csv"
    first.write_text(
        "Nom;Prénom;Né le;Groupe;Remarque\nDIOP;Awa;01/02/2016;CE2 A;\nSOW;Ali;03/04/2016;CE2 B;\n",
        encoding="utf-8",
    )
    detected = read_tabular(first, today=TODAY)
    assert detected.mapping is not None
    assert Field.CLASS_LABEL not in detected.mapping.columns  # « Groupe » is not a known header
    assert [r.class_label for r in detected.rows] == [None, None]

    corrected = detected.mapping.with_column(Field.CLASS_LABEL, 3)
    again = read_tabular(first, corrected, today=TODAY)
    assert [(r.class_label, r.niveau) for r in again.rows] == [("CE2 A", "CE2"), ("CE2 B", "CE2")]

    # The app stores the mapping under the header signature and finds it for the next school,
    # whose file has a title row and its columns in another order.
    stored = {corrected.signature: corrected.to_json()}
    second = tmp_path / "ecole_b.csv"
    second.write_text(
        "Liste des inscrits;;;;\nGroupe;Remarque;Prénom;Nom;Né le\nCM1;;Léa;FALL;05/06/2015\n",
        encoding="utf-8",
    )
    probe = read_tabular(second, today=TODAY)
    assert probe.mapping is not None
    assert probe.mapping.signature == corrected.signature
    remembered = ColumnMapping.from_json(stored[probe.mapping.signature])
    result = read_pupil_file(second, remembered, today=TODAY)
    assert [(r.last_name, r.first_name, r.class_label, r.source_row) for r in result.rows] == [
        ("FALL", "Léa", "CM1", 3)
    ]


def test_mapping_signature_ignores_order_case_accents_and_blanks() -> None:
    assert mapping_signature(["Nom", "Prénom", "", "Né(e) le"]) == mapping_signature(
        ["né(e) LE", "PRENOM", "nom"]
    )
    assert mapping_signature(["Nom", "Prénom"]) != mapping_signature(["Nom", "Prénom", "Classe"])


def test_mapping_json_round_trip() -> None:
    mapping = ColumnMapping(3, ("Nom", "Prénom", "Groupe")).with_column(Field.LAST_NAME, 0)
    mapping = mapping.with_column(Field.FIRST_NAME, 1).with_column(Field.CLASS_LABEL, 2)
    assert ColumnMapping.from_json(mapping.to_json()) == mapping
    assert Field.CLASS_LABEL not in mapping.with_column(Field.CLASS_LABEL, None).columns


def test_file_without_header_row_read_with_a_user_mapping(tmp_path: Path) -> None:
    path = tmp_path / "brut.csv"
    path.write_text("DIOP;Awa;01/02/2016;F\nSOW;Ali;03/04/2016;G\n", encoding="utf-8")
    assert read_tabular(path, today=TODAY).refused
    mapping = ColumnMapping(0, ()).with_column(Field.LAST_NAME, 0)
    mapping = mapping.with_column(Field.FIRST_NAME, 1).with_column(Field.BIRTH_DATE, 2)
    mapping = mapping.with_column(Field.SEX, 3)
    result = read_tabular(path, mapping, today=TODAY)
    assert [(r.source_row, r.last_name, r.sex) for r in result.rows] == [
        (1, "DIOP", "F"),
        (2, "SOW", "M"),
    ]
    assert result.issues == []


def test_partially_blank_row_names_each_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "trous.csv"
    path.write_text(
        "Nom;Prénom;Date de naissance;Classe\n;;;\nDIOP;;;CE2\n;Ali;03/04/2016;CE2\n",
        encoding="utf-8",
    )
    result = read_pupil_file(path, today=TODAY)
    assert result.rows == []
    assert messages(result) == [
        "trous.csv, ligne 3, colonne « Prénom » : Prénom manquant",
        "trous.csv, ligne 3, colonne « Date de naissance » : Date de naissance manquante",
        "trous.csv, ligne 4, colonne « Nom » : Nom manquant",
    ]
