"""Lists of the programme page and choices of the planning forms (no Qt).

The programme's lists are short (tens of actions, partners, venues; a few hundred activities):
each is one query returning light rows. The registration screen's filters (classes, niveaux of
the invited schools) and its authorisation flags are here too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import distinct, func, select

from cites_app.db.database import Database
from cites_app.models import (
    Action,
    Activity,
    ActivityNiveau,
    ActivitySession,
    Authorisation,
    Convention,
    Establishment,
    Facilitator,
    Partner,
    Pupil,
    Registration,
    Venue,
    activity_establishment,
    session_establishment,
)
from cites_app.models.vocabulary import ESTABLISHMENT_KINDS, NIVEAUX
from cites_app.registers.sql import tuples
from cites_app.registers.text import fold
from cites_app.scheduling.authorisations import AuthorisationRow, describe_problem


@dataclass(frozen=True)
class ActionRow:
    id: int
    title: str
    axis: str  # a code of AXES
    porteur: str | None
    school_year: str | None
    budget_planned: Decimal | None
    budget_spent: Decimal | None
    funding_source: str | None
    activities: int


@dataclass(frozen=True)
class ActivityRow:
    id: int
    action_id: int
    title: str
    kind: str
    orientation_kind: str | None
    niveaux: tuple[str, ...]
    invited: int
    capacity: int | None
    max_school_share: float | None
    min_schools: int | None
    seances: int
    registered: int
    waiting: int


@dataclass(frozen=True)
class PartnerRow:
    id: int
    name: str
    kind: str
    contact_name: str | None
    email: str | None
    phone: str | None
    conventions: int
    convention_end: date | None  # the latest end date of its conventions


@dataclass(frozen=True)
class ConventionRow:
    id: int
    partner_id: int
    title: str
    start_date: date | None
    end_date: date | None


@dataclass(frozen=True)
class VenueRow:
    id: int
    name: str
    address: str | None
    commune: str | None
    capacity: int | None
    accessible: bool
    seances: int


@dataclass(frozen=True)
class FacilitatorRow:
    id: int
    name: str
    partner: str | None
    email: str | None
    phone: str | None


@dataclass(frozen=True)
class Choice:
    """An item of a combo box or a check list: its id, its label, a detail in grey."""

    id: int
    label: str
    detail: str = ""


class ProgrammeRegister:
    """Read side of the programme page and of the planning forms."""

    def __init__(self, database: Database) -> None:
        self._database = database

    # -- lists of the programme page ------------------------------------------------------------

    def actions(self) -> list[ActionRow]:
        """Every action, by school year (newest first) then title."""
        activities = (
            select(func.count(Activity.id))
            .where(Activity.action_id == Action.id)
            .correlate(Action)
            .scalar_subquery()
        )
        query = (
            select(
                Action.id,
                Action.title,
                Action.axis,
                Partner.name,
                Action.school_year,
                Action.budget_planned,
                Action.budget_spent,
                Action.funding_source,
                activities,
            )
            .outerjoin(Partner, Partner.id == Action.porteur_id)
            .order_by(Action.school_year.desc(), Action.title, Action.id)
        )
        with self._database.read_session() as session:
            rows = [ActionRow(*values) for values in tuples(session.execute(query).all())]
        return sorted(rows, key=lambda r: (-_year_key(r.school_year), fold(r.title), r.id))

    def activities(self, action_id: int | None = None) -> list[ActivityRow]:
        """Activities of an action (all when None), by title, with their counts."""
        where = [] if action_id is None else [Activity.action_id == action_id]
        with self._database.read_session() as session:
            base = list(
                session.execute(
                    select(
                        Activity.id,
                        Activity.action_id,
                        Activity.title,
                        Activity.kind,
                        Activity.orientation_kind,
                        Activity.capacity,
                        Activity.max_school_share,
                        Activity.min_schools,
                    ).where(*where)
                )
            )
            ids = [values[0] for values in base]
            niveaux: dict[int, list[str]] = {}
            for activity_id, niveau in session.execute(
                select(ActivityNiveau.activity_id, ActivityNiveau.niveau).where(
                    ActivityNiveau.activity_id.in_(ids)
                )
            ):
                niveaux.setdefault(activity_id, []).append(niveau)
            invited = self._counts(
                session.execute(
                    select(
                        activity_establishment.c.activity_id,
                        func.count(activity_establishment.c.establishment_id),
                    )
                    .where(activity_establishment.c.activity_id.in_(ids))
                    .group_by(activity_establishment.c.activity_id)
                )
            )
            seances = self._counts(
                session.execute(
                    select(ActivitySession.activity_id, func.count(ActivitySession.id))
                    .where(ActivitySession.activity_id.in_(ids))
                    .group_by(ActivitySession.activity_id)
                )
            )
            by_status: dict[tuple[int, str], int] = {}
            for registered_to, status, count in session.execute(
                select(
                    Registration.activity_id,
                    Registration.status,
                    func.count(distinct(Registration.pupil_id)),
                )
                .where(Registration.activity_id.in_(ids), Registration.session_id.is_(None))
                .group_by(Registration.activity_id, Registration.status)
            ):
                if registered_to is not None:
                    by_status[(registered_to, status)] = int(count)
        order = {niveau: rank for rank, niveau in enumerate(NIVEAUX)}
        rows = [
            ActivityRow(
                id=values[0],
                action_id=values[1],
                title=values[2],
                kind=values[3],
                orientation_kind=values[4],
                niveaux=tuple(sorted(niveaux.get(values[0], ()), key=order.__getitem__)),
                invited=invited.get(values[0], 0),
                capacity=values[5],
                max_school_share=values[6],
                min_schools=values[7],
                seances=seances.get(values[0], 0),
                registered=by_status.get((values[0], "inscrit"), 0),
                waiting=by_status.get((values[0], "attente"), 0),
            )
            for values in base
        ]
        return sorted(rows, key=lambda r: (fold(r.title), r.id))

    def partners(self) -> list[PartnerRow]:
        """Every partner by name, with the number and latest end of its conventions."""
        conventions = (
            select(
                Convention.partner_id,
                func.count(Convention.id).label("n"),
                func.max(Convention.end_date).label("end"),
            )
            .group_by(Convention.partner_id)
            .subquery()
        )
        query = select(
            Partner.id,
            Partner.name,
            Partner.kind,
            Partner.contact_name,
            Partner.email,
            Partner.phone,
            func.coalesce(conventions.c.n, 0),
            conventions.c.end,
        ).outerjoin(conventions, conventions.c.partner_id == Partner.id)
        with self._database.read_session() as session:
            rows = [PartnerRow(*values) for values in tuples(session.execute(query).all())]
        return sorted(rows, key=lambda r: (fold(r.name), r.id))

    def conventions(self, partner_id: int) -> list[ConventionRow]:
        """Conventions of a partner, latest start first."""
        query = (
            select(
                Convention.id,
                Convention.partner_id,
                Convention.title,
                Convention.start_date,
                Convention.end_date,
            )
            .where(Convention.partner_id == partner_id)
            .order_by(Convention.start_date.desc(), Convention.id)
        )
        with self._database.read_session() as session:
            return [ConventionRow(*values) for values in tuples(session.execute(query).all())]

    def venues(self) -> list[VenueRow]:
        """Every venue by name, with its number of séances."""
        seances = (
            select(func.count(ActivitySession.id))
            .where(ActivitySession.venue_id == Venue.id)
            .correlate(Venue)
            .scalar_subquery()
        )
        query = select(
            Venue.id,
            Venue.name,
            Venue.address,
            Venue.commune,
            Venue.capacity,
            Venue.accessible,
            seances,
        )
        with self._database.read_session() as session:
            rows = [VenueRow(*values) for values in tuples(session.execute(query).all())]
        return sorted(rows, key=lambda r: (fold(r.name), r.id))

    def facilitators(self) -> list[FacilitatorRow]:
        """Every facilitator by name, with the partner employing them."""
        query = select(
            Facilitator.id, Facilitator.name, Partner.name, Facilitator.email, Facilitator.phone
        ).outerjoin(Partner, Partner.id == Facilitator.partner_id)
        with self._database.read_session() as session:
            rows = [FacilitatorRow(*values) for values in tuples(session.execute(query).all())]
        return sorted(rows, key=lambda r: (fold(r.name), r.id))

    # -- choices of the forms ----------------------------------------------------------------

    def activity_choices(self) -> list[Choice]:
        """Activities by title, their action (and school year) as detail; two activities
        with the same title and action are told apart by their number."""
        query = select(Activity.id, Activity.title, Action.title, Action.school_year).join(
            Action, Action.id == Activity.action_id
        )
        with self._database.read_session() as session:
            rows = list(session.execute(query))
        details = {i: f"{action} · {year}" if year else action for i, _, action, year in rows}
        seen: dict[tuple[str, str], int] = {}
        for i, title, _, _ in rows:
            seen[(title, details[i])] = seen.get((title, details[i]), 0) + 1
        choices = [
            Choice(
                i,
                title,
                details[i] + (f" · n° {i}" if seen[(title, details[i])] > 1 else ""),
            )
            for i, title, _, _ in rows
        ]
        return sorted(choices, key=lambda c: (fold(c.label), fold(c.detail), c.id))

    def venue_choices(self) -> list[Choice]:
        return [
            Choice(row.id, row.name, f"{row.capacity} places" if row.capacity else "")
            for row in self.venues()
        ]

    def facilitator_choices(self) -> list[Choice]:
        return [Choice(row.id, row.name, row.partner or "") for row in self.facilitators()]

    def partner_choices(self) -> list[Choice]:
        return [Choice(row.id, row.name) for row in self.partners()]

    def establishment_choices(self) -> list[Choice]:
        """Establishments of the territory first (by name), then the others."""
        query = select(
            Establishment.id,
            Establishment.name,
            Establishment.kind,
            Establishment.commune,
            Establishment.in_territory,
        )
        with self._database.read_session() as session:
            rows = list(session.execute(query))
        rows.sort(key=lambda r: (not r[4], fold(r[1]), r[0]))
        return [
            Choice(
                i,
                name,
                " · ".join(
                    part
                    for part in (
                        ESTABLISHMENT_KINDS.get(kind, kind),
                        commune,
                        "" if inside else "hors territoire",
                    )
                    if part
                ),
            )
            for i, name, kind, commune, inside in rows
        ]

    # -- the registration screen -------------------------------------------------------------

    def invited_schools(self, activity_id: int, session_id: int | None = None) -> list[Choice]:
        """Schools invited to a séance (its own list, else its activity's), by name."""
        with self._database.read_session() as session:
            rows: list[Choice] = []
            if session_id is not None:
                rows = [
                    Choice(i, name)
                    for i, name in session.execute(
                        select(Establishment.id, Establishment.name)
                        .join(
                            session_establishment,
                            session_establishment.c.establishment_id == Establishment.id,
                        )
                        .where(session_establishment.c.session_id == session_id)
                    )
                ]
            if not rows:
                rows = [
                    Choice(i, name)
                    for i, name in session.execute(
                        select(Establishment.id, Establishment.name)
                        .join(
                            activity_establishment,
                            activity_establishment.c.establishment_id == Establishment.id,
                        )
                        .where(activity_establishment.c.activity_id == activity_id)
                    )
                ]
        return sorted(rows, key=lambda c: (fold(c.label), c.id))

    def class_labels(self, establishment_ids: Sequence[int]) -> list[str]:
        """Classes of the pupils of these schools, in natural order ("CM1 A" before "CM2")."""
        if not establishment_ids:
            return []
        query = (
            select(Pupil.class_label)
            .distinct()
            .where(
                Pupil.establishment_id.in_(list(establishment_ids)),
                Pupil.class_label.is_not(None),
                Pupil.anonymised_at.is_(None),
            )
            .order_by(Pupil.class_label)
        )
        with self._database.read_session() as session:
            labels = [label for label in session.scalars(query) if label]
        order = {niveau: rank for rank, niveau in enumerate(NIVEAUX)}
        return sorted(labels, key=lambda c: (order.get(c.split(" ")[0], len(order)), fold(c)))

    def next_day(
        self, activity_id: int, now: datetime, session_id: int | None = None
    ) -> date | None:
        """Day of the séance ``session_id``, else of the activity's next séance that is not
        cancelled (None if none is planned)."""
        if session_id is not None:
            with self._database.read_session() as session:
                moment = session.scalar(
                    select(ActivitySession.starts_at).where(ActivitySession.id == session_id)
                )
            return moment.date() if moment is not None else None
        query = select(func.min(ActivitySession.starts_at)).where(
            ActivitySession.activity_id == activity_id,
            ActivitySession.starts_at >= now,
            ActivitySession.cancelled.is_(False),
        )
        with self._database.read_session() as session:
            moment = session.scalar(query)
        return moment.date() if moment is not None else None

    def without_participation(self, pupil_ids: Iterable[int], day: date) -> set[int]:
        """Pupils of ``pupil_ids`` without a valid participation authorisation on ``day``."""
        wanted = sorted(set(pupil_ids))
        rows: dict[int, list[AuthorisationRow]] = {pupil: [] for pupil in wanted}
        with self._database.read_session() as session:
            for start in range(0, len(wanted), 900):  # below SQLite's bound-parameter limit
                chunk = wanted[start : start + 900]
                for pupil_id, granted, valid_from, valid_until in session.execute(
                    select(
                        Authorisation.pupil_id,
                        Authorisation.granted,
                        Authorisation.valid_from,
                        Authorisation.valid_until,
                    ).where(
                        Authorisation.pupil_id.in_(chunk),
                        Authorisation.kind == "participation",
                    )
                ):
                    rows[pupil_id].append(
                        AuthorisationRow("participation", granted, valid_from, valid_until)
                    )
        return {pupil for pupil, found in rows.items() if describe_problem(found, day)}

    @staticmethod
    def _counts(result: Iterable[tuple[int, int]]) -> dict[int, int]:
        return {key: int(value) for key, value in result}


def _year_key(school_year: str | None) -> int:
    if school_year and school_year[:4].isdigit():
        return int(school_year[:4])
    return 0
