"""The pupil and establishment lists at each tier: one keystroke, one sort, one filter.

Issue 3 asks the pupil list to stay fluid at tier M (25,000 pupils): search as you type, sort,
filter by school, niveau, QPV flag, authorisation status. Each figure is what the window waits
for after a keystroke or a click: the register's ordered ids, then the first block of 200 rows
the view shows. The baseline is the cheapest read of the same list there can be: the pupils'
ids and names fetched as plain tuples by sqlite3, nothing sorted or filtered.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from bench.common import BenchContext, Measure, median_time
from cites_app.db.database import Database
from cites_app.db.url import sqlite_url
from cites_app.registers.establishments import EstablishmentRegister
from cites_app.registers.pupils import PupilFilter, PupilRegister, PupilSort

BLOCK = 200  # rows the view asks for first


def _bare_read(path: Path) -> float:
    def read() -> None:
        connection = sqlite3.connect(path)
        connection.execute("SELECT id, last_name, first_name FROM pupil").fetchall()
        connection.close()

    return median_time(read)


def _cases(size: str) -> list[tuple[str, Callable[[PupilRegister], object]]]:
    def shown(
        pupil_filter: PupilFilter | None = None,
        sort: PupilSort = PupilSort.LAST_NAME,
        descending: bool = False,
    ) -> Callable[[PupilRegister], object]:
        def action(register: PupilRegister) -> object:
            ids = register.ids(pupil_filter, sort, descending)
            return register.rows(ids[:BLOCK])

        return action

    on = date(2025, 10, 1)
    return [
        (f"liste des élèves, {size} : ouverture (tri par nom)", shown()),
        (f"recherche « dur » en tapant, {size}", shown(pupil_filter=PupilFilter(search="dur"))),
        (f"tri par date de naissance, {size}", shown(sort=PupilSort.BIRTH_DATE, descending=True)),
        (f"tri par établissement, {size}", shown(sort=PupilSort.ESTABLISHMENT)),
        (f"filtre niveau CM2, {size}", shown(pupil_filter=PupilFilter(niveau="CM2"))),
        (f"filtre réside en QPV, {size}", shown(pupil_filter=PupilFilter(qpv="oui"))),
        (
            f"filtre sans droit à l'image valide, {size}",
            shown(pupil_filter=PupilFilter(missing_authorisation="droit_image", on=on)),
        ),
    ]


def run(ctx: BenchContext) -> list[Measure]:
    measures = []
    for size in ctx.sizes:
        path = ctx.demo_file(size)
        bare = _bare_read(path)
        baseline = "sqlite3 lit id et noms de tous les élèves"
        database = Database(sqlite_url(path))
        register = PupilRegister(database)
        register.ids()  # the folded-name index is built once per window, not per keystroke
        for what, action in _cases(size):
            measures.append(
                Measure(
                    what=what,
                    seconds=median_time(partial(action, register)),
                    baseline=baseline,
                    baseline_seconds=bare,
                )
            )
        establishments = EstablishmentRegister(database)

        def search_schools(register: EstablishmentRegister = establishments) -> None:
            register.rows(register.ids("col"))

        measures.append(
            Measure(
                what=f"liste des établissements, recherche « col », {size}",
                seconds=median_time(search_schools),
                baseline=baseline,
                baseline_seconds=bare,
                note="avec la participation de chaque école (inscrits, venus)",
            )
        )
        database.dispose()
    return measures
