"""Every table model passes pytest-qt's model tester: with data, after a search, after a sort."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from cites_app.db.database import Database
from cites_app.registers.establishments import EstablishmentRegister
from cites_app.registers.pupils import PupilFilter, PupilRegister
from cites_app.registers.sessions import SessionFilter, SessionPeriod, SessionRegister
from cites_app.ui.models.establishments import EstablishmentTableModel
from cites_app.ui.models.lazy_table import LazyTableModel
from cites_app.ui.models.pupils import PupilTableModel
from cites_app.ui.models.sessions import SessionTableModel
from tests.registers.sample import Sample, clock


def _models(db: Database) -> list[LazyTableModel[Any]]:
    sessions = SessionTableModel(SessionRegister(db, clock))
    sessions.session_filter = SessionFilter(period=SessionPeriod.ALL)
    return [
        EstablishmentTableModel(EstablishmentRegister(db)),
        PupilTableModel(PupilRegister(db)),
        sessions,
    ]


def _texts(model: LazyTableModel[Any], column: int) -> list[str]:
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


@pytest.mark.parametrize("which", [0, 1, 2], ids=["establishments", "pupils", "sessions"])
def test_models_pass_the_model_tester(
    qtmodeltester: Any, db: Database, sample: Sample, which: int
) -> None:
    model = _models(db)[which]
    model.reload()
    assert model.rowCount() > 0
    qtmodeltester.check(model)
    model.set_search("e")
    qtmodeltester.check(model)
    last = model.columnCount() - 1
    model.sort(last, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    model.set_search("aucun résultat possible")
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_pupil_model_shows_french_values(db: Database, sample: Sample) -> None:
    model = PupilTableModel(PupilRegister(db))
    model.set_filter(PupilFilter(search="ines"))
    assert [model.data(model.index(0, c)) for c in range(model.columnCount())] == [
        "Garçon",
        "Inès",
        "11/11/2015",
        "Fille",
        "CM2 ULIS",
        "CM2 A",
        "École élémentaire Jules Ferry",
        "Oui",
    ]
    model.set_filter(PupilFilter(search="roux"))
    assert model.data(model.index(0, 2)) == "2013"  # only the year is known


def test_establishment_model_shows_unknowns_and_french_decimals(
    db: Database, sample: Sample
) -> None:
    model = EstablishmentTableModel(EstablishmentRegister(db))
    model.reload()
    names = _texts(model, 1)
    ferry = model.index(names.index("École élémentaire Jules Ferry"), 6)
    assert model.data(ferry) == "74,1"
    assert "2024-2025" in model.data(ferry, Qt.ItemDataRole.ToolTipRole)
    lycee = names.index("Lycée Henri Matisse")
    assert model.data(model.index(lycee, 4)) == "non renseigné"
    assert model.data(model.index(lycee, 6)) == "—"
    assert model.data(model.index(lycee, 4), Qt.ItemDataRole.FontRole).italic()


def test_session_model_shows_french_dates_and_statuses(db: Database, sample: Sample) -> None:
    model = SessionTableModel(SessionRegister(db, clock))
    model.set_filter(SessionFilter(period=SessionPeriod.PAST, search="theatre"))
    assert model.data(model.index(0, 0)) == "mer. 7 janv. 2026"
    assert model.data(model.index(0, 1)) == "14h00–16h30"
    assert _texts(model, 8) == ["appel fait", "appel fait", "annulée"]
    assert _texts(model, 7) == ["2", "2", "—"]
    model.set_filter(SessionFilter(period=SessionPeriod.MISSING_ATTENDANCE))
    assert _texts(model, 8) == ["appel non fait"]
    assert model.data(model.index(0, 8), Qt.ItemDataRole.FontRole).bold()


def test_rows_are_fetched_by_blocks(
    db: Database, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = PupilRegister(db)
    calls: list[int] = []
    original = register.rows

    def counting(ids: Any) -> Any:
        calls.append(len(ids))
        return original(ids)

    monkeypatch.setattr(register, "rows", counting)
    model = PupilTableModel(register)
    model.BLOCK_SIZE = 4
    model.reload()
    for row in range(model.rowCount()):
        model.data(model.index(row, 0))
        model.data(model.index(row, 1))
    assert calls == [4, 2]  # two queries for six rows and two columns, not twelve
