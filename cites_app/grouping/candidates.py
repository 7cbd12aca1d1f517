"""What a composition is computed from: the candidates, the groups' séances, who is unavailable.

A :class:`CandidatePool` is read from the database in one snapshot by
:func:`~cites_app.grouping.loading.load_pool`, or built by hand (tests, benchmarks, the future
drag-and-drop window re-using a pool). Everything downstream — the search, the indicators, the
explanations — is pure and works on the pool alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from cites_app.scheduling.group_mix import UNKNOWN_SCHOOL


class GroupingError(Exception):
    """A request that cannot even be examined (unknown activity, invalid value): French text."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A pupil who may be placed, with what the mix, the fairness and the explanations read.

    ``status`` / ``waiting_rank`` are the pupil's current registration to the activity
    ("inscrit" or "attente"); ``hours_so_far`` the hours the pupil attended this school year
    (all activities); ``school_hours_per_pupil`` the hours attended this year by the pupils of
    the pupil's school, divided by the school's pupils (low = school under-represented so far).
    """

    id: int
    establishment_id: int | None
    establishment_name: str | None
    uai: str | None
    sex: str | None
    niveau: str | None
    qpv: str = "inconnu"
    status: str | None = None
    waiting_rank: int | None = None
    hours_so_far: float = 0.0
    school_hours_per_pupil: float = 0.0

    @property
    def school_label(self) -> str:
        """The school's name as messages show it."""
        return self.establishment_name or UNKNOWN_SCHOOL


@dataclass(frozen=True)
class GroupTrack:
    """The séances one group attends, in date order (empty: no séance mapped to the group).

    ``capacity`` is the smallest own capacity of those séances (None: they have none of their
    own and the activity's capacity applies).
    """

    session_ids: tuple[int, ...] = ()
    description: str = ""
    capacity: int | None = None


#: How the activity's séances were shared between the groups (see :mod:`~.tracks`).
TRACK_RULES: dict[str, str] = {
    "activity": "le groupe suit toutes les séances de l'activité",
    "parallel": "séances simultanées : un groupe par séance de chaque créneau",
    "weekly": "un groupe par créneau hebdomadaire",
    "rotation": "rotation : chaque groupe suit une période de séances consécutives",
    "explicit": "séances choisies pour chaque groupe",
    "none": "aucune séance à venir ne peut être attribuée aux groupes",
}


@dataclass(frozen=True)
class CandidatePool:
    """Candidates of one activity (sorted by id), one track of séances per group, and the
    pupils unavailable for a group, keyed ``(pupil id, group index)`` with a French reason
    (« inscrite à « Atelier échecs » le mercredi 7 janvier 2026 de 14h00 à 16h00 »).

    ``snapshot`` lists the registrations read — ``(pupil id, séance id or None, status,
    waiting rank)`` — so that :func:`~cites_app.grouping.apply.apply_composition` can refuse to
    write over registrations changed in the meantime.
    """

    candidates: tuple[Candidate, ...]
    tracks: tuple[GroupTrack, ...]
    unavailable: Mapping[tuple[int, int], str] = field(default_factory=dict)
    activity_id: int | None = None
    activity_title: str = ""
    activity_capacity: int | None = None
    max_school_share: float | None = None
    min_schools: int | None = None
    since: datetime | None = None
    track_rule: str = "none"
    snapshot: tuple[tuple[int, int | None, str, int | None], ...] = ()

    @property
    def groups(self) -> int:
        """Number of groups the pool was prepared for."""
        return len(self.tracks)

    def is_available(self, pupil_id: int, group: int) -> bool:
        """Whether the pupil may join the group (no overlapping séance elsewhere)."""
        return (pupil_id, group) not in self.unavailable


def group_name(index: int) -> str:
    """« Groupe A », « Groupe B » … « Groupe Z », « Groupe AA » …"""
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"Groupe {letters}"
