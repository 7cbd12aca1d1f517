"""Benchmark: reading large pupil files, against the raw speed of the underlying readers.

Not collected by pytest (speed figures come from benchmarks, not timed assertions). Meant to
live in bench/ (the lead moves it); run: ``.venv/bin/python -m tests.pupil_files.bench_read_speed``.
"""

from __future__ import annotations

import csv
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from python_calamine import CalamineWorkbook

from cites_app.pupil_files import read_pupil_file
from tests.pupil_files.big_files import write_big_csv, write_big_xlsx

TODAY = date(2025, 9, 1)


def median_seconds(work: Callable[[], int], runs: int = 5) -> tuple[float, int]:
    """Median wall time of `runs` calls, and what the last call returned (a row count)."""
    times, result = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    """Print raw and full read times for a 200,000-row CSV and a 25,000-row workbook."""
    with tempfile.TemporaryDirectory() as folder:
        csv_path = write_big_csv(Path(folder) / "departement.csv", 200_000)
        xlsx_path = write_big_xlsx(Path(folder) / "cite.xlsx", 25_000)

        def raw_csv() -> int:
            with csv_path.open(encoding="cp1252", newline="") as stream:
                return sum(1 for _ in csv.reader(stream, delimiter=";"))

        def raw_xlsx() -> int:
            with CalamineWorkbook.from_path(xlsx_path) as workbook:
                return sum(1 for _ in workbook.get_sheet_by_index(0).iter_rows())

        cases = {
            "CSV 200 000 lignes, csv.reader seul": raw_csv,
            "CSV 200 000 lignes, read_pupil_file": lambda: len(
                read_pupil_file(csv_path, today=TODAY).rows
            ),
            "xlsx 25 000 lignes, calamine seul": raw_xlsx,
            "xlsx 25 000 lignes, read_pupil_file": lambda: len(
                read_pupil_file(xlsx_path, today=TODAY).rows
            ),
        }
        for label, work in cases.items():
            seconds, rows = median_seconds(work)
            print(f"{label:<40} {seconds:7.3f} s  ({rows} lignes)")


if __name__ == "__main__":
    main()
