"""Registrations, parental authorisations and attendance of the demo pupils."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from cites_app.demo.people import PupilBatch
from cites_app.demo.programme import PlannedActivity, busy_key
from cites_app.demo.rows import IdCounter, make_uuid


@dataclass
class Enrolment:
    registrations: list[dict[str, object]] = field(default_factory=list)
    authorisations: list[dict[str, object]] = field(default_factory=list)
    # activity id -> registered pupils (status "inscrit"), in registration order
    members: dict[int, list[int]] = field(default_factory=dict)


def register_pupils(
    rng: random.Random,
    activities: list[PlannedActivity],
    pupils: PupilBatch,
    ids: IdCounter,
    valid: tuple[date, date],
) -> Enrolment:
    """Fill each activity from its invited schools, never putting a child in two places at once."""
    result = Enrolment()
    busy: set[tuple[int, tuple[int, int, str]]] = set()
    authorised: set[int] = set()
    for activity in activities:
        if not activity.sessions:
            continue
        key = busy_key(activity.weekday, activity.term, activity.slot)
        # Schools do not send equal numbers: each gets a random weight.
        per_school: list[list[int]] = []
        for est_id in activity.invited:
            pool = [
                p
                for niveau in activity.template.niveaux
                for p in pupils.by_school_niveau.get((est_id, niveau), ())
                if (p, key) not in busy
            ]
            rng.shuffle(pool)
            weight = rng.uniform(0.4, 1.6)
            per_school.append(
                pool[: max(1, round(weight * activity.group_size / len(activity.invited)))]
            )
        chosen = [p for group in per_school for p in group]
        rng.shuffle(chosen)
        members = chosen[: activity.group_size]
        waiting = chosen[activity.group_size : activity.group_size + activity.waiting]
        for pupil_id in members:
            busy.add((pupil_id, key))
            result.registrations.append(_registration(rng, ids, pupil_id, activity.id, None))
            if pupil_id not in authorised:
                authorised.add(pupil_id)
                result.authorisations.extend(_authorisations(rng, pupil_id, valid))
        for rank, pupil_id in enumerate(waiting, start=1):
            result.registrations.append(_registration(rng, ids, pupil_id, activity.id, rank))
        result.members[activity.id] = members
    return result


def _registration(
    rng: random.Random, ids: IdCounter, pupil_id: int, activity_id: int, rank: int | None
) -> dict[str, object]:
    return {
        "id": ids.next(),
        "uuid": make_uuid(rng),
        "pupil_id": pupil_id,
        "activity_id": activity_id,
        "session_id": None,
        "status": "attente" if rank else "inscrit",
        "waiting_rank": rank,
        "version": 1,
    }


def _authorisations(
    rng: random.Random, pupil_id: int, valid: tuple[date, date]
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    start, end = valid
    if rng.random() < 0.97:  # a few families have not returned the form yet
        rows.append(
            {
                "uuid": make_uuid(rng),
                "pupil_id": pupil_id,
                "kind": "participation",
                "granted": True,
                "scope": None,
                "valid_from": start,
                "valid_until": end,
                "version": 1,
            }
        )
    if rng.random() < 0.85:
        rows.append(
            {
                "uuid": make_uuid(rng),
                "pupil_id": pupil_id,
                "kind": "droit_image",
                "granted": rng.random() < 0.8,
                "scope": rng.choice(("usage interne", "usage interne et presse locale")),
                "valid_from": start,
                "valid_until": end,
                "version": 1,
            }
        )
    return rows


def attendance_rows(
    rng: random.Random, activities: list[PlannedActivity], enrolment: Enrolment, ids: IdCounter
) -> Iterator[dict[str, object]]:
    """One présence per registered pupil and held séance (streamed: tier L has millions)."""
    for activity in activities:
        members = enrolment.members.get(activity.id, [])
        for session_id, starts, ends, taken in activity.sessions:
            if not taken:
                continue
            duration = int((ends - starts).total_seconds() // 60)
            for pupil_id in members:
                draw = rng.random()
                status = (
                    "present"
                    if draw < 0.84
                    else ("absent_excuse" if draw < 0.92 else "absent_non_excuse")
                )
                minutes = None
                if status == "present" and rng.random() < 0.04:  # left early / arrived late
                    minutes = duration - rng.choice((15, 30, 45))
                yield {
                    "id": ids.next(),
                    "uuid": make_uuid(rng),
                    "session_id": session_id,
                    "pupil_id": pupil_id,
                    "status": status,
                    "minutes": minutes,
                    "recorded_at": ends,
                    "recorded_by": "démo",
                    "version": 1,
                }
