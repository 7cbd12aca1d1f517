"""A bad calendar file gives a French message naming the file, the line and the column."""

from __future__ import annotations

from pathlib import Path

import pytest

from cites_app.school_calendar import CalendarFileError, read_calendar_file

HEADER = "Description;Population;Date de début;Date de fin;Académies;Zones;annee_scolaire"
NOEL = (
    "Vacances de Noël;-;2025-12-19T23:00:00+00:00;2026-01-04T23:00:00+00:00;Paris;Zone C;2025-2026"
)


def _error(tmp_path: Path, name: str, content: str | bytes) -> CalendarFileError:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CalendarFileError) as caught:
        read_calendar_file(path)
    assert caught.value.path == path
    return caught.value


@pytest.mark.parametrize("content", ["", "\n\n  \r\n", "\ufeff"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    error = _error(tmp_path, "vide.csv", content)
    assert str(error) == "Calendrier scolaire « vide.csv » : le fichier est vide."
    assert isinstance(error, ValueError)


def test_header_only(tmp_path: Path) -> None:
    error = _error(tmp_path, "entete.csv", HEADER + "\r\n")
    assert str(error) == (
        "Calendrier scolaire « entete.csv », ligne 1 (en-tête) : "
        "aucune ligne de données après l'en-tête."
    )
    assert error.line == 1


def test_unknown_headers(tmp_path: Path) -> None:
    error = _error(tmp_path, "autre.csv", "Nom;Début;Fin;Ville\nNoël;2025-12-20;2026-01-05;Paris\n")
    assert str(error) == (
        "Calendrier scolaire « autre.csv », ligne 1 (en-tête), colonne « Description », "
        "« Date de début », « Date de fin », « Académies », « Zones » : colonnes obligatoires "
        "absentes. Colonnes lues : « Nom », « Début », « Fin », « Ville ». Attendu : l'export "
        "CSV du jeu de données fr-en-calendrier-scolaire."
    )
    assert (error.line, error.column) == (
        1,
        "Description », « Date de début », « Date de fin », « Académies », « Zones",
    )


def test_one_missing_header_is_named(tmp_path: Path) -> None:
    header = HEADER.replace(";Zones", "")
    error = _error(tmp_path, "sans_zones.csv", header + "\n" + NOEL + "\n")
    assert str(error).startswith(
        "Calendrier scolaire « sans_zones.csv », ligne 1 (en-tête), colonne « Zones » : "
        "colonne obligatoire absente. Colonnes lues : « Description », « Population »"
    )


def test_bad_timestamp_names_line_and_column(tmp_path: Path) -> None:
    bad = NOEL.replace("2026-01-04T23:00:00+00:00", "2026-01-32T23:00:00+00:00")
    error = _error(tmp_path, "faute.csv", "\n".join([HEADER, NOEL, bad]) + "\n")
    assert str(error) == (
        "Calendrier scolaire « faute.csv », ligne 3, colonne « Date de fin » : date illisible "
        "« 2026-01-32T23:00:00+00:00 » (attendu : 2025-10-17T22:00:00+00:00)."
    )
    assert (error.line, error.column) == (3, "Date de fin")


def test_bad_timestamp_in_an_english_export_names_its_column(tmp_path: Path) -> None:
    header = "description;population;start_date;end_date;location;zones;annee_scolaire"
    bad = NOEL.replace("2025-12-19T23:00:00+00:00", "le 20 décembre")
    error = _error(tmp_path, "export.csv", header + "\n" + bad + "\n")
    assert (error.line, error.column) == (2, "start_date")
    assert "date illisible « le 20 décembre »" in str(error)


def test_end_before_start(tmp_path: Path) -> None:
    reversed_row = NOEL.replace("2026-01-04T23:00:00+00:00", "2025-12-01T23:00:00+00:00")
    error = _error(tmp_path, "inverse.csv", HEADER + "\n" + reversed_row + "\n")
    assert str(error) == (
        "Calendrier scolaire « inverse.csv », ligne 2, colonne « Date de fin » : la fin "
        "(mardi 2 décembre 2025) précède le début (samedi 20 décembre 2025)."
    )


@pytest.mark.parametrize(
    ("row", "column", "detail"),
    [
        (NOEL.replace(";Zone C;", ";;"), "Zones", "valeur manquante."),
        (NOEL.replace(";Paris;", ";  ;"), "Académies", "valeur manquante."),
        (NOEL.replace("Vacances de Noël", ""), "Description", "valeur manquante."),
        (
            NOEL.replace("2025-2026", "2025/26"),
            "annee_scolaire",
            "année scolaire illisible « 2025/26 » (attendu : 2025-2026 ou 2025).",
        ),
        (
            NOEL.replace("2025-2026", "2025-2027"),
            "annee_scolaire",
            "année scolaire illisible « 2025-2027 » (attendu : 2025-2026 ou 2025).",
        ),
        (NOEL.rsplit(";", 2)[0], "Zones", "ligne incomplète (5 colonnes sur 7)."),
        (NOEL + ";en trop", "n° 8", "valeur en trop après la dernière colonne (8 colonnes sur 7)."),
    ],
)
def test_bad_values(tmp_path: Path, row: str, column: str, detail: str) -> None:
    error = _error(tmp_path, "valeurs.csv", "\n".join([HEADER, NOEL, NOEL, row]) + "\n")
    assert str(error) == (
        f"Calendrier scolaire « valeurs.csv », ligne 4, colonne « {column} » : {detail}"
    )


def test_trailing_empty_separator_and_blank_lines_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "ok.csv"
    path.write_text(f"\n{HEADER}\n{NOEL};\n\n;;;;;;\n", encoding="utf-8")
    assert len(read_calendar_file(path).periods) == 1


def test_teachers_only(tmp_path: Path) -> None:
    row = NOEL.replace(";-;", ";Enseignants;")
    error = _error(tmp_path, "profs.csv", HEADER + "\n" + row + "\n")
    assert str(error) == (
        "Calendrier scolaire « profs.csv » : aucune période ne concerne les élèves."
    )


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CalendarFileError) as caught:
        read_calendar_file(tmp_path / "absent.csv")
    assert str(caught.value) == "Calendrier scolaire « absent.csv » : fichier introuvable."


def test_workbook_instead_of_csv(tmp_path: Path) -> None:
    error = _error(tmp_path, "calendrier.xlsx", b"PK\x03\x04" + bytes(100))
    assert str(error) == (
        "Calendrier scolaire « calendrier.xlsx » : c'est un classeur (Excel, LibreOffice), pas "
        "un fichier CSV : enregistrez-le au format CSV avec le séparateur point-virgule."
    )


def test_binary_file(tmp_path: Path) -> None:
    error = _error(tmp_path, "image.csv", b"\x00\x01\x02abc\x00")
    assert str(error) == "Calendrier scolaire « image.csv » : ce n'est pas un fichier texte CSV."


def test_unterminated_quote(tmp_path: Path) -> None:
    # The quote swallows the rest of the line: the row then has a single column.
    error = _error(tmp_path, "guillemet.csv", f'{HEADER}\n{NOEL}\n"Vacances;-\n')
    assert str(error) == (
        "Calendrier scolaire « guillemet.csv », ligne 3, colonne « Population » : "
        "ligne incomplète (1 colonne sur 7)."
    )
