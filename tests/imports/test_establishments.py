"""Importing the official open-data files: created / updated, IPS history, communes, lookup."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from cites_app.db.database import Database
from cites_app.imports import (
    StalePreviewError,
    add_establishment,
    commit_establishments,
    import_establishments,
    lookup_establishments,
    preview_establishments,
)
from cites_app.models import AuditEntry, Establishment, EstablishmentIps
from tests.imports.conftest import OPENDATA, counts, run_json, url

ANNUAIRE_094 = OPENDATA / "annuaire_education_094_ecoles_2026-05.csv"
IPS_ECOLES = OPENDATA / "ips_ecoles_2022-2023_dep093-013-059-069.csv"
IPS_ECOLES_OLD = OPENDATA / "ips_ecoles_label_headers_fixture.csv"
IPS_COLLEGES = OPENDATA / "ips_colleges_2022-2023_national.csv"
VAILLANT = "0930288H"


def _establishments(database: Database) -> dict[str, Establishment]:
    with database.read_session() as session:
        return {e.uai: e for e in session.scalars(select(Establishment))}


def _ips(database: Database, uai: str) -> list[tuple[str, float | None]]:
    with database.read_session() as session:
        query = (
            select(EstablishmentIps.rentree, EstablishmentIps.ips)
            .join(Establishment)
            .where(Establishment.uai == uai)
            .order_by(EstablishmentIps.rentree)
        )
        return [(rentree, ips) for rentree, ips in session.execute(query)]


def test_annuaire_creates_schools_and_reports_the_rows_left_aside(db: Database) -> None:
    report = import_establishments(db, ANNUAIRE_094)
    assert (report.created, report.updated, report.unchanged, report.rejected) == (21, 0, 0, 2)
    assert report.committed
    assert {(i.row, i.column) for i in report.errors} == {(17, "etat"), (24, "etat")}
    assert all("A FERMER" in i.message for i in report.errors)
    schools = _establishments(db)
    jules_ferry = schools["0940204L"]
    assert (jules_ferry.name, jules_ferry.kind, jules_ferry.education_prioritaire) == (
        "Ecole élémentaire Jules Ferry",
        "elementaire",
        "REP",
    )
    assert (jules_ferry.commune, jules_ferry.code_insee, jules_ferry.sector) == (
        "Maisons-Alfort",
        "94046",
        "public",
    )
    assert schools["0940735N"].education_prioritaire == "REP+"
    assert schools["0940176F"].latitude is not None
    with db.read_session() as session:
        entry = session.scalars(select(AuditEntry)).one()
    assert entry.action == "import.establishments"
    again = import_establishments(db, ANNUAIRE_094)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 21)


def test_ips_history_gets_each_rentree_once(db: Database, tmp_path: Path) -> None:
    first = import_establishments(db, IPS_ECOLES)
    assert first.created == 28
    assert _ips(db, VAILLANT) == [("2022-2023", 90.7)]
    school = _establishments(db)[VAILLANT]
    assert (school.name, school.commune) == ("École élémentaire Edouard Vaillant", "Pantin")
    older = import_establishments(db, IPS_ECOLES_OLD)
    assert (older.created, older.updated) == (0, 3)  # older rentrées added to the history
    assert _ips(db, VAILLANT) == [("2020-2021", 89.9), ("2021-2022", 90.2), ("2022-2023", 90.7)]
    assert import_establishments(db, IPS_ECOLES_OLD).unchanged == 3  # not duplicated
    # The same rentrée published again with a corrected value is updated, not added.
    corrected = tmp_path / "ips_ecoles_corrige.csv"
    corrected.write_text(
        IPS_ECOLES.read_text(encoding="utf-8").replace(";228.0;90.7", ";228.0;91.5")
    )
    preview = preview_establishments(db, corrected)
    row = next(r for r in preview.rows if r.uai == VAILLANT)
    assert (row.status, row.reason) == ("update", "IPS 2022-2023 corrigé")
    commit_establishments(db, preview)
    assert _ips(db, VAILLANT)[-1] == ("2022-2023", 91.5)
    assert counts(db)["establishment_ips"] == 28 + 4


def test_an_older_ips_file_does_not_roll_the_description_back(db: Database, tmp_path: Path) -> None:
    import_establishments(db, IPS_ECOLES)
    renamed = tmp_path / "ancien.csv"
    renamed.write_text(
        IPS_ECOLES_OLD.read_text(encoding="utf-8").replace(
            "ECOLE ELEMENTAIRE EDOUARD VAILLANT", "ECOLE ELEMENTAIRE VAILLANT ANCIEN NOM"
        ),
        encoding="utf-8",
    )
    import_establishments(db, renamed)
    assert _establishments(db)[VAILLANT].name == "École élémentaire Edouard Vaillant"


def test_a_name_in_capitals_never_replaces_a_readable_one(schools: Database) -> None:
    with schools.session() as session:
        school = session.scalars(select(Establishment).where(Establishment.uai == VAILLANT)).one()
        school.name = "École Édouard-Vaillant (groupe scolaire)"
    report = import_establishments(schools, IPS_ECOLES, communes=["Pantin"])
    assert report.updated >= 1
    stored = _establishments(schools)[VAILLANT]
    assert stored.name == "École Édouard-Vaillant (groupe scolaire)"
    assert (stored.kind, stored.sector, stored.enrolment) == ("elementaire", "public", 228)


def test_communes_restrict_the_import(db: Database) -> None:
    report = import_establishments(db, IPS_COLLEGES, communes=["93055", "clichy sous bois"])
    assert report.created == 7  # six collèges of Pantin, one of Clichy-sous-Bois
    assert report.ignored == 14
    assert {e.commune for e in _establishments(db).values()} == {"Pantin", "Clichy-sous-Bois"}
    none = import_establishments(db, IPS_COLLEGES, communes=["Trifouilly"])
    assert (
        none.refused
        and none.message == "aucun établissement du fichier dans les communes demandées"
    )
    assert "Trifouilly" in str(none.warnings[0])


def test_preview_says_which_schools_are_in_the_territory(schools: Database) -> None:
    preview = preview_establishments(schools, IPS_COLLEGES)
    inside = {row.uai for row in preview.rows if row.in_territory}
    assert inside == {"0931218U", "0931216S", "0931217T", "0931528F", "0931713G", "0931764M"}
    assert all(row.in_territory == (row.record.code_insee == "93055") for row in preview.rows)
    # The window offers the others: it commits what the user accepted.
    accepted = [row.uai for row in preview.rows if row.in_territory]
    report = commit_establishments(schools, preview, accepted_uais=accepted)
    assert report.ignored == len(preview.rows) - len(accepted)
    created = _establishments(schools)
    assert all(created[uai].in_territory for uai in accepted)


def test_schools_outside_the_territory_imported_by_the_cli_are_marked_outside(
    schools: Database,
) -> None:
    import_establishments(schools, IPS_COLLEGES)
    stored = _establishments(schools)
    assert stored["0010005A"].in_territory is False  # Bâgé-Dommartin (Ain)
    assert stored["0930616P"].in_territory is True  # existing: left as it was


def test_cli_json_counts(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    code, result = run_json(
        capsys, ["import", "establishments", str(ANNUAIRE_094), "--db", url(db), "--dry-run"]
    )
    assert code == 0
    assert (result["created"], result["rejected"], result["committed"]) == (21, 2, False)
    assert counts(db)["establishment"] == 0
    code, result = run_json(
        capsys,
        ["import", "establishments", str(ANNUAIRE_094), "--db", url(db), "--commune", "Créteil"],
    )
    assert code == 0
    assert (result["created"], result["ignored"]) == (2, 19)
    errors = result["errors"]
    assert isinstance(errors, list)
    assert errors[0] == {
        "file": ANNUAIRE_094.name,
        "row": 17,
        "column": "etat",
        "message": "établissement 0941874B à l'état « A FERMER », pas OUVERT : ligne ignorée",
    }


def test_cli_refuses_a_file_that_is_not_open_data(
    db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "eleves.csv"
    path.write_text("Nom;Prénom\nDIOP;Awa\n", encoding="utf-8")
    code, result = run_json(capsys, ["import", "establishments", str(path), "--db", url(db)])
    assert code == 1 and result["refused"] is True
    errors = result["errors"]
    assert isinstance(errors, list)
    assert "n'est pas reconnu" in str(errors[0]["message"])
    assert counts(db)["establishment"] == 0


def test_lookup_by_uai_or_by_words_of_the_name() -> None:
    by_uai = lookup_establishments("0930616")
    assert [c.uai for c in by_uai] == ["0930616P"]
    assert by_uai[0].name == "Collège Romain Rolland"
    assert by_uai[0].commune == "Clichy-sous-Bois"
    assert by_uai[0].ips is not None and by_uai[0].ips.rentree == "2022-2023"
    by_words = lookup_establishments("vaillant pantin")
    assert VAILLANT in [c.uai for c in by_words]
    assert lookup_establishments("") == []
    assert lookup_establishments("zzz introuvable") == []


def test_adding_a_looked_up_school_fills_the_official_data(db: Database) -> None:
    candidate = lookup_establishments(VAILLANT)[0]
    report = add_establishment(db, candidate)
    assert report.created == 1
    stored = _establishments(db)[VAILLANT]
    assert (stored.kind, stored.commune, stored.code_insee) == ("elementaire", "Pantin", "93055")
    assert _ips(db, VAILLANT) == [("2022-2023", 90.7)]
    assert add_establishment(db, candidate).unchanged == 1


def test_an_establishment_changed_since_the_preview_stops_the_commit(schools: Database) -> None:
    preview = preview_establishments(schools, IPS_ECOLES)
    assert next(r for r in preview.rows if r.uai == VAILLANT).status == "update"
    with schools.session() as session:
        school = session.scalars(select(Establishment).where(Establishment.uai == VAILLANT)).one()
        school.name = "École Vaillant (renommée à la main)"
    before = counts(schools)
    with pytest.raises(StalePreviewError):
        commit_establishments(schools, preview)
    assert counts(schools) == before
