"""Communes: the territory's, the ones a user names (« 93055 » or « Pré-Saint-Gervais »), and
readable spellings of the all-capitals names of the open-data files."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from cites_app.imports.text import fold, is_all_capitals
from cites_app.models import TerritoryCommune
from cites_app.opendata import EstablishmentRecord, OpenDataError
from cites_app.opendata.names import tidy_establishment_name

_CODE = re.compile(r"(?:\d{5}|2[AB]\d{3})")


@dataclass(frozen=True)
class CommuneSet:
    """Communes given by INSEE code or by name (compared folded: accents, case, dashes ignored)."""

    codes: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    asked: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def parse(cls, values: Iterable[str]) -> CommuneSet:
        """« 93055 », « 2A004 », « Pantin », « le pré saint-gervais »… (blank values ignored)."""
        codes, names, asked = set(), set(), []
        for value in values:
            text = value.strip()
            if not text:
                continue
            asked.append(text)
            if _CODE.fullmatch(text.upper()):
                codes.add(text.upper())
            else:
                names.add(fold(text))
        return cls(frozenset(codes), frozenset(names), tuple(asked))

    def __bool__(self) -> bool:
        return bool(self.codes or self.names)

    def contains(self, code_insee: str | None, name: str | None) -> bool:
        """True when the commune (code or name) is one of the set."""
        return (code_insee is not None and code_insee in self.codes) or (
            name is not None and fold(name) in self.names
        )

    def matches(self, record: EstablishmentRecord) -> bool:
        """True when the establishment's commune is one of the set."""
        return self.contains(record.code_insee, record.commune)

    def unmatched(self, records: Iterable[EstablishmentRecord]) -> list[str]:
        """The values asked for that no record matched (likely typos)."""
        codes: set[str] = set()
        names: set[str] = set()
        for record in records:
            if record.code_insee:
                codes.add(record.code_insee)
            if record.commune:
                names.add(fold(record.commune))
        missing = []
        for value in self.asked:
            code = value.upper()
            found = code in codes if _CODE.fullmatch(code) else fold(value) in names
            if not found:
                missing.append(value)
        return missing


def territory_communes(session: Session) -> CommuneSet:
    """The communes of the territory (empty when none was declared)."""
    rows = session.execute(select(TerritoryCommune.code_insee, TerritoryCommune.name)).all()
    return CommuneSet(
        frozenset(code for code, _ in rows if code),
        frozenset(fold(name) for _, name in rows if name),
        tuple(name for _, name in rows),
    )


@lru_cache(maxsize=1)
def _official_names() -> dict[str, list[str]]:
    from cites_app.demo.establishments import commune_names  # noqa: PLC0415 - optional data

    try:
        return commune_names()
    except (OpenDataError, OSError):
        return {}


def readable_commune(name: str | None, code_insee: str | None) -> str | None:
    """« PRE SAINT GERVAIS » → « Le Pré-Saint-Gervais » when the bundled list knows the commune,
    else « Pre Saint Gervais »; names already in mixed case are kept as written."""
    if not name or not is_all_capitals(name):
        return name
    wanted = fold(name)
    for candidate in _official_names().get(code_insee or "", []):
        if fold(candidate) == wanted or fold(candidate).endswith(" " + wanted):
            return candidate
    return tidy_establishment_name(name)
