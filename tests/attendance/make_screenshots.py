"""Screenshot of the roll-call page and PNGs of a feuille d'émargement (not a test).

    .venv/bin/python -m tests.attendance.make_screenshots DEMO.sqlite [OUT_DIR] [--session ID]

Opens a séance of the demo territory offscreen, marks a few pupils as a coordinator would
(« Tous présents », then exceptions, a partial presence) in a copy of the database, and saves
``appel.png``; writes the séance's sheet as PDF and, when ``pdftoppm`` is installed, its pages
as ``emargement-N.png``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database", type=Path)
    parser.add_argument("out", type=Path, nargs="?", default=Path("screenshots"))
    parser.add_argument("--session", type=int, default=503)
    parser.add_argument("--size", default="1280x860")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from cites_app.db.database import Database  # noqa: PLC0415 - after the environment
    from cites_app.db.url import sqlite_url  # noqa: PLC0415
    from cites_app.ui.app import create_application  # noqa: PLC0415
    from cites_app.ui.pages.roll_call import RollCallPage  # noqa: PLC0415

    app = create_application(["screenshots"])
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "demo.sqlite"
        shutil.copy(args.database, copy)
        database = Database(sqlite_url(copy))
        page = RollCallPage(database, clock=lambda: datetime(2026, 6, 30, 12))
        width, height = (int(v) for v in args.size.split("x"))
        page.resize(width, height)
        page.show()
        page.open_session(args.session)
        service = page.service
        for marked in page.model.entries():  # a fresh roll call: forget the demo's marks
            service.clear(args.session, marked.pupil.id)
        page.open_session(args.session)
        page.mark_all_present()
        rows = [r for r in range(page.model.rowCount()) if page.model.entry(r)]
        page.mark_row(rows[2], "absent_excuse")
        page.mark_row(rows[5], "absent_non_excuse")
        entry = page.model.entry(rows[7])
        assert entry is not None
        page.set_minutes(entry.pupil.id, 90)
        page.walk_in.setText("sar")
        page.search_walk_ins("sar")
        page.table.setCurrentIndex(page.model.index(rows[8], 0))
        app.processEvents()
        target = args.out / "appel.png"
        page.grab().save(str(target))
        print(target)
        pdf = args.out / "emargement.pdf"
        pages = page.export_sheet(pdf, "session")
        print(f"{pdf} ({pages} pages)")
        if shutil.which("pdftoppm"):
            subprocess.run(
                ["pdftoppm", "-r", "70", "-png", str(pdf), str(args.out / "emargement")],
                check=True,
            )
        page.close()
        database.dispose()


if __name__ == "__main__":
    main()
