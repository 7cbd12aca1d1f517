"""``run_counts``: what ``cites-app indicators counts FILE.csv …`` prints, and its French errors."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from cites_app.indicators import CountsTableError, run_counts


def _write(tmp_path: Path, text: str, name: str = "effectifs.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _error(path: Path, weight: str | None = None, by: str | None = None) -> str:
    with pytest.raises(CountsTableError) as caught:
        run_counts(path, unit="seance", group="ecole", weight=weight, by=by)
    return str(caught.value)


def _unit_labels(report: dict[str, object]) -> set[str]:
    units = report["units"]
    assert isinstance(units, dict)
    return set(units)


def test_rows_without_weight_count_one_and_duplicates_add_up(tmp_path: Path) -> None:
    path = _write(tmp_path, "seance,ecole\nS1,A\nS1,A\nS1,A\nS1,B\nS2,A\nS2,B\n")
    report = run_counts(path, unit="seance", group="ecole")
    # Table S1 = (3, 1), S2 = (1, 1): p_g = (2/3, 1/3).
    assert report["N"] == 6.0
    assert report["groups"] == ["A", "B"]
    l1 = 0.75 * math.log(0.75 / (2 / 3)) + 0.25 * math.log(0.25 / (1 / 3))
    l2 = 0.5 * math.log(0.5 / (2 / 3)) + 0.5 * math.log(0.5 / (1 / 3))
    assert report["units"] == {
        "S1": {"weight": 4.0, "p": pytest.approx(4 / 6), "L": pytest.approx(l1)},
        "S2": {"weight": 2.0, "p": pytest.approx(2 / 6), "L": pytest.approx(l2)},
    }
    expected_m = 4 / 6 * l1 + 2 / 6 * l2
    assert report["M"] == pytest.approx(expected_m)
    entropy = -(2 / 3 * math.log(2 / 3) + 1 / 3 * math.log(1 / 3))
    assert report["E"] == pytest.approx(entropy)
    assert report["H"] == pytest.approx(expected_m / entropy)
    # Two categories: the two-group indices of the first one met (A) against B.
    assert report["focal_group"] == "A"
    assert report["D"] == pytest.approx(0.5 * (abs(3 / 4 - 1 / 2) + abs(1 / 4 - 1 / 2)))
    assert report["isolation"] == pytest.approx(3 / 4 * 3 / 4 + 1 / 4 * 1 / 2)
    assert report["exposure"] == pytest.approx(3 / 4 * 1 / 4 + 1 / 4 * 1 / 2)
    assert report["V"] == pytest.approx((0.6875 - 2 / 3) / (1 / 3))
    assert report["file"] == str(path)
    json.dumps(report, allow_nan=False)


def test_semicolon_bom_decimal_comma_and_by(tmp_path: Path) -> None:
    text = (
        "\ufeffsecteur;seance;ecole;heures\n"
        "Nord;S1;A;1,5\n"
        "Nord;S1;B;0,5\n"
        "Nord;S2;A;0,5\n"
        "Nord;S2;B;1,5\n"
        "Sud;S3;A;2\n"
        "Sud;S3;B;2\n"
        "\n"
    )
    path = _write(tmp_path, text)
    report = run_counts(path, unit="seance", group="ecole", weight="heures", by="secteur")
    # Nord is 50/50 overall with two lopsided séances; Sud is one mixed séance.
    nord_m = 0.75 * math.log(1.5) + 0.25 * math.log(0.5)
    assert report["M"] == pytest.approx(0.5 * nord_m)
    assert report["between"] == {"M": pytest.approx(0.0), "H": pytest.approx(0.0)}
    assert report["within"] == {
        "M": pytest.approx(0.5 * nord_m),
        "H": pytest.approx(0.5 * nord_m / math.log(2)),
    }
    components = report["components"]
    assert isinstance(components, dict)
    assert components["Nord"] == {
        "p": pytest.approx(0.5),
        "M": pytest.approx(nord_m),
        "H": pytest.approx(nord_m / math.log(2)),
        "share_of_M": pytest.approx(1.0),
    }
    assert components["Sud"]["M"] == pytest.approx(0.0)
    json.dumps(report, allow_nan=False)


def test_latin1_file_and_several_categories(tmp_path: Path) -> None:
    text = "séance,école\nAtelier théâtre,Élémentaire Pré-Saint-Gervais\nAtelier théâtre,Cœur\n"
    text += "Échecs,Cœur\n"
    path = _write(tmp_path, text.replace("Cœur", "Curie"), encoding="latin-1")
    report = run_counts(path, unit="séance", group="école")
    assert report["groups"] == ["Élémentaire Pré-Saint-Gervais", "Curie"]
    assert _unit_labels(report) == {"Atelier théâtre", "Échecs"}
    cp1252 = _write(tmp_path, text, name="windows.csv", encoding="cp1252")
    assert run_counts(cp1252, unit="séance", group="école")["groups"] == [
        "Élémentaire Pré-Saint-Gervais",
        "Cœur",
    ]


def test_three_categories_have_no_two_group_indices(tmp_path: Path) -> None:
    path = _write(tmp_path, "seance,ecole\nS1,A\nS1,B\nS2,C\n")
    report = run_counts(path, unit="seance", group="ecole")
    assert "D" not in report and "isolation" not in report
    assert report["H"] == pytest.approx((1 / 3 * math.log(3) + 2 / 3 * math.log(1.5)) / math.log(3))


def test_single_category_reports_the_zero_entropy_note(tmp_path: Path) -> None:
    path = _write(tmp_path, "seance,ecole\nS1,A\nS2,A\n")
    report = run_counts(path, unit="seance", group="ecole")
    assert report["H"] == 0.0
    notes = report["notes"]
    assert isinstance(notes, list) and "E = 0" in notes[0]


def test_zero_weight_unit_has_null_score(tmp_path: Path) -> None:
    path = _write(tmp_path, "seance;ecole;h\nS1;A;2\nS1;B;1\nS2;A;0\n")
    report = run_counts(path, unit="seance", group="ecole", weight="h")
    units = report["units"]
    assert isinstance(units, dict)
    assert units["S2"] == {"weight": 0.0, "p": 0.0, "L": None}
    json.dumps(report, allow_nan=False)


# --- errors: French, naming the file, the row and the column ------------------------------------


def test_missing_column_lists_available_ones(tmp_path: Path) -> None:
    path = _write(tmp_path, "seance;etablissement\nS1;A\n")
    message = _error(path)
    assert message == (
        f"Fichier « {path} », ligne 1, colonne « ecole » : colonne introuvable. "
        "Colonnes disponibles : « seance », « etablissement »."
    )


def test_missing_weight_and_by_columns(tmp_path: Path) -> None:
    path = _write(tmp_path, "seance,ecole\nS1,A\n")
    assert "colonne « heures » : colonne introuvable" in _error(path, weight="heures")
    assert "colonne « secteur » : colonne introuvable" in _error(path, by="secteur")


def test_non_numeric_weight(tmp_path: Path) -> None:
    path = _write(tmp_path, "seance;ecole;heures\nS1;A;2\nS1;B;deux\n")
    assert _error(path, weight="heures") == (
        f"Fichier « {path} », ligne 3, colonne « heures » : « deux » n'est pas un nombre."
    )


def test_empty_and_infinite_weights(tmp_path: Path) -> None:
    path = _write(tmp_path, "seance;ecole;heures\nS1;A;\n")
    assert _error(path, weight="heures") == (
        f"Fichier « {path} », ligne 2, colonne « heures » : « (vide) » n'est pas un nombre."
    )
    path = _write(tmp_path, "seance;ecole;heures\nS1;A;inf\n", name="inf.csv")
    assert "ligne 2, colonne « heures » : « inf » n'est pas un nombre fini" in _error(
        path, weight="heures"
    )


def test_negative_weight(tmp_path: Path) -> None:
    path = _write(tmp_path, "seance;ecole;heures\nS1;A;1\nS2;A;1\nS2;B;-2,5\n")
    assert _error(path, weight="heures") == (
        f"Fichier « {path} », ligne 4, colonne « heures » : poids négatif (-2,5) ; les poids "
        "doivent être positifs ou nuls."
    )


def test_empty_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "")
    assert _error(path) == f"Fichier « {path} », ligne 1 : le fichier est vide (pas d'en-tête)."
    path = _write(tmp_path, "\ufeff  \n\n", name="blanc.csv")
    assert "ligne 1 : le fichier est vide" in _error(path)


def test_blank_header_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "\nseance,ecole\nS1,A\n")
    assert _error(path) == f"Fichier « {path} », ligne 1 : la ligne d'en-tête est vide."


def test_header_without_data(tmp_path: Path) -> None:
    path = _write(tmp_path, "seance,ecole\n\n")
    assert _error(path) == f"Fichier « {path} » : aucune ligne de données après l'en-tête."


def test_empty_label(tmp_path: Path) -> None:
    path = _write(tmp_path, "seance,ecole\nS1,A\n,B\n")
    assert _error(path) == f"Fichier « {path} », ligne 3, colonne « seance » : valeur vide."


def test_short_row(tmp_path: Path) -> None:
    path = _write(tmp_path, "seance;ecole;heures\nS1;A;1\nS2;B\n")
    assert _error(path, weight="heures") == (
        f"Fichier « {path} », ligne 3, colonne « heures » : champ absent, la ligne compte "
        "2 champ(s) alors que l'en-tête en compte 3."
    )


def test_decimal_comma_in_comma_separated_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "seance,ecole,heures\nS1,A,1\nS1,B,1,5\n")
    message = _error(path, weight="heures")
    assert message.startswith(f"Fichier « {path} », ligne 3, colonne « heures » : la ligne")
    assert "4 champs alors que l'en-tête en compte 3" in message
    assert "virgule décimale" in message


def test_trailing_empty_fields_are_accepted(tmp_path: Path) -> None:
    path = _write(tmp_path, "seance;ecole;\nS1;A;\nS1;B;;\n")
    assert run_counts(path, unit="seance", group="ecole")["N"] == 2.0


def test_unit_in_two_by_values(tmp_path: Path) -> None:
    path = _write(tmp_path, "secteur,seance,ecole\nNord,S1,A\nNord,S2,B\nSud,S1,B\n")
    assert _error(path, by="secteur") == (
        f"Fichier « {path} », ligne 4, colonne « secteur » : l'unité « S1 » est rattachée à "
        "« Nord » (ligne 2) et ici à « Sud » ; chaque valeur de « seance » doit appartenir à "
        "une seule valeur de « secteur »."
    )


def test_zero_total_weight(tmp_path: Path) -> None:
    path = _write(tmp_path, "seance;ecole;heures\nS1;A;0\nS2;B;0\n")
    assert _error(path, weight="heures") == (
        f"Fichier « {path} », colonne « heures » : le poids total est nul, aucun indicateur "
        "n'est calculable."
    )


def test_duplicate_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "seance,ecole,ecole\nS1,A,B\n")
    assert _error(path) == (
        f"Fichier « {path} », ligne 1, colonne « ecole » : colonne présente 2 fois dans "
        "l'en-tête, impossible de savoir laquelle utiliser."
    )


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.csv"
    message = _error(path)
    assert message.startswith(f"Impossible de lire le fichier « {path} »")


def test_error_is_a_value_error() -> None:
    assert issubclass(CountsTableError, ValueError)


def test_latin1_fallback_for_bytes_undefined_in_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "octets.csv"
    path.write_bytes(b"seance,ecole\nS\x81,A\nS2,B\n")
    report = run_counts(path, unit="seance", group="ecole")
    assert _unit_labels(report) == {"S\x81", "S2"}
