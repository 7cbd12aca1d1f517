"""``cites-app --self-test``: prove that this installation works, end to end, then quit.

Run on a coordinator's laptop by support, and by the installer's test on every build: a frozen
application that lost a module, a Qt plugin or a data file must say so here, loudly, instead of
failing later in front of a coordinator. Everything happens in a temporary folder: the user's
database and settings are never touched, and nothing needs the network.

Each step is a function (``core_steps``, then ``qt_steps``; ``runner`` runs them). A step whose
feature does not exist yet in this version (the prefecture workbook, the attendance sheet) is
reported as « non disponible dans cette version » and does not fail; it then proves the
libraries that feature will use (openpyxl + lxml, Qt's PDF writer). Every other step must
succeed. Qt is imported only inside the steps that need it.
"""

from __future__ import annotations

from cites_app.selftest.base import feature_availability
from cites_app.selftest.runner import STEPS, run_self_test

__all__ = ["STEPS", "feature_availability", "run_self_test"]
