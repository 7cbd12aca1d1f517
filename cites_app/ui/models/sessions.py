"""Table model of the séances page."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from PySide6.QtCore import QObject

from cites_app.models.vocabulary import ACTIVITY_KINDS
from cites_app.registers import formatting
from cites_app.registers.sessions import (
    STATUS_LABELS,
    SessionFilter,
    SessionPeriod,
    SessionRegister,
    SessionRow,
    SessionSort,
    SessionStatus,
)
from cites_app.ui.models.lazy_table import Column, LazyTableModel

_TONES = {SessionStatus.MISSING: "warning", SessionStatus.CANCELLED: "muted"}


def _count(value: int) -> str:
    return formatting.integer(value)


COLUMNS: list[Column[SessionRow]] = [
    Column(
        "Date",
        lambda r: formatting.short_date(r.starts_at.date()),
        SessionSort.DATE,
        width=19,
        tooltip=lambda r: formatting.long_date(r.starts_at.date()),
    ),
    Column(
        "Horaire",
        lambda r: formatting.time_range(r.starts_at, r.ends_at),
        SessionSort.TIME,
        width=11,
    ),
    Column("Activité", lambda r: r.activity, SessionSort.ACTIVITY, width=28),
    Column("Type", lambda r: ACTIVITY_KINDS.get(r.kind, r.kind), SessionSort.KIND, width=11),
    Column(
        "Lieu",
        lambda r: r.venue or "non renseigné",
        SessionSort.VENUE,
        width=28,
        tone=lambda r: "muted" if r.venue is None else None,
    ),
    Column(
        "Étab. invités",
        lambda r: _count(r.invited),
        SessionSort.INVITED,
        width=10,
        numeric=True,
        header_tooltip="Nombre d'établissements invités à la séance",
    ),
    Column(
        "Inscrits",
        lambda r: _count(r.registered),
        SessionSort.REGISTERED,
        width=8,
        numeric=True,
        header_tooltip="Élèves inscrits à la séance ou à toute l'activité (hors liste d'attente)",
    ),
    Column(
        "Présents",
        # Nothing to count before the séance, nor for a cancelled one.
        lambda r: (
            "—"
            if r.status in (SessionStatus.UPCOMING, SessionStatus.CANCELLED)
            else _count(r.present)
        ),
        SessionSort.PRESENT,
        width=8,
        numeric=True,
    ),
    Column(
        "Statut",
        lambda r: STATUS_LABELS[r.status],
        SessionSort.STATUS,
        width=13,
        tone=lambda r: _TONES.get(r.status),
        tooltip=lambda r: (
            "L'appel de cette séance passée n'a pas été enregistré."
            if r.status is SessionStatus.MISSING
            else None
        ),
    ),
]


class SessionTableModel(LazyTableModel[SessionRow]):
    def __init__(self, register: SessionRegister, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)
        self._register = register
        self.session_filter = SessionFilter()

    def set_filter(self, session_filter: SessionFilter) -> None:
        self.session_filter = session_filter
        self.reload()

    def set_search(self, text: str) -> None:
        self.set_filter(dataclasses.replace(self.session_filter, search=text))

    def query_ids(self, sort_key: str, descending: bool) -> list[int]:
        return self._register.ids(self.session_filter, SessionSort(sort_key), descending)

    def fetch_rows(self, ids: Sequence[int]) -> dict[int, SessionRow]:
        return self._register.rows(ids)

    def total(self) -> int:
        return self._register.total()

    def filter_active(self) -> bool:
        f = self.session_filter
        return bool(f.search.strip()) or f.kind is not None or f.period is not SessionPeriod.ALL

    def empty_message(self) -> str:
        if self.session_filter.search.strip() or self.session_filter.kind is not None:
            return "Aucune séance ne correspond à la recherche."
        return {
            SessionPeriod.UPCOMING: "Aucune séance à venir. Choisissez « Toutes » dans Période pour voir les séances passées.",
            SessionPeriod.PAST: "Aucune séance passée.",
            SessionPeriod.MISSING_ATTENDANCE: "Toutes les séances passées ont leur appel : rien à rattraper.",
            SessionPeriod.ALL: "Aucune séance enregistrée pour l'instant.",
        }[self.session_filter.period]
