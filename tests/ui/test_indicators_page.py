"""The « Mixité » page on the demo territory: the figures a coordinator reads, and the drill-down."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from cites_app.db.database import Database
from cites_app.indicators.random_baseline import Interval
from cites_app.indicators.territory import TerritorySummary, territory_indicators
from cites_app.registers import formatting
from cites_app.ui.charts import mix_figures as figures
from cites_app.ui.models.indicator_models import SchoolMixModel, SessionMixModel
from cites_app.ui.pages.indicators_page import IndicatorsPage
from cites_app.ui.pages.methodology_page import MISSING_TEXT, MethodologyPage

WAIT_MS = 60_000


def _open(qtbot: QtBot, database: Database, clock: Any = datetime.now) -> IndicatorsPage:
    page = IndicatorsPage(database, clock)
    qtbot.addWidget(page)
    page.resize(1300, 900)
    with qtbot.waitSignal(page.figures_shown, timeout=WAIT_MS):
        page.show()  # the first computation starts when the page is first shown
    return page


def _choose(qtbot: QtBot, page: IndicatorsPage, combo_name: str, code: str) -> None:
    combo = getattr(page, combo_name)
    with qtbot.waitSignal(page.figures_shown, timeout=WAIT_MS):
        combo.setCurrentIndex(combo.findData(code))
    qtbot.waitUntil(lambda: not page.is_loading)


def _card(page: IndicatorsPage, key: str) -> tuple[str, str]:
    card = page.cards[key]
    return card.value_label.text(), card.detail_label.text()


def _expected_cards(t: dict[str, Any]) -> dict[str, str]:
    random = t["H_sessions_random"]
    return {
        "participants": formatting.integer(t["participants"]),
        "coverage": f"{t['schools_taking_part']} sur {t['schools_in_territory']}",
        "contact": formatting.percent(t["contact_rate"]),
        "h_schools": formatting.decimal(t["H_schools"], 2),
        "h_sessions": formatting.decimal(t["H_sessions"], 2),
        "gain": ("+" if t["mixing_gain"] >= 0 else "\u2212")
        + formatting.decimal(abs(t["mixing_gain"]), 2),
        "random_mean": formatting.decimal(random["mean"], 2),
        "random_band": f"de {formatting.decimal(random['low'], 2)} à "
        f"{formatting.decimal(random['high'], 2)}",
        "contact_random": formatting.percent(t["contact_rate_random"]),
        "gain_random": formatting.decimal(abs(t["mixing_gain_random"]), 2),
        "qpv_session": formatting.percent(t["exposure_qpv"]["by_session"]),
    }


def _assert_cards_match(page: IndicatorsPage, t: dict[str, Any]) -> None:
    expected = _expected_cards(t)
    for key in ("participants", "coverage", "contact", "h_schools", "h_sessions", "gain"):
        assert _card(page, key)[0] == expected[key], key
    assert expected["random_mean"] in _card(page, "h_sessions")[1]
    assert expected["random_band"] in _card(page, "h_sessions")[1]
    assert expected["contact_random"] in _card(page, "contact")[1]
    assert expected["gain_random"] in _card(page, "gain")[1]
    assert _card(page, "exposure_qpv")[0] == expected["qpv_session"]


def test_cards_show_the_territory_figures(qtbot: QtBot, demo_db: Database) -> None:
    page = _open(qtbot, demo_db)
    expected = territory_indicators(demo_db).to_dict()["territory"]
    assert isinstance(expected, dict)
    assert page.year_combo.currentText() == expected["period"] == "2025-2026"
    _assert_cards_match(page, expected)
    assert "résidence en QPV" in page.subtitle.text()
    assert page.banner.title.text() == figures.verdict(page.result.indicators.territory).headline  # type: ignore[union-attr]
    assert page.status.text() == ""  # the « Calcul en cours… » state is gone
    for card in page.cards.values():
        assert card.toolTip()  # every figure explains itself


def test_changing_the_category_reuses_the_loaded_participations(
    qtbot: QtBot, demo_db: Database
) -> None:
    page = _open(qtbot, demo_db)
    queries: list[str] = []

    def count(*args: Any) -> None:
        queries.append(str(args[2]))

    event.listen(demo_db.engine, "before_cursor_execute", count)
    try:
        _choose(qtbot, page, "category_combo", "ips")
        _choose(qtbot, page, "weight_combo", "hours")
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", count)
    assert queries == []  # same year: no new SQL
    expected = territory_indicators(demo_db, category="ips", weight="hours").to_dict()
    _assert_cards_match(page, expected["territory"])  # type: ignore[arg-type]
    assert "tranche d'IPS" in page.subtitle.text()
    assert "heures de présence" in page.subtitle.text()


def test_the_newest_request_wins(qtbot: QtBot, demo_db: Database) -> None:
    page = _open(qtbot, demo_db)
    page.category_combo.setCurrentIndex(page.category_combo.findData("ips"))
    page.category_combo.setCurrentIndex(page.category_combo.findData("sex"))
    assert page.status.text() == "Calcul en cours…"
    qtbot.waitUntil(lambda: not page.is_loading, timeout=WAIT_MS)
    assert page.result is not None and page.result.request.category == "sex"
    expected = territory_indicators(demo_db, category="sex").to_dict()["territory"]
    _assert_cards_match(page, expected)  # type: ignore[arg-type]


def test_charts_expose_what_they_draw(qtbot: QtBot, demo_db: Database) -> None:
    page = _open(qtbot, demo_db)
    ind = territory_indicators(demo_db)
    taking_part = [s for s in ind.schools if s.participants > 0]
    assert page.school_chart.bars() == sorted(
        ((s.name, float(s.participants)) for s in taking_part), key=lambda bar: -bar[1]
    )
    for school in ind.schools_not_taking_part:
        assert school.name in page.absent_label.text()
    rated = [s for s in ind.sessions if s.mix.contact_rate is not None]
    assert page.scatter.points() == [(s.mix.participants, s.mix.contact_rate) for s in rated]
    assert page.scatter.band()  # chance's range is drawn
    assert all(low <= high for _x, low, high in page.scatter.band())
    assert [value for _label, value in page.participants_trend.series()] == [
        m.participants for m in ind.months
    ]
    assert [value for _label, value in page.h_trend.series()] == [m.H_sessions for m in ind.months]
    reference = page.h_trend.reference()
    assert reference is not None and reference.value == ind.territory.H_schools
    # The other measure of the séances: their local score against chance's range.
    page.measure_combo.setCurrentIndex(page.measure_combo.findData("local"))
    scored = [s for s in ind.sessions if s.mix.L is not None]
    assert page.scatter.points() == [(s.mix.participants, s.mix.L) for s in scored]
    tones = page.scatter.tones()
    reading = {"below": "better", "within": "usual", "above": "worse"}
    assert all(tones[s.id] == reading[s.mix.L_position or "within"] for s in scored)


def test_clicking_a_bar_shows_the_school(qtbot: QtBot, demo_db: Database) -> None:
    page = _open(qtbot, demo_db)
    page.school_chart.ensurePolished()
    bar = page.school_chart.visible_bars()[1]
    rect = page.school_chart.bar_rect(bar.key)
    assert rect is not None
    QTest.mouseClick(page.school_chart, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert page.details.isVisible()
    assert page.details.title.text() == bar.label
    assert page.school_chart.selected_key() == bar.key
    selected = page.school_table.selectionModel().selectedRows()
    assert [page.school_model.key_at(i.row()) for i in selected] == [bar.key]
    school = next(s for s in page.result.indicators.schools if s.uai == bar.key)  # type: ignore[union-attr]
    assert page.details.sessions_model.rowCount() == school.sessions
    assert f"({school.other_schools_met})" in page.details.others.text()
    with qtbot.waitSignal(page.open_school) as signal:
        page.details.action.click()
    assert signal.args == [bar.key]
    # A séance picked in the school's list opens that séance.
    first = page.details.sessions_model.index(0, 1)
    session_id = page.details.sessions_model.key_at(0)
    page.details.sessions_table.clicked.emit(first)
    assert page.details.kind == "session" and page.details.key == session_id


def test_clicking_a_point_opens_the_session(qtbot: QtBot, demo_db: Database) -> None:
    page = _open(qtbot, demo_db)
    session = max(page.result.indicators.sessions, key=lambda s: s.mix.participants)  # type: ignore[union-attr]
    position = page.scatter.point_position(session.id)
    assert position is not None
    QTest.mouseClick(page.scatter, Qt.MouseButton.LeftButton, pos=position.toPoint())
    assert page.scatter.selected_key() == session.id  # the largest séance stands alone
    assert page.details.title.text() == session.activity
    assert formatting.integer(session.mix.participants) in page.details.figures.text()
    with qtbot.waitSignal(page.open_session) as signal:
        page.details.action.click()
    assert signal.args == [session.id]


def test_clicking_a_table_row_shows_its_details(qtbot: QtBot, demo_db: Database) -> None:
    page = _open(qtbot, demo_db)
    page.tabs.setCurrentIndex(1)
    model = page.session_model
    index = model.index(3, 1)
    page.session_table.clicked.emit(index)
    assert page.details.key == model.key_at(3)
    assert page.scatter.selected_key() == model.key_at(3)
    # The details follow the new figures when the category changes.
    _choose(qtbot, page, "category_combo", "niveau")
    assert page.details.isVisible() and page.details.key == model.key_at(3)
    assert "Selon le niveau" in page.details.figures.text()


def test_table_models_pass_the_model_tester(
    qtbot: QtBot, demo_db: Database, qtmodeltester: Any
) -> None:
    ind = territory_indicators(demo_db, shuffles=20)
    schools = SchoolMixModel()
    alone = replace(ind.schools[0], uai="0000000X", exposure_to_other_schools=None)
    schools.set_rows([*ind.schools, alone])
    qtmodeltester.check(schools)
    schools.sort(1, Qt.SortOrder.DescendingOrder)
    participants = [s.participants for s in schools.rows()]
    assert participants == sorted(participants, reverse=True)
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        schools.sort(6, order)  # "—" (no exposure) stays last in both directions
        exposures = [s.exposure_to_other_schools for s in schools.rows()]
        unknown = exposures.index(None)
        assert all(e is None for e in exposures[unknown:]) and alone in schools.rows()[unknown:]
    qtmodeltester.check(schools)
    sessions = SessionMixModel()
    sessions.set_rows(ind.sessions)
    qtmodeltester.check(sessions)
    sessions.sort(2, Qt.SortOrder.DescendingOrder)
    assert sessions.rows()[0].mix.participants == max(s.mix.participants for s in ind.sessions)
    qtmodeltester.check(sessions)


def _summary(demo_db: Database) -> TerritorySummary:
    return territory_indicators(demo_db, shuffles=50).territory


def test_verdict_says_when_the_gap_is_compatible_with_chance(demo_db: Database) -> None:
    t = _summary(demo_db)
    band = Interval(0.10, 0.08, 0.12)
    within = replace(t, H_schools=0.30, H_sessions=0.11, H_sessions_random=band)
    verdict = figures.verdict(within)
    assert verdict.headline == "Les séances mélangent nettement plus que les écoles"
    assert "compatible avec le hasard" in verdict.detail
    same = figures.verdict(replace(t, H_schools=0.11, H_sessions=0.10, H_sessions_random=band))
    assert same.headline == "Écart compatible avec le hasard"
    above = figures.verdict(replace(t, H_schools=0.30, H_sessions=0.15, H_sessions_random=band))
    assert above.headline == "Les séances mélangent plus que les écoles, mais moins que le hasard"
    below = figures.verdict(replace(t, H_schools=0.30, H_sessions=0.05, H_sessions_random=band))
    assert below.headline.endswith("et plus que le hasard") and below.tone == "good"
    worse = figures.verdict(replace(t, H_schools=0.20, H_sessions=0.25, H_sessions_random=band))
    assert worse.headline == "Les séances ne mélangent pas plus que les écoles"
    assert worse.tone == "warning"
    single = figures.verdict(replace(t, categories={"QPV": 10.0}))
    assert single.headline == "Mixité non mesurable selon ce critère"


def test_a_year_without_presences_says_so(qtbot: QtBot, demo_db: Database) -> None:
    page = _open(qtbot, demo_db, clock=lambda: datetime(2027, 1, 15, 10, 0))
    assert page.year_combo.findData("2026-2027") >= 0  # the current year is offered
    _choose(qtbot, page, "year_combo", "2026-2027")
    assert page.banner.title.text() == "Aucun indicateur à montrer"
    assert "Aucune présence enregistrée" in page.banner.detail.text()
    assert page.school_chart.is_empty() and page.scatter.is_empty()
    assert page.cards["participants"].value_label.text() == "—"
    _choose(qtbot, page, "year_combo", "2025-2026")
    assert page.cards["participants"].value_label.text() != "—"


def test_an_empty_database_shows_a_message(qtbot: QtBot, db: Database) -> None:
    page = _open(qtbot, db)
    assert page.banner.title.text() == "Aucun indicateur à montrer"
    assert "Aucune présence" in page.banner.detail.text()


def test_methodology_is_shown_inside_the_app(qtbot: QtBot, demo_db: Database) -> None:
    page = _open(qtbot, demo_db)
    page.show_methodology()
    assert page.methodology is not None and page.methodology.isVisible()
    methodology = page.methodology.page
    assert methodology.has_text()
    text = methodology.browser.toPlainText()
    assert "Gain de mixité du programme" in text
    assert "Les choix de l'application" in text
    assert methodology.show_section("Les petits groupes sont signalés")


def test_a_missing_methodology_file_is_said_in_french(qtbot: QtBot, tmp_path: Path) -> None:
    page = MethodologyPage(tmp_path / "absent.md")
    qtbot.addWidget(page)
    page.show()
    assert not page.has_text()
    assert page.missing.isVisible() and page.missing.text() == MISSING_TEXT


@pytest.mark.parametrize("width", [1300, 1100])
def test_layout_fits_beside_the_details_panel(qtbot: QtBot, demo_db: Database, width: int) -> None:
    page = _open(qtbot, demo_db)
    page.resize(width, 900)
    page.show_school(page.school_chart.visible_bars()[0].key)
    qtbot.waitUntil(page.details.isVisible)
    viewport = page.scroll_area.viewport()
    qtbot.waitUntil(lambda: page.body.width() <= viewport.width() + 1)
