"""Table model of the establishments page."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject

from cites_app.models.vocabulary import EDUCATION_PRIORITAIRE, ESTABLISHMENT_KINDS, SECTORS
from cites_app.registers import formatting
from cites_app.registers.establishments import (
    EstablishmentRegister,
    EstablishmentRow,
    EstablishmentSort,
)
from cites_app.ui.models.lazy_table import Column, LazyTableModel

UNKNOWN = "non renseigné"


def _ep(row: EstablishmentRow) -> str:
    if row.education_prioritaire is None:
        return UNKNOWN
    return EDUCATION_PRIORITAIRE.get(row.education_prioritaire, row.education_prioritaire)


def _ips(row: EstablishmentRow) -> str:
    return "—" if row.ips is None else formatting.decimal(row.ips, 1)


def _ips_tooltip(row: EstablishmentRow) -> str:
    if row.ips is None:
        return "IPS non publié (les écoles maternelles n'en ont pas)."
    return f"IPS de la rentrée {row.ips_rentree} : {formatting.decimal(row.ips, 1)}"


def _muted_if(value: object) -> str | None:
    return "muted" if value is None else None


COLUMNS: list[Column[EstablishmentRow]] = [
    Column("UAI", lambda r: r.uai, EstablishmentSort.UAI, width=9),
    Column("Nom", lambda r: r.name, EstablishmentSort.NAME, width=28),
    Column(
        "Type", lambda r: ESTABLISHMENT_KINDS.get(r.kind, r.kind), EstablishmentSort.KIND, width=15
    ),
    Column(
        "Secteur",
        lambda r: SECTORS.get(r.sector, r.sector) if r.sector else UNKNOWN,
        EstablishmentSort.SECTOR,
        width=16,
        tone=lambda r: _muted_if(r.sector),
    ),
    Column(
        "EP",
        _ep,
        EstablishmentSort.EDUCATION_PRIORITAIRE,
        width=11,
        tone=lambda r: _muted_if(r.education_prioritaire),
        header_tooltip="Éducation prioritaire : REP+, REP ou hors EP",
    ),
    Column(
        "Commune",
        lambda r: r.commune or UNKNOWN,
        EstablishmentSort.COMMUNE,
        width=12,
        tone=lambda r: _muted_if(r.commune),
    ),
    Column(
        "IPS",
        _ips,
        EstablishmentSort.IPS,
        width=7,
        numeric=True,
        tooltip=_ips_tooltip,
        header_tooltip="Indice de position sociale (DEPP), dernière rentrée connue",
    ),
    Column(
        "Effectif",
        lambda r: "—" if r.enrolment is None else formatting.integer(r.enrolment),
        EstablishmentSort.ENROLMENT,
        width=8,
        numeric=True,
        header_tooltip="Effectif officiel de l'établissement",
    ),
    Column(
        "Élèves",
        lambda r: formatting.integer(r.pupils),
        EstablishmentSort.PUPILS,
        width=8,
        numeric=True,
        header_tooltip="Élèves de cet établissement enregistrés dans l'application",
    ),
    Column(
        "Inscrits",
        lambda r: formatting.integer(r.registered),
        EstablishmentSort.REGISTERED,
        width=8,
        numeric=True,
        header_tooltip="Élèves de cet établissement inscrits à au moins une activité ou séance "
        "(hors liste d'attente)",
    ),
    Column(
        "Venus",
        lambda r: formatting.integer(r.attended),
        EstablishmentSort.ATTENDED,
        width=7,
        numeric=True,
        header_tooltip="Élèves de cet établissement présents à au moins une séance",
    ),
]


class EstablishmentTableModel(LazyTableModel[EstablishmentRow]):
    def __init__(self, register: EstablishmentRegister, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)
        self._register = register
        self._search = ""
        self._rows: dict[int, EstablishmentRow] = {}
        self.sort_column = 1  # by name

    def set_search(self, text: str) -> None:
        self._search = text
        self.reload()

    def query_ids(self, sort_key: str, descending: bool) -> list[int]:
        # A thousand rows at most: the one query returns whole rows, kept for fetch_rows().
        rows = self._register.fetch(self._search, EstablishmentSort(sort_key), descending)
        self._rows = {row.id: row for row in rows}
        return [row.id for row in rows]

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, EstablishmentRow]:
        return {i: self._rows[i] for i in ids if i in self._rows}

    def total(self) -> int:
        return self._register.total()

    def filter_active(self) -> bool:
        return bool(self._search.strip())

    def empty_message(self) -> str:
        if self.filter_active():
            return "Aucun établissement ne correspond à la recherche."
        return "Aucun établissement enregistré pour l'instant."
