"""Conflicts of the calendar, for the whole database, some séances, or séances not yet written.

Kinds (codes of :data:`CONFLICT_KINDS`): a venue or a facilitator booked twice at overlapping
times, a pupil registered to two overlapping séances (a registration to an activity covers all
its séances), more pupils registered than the séance's places or the venue holds, too few
facilitators for the staffing ratio (:mod:`~cites_app.scheduling.staffing`), a séance during the
class time of an invited school teaching its target niveaux
(:mod:`~cites_app.scheduling.class_times`), a séance on a day without school (holidays of the
territory's zone, public holidays, Ascension bridge). Cancelled séances never conflict, and
back-to-back séances (one ends when the other starts) do not overlap.

Planned séances are checked by writing them in a transaction that is rolled back, so they go
through exactly the same SQL as saved ones.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cites_app.db.database import Database
from cites_app.models import Facilitator, Pupil, Territory
from cites_app.scheduling import conflict_queries as q
from cites_app.scheduling.class_times import load_timetables, teaches_any
from cites_app.scheduling.conflict_queries import SessionFacts
from cites_app.scheduling.planned import PlannedSeances, describe_slot, insert_planned
from cites_app.scheduling.staffing import staffing_need
from cites_app.school_calendar import ClosureChecker, SchoolCalendar, format_time_fr
from cites_app.settings import RATIO_6_AND_OVER, RATIO_UNDER_6, get_setting

CONFLICT_KINDS: dict[str, str] = {
    "venue": "Lieu réservé deux fois",
    "facilitator": "Animateur pris deux fois",
    "pupil": "Élève inscrit à deux séances simultanées",
    "capacity": "Capacité dépassée",
    "venue_capacity": "Capacité du lieu dépassée",
    "staffing": "Taux d'encadrement non respecté",
    "class_time": "Pendant le temps de classe",
    "closed_day": "Jour sans classe",
}
_NAMES_SHOWN = 5


@dataclass(frozen=True)
class Conflict:
    """One problem of the plan: its kind, a French message, and the séances involved.

    ``session_ids`` are saved séances; ``planned_slots`` are indexes into the slots of the
    :class:`PlannedSeances` being checked (empty for saved séances).
    """

    kind: str
    message: str
    day: date
    session_ids: tuple[int, ...]
    pupil_ids: tuple[int, ...] = ()
    planned_slots: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        """French name of the kind ("Lieu réservé deux fois")."""
        return CONFLICT_KINDS[self.kind]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "kind": self.kind,
            "label": self.label,
            "date": self.day.isoformat(),
            "message": self.message,
            "session_ids": list(self.session_ids),
            "pupil_ids": list(self.pupil_ids),
            "planned_slots": list(self.planned_slots),
        }


def closure_checker(session: Session, calendar: SchoolCalendar) -> ClosureChecker | None:
    """The closure rules of the territory's zone, or None without a territory."""
    territory = session.scalars(select(Territory).order_by(Territory.id).limit(1)).first()
    if territory is None:
        return None
    return ClosureChecker(calendar, territory.holiday_zone, alsace_moselle=territory.alsace_moselle)


def find_conflicts(
    session: Session, scope: Collection[int] | None, closures: ClosureChecker | None
) -> list[Conflict]:
    """Conflicts of the séances ``scope`` (every saved one when None), sorted by date.

    A conflict between two séances is reported when at least one of them is in ``scope``.
    """
    venue_pairs = q.venue_pairs(session, scope)
    facilitator_pairs = q.facilitator_pairs(session, scope)
    pupil_pairs = q.pupil_pairs(session, scope)
    involved: set[int] | None = None
    if scope is not None:
        involved = set(scope)
        for pairs in (venue_pairs, facilitator_pairs, pupil_pairs):
            involved.update(i for a, b, _ in pairs for i in (a, b))
    facts = q.session_facts(session, involved)
    ordered = _Orderer(scope)
    conflicts = [
        *_venue_conflicts(venue_pairs, facts, ordered),
        *_facilitator_conflicts(session, facilitator_pairs, facts, ordered),
        *_pupil_conflicts(session, pupil_pairs, facts, ordered),
    ]
    checked = facts if scope is None else {i: facts[i] for i in scope if i in facts}
    conflicts += _session_checks(session, checked, closures)
    return sorted(conflicts, key=lambda c: (c.day, c.session_ids, c.kind))


class _Orderer:
    """Which séance of a pair the message is about: the one in scope, else the later one."""

    def __init__(self, scope: Collection[int] | None) -> None:
        self.scope = scope

    def __call__(self, a: SessionFacts, b: SessionFacts) -> tuple[SessionFacts, SessionFacts]:
        if self.scope is not None and a.id in self.scope and b.id not in self.scope:
            return b, a
        return a, b


