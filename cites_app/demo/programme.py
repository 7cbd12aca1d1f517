"""The demo programme: partners, venues, actions, activities and their séances."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from cites_app.demo.catalogue import (
    ACTIONS_BY_AXIS,
    FACILITATOR_FIRST,
    FACILITATOR_LAST,
    PARTNERS,
    TEMPLATES,
    VENUES,
    Slot,
    Template,
)
from cites_app.demo.rows import IdCounter, make_uuid

# Returns the dates of ``weekday`` between two dates on which school is open (holidays skipped).
DatesProvider = Callable[[int, date, date], list[date]]

_AUDIENCE_KINDS = {
    "ecole": ("elementaire", "primaire"),
    "college": ("college",),
    "lycee": ("lycee_gt", "lycee_pro", "lycee_polyvalent"),
    "college_lycee": ("college", "lycee_gt", "lycee_pro", "lycee_polyvalent"),
}


@dataclass
class PlannedActivity:
    id: int
    template: Template
    slot: Slot
    weekday: int
    invited: list[int]  # establishment ids
    group_size: int
    waiting: int
    # (session id, starts, ends, attendance taken): cancelled and future séances have no roll call
    sessions: list[tuple[int, datetime, datetime, bool]] = field(default_factory=list)
    term: int = 0  # rentrée year * 10 + term index: unique across the demo's years


def busy_key(weekday: int, term: int, slot: Slot) -> tuple[int, int, str]:
    """Two activities with the same key may overlap: a person or a room takes only one.

    Coarse on purpose (a whole half-day of a term), so the demo never holds a double booking.
    """
    period = "matin" if slot.start.hour < 12 else ("apm" if slot.end.hour <= 17 else "soir")
    return (weekday, term, period)


@dataclass
class ProgrammeBatch:
    tables: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    activities: list[PlannedActivity] = field(default_factory=list)
    bookings: set[tuple[str, int, tuple[int, int, str]]] = field(default_factory=set)

    def book(self, kind: str, candidates: list[int], key: tuple[int, int, str]) -> int | None:
        """The first free resource among ``candidates`` for ``key`` (booked), or None."""
        for resource in candidates:
            if (kind, resource, key) not in self.bookings:
                self.bookings.add((kind, resource, key))
                return resource
        return None

    def add(self, table: str, row: dict[str, object]) -> None:
        self.tables.setdefault(table, []).append(row)


def terms(rentree_year: int) -> list[tuple[date, date]]:
    """The three periods activities run in (holidays inside them are skipped by the calendar)."""
    y = rentree_year
    return [
        (date(y, 9, 15), date(y, 12, 18)),
        (date(y + 1, 1, 5), date(y + 1, 4, 3)),
        (date(y + 1, 4, 20), date(y + 1, 6, 26)),
    ]


class ProgrammeBuilder:
    """Plans the demo's programme year by year over one set of partners, rooms and staff."""

    def __init__(
        self,
        rng: random.Random,
        establishments: list[tuple[int, str]],  # (id, kind) in commune order
        school_dates: DatesProvider,
        ids: dict[str, IdCounter],
        *,
        scale: int,
        group_scale: float,
        first_year: int,
    ) -> None:
        self.rng = rng
        self.establishments = establishments
        self.school_dates = school_dates
        self.ids = ids
        self.group_scale = group_scale
        self.batch = ProgrammeBatch()
        self.partner_ids = _partners(rng, self.batch, ids, scale, first_year)
        self.venue_ids = _venues(rng, self.batch, ids, scale)
        self.facilitator_ids = _facilitators(rng, self.batch, ids, self.partner_ids, scale)
        self.kinds_index = {
            audience: [i for i, (_, kind) in enumerate(establishments) if kind in kinds]
            for audience, kinds in _AUDIENCE_KINDS.items()
        }

    def plan_year(
        self, rentree_year: int, session_target: int, roll_call_until: datetime | None
    ) -> int:
        """Actions and activities of one school year until ~``session_target`` séances.

        Séances ending before ``roll_call_until`` (all when None) have had their roll call,
        except a few of the last fortnight, as in real life.
        """
        school_year = f"{rentree_year}-{rentree_year + 1}"
        periods = terms(rentree_year)
        count = 0
        titles = [(axis, title) for axis, names in ACTIONS_BY_AXIS.items() for title in names]
        round_no = 0
        while count < session_target:
            for axis, title in titles:
                if count >= session_target:
                    break
                action_id = self._action(axis, title, round_no, school_year)
                candidates = [t for t in TEMPLATES if t.axis == axis] or list(TEMPLATES)
                k = min(len(candidates), self.rng.randint(2, 3))
                for template in self.rng.sample(candidates, k=k):
                    pool = self.kinds_index[template.audience]
                    if len(pool) < template.schools[0]:
                        continue
                    activity = self._activity(action_id, template, pool)
                    term = self.rng.randrange(len(periods))
                    activity.term = rentree_year * 10 + term
                    count += self._sessions(activity, periods[term], roll_call_until)
            round_no += 1
        return count

    def _action(self, axis: str, title: str, round_no: int, school_year: str) -> int:
        rng = self.rng
        action_id = self.ids["action"].next()
        planned = Decimal(rng.randrange(4_000, 40_000, 500))
        self.batch.add(
            "action",
            {
                "id": action_id,
                "uuid": make_uuid(rng),
                "title": title if round_no == 0 else f"{title} ({round_no + 1})",
                "axis": axis,
                "porteur_id": rng.choice(self.partner_ids),
                "school_year": school_year,
                "budget_planned": planned,
                "budget_spent": (planned * Decimal(rng.randint(55, 100)) / 100).quantize(
                    Decimal("0.01")
                ),
                "funding_source": rng.choice(
                    ("Crédits cités éducatives", "Politique de la ville", "Commune")
                ),
                "version": 1,
            },
        )
        return action_id

    def _activity(self, action_id: int, template: Template, pool: list[int]) -> PlannedActivity:
        rng, batch = self.rng, self.batch
        # Neighbouring positions in commune order stand for neighbouring schools.
        n_schools = rng.randint(*template.schools)
        start = rng.randrange(max(1, len(pool) - n_schools + 1))
        window = pool[start : start + n_schools * 2]
        chosen = rng.sample(window, k=min(n_schools, len(window)))
        invited = sorted(self.establishments[i][0] for i in chosen)
        slot = rng.choice(template.slots)
        group = round(rng.randint(*template.group) * self.group_scale)
        activity = PlannedActivity(
            id=self.ids["activity"].next(),
            template=template,
            slot=slot,
            weekday=rng.choice(slot.weekdays),
            invited=invited,
            group_size=group,
            waiting=rng.randint(1, 4) if rng.random() < 0.15 else 0,
        )
        batch.add(
            "activity",
            {
                "id": activity.id,
                "uuid": make_uuid(rng),
                "action_id": action_id,
                "title": template.title,
                "kind": template.kind,
                "orientation_kind": template.orientation_kind,
                "capacity": group,
                "max_school_share": 0.5 if template.series and rng.random() < 0.5 else None,
                "min_schools": 3 if len(invited) >= 3 and rng.random() < 0.5 else None,
                "requires_image_rights": rng.random() < 0.2,
                "version": 1,
            },
        )
        for niveau in template.niveaux:
            batch.add("activity_niveau", {"activity_id": activity.id, "niveau": niveau})
        for est_id in invited:
            batch.add(
                "activity_establishment", {"activity_id": activity.id, "establishment_id": est_id}
            )
        batch.activities.append(activity)
        return activity

    def _sessions(
        self,
        activity: PlannedActivity,
        period: tuple[date, date],
        roll_call_until: datetime | None,
    ) -> int:
        rng, batch = self.rng, self.batch
        dates = self.school_dates(activity.weekday, *period)
        if not dates:
            return 0
        if not activity.template.series:
            dates = [rng.choice(dates)]
        key = busy_key(activity.weekday, activity.term, activity.slot)
        venue = self._book_venue(activity.group_size, key)
        # Enough adults for the accueil de loisirs ratios: 1 per 14 children of 6 and over, 1 per
        # 10 under 6 (a CP pupil born late in the year is still 5 in the autumn).
        ratio = 10 if {"GS", "CP"} & set(activity.template.niveaux) else 14
        adults = max(1, math.ceil(activity.group_size / ratio))
        staff = [self._book_facilitator(key) for _ in range(adults)]
        series = make_uuid(rng) if len(dates) > 1 else None
        for day in dates:
            session_id = self.ids["activity_session"].next()
            starts = datetime.combine(day, activity.slot.start)
            ends = datetime.combine(day, activity.slot.end)
            cancelled = rng.random() < 0.02
            taken = not cancelled and _roll_call_taken(rng, ends, roll_call_until)
            batch.add(
                "activity_session",
                {
                    "id": session_id,
                    "uuid": make_uuid(rng),
                    "activity_id": activity.id,
                    "starts_at": starts,
                    "ends_at": ends,
                    "venue_id": venue,
                    "capacity": activity.group_size,
                    "cancelled": cancelled,
                    "cancel_reason": "Intervenant absent" if cancelled else None,
                    "series_id": series,
                    "attendance_taken_at": ends + timedelta(minutes=5) if taken else None,
                    "version": 1,
                },
            )
            for facilitator in staff:
                batch.add(
                    "session_facilitator",
                    {"session_id": session_id, "facilitator_id": facilitator},
                )
            activity.sessions.append((session_id, starts, ends, taken))
        return len(dates)

    def _book_venue(self, size: int, key: tuple[int, int, str]) -> int:
        fitting = [v for v, cap in self.venue_ids if cap >= size]
        venue = self.batch.book("venue", self.rng.sample(fitting, k=len(fitting)), key)
        if venue is None:  # every suitable room is taken: the town opens another one
            venue = _new_venue(self.rng, self.batch, self.ids, self.venue_ids, size)
            self.batch.book("venue", [venue], key)
        return venue

    def _book_facilitator(self, key: tuple[int, int, str]) -> int:
        pool = self.facilitator_ids
        person = self.batch.book("facilitator", self.rng.sample(pool, k=len(pool)), key)
        if person is None:
            person = _new_facilitator(self.rng, self.batch, self.ids, pool)
            self.batch.book("facilitator", [person], key)
        return person


