"""Table models of the registration screen: candidate pupils and the group being composed.

The candidates are filtered in SQL by :meth:`RegistrationService.candidates` (school, niveau,
class, QPV flag, name) and come back as light rows; the models keep them by id and sort them in
Python when a header is clicked (no ``QSortFilterProxyModel``: DESIGN.md §10).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject

from cites_app.models.vocabulary import NIVEAUX, QPV_FLAGS, SEXES
from cites_app.registers.text import fold
from cites_app.scheduling import PupilRow
from cites_app.ui.models.lazy_table import Column, LazyTableModel

_NIVEAU_RANK = {niveau: rank for rank, niveau in enumerate(NIVEAUX)}


def _niveau_rank(row: PupilRow) -> int:
    return _NIVEAU_RANK.get(row.niveau or "", len(_NIVEAU_RANK))


def _name(row: PupilRow) -> tuple[str, str]:
    return fold(row.last_name), fold(row.first_name)


SORT_KEYS: dict[str, Callable[[PupilRow], Any]] = {
    "last_name": lambda r: (*_name(r), r.id),
    "first_name": lambda r: (fold(r.first_name), fold(r.last_name), r.id),
    "niveau": lambda r: (_niveau_rank(r), fold(r.class_label or ""), *_name(r), r.id),
    "class": lambda r: (fold(r.class_label or "~"), *_name(r), r.id),
    # The order of the candidates' query: school, niveau, class, name.
    "school": lambda r: (
        fold(r.establishment_name or "~"),
        _niveau_rank(r),
        fold(r.class_label or ""),
        *_name(r),
        r.id,
    ),
    "sex": lambda r: (r.sex or "~", *_name(r), r.id),
    "qpv": lambda r: (list(QPV_FLAGS).index(r.qpv) if r.qpv in QPV_FLAGS else 9, *_name(r)),
    "status": lambda r: (
        {"inscrit": 0, "attente": 1}.get(r.status or "", 2),
        r.waiting_rank or 0,
        *_name(r),
        r.id,
    ),
}


def status_text(row: PupilRow) -> str:
    if row.status == "inscrit":
        return "inscrit à l'activité" if row.whole_activity else "inscrit"
    if row.status == "attente":
        return f"attente n° {row.waiting_rank}" if row.waiting_rank else "liste d'attente"
    return "—"


def _columns(missing: Callable[[int], bool], compact: bool) -> list[Column[PupilRow]]:
    """The candidates' columns; ``compact`` keeps those the group's narrower table needs."""
    name: list[Column[PupilRow]] = [
        Column("Nom", lambda r: r.last_name, "last_name", width=13),
        Column("Prénom", lambda r: r.first_name, "first_name", width=10),
    ]
    school: Column[PupilRow] = Column(
        "Établissement",
        lambda r: r.establishment_name or "non renseigné",
        "school",
        width=24,
    )
    niveau: Column[PupilRow] = Column("Niveau", lambda r: r.niveau or "—", "niveau", width=6)
    status: Column[PupilRow] = Column(
        "Statut",
        status_text,
        "status",
        width=11,
        tone=lambda r: "muted" if r.status is None else None,
    )
    authorisation: Column[PupilRow] = Column(
        "Autoris.",
        lambda r: "manquante" if missing(r.id) else "ok",
        None,
        width=12,
        tone=lambda r: "warning" if missing(r.id) else "muted",
        header_tooltip="Autorisation parentale de participation valable le jour de la séance",
        tooltip=lambda r: (
            "Pas d'autorisation parentale de participation valable pour la prochaine séance."
            if missing(r.id)
            else None
        ),
    )
    # The school comes last: the widest column stretches, the short ones stay visible.
    if compact:
        return [*name, niveau, status, authorisation, school]
    return [
        *name,
        niveau,
        Column("Classe", lambda r: r.class_label or "—", "class", width=6),
        Column("Sexe", lambda r: SEXES.get(r.sex, r.sex) if r.sex else "—", "sex", width=6),
        Column(
            "QPV",
            lambda r: QPV_FLAGS.get(r.qpv, r.qpv),
            "qpv",
            width=6,
            header_tooltip="Réside dans un quartier prioritaire de la politique de la ville",
            tone=lambda r: "muted" if r.qpv == "inconnu" else None,
        ),
        status,
        authorisation,
        school,
    ]


class PupilListModel(LazyTableModel[PupilRow]):
    """Pupils from ``fetch()`` (already filtered in SQL), flagged by ``flag(ids)`` when they
    lack an authorisation; ``set_search`` is handled by the dialog's filter."""

    def __init__(
        self,
        fetch: Callable[[], list[PupilRow]],
        flag: Callable[[list[int]], set[int]],
        *,
        compact: bool,
        sort_key: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(_columns(self._is_missing, compact), parent)
        self._fetch = fetch
        self._flag = flag
        self._rows: dict[int, PupilRow] = {}
        self.missing: set[int] = set()
        self.sort_column = next(i for i, c in enumerate(self.columns) if c.sort_key == sort_key)
        self.search_handler: Callable[[str], None] | None = None

    def _is_missing(self, pupil_id: int) -> bool:
        return pupil_id in self.missing

    def query_ids(self, sort_key: str, descending: bool) -> list[int]:
        rows = self._fetch()
        self._rows = {row.id: row for row in rows}
        self.missing = self._flag(list(self._rows))
        rows.sort(key=SORT_KEYS[sort_key], reverse=descending)
        return [row.id for row in rows]

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, PupilRow]:
        return {i: self._rows[i] for i in ids if i in self._rows}

    def total(self) -> int:
        return len(self._rows)

    def set_search(self, text: str) -> None:
        if self.search_handler is not None:
            self.search_handler(text)

    def rows(self) -> list[PupilRow]:
        """Every row, in display order."""
        return [self._rows[self.row_id(i)] for i in range(self.rowCount())]

    def empty_message(self) -> str:
        return "Aucun élève ne correspond à ces filtres."