def _other_and_subject(
    a: int, b: int, facts: dict[int, SessionFacts], ordered: _Orderer
) -> tuple[SessionFacts, SessionFacts]:
    return ordered(facts[a], facts[b])


def _times(fact: SessionFacts) -> str:
    return f"de {format_time_fr(fact.starts_at.time())} à {format_time_fr(fact.ends_at.time())}"


def _pair_conflict(
    kind: str, who: str, verb: str, other: SessionFacts, subject: SessionFacts
) -> Conflict:
    message = (
        f'{who} {verb} {describe_slot(other.starts_at, other.ends_at)} par "{other.title}" '
        f'(en même temps que "{subject.title}", {_times(subject)}).'
    )
    return Conflict(kind, message, subject.starts_at.date(), _chronological(other, subject))


def _chronological(*facts: SessionFacts) -> tuple[int, ...]:
    """Ids of the séances by start (then id), whichever the message speaks about."""
    return tuple(fact.id for fact in sorted(facts, key=lambda f: (f.starts_at, f.id)))


def _venue_conflicts(
    pairs: list[tuple[int, int, int]], facts: dict[int, SessionFacts], ordered: _Orderer
) -> Iterable[Conflict]:
    for a, b, _venue in pairs:
        other, subject = _other_and_subject(a, b, facts, ordered)
        yield _pair_conflict("venue", other.venue_name or "Lieu", "déjà réservé", other, subject)


def _facilitator_conflicts(
    session: Session,
    pairs: list[tuple[int, int, int]],
    facts: dict[int, SessionFacts],
    ordered: _Orderer,
) -> Iterable[Conflict]:
    ids = {f for _, _, f in pairs}
    names: dict[int, str] = {}
    if ids:
        query = select(Facilitator.id, Facilitator.name).where(q.where_in(Facilitator.id, ids))
        for facilitator_id, name in session.execute(query):
            names[facilitator_id] = name
    for a, b, facilitator in pairs:
        other, subject = _other_and_subject(a, b, facts, ordered)
        yield _pair_conflict(
            "facilitator", names.get(facilitator, "Un animateur"), "déjà pris", other, subject
        )


def _pupil_conflicts(
    session: Session,
    pairs: list[tuple[int, int, int]],
    facts: dict[int, SessionFacts],
    ordered: _Orderer,
) -> Iterable[Conflict]:
    by_pair: dict[tuple[int, int], list[int]] = {}
    for a, b, pupil in pairs:
        by_pair.setdefault((a, b), []).append(pupil)
    ids = {p for _, _, p in pairs}
    names: dict[int, str] = {}
    if ids:
        for pupil_id, first, last in session.execute(
            select(Pupil.id, Pupil.first_name, Pupil.last_name).where(q.where_in(Pupil.id, ids))
        ):
            names[pupil_id] = f"{first} {last}"
    for (a, b), pupils in by_pair.items():
        other, subject = _other_and_subject(a, b, facts, ordered)
        pupils.sort(key=lambda p: names.get(p, ""))
        shown = ", ".join(names.get(p, f"élève n° {p}") for p in pupils[:_NAMES_SHOWN])
        if len(pupils) > _NAMES_SHOWN:
            shown += f" et {len(pupils) - _NAMES_SHOWN} autre(s)"
        count = f"{len(pupils)} élève{'s' if len(pupils) > 1 else ''}"
        message = (
            f'{count} inscrit{"s" if len(pupils) > 1 else ""} à la fois à "{other.title}" '
            f"({describe_slot(other.starts_at, other.ends_at)}) et à "
            f'"{subject.title}" ({_times(subject)}) : {shown}.'
        )
        yield Conflict(
            "pupil",
            message,
            subject.starts_at.date(),
            _chronological(other, subject),
            tuple(pupils),
        )


