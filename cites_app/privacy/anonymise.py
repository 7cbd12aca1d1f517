"""Anonymising a pupil in place: the identifying data goes, the aggregates stay.

Why in place rather than deleting the row: the pupil's attendance and registrations are what
past indicators, revues de projet and exports were computed from. Deleting the pupil (and, by
cascade, those rows) would make last year's figures change after the fact. Replacing every
identifying value keeps those counts exact while nothing left points to the child:

- removed: last name and first name (replaced by « Élève anonymisé » / « n°ID »), birth date
  (only the year stays, for age bands), INE, class label, ULIS / SEGPA markers (a ULIS flag
  says something about a disability), and every parental authorisation;
- kept: establishment, niveau, sex, QPV flag, birth year, registrations and attendance.

Both the retention rule and an erasure request use this function.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.orm import Session

from cites_app import audit
from cites_app.db.database import Database
from cites_app.models import Authorisation, Pupil

PSEUDONYM = "Élève anonymisé"
"""Last name of an anonymised pupil; the first name becomes « n°ID »."""

_CHUNK = 900
_PUPIL: Table = Pupil.__table__  # type: ignore[assignment]


class PrivacyError(ValueError):
    """A privacy request cannot be carried out (unknown pupil…); French message."""


def pseudonym(pupil_id: int) -> tuple[str, str]:
    """(last name, first name) written over an anonymised pupil's names."""
    return PSEUDONYM, f"n°{pupil_id}"


def anonymise_in_session(session: Session, pupil_ids: Iterable[int], now: datetime) -> list[int]:
    """Anonymise these pupils (those not anonymised yet) in the caller's transaction.

    Returns the ids actually anonymised. Deletes their authorisations.
    """
    ids = sorted(set(pupil_ids))
    done: list[int] = []
    statement = (
        update(_PUPIL)
        .where(_PUPIL.c.id == bindparam("b_id"))
        .values(
            last_name=PSEUDONYM,
            first_name=bindparam("v_first_name"),
            birth_date=None,
            birth_year=bindparam("v_birth_year"),
            ine=None,
            class_label=None,
            ulis=False,
            segpa=False,
            anonymised_at=now,
            version=_PUPIL.c.version + 1,
        )
    )
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        rows = session.execute(
            select(Pupil.id, Pupil.birth_date, Pupil.birth_year).where(
                Pupil.id.in_(chunk), Pupil.anonymised_at.is_(None)
            )
        ).all()
        if not rows:
            continue
        params = [
            {
                "b_id": pupil_id,
                "v_first_name": pseudonym(pupil_id)[1],
                "v_birth_year": born.year if born is not None else year,
            }
            for pupil_id, born, year in rows
        ]
        session.execute(statement, params)
        changed = [pupil_id for pupil_id, _, _ in rows]
        session.execute(delete(Authorisation).where(Authorisation.pupil_id.in_(changed)))
        done.extend(changed)
    return done


@dataclass(frozen=True)
class ErasureResult:
    """What an erasure request did: ``already`` when the pupil was anonymised before."""

    pupil_id: int
    already: bool


def erase_pupil(database: Database, pupil_id: int, *, actor: str | None = None) -> ErasureResult:
    """Carry out an erasure request: anonymise the pupil now (see the module docstring).

    Writes a ``privacy.erase`` audit entry (the pupil's number, never a name). Raises
    `PrivacyError` when no pupil has this number. A pupil already anonymised is left as is.
    """
    with database.session() as session:
        pupil = session.get(Pupil, pupil_id)
        if pupil is None:
            raise PrivacyError(f"Aucun élève n°{pupil_id} dans la base")
        if pupil.anonymised_at is not None:
            return ErasureResult(pupil_id, already=True)
        anonymise_in_session(session, [pupil_id], datetime.now())
        audit.record(
            session,
            "privacy.erase",
            f"Demande d'effacement : données nominatives de l'élève n°{pupil_id} effacées "
            "(nom, prénom, date de naissance, INE, classe, autorisations) ; présences et "
            "inscriptions gardées anonymes pour les indicateurs.",
            entity="pupil",
            entity_uuid=pupil.uuid,
            details={"pupil_id": pupil_id},
            actor=actor,
        )
    return ErasureResult(pupil_id, already=False)
