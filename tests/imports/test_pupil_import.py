"""Clean pupil imports: what ends up in the database, re-imports, updates, duplicates, matching."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from cites_app.db.database import Database
from cites_app.imports import commit_pupils, import_pupils, preview_pupils
from cites_app.models import AuditEntry, Establishment, ImportMapping, Pupil
from cites_app.pupil_files import ColumnMapping, Field
from tests.imports.conftest import CORPUS, ECOLE, TODAY, counts
from tests.pupil_files.corpus_siecle import UAI_COLLEGE


def _pupils(database: Database) -> dict[str, Pupil]:
    """Stored pupils by « LAST First »."""
    with database.read_session() as session:
        return {f"{p.last_name} {p.first_name}": p for p in session.scalars(select(Pupil))}


def _school_id(database: Database, uai: str) -> int:
    with database.read_session() as session:
        found = session.scalar(select(Establishment.id).where(Establishment.uai == uai))
    assert found is not None
    return found


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_onde_file_gives_names_dates_niveaux_and_school(schools: Database) -> None:
    report = import_pupils(schools, CORPUS / "onde_cp1252.csv", ECOLE, today=TODAY)
    assert (report.created, report.updated, report.unchanged, report.rejected) == (2, 0, 0, 0)
    assert report.committed and not report.refused
    pupils = _pupils(schools)
    assert set(pupils) == {"LECŒUR Léa", "FRANÇOIS Noé"}
    lea = pupils["LECŒUR Léa"]
    assert (lea.birth_date, lea.birth_year, lea.sex) == (date(2015, 6, 11), 2015, "F")
    assert (lea.niveau, lea.class_label, lea.qpv) == ("CM1", "CM1 Mme Hervé", "inconnu")
    assert lea.establishment_id == _school_id(schools, ECOLE)
    assert pupils["FRANÇOIS Noé"].niveau == "CM2"


def test_siecle_export_takes_its_school_from_uaj(schools: Database) -> None:
    preview = preview_pupils(schools, CORPUS / "ElevesSansAdresses.zip", today=TODAY)
    assert preview.kind == "siecle"
    assert [row.status for row in preview.rows] == ["new"] * 4 + ["error", "new", "new"]
    assert {row.establishment_uai for row in preview.rows if row.status == "new"} == {UAI_COLLEGE}
    left = [str(i) for i in preview.file_issues if i.severity == "info"]
    assert any("VIDAL" in text and "a quitté l'établissement" in text for text in left)
    report = commit_pupils(schools, preview)
    assert (report.created, report.rejected) == (6, 1)
    pupils = _pupils(schools)
    eloise = pupils["MARTIN Éloïse"]
    assert (eloise.ine, eloise.niveau, eloise.class_label, eloise.sex) == (
        "123456789AB",
        "6e",
        "6A",
        "F",
    )
    assert pupils["LECŒUR Çécile"].segpa
    assert pupils["OUEDRAOGO Idrissa"].ulis
    assert pupils["OUEDRAOGO Idrissa"].niveau == "3e"
    assert {p.establishment_id for p in pupils.values()} == {_school_id(schools, UAI_COLLEGE)}


def test_workbook_with_one_sheet_per_class(schools: Database) -> None:
    report = import_pupils(schools, CORPUS / "classeur_onglets.xlsx", ECOLE, today=TODAY)
    assert report.created == 5
    pupils = _pupils(schools)
    assert pupils["ÉVRARD Célia"].class_label == "CM2 B"
    assert pupils["ÉVRARD Célia"].birth_date == date(2015, 5, 9)
    assert pupils["BRUN Nathan"].sex == "M"


def test_importing_the_same_file_twice_changes_nothing(schools: Database) -> None:
    first = import_pupils(schools, CORPUS / "onde_bom.csv", ECOLE, today=TODAY)
    assert first.created == 3
    before = _pupils(schools)
    second = import_pupils(schools, CORPUS / "onde_bom.csv", ECOLE, today=TODAY)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 3)
    after = _pupils(schools)
    assert {k: p.version for k, p in after.items()} == {k: p.version for k, p in before.items()}
    with schools.read_session() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "import.pupils"))
        assert len(list(entries)) == 2


def test_a_changed_class_is_an_update_listing_the_change(schools: Database, tmp_path: Path) -> None:
    import_pupils(schools, CORPUS / "onde_cp1252.csv", ECOLE, today=TODAY)
    changed = tmp_path / "onde_rentree.csv"
    text = (CORPUS / "onde_cp1252.csv").read_text(encoding="cp1252")
    changed.write_text(text.replace("CM1;CM1 Mme Hervé", "CM2;CM2 M. Dubois"), encoding="cp1252")
    preview = preview_pupils(schools, changed, ECOLE, today=TODAY)
    assert [row.status for row in preview.rows] == ["update", "unchanged"]
    row = preview.rows[0]
    assert row.matched_by == "identity"
    assert [str(change) for change in row.changes] == [
        "Niveau : CM1 → CM2",
        "Classe : CM1 Mme Hervé → CM2 M. Dubois",
    ]
    report = commit_pupils(schools, preview)
    assert (report.updated, report.unchanged) == (1, 1)
    lea = _pupils(schools)["LECŒUR Léa"]
    assert (lea.niveau, lea.class_label, lea.version) == ("CM2", "CM2 M. Dubois", 2)


def test_duplicates_in_one_file(schools: Database, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "doublons.csv",
        [
            "Nom;Prénom;Date de naissance;INE",
            "DIOP;Awa;01/02/2016;111111111AA",
            "SOW;Moussa;03/04/2016;",
            "Diop;AWA;01/02/2016;",  # same pupil, other spelling: identity duplicate
            "KANE;Ali;05/06/2016;111111111AA",  # same INE as row 2
            "SOW;Moussa;03/04/2016;",
        ],
    )
    preview = preview_pupils(schools, path, ECOLE, today=TODAY)
    assert [(r.row, r.status, r.duplicate_of) for r in preview.rows] == [
        (2, "new", None),
        (3, "new", None),
        (4, "duplicate", 2),
        (5, "duplicate", 2),
        (6, "duplicate", 3),
    ]
    assert preview.rows[3].reason == "doublon : même INE (111111111AA) que la ligne 2"
    report = import_pupils(schools, path, ECOLE, today=TODAY)  # duplicates never block
    assert (report.created, report.rejected, report.committed) == (2, 3, True)


def test_ine_match_wins_over_names(schools: Database, tmp_path: Path) -> None:
    with schools.session() as session:
        session.add(
            Pupil(
                last_name="DIOP",
                first_name="Awa",
                birth_date=date(2016, 2, 1),
                ine="111111111AA",
                establishment_id=_school_id(schools, ECOLE),
            )
        )
    path = _write(
        tmp_path / "nom_change.csv",
        ["Nom;Prénom;Date de naissance;INE;UAI", f"DIOP-NDIAYE;Awa;01/02/2016;111111111AA;{ECOLE}"],
    )
    row = preview_pupils(schools, path, today=TODAY).rows[0]
    assert (row.status, row.matched_by) == ("update", "ine")
    assert [str(c) for c in row.changes] == ["Nom : DIOP → DIOP-NDIAYE"]


def test_name_and_birth_date_match_fills_the_ine(schools: Database, tmp_path: Path) -> None:
    with schools.session() as session:
        session.add(
            Pupil(
                last_name="Diop",
                first_name="Awa",
                birth_date=date(2016, 2, 1),
                establishment_id=_school_id(schools, ECOLE),
            )
        )
    path = _write(
        tmp_path / "avec_ine.csv",
        ["Nom;Prénom;Date de naissance;INE", "DIOP;Awa;01/02/2016;222222222BB"],
    )
    row = preview_pupils(schools, path, ECOLE, today=TODAY).rows[0]
    assert (row.status, row.matched_by) == ("update", "identity")
    # « Diop » (mixed case) is richer than « DIOP »: the stored spelling stays.
    assert [str(c) for c in row.changes] == ["INE : (vide) → 222222222BB"]
    other_date = _write(
        tmp_path / "autre_date.csv",
        ["Nom;Prénom;Date de naissance", "DIOP;Awa;02/02/2016"],
    )
    assert preview_pupils(schools, other_date, ECOLE, today=TODAY).rows[0].status == "new"


def test_the_same_pupil_in_another_school_is_another_pupil_unless_the_ine_says(
    schools: Database, tmp_path: Path
) -> None:
    import_pupils(schools, CORPUS / "onde_cp1252.csv", ECOLE, today=TODAY)
    preview = preview_pupils(schools, CORPUS / "onde_cp1252.csv", "0930616P", today=TODAY)
    assert [row.status for row in preview.rows] == ["new", "new"]


def test_a_moved_pupil_found_by_ine_changes_school(schools: Database, tmp_path: Path) -> None:
    first = _write(
        tmp_path / "a.csv", ["Nom;Prénom;Date de naissance;INE", "DIOP;Awa;01/02/2014;333333333CC"]
    )
    import_pupils(schools, first, ECOLE, today=TODAY)
    row = preview_pupils(schools, first, "0930616P", today=TODAY).rows[0]
    assert (row.status, row.matched_by) == ("update", "ine")
    assert [str(c) for c in row.changes] == [
        "Établissement : 0930288H — École élémentaire Édouard Vaillant → "
        "0930616P — Collège Romain Rolland"
    ]


def test_a_corrected_mapping_is_remembered_for_the_next_file(
    schools: Database, tmp_path: Path
) -> None:
    lines = ["Liste transmise", "A;B;C", "DIOP;Awa;01/02/2016"]
    path = _write(tmp_path / "maison.csv", lines)
    refused = preview_pupils(schools, path, ECOLE, today=TODAY)
    assert refused.refused
    mapping = ColumnMapping(2, ("A", "B", "C"))
    for index, target in enumerate((Field.LAST_NAME, Field.FIRST_NAME, Field.BIRTH_DATE)):
        mapping = mapping.with_column(target, index)
    preview = preview_pupils(schools, path, ECOLE, mapping, today=TODAY)
    assert (preview.mapping_source, [r.status for r in preview.rows]) == ("given", ["new"])
    commit_pupils(schools, preview)
    with schools.read_session() as session:
        stored = session.scalars(select(ImportMapping)).one()
        assert (stored.kind, stored.signature) == ("pupils", mapping.signature)
        assert json.loads(stored.mapping)["header_row"] == 2
    next_year = _write(tmp_path / "maison_2026.csv", [*lines[:2], "SOW;Moussa;03/04/2016"])
    again = preview_pupils(schools, next_year, ECOLE, today=TODAY)
    assert again.mapping_source == "remembered"
    assert [(r.pupil.last_name if r.pupil else None, r.status) for r in again.rows] == [
        ("SOW", "new")
    ]


def test_without_establishment_every_row_says_so(schools: Database) -> None:
    before = counts(schools)
    report = import_pupils(schools, CORPUS / "onde_bom.csv", today=TODAY)
    assert report.refused and report.rejected == 3
    assert report.message == "toutes les lignes sont refusées"
    assert {(i.row, i.column) for i in report.errors} == {(2, "UAI"), (3, "UAI"), (4, "UAI")}
    assert "option --establishment UAI" in report.errors[0].message
    assert counts(schools) == before


def test_accents_are_kept_and_double_encoding_repaired(schools: Database) -> None:
    report = import_pupils(schools, CORPUS / "mojibake.csv", ECOLE, today=TODAY)
    assert report.created == 2
    assert set(_pupils(schools)) == {"MARTIN Éloïse", "LEFÈVRE Noé"}
    assert any("Accents mal encodés" in str(w) for w in report.warnings)


def test_progress_is_reported_between_stages(schools: Database) -> None:
    seen: list[tuple[int, str]] = []
    import_pupils(
        schools,
        CORPUS / "onde_bom.csv",
        ECOLE,
        today=TODAY,
        progress=lambda pct, msg: seen.append((pct, msg)),
    )
    assert seen[0] == (0, "Lecture de « onde_bom.csv »…")
    assert (60, "Comparaison avec les élèves enregistrés…") in seen
    assert (0, "Enregistrement des nouveaux élèves…") in seen
    assert [pct for pct, _ in seen] == [0, 60, 100, 0, 100]  # the preview, then the commit
    assert seen[-1] == (100, "Import terminé")


def test_a_class_label_too_long_for_the_database_is_cut_with_a_warning(
    schools: Database, tmp_path: Path
) -> None:
    label = "CM2 B — classe de Mme Dupont-Martin, dispositif UPE2A le mardi"
    assert len(label) > 60
    path = _write(
        tmp_path / "long.csv",
        ["Nom;Prénom;Date de naissance;Classe", f"DIOP;Awa;01/02/2015;{label}"],
    )
    report = import_pupils(schools, path, ECOLE, today=TODAY)
    assert report.created == 1
    assert [(w.row, w.column) for w in report.warnings] == [(2, "Classe")]
    assert _pupils(schools)["DIOP Awa"].class_label == label[:60]


def test_homonyms_without_birth_date_are_not_guessed(schools: Database, tmp_path: Path) -> None:
    school = _school_id(schools, ECOLE)
    with schools.session() as session:
        for born in (date(2015, 1, 1), date(2016, 1, 1)):
            session.add(
                Pupil(last_name="DIOP", first_name="Awa", birth_date=born, establishment_id=school)
            )
    path = _write(tmp_path / "sans_date.csv", ["Nom;Prénom;Classe", "DIOP;Awa;CM1", "SOW;Ali;CM1"])
    preview = preview_pupils(schools, path, ECOLE, today=TODAY)
    assert [row.status for row in preview.rows] == ["error", "new"]
    assert "2 élèves de cet établissement portent ces nom et prénom" in preview.rows[0].reason
