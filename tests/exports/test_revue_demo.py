"""The revue of the demo territory: a real spreadsheet (tables, frozen headers, formats, charts,
print set-up, named fonts), consistent with the indicators, and free of named data."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from cites_app.db.database import Database
from cites_app.exports.revue import RevueSummary, write_revue
from cites_app.indicators.territory import territory_indicators
from cites_app.models import Pupil
from tests.exports.territory import read_sheets, table

SHEETS = ["Synthèse", "Actions", "Établissements", "Séances", "Mixité", "Méthodo"]
TODAY = date(2026, 9, 15)


@pytest.fixture
def demo_revue(demo_db: Database, tmp_path: Path) -> tuple[Path, RevueSummary]:
    path = tmp_path / "revue.xlsx"
    return path, write_revue(demo_db, path, year="2025-2026", shuffles=100, today=TODAY)


def test_sheets_tables_and_print_setup(demo_revue: tuple[Path, RevueSummary]) -> None:
    path, _ = demo_revue
    book = load_workbook(path)
    assert book.sheetnames == SHEETS
    tables = {name: list(book[name].tables) for name in SHEETS}
    assert tables["Actions"] == ["Actions", "Actions_ensemble"]
    assert tables["Établissements"] == ["Etablissements"]
    assert tables["Séances"] == ["Seances"]
    assert tables["Mixité"] == ["Mixite", "Exposition"]
    for name in SHEETS:
        sheet = book[name]
        assert sheet.page_setup.orientation == "landscape"
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        setup = sheet.sheet_properties.pageSetUpPr
        assert setup is not None and setup.fitToPage
        footer, header = sheet.oddFooter, sheet.oddHeader
        assert footer is not None and footer.center is not None and header is not None
        assert "&P" in str(footer.center.text) and "&N" in str(footer.center.text)
        assert header.center is not None
        assert "Revue de projet 2025-2026" in str(header.center.text)
        for table_name in sheet.tables:
            excel_table = sheet.tables[table_name]
            assert excel_table.autoFilter is not None
            # The header cells are the table's column names (Excel refuses a mismatch).
            headers = [c.value for c in sheet[excel_table.ref][0]]
            assert headers == [c.name for c in excel_table.tableColumns]
    for name in ("Actions", "Établissements", "Séances"):
        sheet = book[name]
        header_row = int(next(iter(sheet.tables.values())).ref.split(":")[0][1:])
        assert sheet.freeze_panes == f"A{header_row + 1}"
        assert sheet.print_title_rows == f"${header_row}:${header_row}"


def test_formats_widths_and_fonts(demo_revue: tuple[Path, RevueSummary]) -> None:
    path, _ = demo_revue
    book = load_workbook(path)
    schools = book["Établissements"]
    ref = schools.tables["Etablissements"].ref
    header_row = int(ref.split(":")[0][1:])
    headers = [c.value for c in schools[header_row]]
    rate = schools.cell(header_row + 1, headers.index("Taux de participation") + 1)
    assert rate.number_format == "0.0%"
    participants = schools.cell(header_row + 1, headers.index("Participants") + 1)
    assert participants.number_format == "#,##0"
    assert schools.column_dimensions["A"].width >= 9  # an UAI fits
    assert schools.column_dimensions["B"].width >= 20
    sessions = book["Séances"]
    assert sessions.cell(4, 1).number_format == "dd/mm/yyyy"
    with zipfile.ZipFile(path) as archive:
        styles = archive.read("xl/styles.xml").decode("utf-8")
    fonts = re.findall(r"<font>.*?</font>|<font/>", styles, re.S)
    assert fonts and all('<name val="Calibri"/>' in f for f in fonts), fonts


def test_charts(demo_revue: tuple[Path, RevueSummary]) -> None:
    path, _ = demo_revue
    with zipfile.ZipFile(path) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        xml = [archive.read(n).decode("utf-8") for n in charts]
    assert len(xml) == 2
    bar, scatter = xml
    assert '<barDir val="bar"/>' in bar and "Taux de participation" in bar
    assert "<scatterChart>" in scatter and "Attendu au hasard" in scatter
    for chart in xml:
        # The data sit in hidden helper columns: charts must plot hidden cells.
        assert '<plotVisOnly val="0"/>' in chart
        assert "'Établissements'!" in chart or "'Séances'!" in chart


def test_figures_agree_with_the_indicators(
    demo_db: Database, demo_revue: tuple[Path, RevueSummary]
) -> None:
    path, summary = demo_revue
    # The same shuffles and seed as the revue: its random baselines must be the indicators'.
    indicators = territory_indicators(demo_db, "2025-2026", shuffles=100)
    t = indicators.territory
    assert t.H_sessions_random is not None
    sheets = read_sheets(path)
    _, sessions = table(sheets["Séances"], "Date")
    assert len(sessions) == t.sessions == summary.sessions
    header, schools = table(sheets["Établissements"], "UAI")
    participants = [row[header.index("Participants")] for row in schools]
    assert all(isinstance(p, float) for p in participants)  # no small school in the demo
    assert sum(float(p) for p in participants) == t.participants - t.participants_without_school
    _, figures = table(sheets["Synthèse"], "Indicateur")
    values = {row[0]: row[1] for row in figures}
    assert values["Bénéficiaires distincts"] == t.participants == summary.beneficiaries
    assert values["H entre écoles (résidence en QPV)"] == pytest.approx(t.H_schools)
    assert values["H entre séances (résidence en QPV)"] == pytest.approx(t.H_sessions)
    assert values["Taux de contact inter-écoles moyen"] == pytest.approx(t.contact_rate)
    header, mix = table(sheets["Mixité"], "Critère")
    assert [row[0] for row in mix] == [
        "Résidence en QPV",
        "Éducation prioritaire de l'école",
        "Tranche d'IPS de l'école",
        "Sexe",
    ]
    qpv = mix[0]
    assert qpv[header.index("Gain de mixité ΔH")] == pytest.approx(t.mixing_gain)
    assert qpv[header.index("H au hasard : moyenne")] == pytest.approx(t.H_sessions_random.mean)
    assert qpv[header.index("H au hasard : bas (95 %)")] == pytest.approx(t.H_sessions_random.low)
    sex = territory_indicators(demo_db, "2025-2026", "sex", shuffles=100).territory
    assert sex.H_sessions_random is not None
    assert mix[3][header.index("H au hasard : haut (95 %)")] == pytest.approx(
        sex.H_sessions_random.high
    )


def test_no_named_data(demo_db: Database, demo_revue: tuple[Path, RevueSummary]) -> None:
    path, _ = demo_revue
    with demo_db.read_session() as session:
        people = session.execute(select(Pupil.last_name, Pupil.first_name, Pupil.birth_date)).all()
    texts: list[str] = []
    for rows in read_sheets(path).values():
        for row in rows:
            for value in row:
                if isinstance(value, datetime | date):
                    day = value.date() if isinstance(value, datetime) else value
                    # Séance dates only: no birth date (demo pupils are born before 2023).
                    assert date(2025, 9, 1) <= day <= date(2026, 8, 31), value
                elif isinstance(value, str) and value:
                    texts.append(value)
    blob = "\n".join(texts)
    for last, first, birth in people:
        assert f"{last} {first}" not in blob and f"{first} {last}" not in blob
        if birth is not None:
            assert birth.strftime("%d/%m/%Y") not in blob
            assert birth.isoformat() not in blob
