"""ONDE extractions: three header versions, three encodings."""

from __future__ import annotations

from datetime import date

from cites_app.pupil_files import Field, PupilRow, read_pupil_file
from tests.pupil_files.conftest import TODAY, messages, read
from tests.pupil_files.make_corpus import CORPUS


def test_onde_utf8_without_bom() -> None:
    result = read("onde_utf8.csv")
    assert result.kind == "onde"
    assert not result.refused
    assert [(r.last_name, r.first_name) for r in result.rows] == [
        ("MARTIN", "Éloïse"),
        ("LEFÈVRE", "Noé"),
        ("ÇELIK", "Ayşe"),
        ("NGUYEN", "Bảo"),
    ]
    first = result.rows[0]
    assert first == PupilRow(
        source_row=2,
        last_name="MARTIN",
        first_name="Éloïse",
        birth_date=date(2017, 3, 14),
        sex="F",
        niveau="CE1",
        class_label="CP-CE1 Mme Roussel",
        ine=None,
        uai=None,
        qpv=None,
    )
    # A double-level class: the niveau column decides, pupil by pupil.
    assert [r.niveau for r in result.rows] == ["CE1", "CP", "CE2", "CM2"]
    # The family name wins over the usage name.
    assert result.rows[3].last_name == "NGUYEN"
    # Row 6 is blank (skipped silently); row 7 has an impossible date.
    assert messages(result) == [
        "onde_utf8.csv, ligne 7, colonne « Date naissance » : "
        "Date de naissance impossible : 30/02/2016"
    ]
    assert result.mapping is not None
    assert result.mapping.columns[Field.CLASS_LABEL].header == "Libellé classe"


def test_onde_utf8_bom_with_other_headers() -> None:
    result = read("onde_bom.csv")
    assert result.kind == "onde"
    assert [(r.last_name, r.first_name, r.birth_date, r.niveau) for r in result.rows] == [
        ("ROUSSEAU", "Maël", date(2020, 10, 8), "GS"),
        ("BENSAÏD", "Inès", date(2019, 1, 17), "CP"),  # only a usage name: used
        ("PERRIN", "Zoé", date(2018, 4, 3), "CE1"),
    ]
    assert [r.class_label for r in result.rows] == ["GS Les Lutins", "CP A", "CE1 B"]
    assert result.issues == []


def test_onde_windows_1252() -> None:
    result = read("onde_cp1252.csv")
    assert result.kind == "onde"
    assert [(r.last_name, r.first_name, r.sex, r.niveau) for r in result.rows] == [
        ("LECŒUR", "Léa", "F", "CM1"),
        ("FRANÇOIS", "Noé", "M", "CM2"),
    ]
    assert result.rows[1].class_label == "CM2 M. Dubois"


def test_onde_with_a_corrected_mapping_stays_onde() -> None:
    detected = read("onde_cp1252.csv")
    assert detected.mapping is not None
    without_class = detected.mapping.with_column(Field.CLASS_LABEL, None)
    result = read_pupil_file(CORPUS / "onde_cp1252.csv", without_class, today=TODAY)
    assert result.kind == "onde"
    assert [(r.first_name, r.class_label, r.niveau) for r in result.rows] == [
        ("Léa", None, "CM1"),
        ("Noé", None, "CM2"),
    ]
