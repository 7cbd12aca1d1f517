"""A newer official calendar imported by the user is kept and used from then on."""

from __future__ import annotations

from pathlib import Path

import pytest

from cites_app.cli.main import main
from cites_app.school_calendar import default_calendar_path, load_default_calendar

DATA = (
    Path(__file__).resolve().parents[1] / "data" / "calendar" / "calendrier_scolaire_2023-2027.csv"
)


def test_import_makes_the_file_the_default(
    _isolated_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = default_calendar_path()
    assert main(["calendar", "import", str(DATA)]) == 0
    out = capsys.readouterr().out
    assert "Calendrier importé" in out and "zone C : du" in out
    chosen = default_calendar_path()
    assert chosen != shipped and chosen.is_relative_to(_isolated_data_dir)
    assert chosen.read_bytes() == DATA.read_bytes()
    assert load_default_calendar().coverage("C") is not None


def test_a_bad_calendar_is_refused_and_nothing_kept(
    _isolated_data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "calendrier.csv"
    lines = DATA.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join(line for line in lines[:40] if "Zone C" not in line), encoding="utf-8")
    assert main(["calendar", "import", str(bad)]) == 1
    assert "zone C" in capsys.readouterr().err
    assert not (_isolated_data_dir / "calendrier").exists() or not list(
        (_isolated_data_dir / "calendrier").iterdir()
    )
