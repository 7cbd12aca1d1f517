"""Pupils missing a parental authorisation an activity needs, flagged before the séance.

Participation is always needed; image rights too when the activity ``requires_image_rights``.
An authorisation counts on the day of a séance when it is granted and that day lies within its
validity (``valid_from`` … ``valid_until``, either end open). An expired one is missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cites_app.models import Activity, ActivitySession, Authorisation, Registration
from cites_app.models.vocabulary import AUTHORISATION_KINDS
from cites_app.scheduling import conflict_queries as q
from cites_app.scheduling.registration_lists import PupilRow, Target, members
from cites_app.school_calendar import format_date_fr


@dataclass(frozen=True, slots=True)
class AuthorisationRow:
    """One authorisation of a pupil, as read from the database."""

    kind: str
    granted: bool
    valid_from: date | None
    valid_until: date | None

    def valid_on(self, day: date) -> bool:
        """True if granted and ``day`` is within the validity."""
        return (
            self.granted
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_until is None or day <= self.valid_until)
        )


#: Why an authorisation does not count on a day.
PROBLEMS: dict[str, str] = {
    "absent": "absente",
    "refused": "refusée",
    "expired": "expirée",
    "not_yet": "pas encore valable",
}


@dataclass(frozen=True)
class MissingAuthorisation:
    """A registered pupil without a valid authorisation of ``kind`` on ``day`` (a séance).

    ``problem`` is a code of :data:`PROBLEMS`; ``limit`` the end of an expired authorisation or
    the start of one not yet valid.
    """

    pupil: PupilRow
    kind: str
    day: date
    session_id: int
    problem: str
    limit: date | None = None

    @property
    def message(self) -> str:
        """« Lina Dupont (École Jean-Jaurès) : autorisation de participation absente pour la
        séance du mercredi 7 janvier 2026. »"""
        school = f" ({self.pupil.establishment_name})" if self.pupil.establishment_name else ""
        label = AUTHORISATION_KINDS[self.kind]
        label = label[0].lower() + label[1:]
        e = "e" if self.kind == "participation" else ""  # « droit » is masculine
        what = {
            "absent": f"absent{e}",
            "refused": f"refusé{e}",
            "expired": f"expiré{e} le {format_date_fr(self.limit)}" if self.limit else "",
            "not_yet": f"valable seulement à partir du {format_date_fr(self.limit)}"
            if self.limit
            else "",
        }[self.problem]
        return (
            f"{self.pupil.full_name}{school} : {label} {what} pour la séance du "
            f"{format_date_fr(self.day)}."
        )


def describe_problem(rows: Iterable[AuthorisationRow], day: date) -> tuple[str, date | None] | None:
    """Why no authorisation among ``rows`` (one kind) counts on ``day`` (code of
    :data:`PROBLEMS` and the date involved); None if one does."""
    rows = list(rows)
    if any(row.valid_on(day) for row in rows):
        return None
    granted = [row for row in rows if row.granted]
    if not granted:
        return ("refused", None) if rows else ("absent", None)
    expired = [
        row.valid_until for row in granted if row.valid_until is not None and row.valid_until < day
    ]
    if expired:
        return "expired", max(expired)
    return "not_yet", min(row.valid_from for row in granted if row.valid_from is not None)


def missing_authorisations(
    session: Session, target: Target, from_date: date | None = None
) -> list[MissingAuthorisation]:
    """For each registered pupil and needed kind, the first séance day it is missing.

    ``target`` is a séance, or an activity (its held séances from ``from_date``, default all).
    Sorted by day, then school and name.
    """
    activity = session.get(Activity, target.activity_id)
    assert activity is not None
    kinds = ["participation"] + (["droit_image"] if activity.requires_image_rights else [])
    if target.session_id is not None:
        facts = q.session_facts(session, [target.session_id])
    else:
        ids = select(ActivitySession.id).where(ActivitySession.activity_id == target.activity_id)
        if from_date is not None:
            ids = ids.where(ActivitySession.starts_at >= from_date)
        facts = q.session_facts(session, list(session.scalars(ids)))
    if not facts:
        return []
    by_session = q.members_by_session(session, facts)
    pupil_ids = {m.pupil_id for found in by_session.values() for m in found}
    rows: dict[tuple[int, str], list[AuthorisationRow]] = {}
    for chunk in q.chunks(sorted(pupil_ids)):
        for pupil_id, kind, granted, valid_from, valid_until in session.execute(
            select(
                Authorisation.pupil_id,
                Authorisation.kind,
                Authorisation.granted,
                Authorisation.valid_from,
                Authorisation.valid_until,
            ).where(Authorisation.pupil_id.in_(chunk))
        ):
            rows.setdefault((pupil_id, kind), []).append(
                AuthorisationRow(kind, granted, valid_from, valid_until)
            )
    first_problem: dict[tuple[int, str], tuple[date, int, tuple[str, date | None]]] = {}
    for fact in sorted(facts.values(), key=lambda f: (f.starts_at, f.id)):
        day = fact.starts_at.date()
        for member in by_session[fact.id]:
            for kind in kinds:
                key = (member.pupil_id, kind)
                if key in first_problem:
                    continue
                problem = describe_problem(rows.get(key, ()), day)
                if problem is not None:
                    first_problem[key] = (day, fact.id, problem)
    pupils = _pupil_rows(session, target, {pupil for pupil, _ in first_problem})
    result = [
        MissingAuthorisation(pupils[pupil_id], kind, day, session_id, problem, limit)
        for (pupil_id, kind), (day, session_id, (problem, limit)) in first_problem.items()
    ]
    return sorted(
        result,
        key=lambda m: (
            m.day,
            m.pupil.establishment_name or "",
            m.pupil.last_name,
            m.pupil.first_name,
            list(AUTHORISATION_KINDS).index(m.kind),
        ),
    )


def _pupil_rows(session: Session, target: Target, pupil_ids: set[int]) -> dict[int, PupilRow]:
    if not pupil_ids:
        return {}
    found = {row.id: row for row in members(session, target) if row.id in pupil_ids}
    if target.session_id is None and len(found) < len(pupil_ids):
        # Pupils registered to single séances of the activity only.
        for seance_id in _own_sessions(session, target.activity_id):
            seance = Target(target.activity_id, seance_id, target.title, None)
            for row in members(session, seance):
                if row.id in pupil_ids and row.id not in found:
                    found[row.id] = row
    return found


def _own_sessions(session: Session, activity_id: int) -> list[int]:
    return list(
        session.scalars(
            select(Registration.session_id)
            .join(ActivitySession, ActivitySession.id == Registration.session_id)
            .where(ActivitySession.activity_id == activity_id)
            .distinct()
        )
    )