def _roll_call_taken(rng: random.Random, ends: datetime, until: datetime | None) -> bool:
    if until is None:
        return True
    if ends >= until:
        return False
    # In the last fortnight some roll calls are still waiting to be entered.
    return ends < until - timedelta(days=14) or rng.random() < 0.8


def _partners(
    rng: random.Random,
    batch: ProgrammeBatch,
    ids: dict[str, IdCounter],
    scale: int,
    rentree_year: int,
) -> list[int]:
    result = []
    for copy in range(min(scale, 40)):
        for name, kind in PARTNERS:
            partner_id = ids["partner"].next()
            suffix = "" if copy == 0 else f" — antenne {copy + 1}"
            batch.add(
                "partner",
                {
                    "id": partner_id,
                    "uuid": make_uuid(rng),
                    "name": name + suffix,
                    "kind": kind,
                    "email": f"contact{partner_id}@exemple.org",
                    "version": 1,
                },
            )
            batch.add(
                "convention",
                {
                    "id": ids["convention"].next(),
                    "uuid": make_uuid(rng),
                    "partner_id": partner_id,
                    "title": f"Convention {rentree_year}-{rentree_year + 1}",
                    "start_date": date(rentree_year, 9, 1),
                    "end_date": date(rentree_year + 1, 8, 31),
                    "version": 1,
                },
            )
            result.append(partner_id)
    return result


