"""Per-school figures of a period: who takes part, how much, and whom their pupils meet.

Only children with a known school enter the cross-school figures (other schools met, exposure):
a child without a school can be neither "from the same school" nor "from another one".
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from cites_app.indicators.queries import SchoolRecord
from cites_app.indicators.table import FloatArray, IntArray, weighted_bincount
from cites_app.indicators.territory_frame import MixFrame, ips_band, tally
from cites_app.indicators.within_unit import contact_rates_from_sums


@dataclass(frozen=True, eq=False)
class SessionSchoolPairs:
    """Headcount of each school in each séance: one entry per (séance, school) present.

    Entries are sorted by séance then school; ``inverse[k]`` is the entry of the ``k``-th
    known-school participation. ``sizes[s]`` counts the children of séance ``s`` who have a
    school.
    """

    session: IntArray
    school: IntArray
    count: IntArray
    inverse: IntArray
    sizes: FloatArray

    @classmethod
    def of(cls, frame: MixFrame) -> SessionSchoolPairs:
        known = frame.known_school
        n_schools = max(len(frame.data.schools), 1)
        codes = frame.data.part_session[known] * n_schools + frame.part_school[known]
        pairs, inverse, count = tally(codes)
        session = pairs // n_schools
        sizes = np.bincount(session, weights=count, minlength=len(frame.data.session_ids)).astype(
            np.float64
        )
        return cls(session, pairs % n_schools, count, inverse, sizes)

    def contact_rates(self) -> FloatArray:
        """Cross-school contact rate of every séance (``NaN`` below two children)."""
        squares = weighted_bincount(self.session, self.count**2, len(self.sizes))
        return contact_rates_from_sums(self.sizes, squares)

    def mean_contact_rates(self, session_group: IntArray, n_groups: int) -> FloatArray:
        """Contact rates averaged over groups of séances, weighted by their children.

        Séances of fewer than two children are left out; ``NaN`` for a group without any other.
        """
        rates = self.contact_rates()
        defined = self.sizes > 1
        sums = np.bincount(
            session_group[defined], weights=(self.sizes * rates)[defined], minlength=n_groups
        )
        weights = np.bincount(
            session_group[defined], weights=self.sizes[defined], minlength=n_groups
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            means: FloatArray = np.where(weights > 0, sums / weights, np.nan)
        return means

    def peer_share_from_other_schools(self, frame: MixFrame) -> FloatArray:
        """Per known-school participation: share of its séance peers from another school.

        ``(n_s − n_sk) / (n_s − 1)``; ``NaN`` when the child is alone in the séance.
        """
        n = self.sizes[frame.data.part_session[frame.known_school]]
        same = self.count[self.inverse].astype(np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            share: FloatArray = np.where(n > 1, (n - same) / (n - 1), np.nan)
        return share


@dataclass(frozen=True)
class SchoolIndicators:
    """One establishment over the period.

    ``participants``: distinct pupils present at least once; ``participation_rate``:
    participants / enrolment (``None`` when the enrolment is unknown); ``sessions``: séances with
    at least one of its pupils present; ``hours``: hours attended by its pupils, added up;
    ``other_schools_met``: distinct other schools present in those séances;
    ``exposure_to_other_schools``: the share of its pupils' séance peers who come from another
    school, averaged over its pupils' participations (``None`` when they were always alone).
    """

    uai: str
    name: str
    kind: str
    sector: str | None
    commune: str | None
    in_territory: bool
    education_prioritaire: str | None
    ips: float | None
    ips_sd: float | None
    ips_rentree: str | None
    ips_band: str
    enrolment: int | None
    participants: int
    participation_rate: float | None
    participations: int
    sessions: int
    hours: float
    other_schools_met: int
    exposure_to_other_schools: float | None

    @property
    def takes_part(self) -> bool:
        return self.participants > 0

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def school_indicators(
    frame: MixFrame, pairs: SessionSchoolPairs | None = None
) -> list[SchoolIndicators]:
    """Every establishment of the territory, and any other whose pupils took part.

    Ordered by name; schools that never take part have ``participants == 0``.
    """
    data = frame.data
    pairs = pairs or SessionSchoolPairs.of(frame)
    n_schools = len(data.schools)
    known = frame.known_school
    school_of_part = frame.part_school[known]
    pupils_with_school = data.pupil_school[data.pupil_school >= 0]
    participants = np.bincount(pupils_with_school, minlength=n_schools)
    participations = np.bincount(school_of_part, minlength=n_schools)
    hours = np.bincount(school_of_part, weights=data.part_hours[known], minlength=n_schools)
    sessions = np.bincount(pairs.school, minlength=n_schools)
    exposure = _mean_by(school_of_part, pairs.peer_share_from_other_schools(frame), n_schools)
    met = _other_schools_met(pairs, n_schools)
    result = []
    for j, school in enumerate(data.schools):
        if not (school.in_territory or participants[j] > 0):
            continue
        result.append(
            SchoolIndicators(
                uai=school.uai,
                name=school.name,
                kind=school.kind,
                sector=school.sector,
                commune=school.commune,
                in_territory=school.in_territory,
                education_prioritaire=school.education_prioritaire,
                ips=school.ips,
                ips_sd=school.ips_sd,
                ips_rentree=school.ips_rentree,
                ips_band=ips_band(school.ips),
                enrolment=school.enrolment,
                participants=int(participants[j]),
                participation_rate=_rate(int(participants[j]), school),
                participations=int(participations[j]),
                sessions=int(sessions[j]),
                hours=float(hours[j]),
                other_schools_met=int(met[j]),
                exposure_to_other_schools=finite_or_none(exposure[j]),
            )
        )
    return result


def _rate(participants: int, school: SchoolRecord) -> float | None:
    if not school.enrolment:
        return None
    return participants / school.enrolment


def _mean_by(groups: IntArray, values: FloatArray, size: int) -> FloatArray:
    """Mean of the defined (non-NaN) values of each group; ``NaN`` for a group without any."""
    defined = ~np.isnan(values)
    sums = np.bincount(groups[defined], weights=values[defined], minlength=size)
    counts = np.bincount(groups[defined], minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        means: FloatArray = np.where(counts > 0, sums / counts, np.nan)
    return means


def _other_schools_met(pairs: SessionSchoolPairs, n_schools: int) -> IntArray:
    """For each school, the number of distinct other schools met in at least one séance."""
    if len(pairs.session) == 0:
        return np.zeros(n_schools, dtype=np.int64)
    # Entries are sorted by séance: pair every entry with every entry of its séance.
    starts = np.flatnonzero(np.diff(pairs.session, prepend=-1))
    lengths = np.diff(starts, append=len(pairs.session))
    group_start = np.repeat(starts, lengths)
    group_length = np.repeat(lengths, lengths)
    left = np.repeat(np.arange(len(pairs.session)), group_length)
    offset = np.arange(len(left)) - np.repeat(np.cumsum(group_length) - group_length, group_length)
    right = group_start[left] + offset
    met = np.zeros((n_schools, n_schools), dtype=bool)
    met[pairs.school[left], pairs.school[right]] = True
    met[np.arange(n_schools), np.arange(n_schools)] = False
    counts: IntArray = met.sum(axis=1).astype(np.int64)
    return counts


def finite_or_none(value: float | np.floating[Any]) -> float | None:
    """A float for JSON: ``None`` instead of ``NaN`` or infinity."""
    number = float(value)
    return number if math.isfinite(number) else None
