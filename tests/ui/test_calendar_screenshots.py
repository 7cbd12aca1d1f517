"""Screenshots of the calendar, the planner, the séance editor, a registration in progress and
the programme page, to look at them as a coordinator would (kept when CITES_SCREENSHOTS is set).

    CITES_SCREENSHOTS=screenshots .venv/bin/pytest tests/ui/test_calendar_screenshots.py
    .venv/bin/python -m tests.ui.test_calendar_screenshots DEMO.sqlite screenshots --scale 1.5

The first runs on the test demo (school year 2025-2026); the second on any demo made by
``cites-app demo`` (its previous school year is 2025-2026 until the summer of 2027), with
``--scale`` imitating a laptop display set to 150 % (a 720×480 logical page).
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from datetime import date, datetime
from pathlib import Path


def take_screenshots(
    database: object, out: Path, suffix: str = "", small: bool = False
) -> list[Path]:
    """Save the screenshots into ``out``; ``small`` sizes windows for a 150 % laptop."""
    from PySide6.QtCore import QDate, QItemSelectionModel, QThreadPool  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication, QWidget  # noqa: PLC0415
    from sqlalchemy import select  # noqa: PLC0415

    from cites_app.db.database import Database  # noqa: PLC0415
    from cites_app.models import Activity, ActivitySession  # noqa: PLC0415
    from cites_app.ui.dialogs.registration_dialog import RegistrationDialog  # noqa: PLC0415
    from cites_app.ui.dialogs.session_editor import SessionEditor  # noqa: PLC0415
    from cites_app.ui.dialogs.session_planner import PlannerRequest, SessionPlanner  # noqa: PLC0415
    from cites_app.ui.pages.calendar_page import CalendarPage  # noqa: PLC0415
    from cites_app.ui.pages.programme_page import ProgrammePage  # noqa: PLC0415

    assert isinstance(database, Database)
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    now = datetime(2026, 1, 14, 15, 10)

    def clock() -> datetime:
        return now

    def shoot(widget: QWidget, name: str, size: tuple[int, int]) -> None:
        widget.resize(*((720, 480) if small else size))
        widget.show()
        QThreadPool.globalInstance().waitForDone()
        for _ in range(3):
            QApplication.processEvents()
        path = out / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        saved.append(path)

    page = CalendarPage(database, clock)
    shoot(page, "calendrier-semaine", (1180, 780))
    page.set_mode("month")
    page.show_date(date(2026, 2, 10))
    shoot(page, "calendrier-mois", (1180, 780))
    page.show_date(date(2025, 12, 10))
    shoot(page, "calendrier-mois-noel", (1180, 780))
    page.close()

    with database.read_session() as session:
        activity = session.scalars(
            select(Activity)
            .where(Activity.max_school_share.is_not(None), Activity.kind == "periscolaire")
            .order_by(Activity.id)
        ).first()
        assert activity is not None
        activity_id = activity.id
        seance = session.scalars(
            select(ActivitySession)
            .where(ActivitySession.activity_id == activity_id)
            .order_by(ActivitySession.starts_at)
        ).first()
        assert seance is not None
        seance_id = seance.id

    planner = SessionPlanner(database, PlannerRequest(activity_id=activity_id), clock)
    planner.from_date.setDate(QDate(2026, 3, 11))
    planner.to_date.setDate(QDate(2026, 6, 24))
    planner.weekday_combo.setCurrentIndex(2)
    planner.venue_combo.setCurrentIndex(min(2, planner.venue_combo.count() - 1))
    planner.refresh_preview()
    shoot(planner, "planificateur", (1100, 640))
    planner.close()

    editor = SessionEditor(database, seance_id, clock)
    shoot(editor, "seance", (980, 700))
    editor.close()

    registration = RegistrationDialog(database, activity_id=activity_id, clock=clock)
    # Filtered on the school already the most represented, four more of its pupils are
    # selected: the mix with the selection breaks the target, in orange.
    schools = Counter(m.establishment_id for m in registration.members.rows())
    if schools:
        combo = registration.school_combo
        combo.setCurrentIndex(max(0, combo.findData(schools.most_common(1)[0][0])))
    selection = registration.candidate_table.selectionModel()
    chosen = 0
    for row in range(registration.candidates.rowCount()):
        candidate = registration.candidates.row_at(row)
        if candidate is not None and candidate.status is None and chosen < 4:
            flags = QItemSelectionModel.SelectionFlag
            selection.select(registration.candidates.index(row, 0), flags.Select | flags.Rows)
            chosen += 1
    shoot(registration, "inscription", (1340, 760))
    registration.close()

    programme = ProgrammePage(database, clock)
    shoot(programme, "programme", (1180, 780))
    programme.close()
    return saved


def test_screenshots(demo_db: object, tmp_path: Path) -> None:
    """Every scheduling screen renders on the demo (CITES_SCREENSHOTS=dir keeps the images)."""
    out = Path(os.environ.get("CITES_SCREENSHOTS") or tmp_path)
    paths = take_screenshots(demo_db, out)
    assert len(paths) >= 6
    assert all(path.stat().st_size > 10_000 for path in paths)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database", type=Path)
    parser.add_argument("out", type=Path, nargs="?", default=Path("screenshots"))
    parser.add_argument("--scale", default="1")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = args.scale

    from cites_app.db.database import Database  # noqa: PLC0415 - after the environment is set
    from cites_app.db.url import sqlite_url  # noqa: PLC0415
    from cites_app.ui.app import create_application  # noqa: PLC0415

    create_application(["screenshots"])
    database = Database(sqlite_url(args.database))
    suffix = "" if args.scale == "1" else f"-x{args.scale}"
    for path in take_screenshots(database, args.out, suffix, small=args.scale != "1"):
        print(path)
    database.dispose()


if __name__ == "__main__":
    main()
