"""Département-size files: they must be read completely (timings live in the benchmark)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cites_app.pupil_files import read_pupil_file
from tests.pupil_files.big_files import big_rows, write_big_csv, write_big_xlsx
from tests.pupil_files.conftest import TODAY


@pytest.mark.slow
def test_200000_row_csv(tmp_path: Path) -> None:
    path = write_big_csv(tmp_path / "departement.csv", 200_000)
    result = read_pupil_file(path, today=TODAY)
    assert result.issues == []
    assert len(result.rows) == 200_000
    expected = big_rows(200_000)
    for index in (0, 99_999, 199_999):
        last, first, born, sex, niveau, label = expected[index]
        row = result.rows[index]
        assert (row.source_row, row.last_name, row.first_name) == (index + 2, last, first)
        assert (row.birth_date, row.sex, row.class_label) == (born, sex, label)
        assert row.niveau == niveau.replace("EME", "e")


@pytest.mark.slow
def test_25000_row_workbook(tmp_path: Path) -> None:
    path = write_big_xlsx(tmp_path / "cite.xlsx", 25_000)
    result = read_pupil_file(path, today=TODAY)
    assert result.issues == []
    assert len(result.rows) == 25_000
    assert result.rows[-1].source_row == 25_001
    assert isinstance(result.rows[0].birth_date, date)
