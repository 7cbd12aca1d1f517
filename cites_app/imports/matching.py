"""Which stored pupil a row of a file is, and what importing the row would change.

A row is the same pupil as a stored one when their INE are equal, else when their last name,
first name, birth date and establishment are equal once names are folded (« Jean-Pierre » =
« JEAN PIERRE », accents ignored). Stored pupils are loaded once per import, with a handful of
queries whatever the file's size (never one query per row); anonymised pupils never match.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from cites_app.imports.preview import FieldChange
from cites_app.imports.text import fold, richer_text
from cites_app.models import Establishment, Pupil
from cites_app.pupil_files import PupilRow

T = TypeVar("T")

IN_CHUNK = 900
"""Values per ``IN (…)`` list: below SQLite's historical limit of 999 bound parameters."""

IdentityKey = tuple[str, str, date | None, int]
NameKey = tuple[str, str, int]

UPDATABLE = (
    "last_name",
    "first_name",
    "birth_date",
    "birth_year",
    "sex",
    "niveau",
    "class_label",
    "ine",
    "establishment_id",
    "qpv",
    "ulis",
    "segpa",
)
"""Pupil columns an import writes (``birth_year`` follows ``birth_date``)."""

CLASS_LABEL_LENGTH = 60
"""Width of ``pupil.class_label``: longer labels are cut (with a warning)."""


@dataclass(slots=True)
class StoredPupil:
    """The columns of a stored pupil an import compares and may change."""

    id: int
    version: int
    last_name: str
    first_name: str
    birth_date: date | None
    birth_year: int | None
    sex: str | None
    niveau: str | None
    class_label: str | None
    ine: str | None
    establishment_id: int | None
    qpv: str
    ulis: bool
    segpa: bool

    def values(self) -> dict[str, object]:
        """The updatable columns as a dict (the snapshot an update starts from)."""
        return {name: getattr(self, name) for name in UPDATABLE}


_COLUMNS = (
    Pupil.id,
    Pupil.version,
    Pupil.last_name,
    Pupil.first_name,
    Pupil.birth_date,
    Pupil.birth_year,
    Pupil.sex,
    Pupil.niveau,
    Pupil.class_label,
    Pupil.ine,
    Pupil.establishment_id,
    Pupil.qpv,
    Pupil.ulis,
    Pupil.segpa,
)


