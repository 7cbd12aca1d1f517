"""Pupil imports, beside the fastest reader just reading the same file (issue 3).

Goal: importing 25,000 pupils from an .xlsx — reading, validation, matching and commit — into a
fresh copy of the demo database (size S: its establishments and 3,000 pupils) takes at most
twice the time python-calamine needs just to read that file, measured in the same run.

For information, the same workbook re-imported (every row unchanged), the reading alone
(`read_pupil_file`), and a département-size 200,000-row CSV read against ``csv.reader`` alone
(the figures of the former ``tests/pupil_files/bench_read_speed.py``).
"""

from __future__ import annotations

import csv
import random
import shutil
import sqlite3
import statistics
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from bench.common import BenchContext, Measure, median_time
from cites_app.db.database import Database
from cites_app.db.url import sqlite_url
from cites_app.demo.names import first_name, surname
from cites_app.imports import commit_pupils, import_pupils, preview_pupils
from cites_app.imports.matching import UPDATABLE, new_record
from cites_app.models import Establishment
from cites_app.pupil_files import read_pupil_file

PUPILS = 25_000
CSV_ROWS = 200_000
TODAY = date(2025, 9, 1)
HEADERS = ["Nom", "Prénom", "Date de naissance", "Sexe", "Niveau", "Classe", "INE", "UAI"]
_NIVEAUX = ["CP", "CE1", "CE2", "CM1", "CM2", "6EME", "5EME", "4EME", "3EME"]


def write_pupils_xlsx(path: Path, uais: list[str], count: int = PUPILS, seed: int = 3) -> Path:
    """A cité's combined list: ``count`` distinct fictitious pupils, real date cells, one INE each."""
    rng = random.Random(seed)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Élèves")
    sheet.append(HEADERS)
    start = date(2010, 1, 1)
    for number in range(count):
        sex = rng.choice("FM")
        niveau = rng.choice(_NIVEAUX)
        sheet.append(
            [
                surname(rng),
                first_name(rng, sex),
                start + timedelta(days=rng.randrange(12 * 365)),
                sex,
                niveau,
                f"{niveau} {rng.choice('ABCD')}",
                f"{number:09d}{rng.choice('ABCDEFGH')}{rng.choice('JKLMNPRS')}",
                rng.choice(uais),
            ]
        )
    workbook.save(path)
    return path


def write_big_csv(path: Path, count: int = CSV_ROWS, seed: int = 7) -> Path:
    """A département-wide ONDE-like CSV (Windows-1252, « ; »)."""
    rng = random.Random(seed)
    start = date(2008, 1, 1)
    with path.open("w", encoding="cp1252", newline="") as stream:
        stream.write("Nom;Prénom;Date de naissance;Sexe;Niveau;Classe\r\n")
        for _ in range(count):
            sex, niveau = rng.choice("FM"), rng.choice(_NIVEAUX)
            born = start + timedelta(days=rng.randrange(12 * 365))
            stream.write(
                f"{surname(rng)};{first_name(rng, sex)};{born:%d/%m/%Y};{sex};{niveau};"
                f"{niveau} {rng.choice('ABCD')}\r\n"
            )
    return path


def _calamine_read(path: Path) -> None:
    with CalamineWorkbook.from_path(path) as workbook:
        for _row in workbook.get_sheet_by_index(0).iter_rows():
            pass


def _csv_read(path: Path) -> None:
    with path.open(encoding="cp1252", newline="") as stream:
        for _row in csv.reader(stream, delimiter=";"):
            pass


def _timed_import(
    template: Path, workdir: Path, xlsx: Path, repeat: int = 3
) -> tuple[float, float, str]:
    """Median times of previewing then committing ``xlsx`` into fresh copies of ``template``."""
    previews, commits, note = [], [], ""
    for attempt in range(repeat):
        target = workdir / f"import-{attempt}.sqlite"
        shutil.copy(template, target)
        database = Database(sqlite_url(target))
        start = time.perf_counter()
        preview = preview_pupils(database, xlsx, today=TODAY)
        middle = time.perf_counter()
        report = commit_pupils(database, preview)
        commits.append(time.perf_counter() - middle)
        previews.append(middle - start)
        database.dispose()
        note = report.summary()
    return statistics.median(previews), statistics.median(commits), note


