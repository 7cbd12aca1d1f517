"""Errors of the scheduling services, each carrying a French message for the coordinator."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from cites_app.models import Base

STALE_MESSAGE = (
    "Cette fiche a été modifiée par quelqu'un d'autre depuis que vous l'avez ouverte. "
    "Rechargez-la pour voir ses nouvelles valeurs, puis refaites vos modifications."
)

ModelT = TypeVar("ModelT", bound=Base)


class SchedulingError(Exception):
    """A refusal to show to the user as is (French message)."""


class NotFoundError(SchedulingError):
    """The record asked for does not exist (any more)."""


class ConcurrentEditError(SchedulingError):
    """Someone else saved the record since the user opened it (optimistic locking)."""

    def __init__(self, message: str = STALE_MESSAGE) -> None:
        super().__init__(message)


class ValidationError(SchedulingError):
    """Values refused by the rules; ``problems`` maps a field name to its French message."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__(" ".join(self.problems.values()))


class ClosedDayError(SchedulingError):
    """A séance placed on a day without school (holidays, public holiday, Ascension bridge)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def fetch(session: Session, model: type[ModelT], record_id: int, what: str) -> ModelT:
    """The row ``record_id`` of ``model``, or NotFoundError naming ``what`` ("le lieu")."""
    row = session.get(model, record_id)
    if row is None:
        raise NotFoundError(
            f"Fiche introuvable : {what} n° {record_id} (peut-être supprimée entre-temps)."
        )
    return row


def check_version(row: object, expected_version: int | None) -> None:
    """Refuse to save over a newer version than the one the user opened."""
    if expected_version is not None and getattr(row, "version", None) != expected_version:
        raise ConcurrentEditError()


def touch(row: object, column: str) -> None:
    """Make the next flush UPDATE ``row`` (so its version is checked and bumped) although only
    its relations (many-to-many links) changed; ``column`` is any plain column of the row."""
    flag_modified(row, column)


SAVE_REFUSED = (
    "Enregistrement impossible : cette fiche fait référence à une fiche qui n'existe plus, "
    "ou en contredit une autre."
)
DELETE_REFUSED = (
    "Suppression impossible : cette fiche est encore utilisée par d'autres données (par "
    "exemple des activités, des séances ou des inscriptions)."
)


@contextmanager
def saving(session: Session, refusal: str = SAVE_REFUSED) -> Iterator[None]:
    """Flush the changes made in the block, translating database refusals into French.

    ``StaleDataError`` (a concurrent update) becomes :class:`ConcurrentEditError`; an
    ``IntegrityError`` (a row still used elsewhere, a broken reference) a
    :class:`SchedulingError` saying ``refusal``.
    """
    try:
        yield
        session.flush()
    except StaleDataError as exc:
        raise ConcurrentEditError() from exc
    except IntegrityError as exc:
        raise SchedulingError(refusal) from exc