def _session_checks(
    session: Session, facts: dict[int, SessionFacts], closures: ClosureChecker | None
) -> list[Conflict]:
    """Capacity, staffing, class time and closed days of each séance of ``facts``."""
    if not facts:
        return []
    members = q.members_by_session(session, facts)
    staff = q.facilitator_counts(session, sorted(facts))
    ratio_under, ratio_over = (
        get_setting(session, RATIO_UNDER_6),
        get_setting(session, RATIO_6_AND_OVER),
    )
    invited = q.invited_establishments(session, facts)
    niveaux = q.target_niveaux(session, {fact.activity_id for fact in facts.values()})
    timetables = load_timetables(session, {e for ids in invited.values() for e in ids})
    conflicts: list[Conflict] = []
    for session_id, fact in facts.items():
        day = fact.starts_at.date()
        when = describe_slot(fact.starts_at, fact.ends_at)
        registered = len(members[session_id])
        capacity = _capacity_conflict(fact, registered, when)
        if capacity:
            conflicts.append(capacity)
        need = staffing_need(day, members[session_id], ratio_under, ratio_over)
        adults = staff.get(session_id, 0)
        if adults < need.required:
            conflicts.append(
                Conflict(
                    "staffing",
                    f'"{fact.title}" {when} : {adults} animateur{"s" if adults > 1 else ""} '
                    f"pour {registered} élève{'s' if registered > 1 else ''} "
                    f"(dont {need.under_6} de moins de 6 ans) ; il en faut au moins "
                    f"{need.required} (1 adulte pour {ratio_under} enfants de moins de 6 ans, "
                    f"1 pour {ratio_over} enfants de 6 ans et plus).",
                    day,
                    (session_id,),
                )
            )
        reason = closures.reason(day) if closures is not None else None
        if reason is not None:
            conflicts.append(
                Conflict(
                    "closed_day",
                    f'"{fact.title}" prévu {when}, jour sans classe : {reason}.',
                    day,
                    (session_id,),
                )
            )
            continue  # no class that day: no class-time conflict
        clashes = []
        for est_id in invited[session_id]:
            timetable = timetables.get(est_id)
            if timetable is None or not teaches_any(
                timetable.kind, niveaux.get(fact.activity_id, ())
            ):
                continue
            slots = timetable.clashes(day.weekday(), fact.starts_at.time(), fact.ends_at.time())
            if slots:
                default = ", horaires par défaut" if timetable.is_default else ""
                spans = ", ".join(slot.describe_fr() for slot in slots)
                clashes.append(f"{timetable.name} ({spans}{default})")
        if clashes:
            conflicts.append(
                Conflict(
                    "class_time",
                    f'"{fact.title}" {when} empiète sur le temps de classe : '
                    + " ; ".join(sorted(clashes, key=_fold))
                    + ".",
                    day,
                    (session_id,),
                )
            )
    return conflicts


def _fold(text: str) -> str:
    """Sort key ignoring case and accents (« École » with « Ecole »)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _capacity_conflict(fact: SessionFacts, registered: int, when: str) -> Conflict | None:
    limits = [limit for limit in (fact.capacity, fact.venue_capacity) if limit is not None]
    if not limits or registered <= min(limits):
        return None
    day = fact.starts_at.date()
    venue_binds = fact.venue_capacity is not None and (
        fact.capacity is None or fact.venue_capacity < fact.capacity
    )
    if venue_binds:
        return Conflict(
            "venue_capacity",
            f'"{fact.title}" {when} : {registered} élèves inscrits, mais {fact.venue_name} '
            f"n'accueille que {fact.venue_capacity} personnes.",
            day,
            (fact.id,),
        )
    return Conflict(
        "capacity",
        f'"{fact.title}" {when} : {registered} élèves inscrits pour {fact.capacity} places.',
        day,
        (fact.id,),
    )


class ConflictChecker:
    """Finds conflicts in a database; each call reads one consistent snapshot."""

    def __init__(self, database: Database, calendar: SchoolCalendar | None = None) -> None:
        """``calendar`` defaults to the official calendar shipped with the application."""
        self.database = database
        self._calendar = calendar

    @property
    def calendar(self) -> SchoolCalendar:
        """The school calendar used for closed days (loaded on first use)."""
        if self._calendar is None:
            from cites_app.school_calendar import load_default_calendar  # noqa: PLC0415

            self._calendar = load_default_calendar()
        return self._calendar

    def all_conflicts(self) -> list[Conflict]:
        """Every current conflict of the database."""
        with self.database.read_session() as session:
            return find_conflicts(session, None, closure_checker(session, self.calendar))

    def session_conflicts(self, session_ids: Iterable[int]) -> list[Conflict]:
        """Conflicts involving the given séances (e.g. to list them on a séance's page)."""
        with self.database.read_session() as session:
            return find_conflicts(
                session, set(session_ids), closure_checker(session, self.calendar)
            )

    def planned_conflicts(self, planned: PlannedSeances) -> list[Conflict]:
        """Conflicts the planned séances would have, computed without saving anything."""
        with self.database.read_session() as session:
            rows = insert_planned(session, planned, None)
            index = {row.id: position for position, row in enumerate(rows)}
            found = find_conflicts(session, set(index), closure_checker(session, self.calendar))
            session.rollback()
        return [
            dataclasses.replace(
                conflict,
                session_ids=tuple(i for i in conflict.session_ids if i not in index),
                planned_slots=tuple(index[i] for i in conflict.session_ids if i in index),
            )
            for conflict in found
        ]