def _raw_insert(template: Path, workdir: Path, xlsx: Path) -> float:
    """The floor of the write: sqlite3 ``executemany`` of the same pupils, nothing else."""
    target = workdir / "raw-insert.sqlite"
    shutil.copy(template, target)
    database = Database(sqlite_url(target))
    preview = preview_pupils(database, xlsx, today=TODAY)
    database.dispose()
    rows = []
    for row in preview.rows:
        if row.status == "new" and row.pupil is not None and row.establishment_id is not None:
            values = list(new_record(row.pupil, row.establishment_id))
            born = values[2]
            values[2] = born.isoformat() if isinstance(born, date) else None
            rows.append((*values, uuid.uuid4().hex, 1))
    columns = ", ".join((*UPDATABLE, "uuid", "version"))
    marks = ", ".join("?" * len(rows[0]))
    connection = sqlite3.connect(target)
    start = time.perf_counter()
    connection.executemany(f"INSERT INTO pupil ({columns}) VALUES ({marks})", rows)
    connection.commit()
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def run(ctx: BenchContext) -> list[Measure]:
    """Full import and re-import of 25,000 pupils vs calamine; reading alone, for information."""
    template = ctx.copy_of("S", "imports-template")
    database = Database(sqlite_url(template))
    with database.read_session() as session:
        uais = sorted(session.scalars(select(Establishment.uai)))
    database.dispose()
    xlsx = write_pupils_xlsx(ctx.workdir / "eleves-cite.xlsx", uais)
    raw = median_time(lambda: _calamine_read(xlsx))
    preview, commit, note = _timed_import(template, ctx.workdir, xlsx)
    full = preview + commit
    floor = _raw_insert(template, ctx.workdir, xlsx)

    again = ctx.workdir / "reimport.sqlite"
    shutil.copy(template, again)
    database = Database(sqlite_url(again))
    import_pupils(database, xlsx, today=TODAY)
    reimport = median_time(lambda: import_pupils(database, xlsx, today=TODAY))
    database.dispose()

    read_only = median_time(lambda: read_pupil_file(xlsx, today=TODAY))
    big_csv = write_big_csv(ctx.workdir / "departement.csv")
    csv_raw = median_time(lambda: _csv_read(big_csv))
    csv_read = median_time(lambda: read_pupil_file(big_csv, today=TODAY))
    baseline = f"calamine lit {PUPILS} lignes"
    return [
        Measure(
            what=f"import de {PUPILS} élèves (.xlsx, validation et écriture)",
            seconds=full,
            baseline=baseline,
            baseline_seconds=raw,
            goal_ratio=2.0,
            note=f"{note} Aperçu {preview:.3f} s + écriture {commit:.3f} s.",
        ),
        Measure(
            what=f"plancher : sqlite3 executemany des {PUPILS} lignes seules",
            seconds=floor,
            baseline=baseline,
            baseline_seconds=raw,
            note="écriture brute des mêmes élèves (index compris), sans lecture ni contrôle",
        ),
        Measure(
            what="plancher : lecture calamine puis écriture brute, sans aucun contrôle",
            seconds=raw + floor,
            baseline=baseline,
            baseline_seconds=raw,
            note="ce que coûterait l'import si valider et comparer ne prenaient aucun temps",
        ),
        Measure(
            what=f"ré-import du même .xlsx ({PUPILS} élèves inchangés)",
            seconds=reimport,
            baseline=baseline,
            baseline_seconds=raw,
        ),
        Measure(
            what=f"lecture seule du .xlsx (read_pupil_file, {PUPILS} lignes)",
            seconds=read_only,
            baseline=baseline,
            baseline_seconds=raw,
        ),
        Measure(
            what=f"lecture seule d'un CSV de {CSV_ROWS} lignes (read_pupil_file)",
            seconds=csv_read,
            baseline=f"csv.reader lit {CSV_ROWS} lignes",
            baseline_seconds=csv_raw,
        ),
    ]
