"""Exports (issue 7): plain Python, no Qt — the CLI (``cites-app export …``) and the window's
Exports page call the same functions, typically from a worker thread.

* :func:`cites_app.exports.revue.write_revue` — the revue de projet for the prefecture
  (aggregated, masked counts; returns a :class:`~cites_app.exports.revue.RevueSummary`);
* :func:`cites_app.exports.porteur.write_porteur_report` — one partner's actions and séances;
* :func:`cites_app.exports.attendance_matrix.write_attendance_matrix` — pupils × séances, named
  data for internal use, written to the audit log.

Each takes a :class:`~cites_app.db.database.Database` and a target ``.xlsx`` path, writes the
file atomically, and raises ``ExportError`` / ``PeriodError`` with French messages. The
submodules are imported on demand (openpyxl is not needed to start the application).
"""
