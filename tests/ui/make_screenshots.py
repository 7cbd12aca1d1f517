"""Screenshots of every page, to look at the window as a coordinator would (not a test).

    .venv/bin/python -m tests.ui.make_screenshots DATABASE.sqlite [OUT_DIR] [--scale 1.5]

Runs offscreen; ``--scale`` imitates a laptop display set to 125 or 150 %.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

PAGES = ("accueil", "etablissements", "eleves", "seances")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database", type=Path)
    parser.add_argument("out", type=Path, nargs="?", default=Path("screenshots"))
    parser.add_argument("--scale", default="1")
    parser.add_argument("--size", default="1400x860", help="logical size of the window")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = args.scale

    from PySide6.QtCore import QSettings  # noqa: PLC0415 - after the environment is set

    from cites_app.db.database import Database  # noqa: PLC0415
    from cites_app.db.url import sqlite_url  # noqa: PLC0415
    from cites_app.ui.app import create_application  # noqa: PLC0415
    from cites_app.ui.main_window import MainWindow  # noqa: PLC0415

    app = create_application(["screenshots"])
    database = Database(sqlite_url(args.database))
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "ui.ini"), QSettings.Format.IniFormat)
        started = time.perf_counter()
        window = MainWindow(database, settings)
        print(f"Fenêtre construite en {time.perf_counter() - started:.2f} s")
        width, height = (int(v) for v in args.size.split("x"))
        window.resize(width, height)
        window.show()
        app.processEvents()
        args.out.mkdir(parents=True, exist_ok=True)
        suffix = "" if args.scale == "1" else f"-x{args.scale}"
        for index, name in enumerate(PAGES):
            window.show_page(index)
            app.processEvents()
            path = args.out / f"{name}{suffix}.png"
            window.grab().save(str(path))
            print(path)
        window.close()
    database.dispose()


if __name__ == "__main__":
    main()
