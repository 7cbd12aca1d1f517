"""Small portable SQL helpers shared by the registers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeAlias, cast

from sqlalchemy import Select, SQLColumnExpression, case

# A SELECT of any columns (SQLAlchemy 2.1 types each column of a Select separately).
AnySelect: TypeAlias = "Select[*tuple[Any, ...]]"


def unknown_last(key: SQLColumnExpression[Any]) -> SQLColumnExpression[int]:
    """A sort key putting NULLs last in both directions, portable unlike ``NULLS LAST``."""
    return case((key.is_(None), 1), else_=0)


def tuples(rows: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Result rows as plain tuples, to build a dataclass with ``Row(*values)``."""
    return cast("list[tuple[Any, ...]]", rows)
