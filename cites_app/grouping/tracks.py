"""How N groups map to the activity's séances (pure; the rule is documented for coordinators).

The data model has no "group" table: a group *is* the set of séances its pupils are registered
to. Among the activity's held séances from a date on (in date order), the first rule that fits
decides:

1. **one group** — the group is the whole activity: its pupils are registered to the activity
   (every séance), the others go on the activity's waiting list;
2. **parallel séances** — séances starting at the same moment form a slot; when every slot holds
   exactly N séances (N rooms at once), group *i* takes the *i*-th séance of each slot (in the
   order they were created);
3. **weekly slots** — when the séances fall into exactly N weekly slots (same weekday, start and
   end time: e.g. Wednesday 14h and Wednesday 15h30), group *i* takes the *i*-th slot;
4. **rotation** — otherwise, with at least N séances, the séances are cut into N periods of
   consecutive séances, as equal as possible (group A the first weeks, group B the next…).

With fewer séances than groups no rule fits: the groups can still be composed (to plan them),
but not applied. The caller may also give the séances of each group explicitly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from cites_app.grouping.candidates import GroupingError, GroupTrack
from cites_app.school_calendar import format_date_fr, format_time_fr
from cites_app.school_calendar.french_format import WEEKDAYS_FR


@dataclass(frozen=True, slots=True)
class SessionSlot:
    """A held séance of the activity: when, and its own capacity (None: the activity's)."""

    id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int | None = None


def map_tracks(
    sessions: Sequence[SessionSlot],
    groups: int,
    explicit: Sequence[Sequence[int]] | None = None,
) -> tuple[str, tuple[GroupTrack, ...]]:
    """The rule used (a key of :data:`~cites_app.grouping.candidates.TRACK_RULES`) and one
    track per group."""
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.id))
    if explicit is not None:
        return "explicit", _explicit(ordered, groups, explicit)
    if groups == 1:
        return "activity", (_track(ordered),) if ordered else (GroupTrack(),)
    parallel = _parallel(ordered, groups)
    if parallel is not None:
        return "parallel", parallel
    weekly = _weekly(ordered, groups)
    if weekly is not None:
        return "weekly", weekly
    if len(ordered) >= groups:
        return "rotation", _rotation(ordered, groups)
    return "none", tuple(GroupTrack() for _ in range(groups))


def _track(sessions: Sequence[SessionSlot], what: str | None = None) -> GroupTrack:
    capacities = [s.capacity for s in sessions if s.capacity is not None]
    count = len(sessions)
    if what is None:
        first, last = sessions[0].starts_at, sessions[-1].starts_at
        what = (
            f"le {format_date_fr(first.date())} à {format_time_fr(first.time())}"
            if count == 1
            else f"du {format_date_fr(first.date())} au {format_date_fr(last.date())}"
        )
    return GroupTrack(
        session_ids=tuple(s.id for s in sessions),
        description=f"{count} séance{'s' if count > 1 else ''} {what}",
        capacity=min(capacities) if capacities else None,
    )


def _explicit(
    ordered: Sequence[SessionSlot], groups: int, explicit: Sequence[Sequence[int]]
) -> tuple[GroupTrack, ...]:
    if len(explicit) != groups:
        raise GroupingError(
            f"{len(explicit)} listes de séances données pour {groups} groupes : il en faut une "
            "par groupe."
        )
    by_id = {s.id: s for s in ordered}
    seen: set[int] = set()
    tracks = []
    for ids in explicit:
        unknown = [i for i in ids if i not in by_id]
        if unknown:
            raise GroupingError(
                f"La séance n° {unknown[0]} n'est pas une séance à venir de cette activité."
            )
        repeated = seen.intersection(ids)
        if repeated:
            raise GroupingError(
                f"La séance n° {min(repeated)} est attribuée à deux groupes : chaque séance "
                "appartient à un seul groupe."
            )
        seen.update(ids)
        chosen = sorted((by_id[i] for i in ids), key=lambda s: (s.starts_at, s.id))
        tracks.append(_track(chosen) if chosen else GroupTrack())
    return tuple(tracks)


def _parallel(ordered: Sequence[SessionSlot], groups: int) -> tuple[GroupTrack, ...] | None:
    slots: dict[datetime, list[SessionSlot]] = {}
    for s in ordered:
        slots.setdefault(s.starts_at, []).append(s)
    if not slots or any(len(members) != groups for members in slots.values()):
        return None
    columns: list[list[SessionSlot]] = [[] for _ in range(groups)]
    for members in slots.values():
        for index, s in enumerate(sorted(members, key=lambda s: s.id)):
            columns[index].append(s)
    return tuple(_track(column) for column in columns)


def _weekly(ordered: Sequence[SessionSlot], groups: int) -> tuple[GroupTrack, ...] | None:
    patterns: dict[tuple[int, object, object], list[SessionSlot]] = {}
    for s in ordered:
        key = (s.starts_at.weekday(), s.starts_at.time(), s.ends_at.time())
        patterns.setdefault(key, []).append(s)
    if len(patterns) != groups:
        return None
    tracks = []
    for weekday, start, end in sorted(patterns):
        members = patterns[(weekday, start, end)]
        first = members[0]
        tracks.append(
            _track(
                members,
                f"le {WEEKDAYS_FR[weekday]} de {format_time_fr(first.starts_at.time())} "
                f"à {format_time_fr(first.ends_at.time())}",
            )
        )
    return tuple(tracks)


def _rotation(ordered: Sequence[SessionSlot], groups: int) -> tuple[GroupTrack, ...]:
    base, extra = divmod(len(ordered), groups)
    tracks = []
    start = 0
    for index in range(groups):
        size = base + (1 if index < extra else 0)
        tracks.append(_track(ordered[start : start + size]))
        start += size
    return tuple(tracks)
