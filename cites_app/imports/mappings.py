"""Column mappings the user corrected, remembered per file shape (`ColumnMapping.signature`).

A school sends the same kind of list every year: once the coordinator has said which column is
which, the next file with the same headers is read the same way without asking again.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from cites_app.models import ImportMapping
from cites_app.pupil_files import ColumnMapping

PUPILS = "pupils"
"""`ImportMapping.kind` of pupil lists."""


def remembered_mapping(
    session: Session, signatures: Iterable[str], kind: str = PUPILS
) -> ColumnMapping | None:
    """The mapping remembered for one of these header signatures (most recently used first)."""
    wanted = sorted(set(signatures))
    if not wanted:
        return None
    query = (
        select(ImportMapping.mapping)
        .where(ImportMapping.kind == kind, ImportMapping.signature.in_(wanted))
        .order_by(ImportMapping.used_at.desc(), ImportMapping.id.desc())
    )
    for text in session.scalars(query):
        try:
            return ColumnMapping.from_json(text)
        except ValueError:
            continue  # written by a newer or broken version: ignore it, detect again
    return None


def remember_mapping(session: Session, mapping: ColumnMapping, kind: str = PUPILS) -> None:
    """Store (or refresh) ``mapping`` under its signature, in the caller's transaction."""
    mine = (ImportMapping.kind == kind, ImportMapping.signature == mapping.signature)
    if session.scalar(select(ImportMapping.id).where(*mine)) is None:
        session.add(
            ImportMapping(kind=kind, signature=mapping.signature, mapping=mapping.to_json())
        )
    else:
        session.execute(
            update(ImportMapping).where(*mine).values(mapping=mapping.to_json(), used_at=func.now())
        )


def touch_mapping(session: Session, signature: str, kind: str = PUPILS) -> None:
    """Mark a remembered mapping as used now (the most recently used wins on a tie)."""
    session.execute(
        update(ImportMapping)
        .where(ImportMapping.kind == kind, ImportMapping.signature == signature)
        .values(used_at=func.now())
    )
