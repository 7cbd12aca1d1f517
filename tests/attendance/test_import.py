"""Last year's attendance spreadsheet brought into a fresh base holding only the official schools.

The expected result comes from the generator's own model (``presences_2024-2025.attendu.json``),
not from the import code: séances, pupils, statuses and hours must match it exactly.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from cites_app.attendance import ParticipationHours
from cites_app.attendance.import_plan_types import RowStatus
from cites_app.attendance.importer import AttendanceImporter, AttendanceImportRefused
from cites_app.db.database import Database
from cites_app.models import (
    Action,
    Activity,
    ActivitySession,
    Attendance,
    AuditEntry,
    Establishment,
    Pupil,
    Registration,
    Venue,
)
from tests.attendance.conftest import DATA
from tests.attendance.make_attendance_file import CSV_COPY, DAMAGED, EXPECTED, MAIN

IMPORT_DAY = datetime(2025, 9, 1, 10)
TABLES = (Action, Activity, ActivitySession, Attendance, Pupil, Registration, Venue, AuditEntry)


def _importer(database: Database) -> AttendanceImporter:
    return AttendanceImporter(database, clock=lambda: IMPORT_DAY, actor="coordinatrice")


def _expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / EXPECTED).read_text(encoding="utf-8"))
    return data


def _counts(database: Database) -> dict[str, int]:
    with database.read_session() as session:
        return {
            table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
            for table in TABLES
        }


def _pupil_key(last: str, first: str, born: Any) -> str:
    return f"{last}|{first}|{born.isoformat()}"


def test_spreadsheet_imported_exactly(official_db: Database) -> None:
    expected = _expected()
    preview = _importer(official_db).preview(DATA / MAIN)
    assert not preview.refused, preview.refusal_message()
    assert _counts(official_db)["attendance"] == 0  # a preview writes nothing
    assert Counter(row.status for row in preview.preview_rows) == {RowStatus.NEW: 408}
    counts = _importer(official_db).commit(preview)
    assert (counts.created, counts.updated, counts.unchanged, counts.rejected) == (408, 0, 0, 0)
    assert (counts.activities_created, counts.seances_created, counts.pupils_created) == (3, 20, 60)

    with official_db.read_session() as session:
        seances = session.execute(
            select(
                Activity.title,
                Activity.kind,
                ActivitySession.starts_at,
                ActivitySession.ends_at,
                Venue.name,
                ActivitySession.attendance_taken_at,
            )
            .join(Activity)
            .join(Venue)
        ).all()
        assert sorted(
            (title, kind, start.isoformat(), end.isoformat(), venue)
            for title, kind, start, end, venue, _taken in seances
        ) == sorted(
            (s["activity"], s["kind"], s["starts_at"], s["ends_at"], s["venue"])
            for s in expected["seances"]
        )
        assert {taken for *_rest, taken in seances} == {IMPORT_DAY}
        pupils = session.execute(
            select(
                Pupil.last_name,
                Pupil.first_name,
                Pupil.birth_date,
                Pupil.sex,
                Pupil.niveau,
                Establishment.uai,
                Pupil.qpv,
            ).join(Establishment)
        ).all()
        assert sorted(
            (_pupil_key(last, first, born), sex, niveau, uai, qpv)
            for last, first, born, sex, niveau, uai, qpv in pupils
        ) == sorted(
            (p["key"], p["sex"], p["niveau"], p["uai"], p["qpv"]) for p in expected["pupils"]
        )
        presences = session.execute(
            select(
                Activity.title,
                ActivitySession.starts_at,
                Pupil.last_name,
                Pupil.first_name,
                Pupil.birth_date,
                Attendance.status,
                Attendance.minutes,
            )
            .join(ActivitySession, ActivitySession.id == Attendance.session_id)
            .join(Activity, Activity.id == ActivitySession.activity_id)
            .join(Pupil, Pupil.id == Attendance.pupil_id)
        ).all()
        assert sorted(
            (title, start.isoformat(), _pupil_key(last, first, born), status, minutes)
            for title, start, last, first, born, status, minutes in presences
        ) == sorted(
            (p["activity"], p["starts_at"], p["pupil"], p["status"], p["minutes"])
            for p in expected["presences"]
        )
        # Each pupil is registered to each séance of the file (séance-level registrations).
        assert session.scalar(select(func.count()).select_from(Registration)) == 408

    hours = ParticipationHours(official_db)
    by_activity: Counter[str] = Counter()
    by_pupil: Counter[str] = Counter()
    by_school: Counter[str] = Counter()
    uai_of = {p["key"]: p["uai"] for p in expected["pupils"]}
    for presence in expected["presences"]:
        by_activity[presence["activity"]] += presence["attended"]
        by_pupil[presence["pupil"]] += presence["attended"]
        by_school[uai_of[presence["pupil"]]] += presence["attended"]
    assert {row.label: row.minutes for row in hours.rows("activity")} == dict(by_activity)
    with official_db.read_session() as session:
        uais = dict(session.execute(select(Establishment.id, Establishment.uai)).all())
        keys = {
            pupil_id: _pupil_key(last, first, born)
            for pupil_id, last, first, born in session.execute(
                select(Pupil.id, Pupil.last_name, Pupil.first_name, Pupil.birth_date)
            )
        }
    assert {uais.get(row.key or 0): row.minutes for row in hours.rows("school")} == {
        uai: minutes for uai, minutes in by_school.items() if minutes
    }
    assert {keys.get(row.key or 0): row.minutes for row in hours.rows("pupil")} == {
        key: minutes for key, minutes in by_pupil.items() if minutes
    }


def test_second_import_adds_nothing(official_db: Database) -> None:
    _importer(official_db).import_file(DATA / MAIN)
    before = _counts(official_db)
    again = _importer(official_db).import_file(DATA / MAIN)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 408)
    assert (again.seances_created, again.pupils_created, again.activities_created) == (0, 0, 0)
    # The same data as CSV (text dates and times, UTF-8 with BOM, « ; »): nothing new either.
    as_csv = _importer(official_db).import_file(DATA / CSV_COPY)
    assert (as_csv.created, as_csv.unchanged, as_csv.pupils_matched) == (0, 408, 60)
    after = _counts(official_db)
    assert {k: v for k, v in after.items() if k != "audit_log"} == {
        k: v for k, v in before.items() if k != "audit_log"
    }
    assert after["audit_log"] == before["audit_log"] + 2  # each import is logged, no names


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_damaged_copy_refused_with_its_row_and_nothing_written(
    official_db: Database, name: str
) -> None:
    where = _expected()["damaged"][name]
    before = _counts(official_db)
    preview = _importer(official_db).preview(DATA / name)
    assert preview.refused
    [error] = preview.errors
    assert (error.file, error.row, error.column) == (name, where["row"], where["column"])
    message = preview.refusal_message()
    assert message.startswith("Fichier refusé, rien n'a été importé : 1 erreur")
    assert f"{name}, ligne {where['row']}, colonne « {where['column']} »" in message
    with pytest.raises(AttendanceImportRefused):
        _importer(official_db).commit(preview)
    assert _counts(official_db) == before


def test_damaged_copy_refused_after_a_good_import(official_db: Database) -> None:
    _importer(official_db).import_file(DATA / MAIN)
    before = _counts(official_db)
    for name in DAMAGED:
        with pytest.raises(AttendanceImportRefused, match=f"{name}, ligne"):
            _importer(official_db).import_file(DATA / name)
    assert _counts(official_db) == before


def _write_csv(path: Path, header: str, *rows: str) -> Path:
    path.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")
    return path


HEADER = "date;début;fin;atelier;type;nom;prénom;né(e) le;école;commune;présence"


def test_school_by_name_homonyms_need_the_commune(official_db: Database, tmp_path: Path) -> None:
    path = _write_csv(
        tmp_path / "joliot.csv",
        HEADER,
        "07/01/2026;14h;16h;Chorale;Périscolaire;Martin;Léa;02/03/2016;"
        "École élémentaire Joliot-Curie;PANTIN;P",
        "07/01/2026;14h;16h;Chorale;Périscolaire;Petit;Tom;02/03/2016;"
        "Ecole elementaire Joliot Curie;;A",
        "07/01/2026;14h;16h;Chorale;Périscolaire;Roy;Ana;02/03/2016;École des Lilas;;",
    )
    preview = _importer(official_db).preview(path)
    messages = {issue.row: issue.message for issue in preview.errors}
    assert set(messages) == {3, 4}
    assert messages[3].startswith("Plusieurs établissements s'appellent « Ecole elementaire Joliot")
    assert messages[4].startswith("Établissement inconnu : « École des Lilas »")
    assert preview.preview_rows[0].status is RowStatus.NEW


def test_contradictions_and_duplicates_inside_the_file(
    official_db: Database, tmp_path: Path
) -> None:
    row = "07/01/2026;14h;16h;Chorale;Périscolaire;Martin;Léa;02/03/2016;0931299G;;{}"
    path = _write_csv(
        tmp_path / "doublons.csv",
        HEADER.replace("école", "UAI"),
        row.format("présente"),
        row.format("P"),  # the same mark again: a duplicate, imported once
        row.format("absente"),  # another mark for the same pupil and séance: an error
        "07/01/2026;14h;17h;Chorale;Périscolaire;Roy;Ana;02/03/2016;0931299G;;",  # other end
        "07/01/2026;10h;12h;Chorale;Orientation;Roy;Ana;02/03/2016;0931299G;;",  # other type
    )
    preview = _importer(official_db).preview(path)
    statuses = [(r.source_row, r.status) for r in preview.preview_rows]
    assert statuses == [
        (2, RowStatus.NEW),
        (3, RowStatus.DUPLICATE),
        (4, RowStatus.ERROR),
        (5, RowStatus.ERROR),
        (6, RowStatus.ERROR),
    ]
    errors = {issue.row: (issue.column, issue.message) for issue in preview.errors}
    assert errors[4][1].startswith("Présence contradictoire avec la ligne 2")
    assert errors[5] == (
        "Heure de fin",
        "Heure de fin différent(e) de la ligne 2 pour la même séance",
    )
    assert errors[6][0] == "Type"


def test_changed_status_updates_the_presence(official_db: Database, tmp_path: Path) -> None:
    header = HEADER.replace("école", "UAI")
    line = "07/01/2026;14h;16h;Chorale;Périscolaire;Martin;Léa;02/03/2016;0931299G;;{}"
    _importer(official_db).import_file(_write_csv(tmp_path / "a.csv", header, line.format("")))
    changed = _importer(official_db).import_file(
        _write_csv(tmp_path / "b.csv", header, line.format("excusée"))
    )
    assert (changed.created, changed.updated) == (0, 1)
    with official_db.read_session() as session:
        assert session.scalars(select(Attendance.status)).all() == ["absent_excuse"]


def test_existing_pupils_and_seances_are_matched(demo_db: Database, tmp_path: Path) -> None:
    """Two pupils of a demo séance, written as a coordinator would: found, not duplicated."""
    with demo_db.read_session() as session:
        seance = session.execute(
            select(
                ActivitySession.id,
                ActivitySession.starts_at,
                ActivitySession.ends_at,
                Activity.title,
            )
            .join(Activity)
            .join(Attendance, Attendance.session_id == ActivitySession.id)
            .order_by(ActivitySession.id)
            .limit(1)
        ).one()
        marks = session.execute(
            select(
                Pupil.last_name,
                Pupil.first_name,
                Pupil.birth_date,
                Establishment.uai,
                Attendance.status,
            )
            .join(Attendance, Attendance.pupil_id == Pupil.id)
            .join(Establishment)
            .where(Attendance.session_id == seance.id, Attendance.minutes.is_(None))
            .order_by(Pupil.id)
            .limit(2)
        ).all()
    words = {"present": "présent", "absent_excuse": "excusé", "absent_non_excuse": "absent"}
    rows = [
        f"{seance.starts_at:%d/%m/%Y};{seance.starts_at:%H:%M};{seance.ends_at:%H:%M};"
        f"{seance.title.upper()};;{last.lower()};{first};{born:%d/%m/%Y};{uai};;{words[status]}"
        for last, first, born, uai, status in marks
    ]
    before = _counts(demo_db)
    counts = _importer(demo_db).import_file(
        _write_csv(tmp_path / "demo.csv", HEADER.replace("école", "UAI"), *rows)
    )
    assert (counts.unchanged, counts.pupils_matched, counts.seances_matched) == (2, 2, 1)
    assert (counts.created, counts.pupils_created, counts.seances_created) == (0, 0, 0)
    after = _counts(demo_db)
    assert after["pupil"] == before["pupil"] and after["attendance"] == before["attendance"]


def test_files_refused_whole(official_db: Database, tmp_path: Path) -> None:
    importer = _importer(official_db)
    only_header = importer.preview(_write_csv(tmp_path / "vide.csv", HEADER))
    assert [str(i) for i in only_header.errors] == [
        "vide.csv : Aucune ligne de présence dans le fichier"
    ]
    unknown = importer.preview(_write_csv(tmp_path / "autre.csv", "a;b;c", "1;2;3"))
    assert unknown.errors[0].message.startswith("Aucune ligne d'en-têtes reconnue")
    missing = importer.preview(
        _write_csv(tmp_path / "sans_date.csv", "nom;prénom;activité;UAI", "a;b;c;d")
    )
    assert "Colonne obligatoire introuvable : Date, Heure de début, Heure de fin" in (
        missing.errors[0].message
    )
    binary = tmp_path / "image.xlsx"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    assert "une image PNG" in importer.preview(binary).errors[0].message
    shutil.copy(DATA / MAIN, tmp_path / "tronque.xlsx")
    truncated = tmp_path / "tronque.xlsx"
    truncated.write_bytes(truncated.read_bytes()[:5000])
    assert importer.preview(truncated).refused
    assert _counts(official_db)["attendance"] == 0


def test_generator_reproduces_the_committed_files(tmp_path: Path) -> None:
    from tests.attendance import make_attendance_file  # noqa: PLC0415

    rows, expected = make_attendance_file.build()
    assert expected == _expected()
    make_attendance_file.write_csv(tmp_path / CSV_COPY, rows)
    assert (tmp_path / CSV_COPY).read_bytes() == (DATA / CSV_COPY).read_bytes()
    assert len(rows) == expected["rows"] == 408
    assert (len(expected["seances"]), len(expected["pupils"])) == (20, 60)  # type: ignore[arg-type]


def test_uai_in_the_school_column_and_blank_types(official_db: Database, tmp_path: Path) -> None:
    path = _write_csv(
        tmp_path / "variantes.csv",
        HEADER,
        "07/01/2026;14h;16h;Chorale;;Martin;Léa;02/03/2016;0931299G;;en retard",
        "07/01/2026;14h;16h;Chorale;Périscolaire;Roy;Ana;02/03/2016;0931299G;;",
        "14/01/2026;14h;16h;Chorale;;Roy;Ana;02/03/2016;0931299G;;Excusée",
    )
    counts = _importer(official_db).import_file(path)
    assert (counts.created, counts.seances_created, counts.pupils_created) == (3, 2, 2)
    with official_db.read_session() as session:
        assert session.scalars(select(Activity.kind)).all() == ["periscolaire"]
        assert set(session.scalars(select(Pupil.establishment_id))) == {
            session.scalar(select(Establishment.id).where(Establishment.uai == "0931299G"))
        }
