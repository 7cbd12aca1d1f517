"""Finding a walk-in by name across the whole territory (any school, any niveau).

Names are folded in Python (no portable SQL ignores accents); the index of folded names is kept
between keystrokes and reloaded when the number of pupils changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cites_app.attendance.seance import pupil_sort_key, school_label
from cites_app.models import Establishment, Pupil
from cites_app.registers.text import fold, search_terms


@dataclass(frozen=True)
class WalkInCandidate:
    """A pupil offered as a walk-in: enough to tell two homonyms apart, nothing more."""

    id: int
    last_name: str
    first_name: str
    niveau: str | None
    school: str
    birth_year: int | None

    @property
    def description(self) -> str:
        """« DUPONT Lina — CM1, École élémentaire Jean Lolive (née en 2016) »."""
        details = ", ".join(part for part in (self.niveau, self.school) if part)
        born = f" (né(e) en {self.birth_year})" if self.birth_year else ""
        return f"{self.last_name} {self.first_name} — {details}{born}"


class PupilNameIndex:
    """Folded names of every pupil not anonymised, searched word by word."""

    def __init__(self) -> None:
        self._count = -1
        self._rows: list[tuple[int, str, str, WalkInCandidate]] = []

    def search(
        self, session: Session, text: str, limit: int = 20, exclude: frozenset[int] = frozenset()
    ) -> list[WalkInCandidate]:
        """Pupils whose last or first name contains every word of ``text`` (two letters at
        least), those whose name starts with the first word first."""
        terms = search_terms(text)
        if not terms or sum(len(term) for term in terms) < 2:
            return []
        self._refresh(session)
        found: list[tuple[tuple[object, ...], WalkInCandidate]] = []
        for pupil_id, last, first, candidate in self._rows:
            if pupil_id in exclude:
                continue
            whole = f"{last} {first}"
            if all(term in whole for term in terms):
                starts = last.startswith(terms[0]) or first.startswith(terms[0])
                key = (
                    not starts,
                    *pupil_sort_key(candidate.last_name, candidate.first_name),
                    pupil_id,
                )
                found.append((key, candidate))
        found.sort(key=lambda item: item[0])
        return [candidate for _key, candidate in found[:limit]]

    def _refresh(self, session: Session) -> None:
        count = session.scalar(select(func.count(Pupil.id)).where(Pupil.anonymised_at.is_(None)))
        if count == self._count:
            return
        rows = session.execute(
            select(
                Pupil.id,
                Pupil.last_name,
                Pupil.first_name,
                Pupil.niveau,
                Establishment.name,
                Pupil.birth_date,
                Pupil.birth_year,
            )
            .outerjoin(Establishment, Establishment.id == Pupil.establishment_id)
            .where(Pupil.anonymised_at.is_(None))
        ).all()
        self._rows = [
            (
                pupil_id,
                fold(last),
                fold(first),
                WalkInCandidate(
                    pupil_id,
                    last,
                    first,
                    niveau,
                    school_label(school),
                    born.year if born is not None else year,
                ),
            )
            for pupil_id, last, first, niveau, school, born, year in rows
        ]
        self._count = count or 0
