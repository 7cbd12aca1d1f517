"""Table model of the pupils page: ids from the register, rows fetched by blocks."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from PySide6.QtCore import QObject

from cites_app.models.vocabulary import QPV_FLAGS, SEXES
from cites_app.registers import formatting
from cites_app.registers.pupils import PupilFilter, PupilRegister, PupilRow, PupilSort
from cites_app.ui.models.lazy_table import Column, LazyTableModel


def _birth(row: PupilRow) -> str:
    if row.birth_date is not None:
        return formatting.numeric_date(row.birth_date)
    return str(row.birth_year) if row.birth_year else "non renseignée"


def _niveau(row: PupilRow) -> str:
    markers = [name for name, flag in (("ULIS", row.ulis), ("SEGPA", row.segpa)) if flag]
    return " ".join([row.niveau or "—", *markers])


COLUMNS: list[Column[PupilRow]] = [
    Column("Nom", lambda r: r.last_name, PupilSort.LAST_NAME, width=16),
    Column("Prénom", lambda r: r.first_name, PupilSort.FIRST_NAME, width=14),
    Column(
        "Date de naissance",
        _birth,
        PupilSort.BIRTH_DATE,
        width=16,
        tone=lambda r: "muted" if r.birth_date is None and r.birth_year is None else None,
        tooltip=lambda r: (
            "Seule l'année de naissance est connue."
            if r.birth_date is None and r.birth_year
            else None
        ),
    ),
    Column("Sexe", lambda r: SEXES.get(r.sex, r.sex) if r.sex else "—", PupilSort.SEX, width=8),
    Column("Niveau", _niveau, PupilSort.NIVEAU, width=9),
    Column("Classe", lambda r: r.class_label or "—", PupilSort.CLASS, width=9),
    Column(
        "Établissement",
        lambda r: r.establishment or "non renseigné",
        PupilSort.ESTABLISHMENT,
        width=30,
        tone=lambda r: "muted" if r.establishment is None else None,
    ),
    Column(
        "QPV",
        lambda r: QPV_FLAGS.get(r.qpv, r.qpv),
        PupilSort.QPV,
        width=8,
        header_tooltip="L'élève réside-t-il dans un quartier prioritaire de la politique de la ville ?",
        tone=lambda r: "muted" if r.qpv == "inconnu" else None,
    ),
]


class PupilTableModel(LazyTableModel[PupilRow]):
    def __init__(self, register: PupilRegister, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)
        self._register = register
        self.pupil_filter = PupilFilter()

    def set_filter(self, pupil_filter: PupilFilter) -> None:
        self.pupil_filter = pupil_filter
        self.reload()

    def set_search(self, text: str) -> None:
        self.set_filter(dataclasses.replace(self.pupil_filter, search=text))

    def query_ids(self, sort_key: str, descending: bool) -> list[int]:
        return self._register.ids(self.pupil_filter, PupilSort(sort_key), descending)

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, PupilRow]:
        return self._register.rows(ids)

    def total(self) -> int:
        return self._register.total()

    def filter_active(self) -> bool:
        return self.pupil_filter.is_active

    def empty_message(self) -> str:
        if self.filter_active():
            return "Aucun élève ne correspond à la recherche."
        return "Aucun élève enregistré pour l'instant."
