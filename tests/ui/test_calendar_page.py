"""The calendar page on the Grigny sample (zone C, "now" is Tuesday 10 March 2026, 12h00)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QThreadPool
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from cites_app.db.database import Database
from cites_app.models import ActivitySession
from cites_app.registers.calendar import CalendarPeriod, CalendarSeance
from cites_app.ui.calendar import colours
from cites_app.ui.calendar.base_view import describe_seance
from cites_app.ui.calendar.lanes import Placement, place
from cites_app.ui.calendar.week_view import WeekView
from cites_app.ui.dialogs.session_planner import PlannerRequest
from cites_app.ui.pages.calendar_page import CalendarPage, month_bounds, week_title
from tests.registers.sample import Sample, clock

D = date
PERISCOLAIRE = colours.KIND_SWATCHES["periscolaire"].strong


class Recorder:
    """Factories that record what the page asked to open, returning inert dialogs."""

    def __init__(self) -> None:
        self.sessions: list[int] = []
        self.plans: list[PlannerRequest] = []

    def editor(self, session_id: int, parent: QWidget) -> QDialog:
        self.sessions.append(session_id)
        return QDialog(parent)

    def planner(self, request: PlannerRequest, parent: QWidget) -> QDialog:
        self.plans.append(request)
        return QDialog(parent)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def page(qtbot: QtBot, db: Database, sample: Sample, recorder: Recorder) -> Iterator[CalendarPage]:
    widget = CalendarPage(
        db, clock, editor_factory=recorder.editor, planner_factory=recorder.planner
    )
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    QThreadPool.globalInstance().waitForDone()  # no conflict query left on a closed database
    QApplication.processEvents()


def _ids(page: CalendarPage) -> list[int]:
    return [session_id for session_id, _rect, _colour in page.view.items()]


def test_the_page_opens_on_the_week_of_today(page: CalendarPage) -> None:
    assert page.bounds() == (D(2026, 3, 9), D(2026, 3, 14))
    assert page.period_label.text() == "Semaine du 9 au 14 mars 2026"
    assert _ids(page) == []
    assert "0 séance cette semaine" in page.summary.text()


def test_a_known_week_shows_its_seance_on_wednesday_afternoon(
    page: CalendarPage, sample: Sample
) -> None:
    page.show_date(D(2026, 1, 7))
    assert page.period_label.text() == "Semaine du 5 au 10 janvier 2026"
    [(session_id, rect, colour)] = page.view.items()
    assert session_id == sample.sessions["s1"] and colour == PERISCOLAIRE
    view = page.week_view
    wednesday = view.day_rect(2)
    assert wednesday.left() <= rect.left() and rect.right() <= wednesday.right()
    hour = view.day_rect(0).height() / 11
    assert rect.top() == pytest.approx(wednesday.top() + 6 * hour, abs=1)  # 14h
    assert rect.bottom() == pytest.approx(wednesday.top() + 8.5 * hour, abs=1)  # 16h30


def test_cancelled_seances_are_grey(page: CalendarPage, sample: Sample) -> None:
    page.show_date(D(2026, 2, 11))
    assert [(i, c) for i, _r, c in page.view.items()] == [
        (sample.sessions["s4"], colours.CANCELLED.strong)
    ]
    assert "1 annulée" in page.summary.text()


def test_arrows_change_the_week(page: CalendarPage, sample: Sample) -> None:
    page.show_date(D(2026, 1, 7))
    QTest.keyClick(page.week_view, Qt.Key.Key_Right)
    assert page.bounds()[0] == D(2026, 1, 12)
    assert _ids(page) == [sample.sessions["s2"]]
    QTest.keyClick(page.week_view, Qt.Key.Key_Left)
    QTest.keyClick(page.week_view, Qt.Key.Key_Left)
    assert page.bounds()[0] == D(2025, 12, 29)
    QTest.keyClick(page.week_view, Qt.Key.Key_T)
    assert page.bounds()[0] == D(2026, 3, 9)
    page.next_button.click()
    assert page.bounds()[0] == D(2026, 3, 16)
    assert _ids(page) == [sample.sessions["s5"]]


def test_holidays_of_zone_c_are_shaded_on_the_right_days(page: CalendarPage) -> None:
    page.show_date(D(2026, 2, 18))
    period = page.week_view.period
    assert period is not None
    assert {day: info.holiday for day, info in period.days.items()} == {
        D(2026, 2, 21): "Vacances d'hiver"
    }
    page.step(1)
    assert page.week_view.period is not None
    assert sorted(page.week_view.period.days) == [
        D(2026, 2, 23) + timedelta(days=n) for n in range(6)
    ]
    assert page.legend.entries[-2] == ("holiday", "Vacances scolaires (zone C)")
    page.show_date(D(2025, 12, 31))
    period = page.week_view.period
    assert period is not None
    assert period.days[D(2026, 1, 1)].public_holiday == "jour de l'An"
    assert period.days[D(2026, 1, 1)].holiday == "Vacances de Noël"


def test_clicking_a_seance_opens_the_editor(
    page: CalendarPage, sample: Sample, recorder: Recorder
) -> None:
    page.show_date(D(2026, 1, 14))
    [(session_id, rect, _colour)] = page.view.items()
    QTest.mouseClick(page.week_view, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert recorder.sessions == [session_id]
    assert isinstance(page.dialog, QDialog) and page.dialog.isVisible()
    page.dialog.reject()  # closing it reloads the page
    assert _ids(page) == [session_id]


def test_the_keyboard_goes_from_seance_to_seance_and_opens_one(
    page: CalendarPage, sample: Sample, recorder: Recorder
) -> None:
    page.set_mode("month")
    page.show_date(D(2026, 3, 1))
    assert _ids(page) == [sample.sessions["s5"], sample.sessions["s6"]]
    view = page.month_view
    QTest.keyClick(view, Qt.Key.Key_Down)
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert view.focused_session() == sample.sessions["s6"]
    assert "Découverte des métiers du numérique" in view.accessibleDescription()
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert recorder.sessions == [sample.sessions["s6"]]


def test_double_click_on_an_empty_slot_proposes_a_seance_there(
    page: CalendarPage, recorder: Recorder
) -> None:
    view = page.week_view
    thursday = view.day_rect(3)
    hour = thursday.height() / 11
    where = QPointF(thursday.center().x(), thursday.top() + 8.6 * hour)  # 16h36
    QTest.mouseDClick(view, Qt.MouseButton.LeftButton, pos=where.toPoint())
    assert recorder.plans == [PlannerRequest(day=D(2026, 3, 12), start=time(16, 30))]


def test_views_switch_with_w_and_m(page: CalendarPage, sample: Sample) -> None:
    QTest.keyClick(page.week_view, Qt.Key.Key_M)
    assert page.mode == "month" and page.views.currentWidget() is page.month_view
    assert page.bounds() == (D(2026, 2, 23), D(2026, 4, 5))
    assert page.period_label.text() == "Mars 2026"
    assert _ids(page) == [sample.sessions["s5"], sample.sessions["s6"]]
    QTest.keyClick(page.month_view, Qt.Key.Key_Right)
    assert page.period_label.text() == "Avril 2026"
    QTest.keyClick(page.month_view, Qt.Key.Key_W)
    assert page.mode == "week" and page.week_button.isChecked()


def test_the_wheel_changes_the_period(page: CalendarPage) -> None:
    event = QWheelEvent(
        QPointF(100, 100),
        QPointF(100, 100),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(page.week_view, event)
    assert page.bounds()[0] == D(2026, 3, 16)


def test_conflicts_get_a_warning_sign(
    qtbot: QtBot, page: CalendarPage, db: Database, sample: Sample
) -> None:
    with db.session() as session:
        first = session.get(ActivitySession, sample.sessions["s5"])
        assert first is not None
        session.add(
            ActivitySession(
                activity_id=first.activity_id,
                venue_id=first.venue_id,
                starts_at=datetime(2026, 3, 18, 15, 0),
                ends_at=datetime(2026, 3, 18, 16, 0),
            )
        )
    with qtbot.waitSignal(page.conflicts_shown, timeout=5000):
        page.show_date(D(2026, 3, 18))
    assert set(page.week_view.conflicts) >= {sample.sessions["s5"]}
    kinds = {c.kind for c in page.week_view.conflicts[sample.sessions["s5"]]}
    assert "venue" in kinds
    assert "en conflit" in page.summary.text()
    page.week_view.grab()  # paints the warning signs without a Qt warning


# The offscreen platform cannot raise a popup menu nor give it the keyboard.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_a_crowded_day_ends_with_a_chip_listing_the_rest(
    qtbot: QtBot, page: CalendarPage, db: Database, sample: Sample, recorder: Recorder
) -> None:
    with db.session() as session:
        first = session.get(ActivitySession, sample.sessions["s5"])
        assert first is not None
        for n in range(12):
            session.add(
                ActivitySession(
                    activity_id=first.activity_id,
                    starts_at=datetime(2026, 3, 18, 14, 0),
                    ends_at=datetime(2026, 3, 18, 16, 30),
                    notes=f"copie {n}",
                )
            )
    page.set_mode("month")
    page.show_date(D(2026, 3, 18))
    chips = [item for item in page.month_view.view_items() if item.is_chip]
    assert len(chips) == 1
    shown = [i for i, _r, _c in page.view.items()]
    assert len(shown) + len(chips[0].hidden) == 14  # s5, s6 and the twelve copies
    QTest.mouseClick(
        page.month_view, Qt.MouseButton.LeftButton, pos=chips[0].rect.center().toPoint()
    )
    menu = page.month_view.overflow_menu
    assert menu is not None and len(menu.actions()) == len(chips[0].hidden)
    menu.actions()[0].trigger()
    assert recorder.sessions == [chips[0].hidden[0]]
    menu.close()


def test_clicking_a_day_number_shows_its_week(page: CalendarPage) -> None:
    page.set_mode("month")
    view = page.month_view
    cell = view.cell_rect(D(2026, 3, 25))
    QTest.mouseClick(
        view, Qt.MouseButton.LeftButton, pos=QPoint(int(cell.left() + 6), int(cell.top() + 6))
    )
    assert page.mode == "week" and page.bounds()[0] == D(2026, 3, 23)


def test_overlapping_seances_share_the_day_in_lanes() -> None:
    at = datetime(2026, 1, 7)
    spans = [
        (at.replace(hour=14), at.replace(hour=16)),
        (at.replace(hour=15), at.replace(hour=17)),
        (at.replace(hour=16), at.replace(hour=18)),  # starts when the first ends: its lane
        (at.replace(hour=18), at.replace(hour=19)),  # after all: a new cluster
    ]
    assert place(spans) == [
        Placement(0, 2, 0),
        Placement(1, 2, 0),
        Placement(0, 2, 0),
        Placement(0, 1, 1),
    ]


def test_titles_and_bounds() -> None:
    assert week_title(D(2026, 3, 30), D(2026, 4, 4)) == "Semaine du 30 mars au 4 avril 2026"
    assert (
        week_title(D(2025, 12, 29), D(2026, 1, 3))
        == "Semaine du 29 décembre 2025 au 3 janvier 2026"
    )
    assert week_title(D(2026, 6, 1), D(2026, 6, 6)) == "Semaine du 1er au 6 juin 2026"
    assert month_bounds(D(2026, 2, 10)) == (D(2026, 1, 26), D(2026, 3, 1))


def test_a_seance_describes_itself_in_french(qtbot: QtBot) -> None:
    seance = CalendarSeance(
        1,
        1,
        "Atelier théâtre",
        "periscolaire",
        datetime(2026, 1, 7, 14),
        datetime(2026, 1, 7, 16, 30),
        None,
        True,
        "Grève",
        12,
        20,
        True,
    )
    assert describe_seance(seance, []).splitlines() == [
        "Atelier théâtre (Périscolaire)",
        "mercredi 7 janvier 2026, 14h00–16h30",
        "Lieu non renseigné",
        "12 inscrits sur 20 places",
        "Annulée : Grève",
    ]
    view = WeekView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    period = CalendarPeriod(D(2026, 1, 5), D(2026, 1, 10), [seance], {}, "C")
    view.set_period(period, clock())
    assert [i for i, _r, _c in view.items()] == [1]