def chunks(values: Iterable[T], size: int = IN_CHUNK) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` values."""
    iterator = iter(values)
    while chunk := list(islice(iterator, size)):
        yield chunk


def identity_key(last: str, first: str, born: date | None, establishment_id: int) -> IdentityKey:
    """The key two spellings of the same pupil share."""
    return (fold(last), fold(first), born, establishment_id)


class StoredPupils:
    """Stored pupils indexed by INE, by identity, and by name (for files without birth dates)."""

    def __init__(self, pupils: Iterable[StoredPupil]) -> None:
        self.by_id: dict[int, StoredPupil] = {}
        self.by_ine: dict[str, StoredPupil] = {}
        self.by_identity: dict[IdentityKey, list[StoredPupil]] = {}
        self.by_name: dict[NameKey, list[StoredPupil]] = {}
        for pupil in pupils:
            if pupil.id in self.by_id:
                continue
            self.by_id[pupil.id] = pupil
            if pupil.ine:
                self.by_ine[pupil.ine] = pupil
            if pupil.establishment_id is not None:
                key = identity_key(
                    pupil.last_name, pupil.first_name, pupil.birth_date, pupil.establishment_id
                )
                self.by_identity.setdefault(key, []).append(pupil)
                self.by_name.setdefault((key[0], key[1], key[3]), []).append(pupil)

    @classmethod
    def load(
        cls, session: Session, ines: Collection[str], establishment_ids: Collection[int]
    ) -> StoredPupils:
        """The pupils of these establishments, plus those holding one of these INE.

        A few queries whatever the file's size: establishments by chunks of ids, then the INE
        either by chunks (few INE) or, when the file carries more INE than the database holds,
        every stored pupil with an INE in one query.
        """
        found: list[StoredPupil] = []
        active = Pupil.anonymised_at.is_(None)

        def fetch(*conditions: ColumnElement[bool]) -> None:
            rows = session.execute(select(*_COLUMNS).where(active, *conditions))
            found.extend(StoredPupil(*cast(tuple[Any, ...], row)) for row in rows)

        for ids in chunks(sorted(establishment_ids)):
            fetch(Pupil.establishment_id.in_(ids))
        known = {p.ine for p in found if p.ine}
        wanted = sorted(set(ines) - known)
        if len(wanted) > 4 * IN_CHUNK:
            stored = session.scalar(select(func.count()).where(Pupil.ine.is_not(None))) or 0
            if stored <= len(wanted):
                fetch(Pupil.ine.is_not(None))
                return cls(found)
        for group in chunks(wanted):
            fetch(Pupil.ine.in_(group))
        return cls(found)

    def find(self, row: PupilRow, key: IdentityKey) -> tuple[StoredPupil | None, str | None, bool]:
        """The stored pupil of ``row``: (pupil, French problem, matched by INE).

        A problem is returned instead of a pupil when the match is ambiguous (several homonyms
        without birth date) or contradicts the INE (same identity, another INE).
        """
        if row.ine and (stored := self.by_ine.get(row.ine)) is not None:
            return stored, None, True
        if key[2] is not None:
            candidates = self.by_identity.get(key, [])
        else:
            candidates = self.by_name.get((key[0], key[1], key[3]), [])
            if len(candidates) > 1:
                return None, _HOMONYMS.format(len(candidates)), False
        if not candidates:
            return None, None, False
        if len(candidates) > 1:
            return None, _SEVERAL.format(", ".join(f"n°{c.id}" for c in candidates)), False
        stored = candidates[0]
        if row.ine and stored.ine and stored.ine != row.ine:
            return None, _OTHER_INE.format(stored.id, stored.ine, row.ine), False
        return stored, None, False


_HOMONYMS = (
    "{} élèves de cet établissement portent ces nom et prénom : sans date de naissance, "
    "impossible de savoir lequel mettre à jour"
)
_SEVERAL = (
    "plusieurs élèves enregistrés ont ces nom, prénom, date de naissance et établissement ({})"
)
_OTHER_INE = (
    "l'élève n°{} enregistré avec ces nom, prénom, date de naissance et établissement a l'INE "
    "{}, le fichier donne {} : vérifiez l'INE"
)


def load_establishments(session: Session) -> dict[str, tuple[int, str]]:
    """UAI → (id, name) of every stored establishment (a few thousand at most)."""
    query = select(Establishment.uai, Establishment.id, Establishment.name)
    return {uai: (est_id, name) for uai, est_id, name in session.execute(query)}


@dataclass(frozen=True, slots=True)
class ChangeRules:
    """What the file can say about optional values (a file without a ULIS column says nothing)."""

    knows_ulis: bool
    knows_segpa: bool
    establishment_names: dict[int, str]


def _qpv(flag: bool | None) -> str | None:
    return None if flag is None else ("oui" if flag else "non")


def new_record(row: PupilRow, establishment_id: int) -> tuple[object, ...]:
    """`UPDATABLE` values, in order, of a pupil created from ``row`` (unknown QPV: « inconnu »)."""
    born = row.birth_date
    return (
        row.last_name,
        row.first_name,
        born,
        born.year if born else None,
        row.sex,
        row.niveau,
        row.class_label,
        row.ine,
        establishment_id,
        _qpv(row.qpv) or "inconnu",
        row.ulis,
        row.segpa,
    )


def changes_for(
    stored: StoredPupil, row: PupilRow, establishment_id: int, rules: ChangeRules
) -> tuple[FieldChange, ...]:
    """What importing ``row`` over ``stored`` changes. Unknown values never erase known ones."""
    changes: list[FieldChange] = []
    add = changes.append
    for name, old, new in (
        ("last_name", stored.last_name, row.last_name),
        ("first_name", stored.first_name, row.first_name),
    ):
        kept = richer_text(old, new) if fold(old) == fold(new) else new
        if kept != old:
            add(FieldChange(name, old, kept))
    for name, old_value, new_value in (
        ("birth_date", stored.birth_date, row.birth_date),
        ("sex", stored.sex, row.sex),
        ("niveau", stored.niveau, row.niveau),
        ("class_label", stored.class_label, row.class_label),
        ("ine", stored.ine, row.ine),
        ("qpv", stored.qpv, _qpv(row.qpv)),
    ):
        if new_value is not None and new_value != old_value:
            add(FieldChange(name, old_value, new_value))
    if establishment_id != stored.establishment_id:
        names = rules.establishment_names
        add(
            FieldChange(
                "establishment_id",
                stored.establishment_id,
                establishment_id,
                names.get(stored.establishment_id or 0, "(aucun)"),
                names.get(establishment_id, str(establishment_id)),
            )
        )
    for name, old_flag, new_flag, known in (
        ("ulis", stored.ulis, row.ulis, rules.knows_ulis),
        ("segpa", stored.segpa, row.segpa, rules.knows_segpa),
    ):
        if new_flag != old_flag and (new_flag or known):
            add(FieldChange(name, old_flag, new_flag))
    return tuple(changes)


def updated_values(
    snapshot: dict[str, object], changes: Sequence[FieldChange]
) -> dict[str, object]:
    """The stored values with the changes applied (``birth_year`` follows the birth date)."""
    values = dict(snapshot)
    for change in changes:
        values[change.field] = change.new
        if change.field == "birth_date" and isinstance(change.new, date):
            values["birth_year"] = change.new.year
    return values
