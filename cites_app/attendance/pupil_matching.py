"""Which pupil of the database a row of an imported file names.

The rule is the pupil import's: **by INE, else by normalised last name + first name + birth
date + establishment** (when the file has no birth date, by name and establishment if that names
exactly one pupil). The importer only depends on the small :class:`PupilMatcher` protocol and
receives a factory, so the pupil import's own matcher (``cites_app.imports``) can replace
:class:`NamePupilMatcher` without touching the attendance import.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from cites_app.models import Pupil
from cites_app.registers.text import fold

_SEPARATORS = re.compile(r"[\s\-‐‑–'’`.]+")


def name_key(text: str) -> str:
    """« Jean-Baptiste » and « JEAN BAPTISTE » give the same key: folded, hyphens, apostrophes
    and spaces collapsed."""
    return " ".join(_SEPARATORS.sub(" ", fold(text)).split())


@dataclass(frozen=True)
class PupilIdentity:
    """What a file row says about who a pupil is."""

    last_name: str
    first_name: str
    birth_date: date | None
    establishment_id: int | None
    ine: str | None = None


class PupilMatcher(Protocol):
    """Finds pupils; ``remember`` makes later rows find a pupil planned by this import (its
    id may then be a negative placeholder)."""

    def match(self, identity: PupilIdentity) -> int | None: ...

    def remember(self, identity: PupilIdentity, pupil_id: int) -> None: ...


PupilMatcherFactory = Callable[[Session], PupilMatcher]
"""Builds a matcher over the pupils of the database (in the import's transaction)."""


class NamePupilMatcher:
    """INE, else name + birth date + establishment (see the module docstring)."""

    def __init__(self) -> None:
        self._by_ine: dict[str, int] = {}
        self._by_key: dict[tuple[str, str, date | None, int | None], int] = {}
        self._by_name: dict[tuple[str, str, int | None], list[int]] = {}

    @classmethod
    def load(cls, session: Session) -> NamePupilMatcher:
        """A matcher over every pupil of the database that is not anonymised."""
        matcher = cls()
        rows = session.execute(
            select(
                Pupil.id,
                Pupil.last_name,
                Pupil.first_name,
                Pupil.birth_date,
                Pupil.establishment_id,
                Pupil.ine,
            )
            .where(Pupil.anonymised_at.is_(None))
            .order_by(Pupil.id)
        )
        for pupil_id, last, first, born, school, ine in rows:
            matcher.remember(PupilIdentity(last, first, born, school, ine), pupil_id)
        return matcher

    def match(self, identity: PupilIdentity) -> int | None:
        if identity.ine and identity.ine in self._by_ine:
            return self._by_ine[identity.ine]
        last, first = name_key(identity.last_name), name_key(identity.first_name)
        if identity.birth_date is not None:
            return self._by_key.get((last, first, identity.birth_date, identity.establishment_id))
        same_name = self._by_name.get((last, first, identity.establishment_id), [])
        return same_name[0] if len(same_name) == 1 else None

    def remember(self, identity: PupilIdentity, pupil_id: int) -> None:
        if identity.ine:
            self._by_ine.setdefault(identity.ine, pupil_id)
        last, first = name_key(identity.last_name), name_key(identity.first_name)
        key = (last, first, identity.birth_date, identity.establishment_id)
        self._by_key.setdefault(key, pupil_id)
        self._by_name.setdefault((last, first, identity.establishment_id), []).append(pupil_id)
