"""Entry point of the frozen application: PyInstaller runs this file as ``__main__``.

The same as the ``cites-app`` script of a Python install: sub-commands and ``--self-test`` work
from a terminal. Without arguments (the Start-menu shortcut, a double click) it opens the window
straight away: building the command line first would import SQLAlchemy and every sub-command
before the window's frame can paint, which ``cites_app.ui.app`` defers until after it.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":
    if len(sys.argv) == 1:
        from cites_app.ui.app import run_app

        sys.exit(run_app())
    from cites_app.cli.main import main

    sys.exit(main())