def _new_venue(
    rng: random.Random,
    batch: ProgrammeBatch,
    ids: dict[str, IdCounter],
    venue_ids: list[tuple[int, int]],
    size: int,
) -> int:
    venue_id = ids["venue"].next()
    capacity = max(30, size + 10)
    batch.add(
        "venue",
        {
            "id": venue_id,
            "uuid": make_uuid(rng),
            "name": f"Salle municipale n° {venue_id} (démo)",
            "capacity": capacity,
            "accessible": True,
            "version": 1,
        },
    )
    venue_ids.append((venue_id, capacity))
    return venue_id


def _new_facilitator(
    rng: random.Random,
    batch: ProgrammeBatch,
    ids: dict[str, IdCounter],
    pool: list[int],
    partner_id: int | None = None,
) -> int:
    facilitator_id = ids["facilitator"].next()
    batch.add(
        "facilitator",
        {
            "id": facilitator_id,
            "uuid": make_uuid(rng),
            "name": f"{rng.choice(FACILITATOR_FIRST)} {rng.choice(FACILITATOR_LAST)} "
            f"{facilitator_id} (démo)",
            "partner_id": partner_id,
            "version": 1,
        },
    )
    pool.append(facilitator_id)
    return facilitator_id


def _venues(
    rng: random.Random, batch: ProgrammeBatch, ids: dict[str, IdCounter], scale: int
) -> list[tuple[int, int]]:
    result = []
    for copy in range(scale):
        for name, capacity, accessible in VENUES:
            venue_id = ids["venue"].next()
            batch.add(
                "venue",
                {
                    "id": venue_id,
                    "uuid": make_uuid(rng),
                    "name": name if copy == 0 else f"{name} {copy + 1}",
                    "capacity": capacity,
                    "accessible": accessible,
                    "version": 1,
                },
            )
            result.append((venue_id, capacity))
    return sorted(result, key=lambda v: v[1])


def _facilitators(
    rng: random.Random,
    batch: ProgrammeBatch,
    ids: dict[str, IdCounter],
    partner_ids: list[int],
    scale: int,
) -> list[int]:
    pool: list[int] = []
    for _ in range(12 * scale):
        _new_facilitator(rng, batch, ids, pool, rng.choice(partner_ids))
    return pool
