"""The demo programme: partners, venues, actions, activities and their séances."""

from __future__ import annotations

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
    sessions: list[tuple[int, datetime, datetime, bool]] = field(default_factory=list)
    term: int = 0


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


def make_programme(
    rng: random.Random,
    establishments: list[tuple[int, str]],  # (id, kind) in commune order
    session_target: int,
    rentree_year: int,
    school_dates: DatesProvider,
    ids: dict[str, IdCounter],
    group_scale: float = 1.0,
) -> ProgrammeBatch:
    """Actions and activities until about ``session_target`` séances are planned."""
    batch = ProgrammeBatch()
    school_year = f"{rentree_year}-{rentree_year + 1}"
    scale = max(1, session_target // 600)
    partner_ids = _partners(rng, batch, ids, scale, rentree_year)
    venue_ids = _venues(rng, batch, ids, scale)
    facilitator_ids = _facilitators(rng, batch, ids, partner_ids, scale)
    periods = terms(rentree_year)
    kinds_index = {
        audience: [i for i, (est_id, kind) in enumerate(establishments) if kind in kinds]
        for audience, kinds in _AUDIENCE_KINDS.items()
    }
    session_count = 0
    action_titles = [(axis, title) for axis, titles in ACTIONS_BY_AXIS.items() for title in titles]
    round_no = 0
    while session_count < session_target:
        for axis, title in action_titles:
            if session_count >= session_target:
                break
            action_id = ids["action"].next()
            porteur = rng.choice(partner_ids)
            planned = Decimal(rng.randrange(4_000, 40_000, 500))
            batch.add(
                "action",
                {
                    "id": action_id,
                    "uuid": make_uuid(rng),
                    "title": title if round_no == 0 else f"{title} ({round_no + 1})",
                    "axis": axis,
                    "porteur_id": porteur,
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
            candidates = [t for t in TEMPLATES if t.axis == axis] or list(TEMPLATES)
            for template in rng.sample(candidates, k=min(len(candidates), rng.randint(2, 3))):
                pool = kinds_index[template.audience]
                if len(pool) < template.schools[0]:
                    continue
                activity = _activity(
                    rng, batch, ids, action_id, template, pool, establishments, group_scale
                )
                session_count += _sessions(
                    rng, batch, ids, activity, periods, school_dates, venue_ids, facilitator_ids
                )
        round_no += 1
    return batch


def _activity(
    rng: random.Random,
    batch: ProgrammeBatch,
    ids: dict[str, IdCounter],
    action_id: int,
    template: Template,
    pool: list[int],
    establishments: list[tuple[int, str]],
    group_scale: float,
) -> PlannedActivity:
    # Neighbouring positions in commune order stand for neighbouring schools.
    n_schools = rng.randint(*template.schools)
    start = rng.randrange(max(1, len(pool) - n_schools + 1))
    window = pool[start : start + max(n_schools * 2, n_schools)]
    invited = sorted(
        establishments[i][0] for i in rng.sample(window, k=min(n_schools, len(window)))
    )
    slot = rng.choice(template.slots)
    group = round(rng.randint(*template.group) * group_scale)
    activity = PlannedActivity(
        id=ids["activity"].next(),
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
    rng: random.Random,
    batch: ProgrammeBatch,
    ids: dict[str, IdCounter],
    activity: PlannedActivity,
    periods: list[tuple[date, date]],
    school_dates: DatesProvider,
    venue_ids: list[tuple[int, int]],
    facilitator_ids: list[int],
) -> int:
    activity.term = rng.randrange(len(periods))
    first, last = periods[activity.term]
    dates = school_dates(activity.weekday, first, last)
    if not dates:
        return 0
    if not activity.template.series:
        dates = [rng.choice(dates)]
    key = busy_key(activity.weekday, activity.term, activity.slot)
    fitting = [v for v, cap in venue_ids if cap >= activity.group_size]
    venue = batch.book("venue", rng.sample(fitting, k=len(fitting)), key)
    if venue is None:  # every suitable room is taken: the town opens another one
        venue = _new_venue(rng, batch, ids, venue_ids, activity.group_size)
        batch.book("venue", [venue], key)
    staff = []
    for _ in range(1 + activity.group_size // 15):
        person = batch.book("facilitator", rng.sample(facilitator_ids, k=len(facilitator_ids)), key)
        if person is None:
            person = _new_facilitator(rng, batch, ids, facilitator_ids)
            batch.book("facilitator", [person], key)
        staff.append(person)
    series = make_uuid(rng) if len(dates) > 1 else None
    for day in dates:
        session_id = ids["activity_session"].next()
        starts = datetime.combine(day, activity.slot.start)
        ends = datetime.combine(day, activity.slot.end)
        cancelled = rng.random() < 0.02
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
                "attendance_taken_at": None if cancelled else ends + timedelta(minutes=5),
                "version": 1,
            },
        )
        for facilitator in staff:
            batch.add(
                "session_facilitator", {"session_id": session_id, "facilitator_id": facilitator}
            )
        activity.sessions.append((session_id, starts, ends, cancelled))
    return len(dates)


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
