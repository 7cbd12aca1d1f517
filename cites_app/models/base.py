"""Declarative base shared by every table.

Every row carries a stable UUID so that data from two laptops can be merged later, and editable
records carry a version counter used for optimistic locking (SQLAlchemy's ``version_id_col``):
saving over someone else's newer change raises ``StaleDataError`` instead of overwriting it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Integer, MetaData, Uuid, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Named constraints keep Alembic migrations deterministic and let SQLite batch mode drop them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UuidMixin:
    """Integer primary key for joins, UUID for merging databases."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=uuid.uuid4)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )


class VersionedMixin:
    """Optimistic locking: every UPDATE checks and increments ``version``."""

    @declared_attr
    def version(cls) -> Mapped[int]:  # noqa: N805 - SQLAlchemy declared_attr
        return mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:  # noqa: N805 - SQLAlchemy declared_attr
        return {"version_id_col": cls.version}


def enum_check(column: str, values: Iterable[str], name: str | None = None) -> CheckConstraint:
    """A portable CHECK constraint restricting ``column`` to ``values`` (or NULL).

    Written as OR-ed comparisons rather than ``IN (…)``: SQLite rebuilds the IN list's lookup
    table for every inserted row, which doubled the cost of writing pupils (migration 0003).
    """
    comparisons = (f"{column} = '" + v.replace("'", "''") + "'" for v in values)
    return CheckConstraint(" OR ".join(comparisons), name=name or f"{column}_values")
