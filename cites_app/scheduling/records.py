"""Generic create / read / update / delete of one kind of fiche, with optimistic locking.

A form opens a :class:`Record` (id, version, values), the user edits the values, and
:meth:`Crud.update` saves them only if nobody saved the fiche in between.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from cites_app.db.database import Database
from cites_app.models import Base
from cites_app.scheduling.errors import (
    DELETE_REFUSED,
    ValidationError,
    check_version,
    fetch,
    saving,
)

DataT = TypeVar("DataT")

Validator = Callable[[Session, Any], dict[str, str]]


@dataclass(frozen=True)
class Record(Generic[DataT]):
    """A fiche as a form shows it: its id, the version read, and its values."""

    id: int
    version: int
    data: DataT


def clean_text(value: str | None) -> str | None:
    """Trimmed text, or None for blank text."""
    if value is None:
        return None
    text = " ".join(value.split())
    return text or None


class Crud(Generic[DataT]):
    """CRUD of one model whose columns carry the same names as the fields of ``data_type``.

    ``what`` names one fiche in messages ("le lieu"); ``validate`` returns field → French
    problem (empty when the values are acceptable). Subclasses override :meth:`write` and
    :meth:`read` for fields that are not plain columns.
    """

    def __init__(
        self,
        database: Database,
        model: type[Base],
        data_type: type[DataT],
        what: str,
        validate: Validator,
        order_by: InstrumentedAttribute[Any],
    ) -> None:
        """Bind the CRUD to ``model`` in ``database``."""
        self.database = database
        self.model = model
        self.data_type = data_type
        self.what = what
        self._validate = validate
        self._order_by = order_by

    def create(self, data: DataT) -> Record[DataT]:
        """Validate and insert a new fiche; returns it as saved."""
        with self.database.session() as session:
            self._check(session, data)
            row = self.model()
            with saving(session):
                self.write(session, row, data)
                session.add(row)
            return self._record(row)

    def get(self, record_id: int) -> Record[DataT]:
        """The fiche ``record_id`` (NotFoundError if it does not exist)."""
        with self.database.read_session() as session:
            return self._record(fetch(session, self.model, record_id, self.what))

    def update(self, record_id: int, data: DataT, expected_version: int | None) -> Record[DataT]:
        """Save new values over the version the user opened (ConcurrentEditError if stale)."""
        with self.database.session() as session:
            row = fetch(session, self.model, record_id, self.what)
            check_version(row, expected_version)
            self._check(session, data)
            with saving(session):
                self.write(session, row, data)
            return self._record(row)

    def delete(self, record_id: int, expected_version: int | None) -> None:
        """Delete the fiche; refused in French when other data still refer to it."""
        with self.database.session() as session:
            row = fetch(session, self.model, record_id, self.what)
            check_version(row, expected_version)
            with saving(session, DELETE_REFUSED):
                session.delete(row)

    def list(self, *where: ColumnElement[bool]) -> list[Record[DataT]]:
        """Every fiche (matching ``where``), in display order."""
        with self.database.read_session() as session:
            rows = session.scalars(select(self.model).where(*where).order_by(self._order_by))
            return [self._record(row) for row in rows]

    def write(self, session: Session, row: Any, data: DataT) -> None:
        """Copy the values into the ORM row (text trimmed)."""
        for field in dataclasses.fields(data):  # type: ignore[arg-type]
            value = getattr(data, field.name)
            setattr(row, field.name, clean_text(value) if isinstance(value, str) else value)

    def read(self, session: Session, row: Any) -> DataT:
        """The values of the ORM row."""
        names = [field.name for field in dataclasses.fields(self.data_type)]  # type: ignore[arg-type]
        return self.data_type(**{name: getattr(row, name) for name in names})

    def _check(self, session: Session, data: DataT) -> None:
        problems = self._validate(session, data)
        if problems:
            raise ValidationError(problems)

    def _record(self, row: Any) -> Record[DataT]:
        session = Session.object_session(row)
        assert session is not None
        return Record(row.id, row.version, self.read(session, row))


def check_exists(
    session: Session,
    problems: dict[str, str],
    field: str,
    model: type[Base],
    ids: int | Sequence[int] | None,
    message: str,
) -> None:
    """Add ``message`` (formatted with ``{id}``) for the first id of ``ids`` absent from ``model``."""
    if ids is None:
        return
    wanted = [ids] if isinstance(ids, int) else list(ids)
    if not wanted:
        return
    column: Any = model.__table__.c.id
    found = set(session.scalars(select(column).where(column.in_(wanted))))
    for record_id in wanted:
        if record_id not in found:
            problems[field] = message.format(id=record_id)
            return
