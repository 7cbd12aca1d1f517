"""The mix indicators of a territory over a period: what the dashboard, the CLI and the
prefecture workbook show (DESIGN.md §5, issue 6).

Entry point: :func:`territory_indicators`. The pieces it assembles can be reused on one loaded
:class:`~cites_app.indicators.territory_frame.MixFrame` (see :func:`load_frame`):
:func:`~cites_app.indicators.territory_schools.school_indicators`,
:func:`~cites_app.indicators.territory_sessions.session_indicators`,
:func:`~cites_app.indicators.territory_sessions.activity_indicators`,
:func:`~cites_app.indicators.territory_sessions.monthly_trend` and :func:`territory_summary`.

The territory figures compare **the same participating children** grouped two ways: by school
and by séance. Each participation (a pupil present at a séance) is one record, weighted by 1 or
by its attended hours; children without a known school are left out of these comparisons (and
counted in a note). ``ΔH = H_schools − H_sessions`` is the mixing gain; ``H_sessions`` is shown
beside its value when séance labels are shuffled at random (seeded, ``indicators.random_shuffles``
shuffles), because small séances look segregated by chance alone.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from cites_app.db.database import Database
from cites_app.indicators.engine import Segregation, segregation, two_group
from cites_app.indicators.queries import (
    QPV_CODES,
    last_school_year_with_attendance,
    load_territory_data,
)
from cites_app.indicators.random_baseline import (
    CHANCE_SHARE,
    DEFAULT_SEED,
    Interval,
    random_baseline,
)
from cites_app.indicators.table import BoolArray, CountTable, FloatArray
from cites_app.indicators.territory_chance import expected_contact_rate
from cites_app.indicators.territory_frame import CATEGORIES, MixFrame, tally, validate_choice
from cites_app.indicators.territory_period import Period, PeriodError
from cites_app.indicators.territory_schools import (
    SchoolIndicators,
    SessionSchoolPairs,
    finite_or_none,
    school_indicators,
)
from cites_app.indicators.territory_sessions import (
    ActivityIndicators,
    MonthIndicators,
    SessionIndicators,
    activity_indicators,
    bounded_h,
    monthly_trend,
    session_indicators,
)
from cites_app.settings import RANDOM_SHUFFLES, SMALL_GROUP, get_setting


@dataclass(frozen=True)
class Exposure:
    """Exposure ``xPy`` of a group to the others, by school and by séance (``None``: undefined).

    ``gain = by_session − by_school``: how much more of the other group its children meet in the
    séances than in their schools.
    """

    group: str
    other: str
    by_school: float | None
    by_session: float | None
    gain: float | None


@dataclass(frozen=True)
class TerritorySummary:
    """The territory's key figures for one category and weight (see the module docstring).

    ``categories`` gives the weight of each category among the compared participations;
    ``coverage`` is the share of the territory's establishments taking part.
    ``H_sessions_random`` is the mean and 95 % interval of ``H_sessions`` over the shuffles,
    ``mixing_gain_random`` the gain chance alone would give (``H_schools − mean``) and
    ``share_random_at_least_observed`` the share of shuffles reaching the observed ``H_sessions``;
    all three are ``None`` with ``shuffles = 0``. ``contact_rate`` is the mean cross-school contact
    rate over participations, ``contact_rate_random`` its exact expectation under random séances.
    """

    period: str
    start: str
    end: str
    category: str
    category_name: str
    weight: str
    categories: dict[str, float]
    participants: int
    participations: int
    hours: float
    sessions: int
    activities: int
    participants_without_school: int
    schools_in_territory: int
    schools_taking_part: int
    schools_outside_territory: int
    coverage: float | None
    E: float | None
    M_schools: float | None
    H_schools: float | None
    M_sessions: float | None
    H_sessions: float | None
    mixing_gain: float | None
    H_sessions_random: Interval | None
    mixing_gain_random: float | None
    share_random_at_least_observed: float | None
    chance_dominates: bool | None
    contact_rate: float | None
    contact_rate_random: float | None
    exposure_qpv: Exposure
    exposure_rep: Exposure
    shuffles: int
    seed: int | None
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        result = asdict(self)
        result["notes"] = list(self.notes)
        return result


@dataclass(frozen=True)
class TerritoryIndicators:
    """Everything :func:`territory_indicators` computes; :meth:`to_dict` is what the CLI prints."""

    territory: TerritorySummary
    schools: tuple[SchoolIndicators, ...]
    sessions: tuple[SessionIndicators, ...]
    activities: tuple[ActivityIndicators, ...]
    months: tuple[MonthIndicators, ...]

    @property
    def schools_not_taking_part(self) -> tuple[SchoolIndicators, ...]:
        """Establishments of the territory none of whose pupils was present in the period."""
        return tuple(s for s in self.schools if s.in_territory and not s.takes_part)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: ``territory``, ``schools``, ``schools_not_taking_part`` (UAI and name),
        ``sessions``, ``activities`` and ``months``."""
        return {
            "territory": self.territory.to_dict(),
            "schools": [s.to_dict() for s in self.schools],
            "schools_not_taking_part": [
                {"uai": s.uai, "name": s.name, "kind": s.kind} for s in self.schools_not_taking_part
            ],
            "sessions": [s.to_dict() for s in self.sessions],
            "activities": [a.to_dict() for a in self.activities],
            "months": [m.to_dict() for m in self.months],
        }


def resolve_period(
    database: Database, year: str | None = None, period: Period | None = None
) -> Period:
    """``period``, else the school year ``year``, else the last school year with a presence."""
    if period is not None and year is not None:
        raise PeriodError("Donnez une année scolaire ou une période, pas les deux.")
    if period is not None:
        return period
    if year is not None:
        return Period.of_school_year(year)
    latest = last_school_year_with_attendance(database)
    if latest is None:
        raise PeriodError("Aucune présence enregistrée dans la base : aucun indicateur à calculer.")
    return latest


def load_frame(
    database: Database,
    year: str | None = None,
    category: str = "qpv",
    weight: str = "pupils",
    *,
    period: Period | None = None,
) -> MixFrame:
    """Read the period's participations once; switch category or weight with ``with_choice``."""
    data = load_territory_data(database, resolve_period(database, year, period))
    return MixFrame.build(data, category, weight)


def territory_indicators(
    database: Database,
    year: str | None = None,
    category: str = "qpv",
    weight: str = "pupils",
    shuffles: int | None = None,
    seed: int | None = DEFAULT_SEED,
    *,
    period: Period | None = None,
    small_group: int | None = None,
) -> TerritoryIndicators:
    """All the indicators of a school year (``"2025-2026"``) or of an explicit ``period``.

    Without either, the last school year with a presence. ``shuffles`` and ``small_group``
    default to the settings ``indicators.random_shuffles`` and ``indicators.small_group``;
    ``shuffles=0`` skips every random baseline. Raises :class:`PeriodError` (bad year, nothing
    recorded) and ``ChoiceError`` (unknown category or weight), both with French messages.
    """
    validate_choice(category, weight)  # before any query: fail fast on a typo
    frame = load_frame(database, year, category, weight, period=period)
    shuffles, small_group = _settings(database, shuffles, small_group)
    return indicators_of_frame(frame, shuffles=shuffles, seed=seed, small_group=small_group)


def indicators_of_frame(
    frame: MixFrame, *, shuffles: int, seed: int | None, small_group: int
) -> TerritoryIndicators:
    """:func:`territory_indicators` on an already loaded frame (no query)."""
    pairs = SessionSchoolPairs.of(frame)
    schools = school_indicators(frame, pairs)
    return TerritoryIndicators(
        territory=territory_summary(
            frame, shuffles=shuffles, seed=seed, pairs=pairs, schools=schools
        ),
        schools=tuple(schools),
        sessions=tuple(
            session_indicators(
                frame, shuffles=shuffles, seed=seed, small_group=small_group, pairs=pairs
            )
        ),
        activities=tuple(
            activity_indicators(
                frame, shuffles=shuffles, seed=seed, small_group=small_group, pairs=pairs
            )
        ),
        months=tuple(monthly_trend(frame, pairs)),
    )


def territory_summary(
    frame: MixFrame,
    *,
    shuffles: int,
    seed: int | None = DEFAULT_SEED,
    pairs: SessionSchoolPairs | None = None,
    schools: list[SchoolIndicators] | None = None,
) -> TerritorySummary:
    """H and M between schools and between séances, the mixing gain and its random baseline,
    exposure gains of QPV and REP/REP+ pupils, coverage of establishments.

    ``pairs`` and ``schools`` may be passed when already computed on the same frame.
    """
    data = frame.data
    pairs = pairs or SessionSchoolPairs.of(frame)
    known = frame.known_school
    by_school = _segregation(frame.category_table(frame.part_school, len(data.schools)))
    by_session = _segregation(frame.category_table(data.part_session, len(data.session_ids)))
    h_schools = bounded_h(by_school.theil_h) if by_school else None
    h_sessions = bounded_h(by_session.theil_h) if by_session else None
    gain = h_schools - h_sessions if h_schools is not None and h_sessions is not None else None
    expected = share = random_gain = dominated = None
    if shuffles > 0 and by_session is not None:
        baseline = random_baseline(
            data.part_session[known],
            frame.part_category[known],
            None if frame.weight == "pupils" else frame.part_weight[known],
            shuffles=shuffles,
            seed=seed,
        )
        expected = baseline.expected_h
        share = baseline.share_at_least_observed_h
        random_gain = h_schools - expected.mean if h_schools is not None else None
        dominated = bool(expected.mean >= CHANCE_SHARE * baseline.observed_h)
    schools = schools if schools is not None else school_indicators(frame, pairs)
    in_territory = [s for s in schools if s.in_territory]
    taking_part = sum(1 for s in in_territory if s.takes_part)
    category_weights = frame.category_table(np.zeros(data.participations, dtype=np.int64), 1)[0]
    school_counts = np.bincount(frame.part_school[known], minlength=len(data.schools))
    return TerritorySummary(
        period=data.period.label,
        start=data.period.start.isoformat(),
        end=data.period.end.isoformat(),
        category=frame.category,
        category_name=CATEGORIES[frame.category],
        weight=frame.weight,
        categories={
            label: float(w) for label, w in zip(frame.labels, category_weights, strict=True)
        },
        participants=len(data.pupil_ids),
        participations=data.participations,
        hours=float(data.part_hours.sum()),
        sessions=len(data.session_ids),
        activities=len(tally(data.session_activity)[0]),
        participants_without_school=int((data.pupil_school < 0).sum()),
        schools_in_territory=len(in_territory),
        schools_taking_part=taking_part,
        schools_outside_territory=sum(1 for s in schools if not s.in_territory),
        coverage=taking_part / len(in_territory) if in_territory else None,
        E=by_session.entropy if by_session else None,
        M_schools=by_school.mutual_information if by_school else None,
        H_schools=h_schools,
        M_sessions=by_session.mutual_information if by_session else None,
        H_sessions=h_sessions,
        mixing_gain=gain,
        H_sessions_random=expected,
        mixing_gain_random=random_gain,
        share_random_at_least_observed=share,
        chance_dominates=dominated,
        contact_rate=_mean_contact_rate(pairs),
        contact_rate_random=expected_contact_rate(school_counts),
        exposure_qpv=_qpv_exposure(frame),
        exposure_rep=_rep_exposure(frame),
        shuffles=shuffles,
        seed=seed,
        notes=tuple(_notes(frame, by_session, dominated)),
    )


def _settings(database: Database, shuffles: int | None, small_group: int | None) -> tuple[int, int]:
    if shuffles is not None and small_group is not None:
        return shuffles, small_group
    with database.read_session() as session:
        return (
            get_setting(session, RANDOM_SHUFFLES) if shuffles is None else shuffles,
            get_setting(session, SMALL_GROUP) if small_group is None else small_group,
        )


def _segregation(table: FloatArray) -> Segregation | None:
    """Indices of a units × categories table; ``None`` when it weighs nothing."""
    if not table.sum() > 0:
        return None
    return segregation(CountTable.from_array(table))


def _mean_contact_rate(pairs: SessionSchoolPairs) -> float | None:
    single = np.zeros(len(pairs.sizes), dtype=np.int64)
    return finite_or_none(pairs.mean_contact_rates(single, 1)[0]) if len(single) else None


def _exposure(
    frame: MixFrame, focal: BoolArray, other: BoolArray, group: str, other_label: str
) -> Exposure:
    """Exposure of the ``focal`` participations to the ``other`` ones (the rest is left out)."""
    keep = frame.known_school & (focal | other)
    values = []
    for units, n_units in (
        (frame.part_school, len(frame.data.schools)),
        (frame.data.part_session, len(frame.data.session_ids)),
    ):
        codes = units[keep] * 2 + np.where(focal[keep], 0, 1)
        table = np.bincount(codes, weights=frame.part_weight[keep], minlength=2 * n_units)
        two = table.reshape(n_units, 2)
        values.append(two_group(two, 0).exposure if two.sum() > 0 else None)
    by_school, by_session = values
    gain = by_session - by_school if by_school is not None and by_session is not None else None
    return Exposure(group, other_label, by_school, by_session, gain)


def _qpv_exposure(frame: MixFrame) -> Exposure:
    flags = frame.data.pupil_qpv[frame.data.part_pupil]
    return _exposure(
        frame, flags == QPV_CODES.index("oui"), flags == QPV_CODES.index("non"), "QPV", "hors QPV"
    )


def _rep_exposure(frame: MixFrame) -> Exposure:
    # Per school: 1 REP or REP+, 0 hors EP, -1 not stated; index -1 (no school) reads the last.
    codes = {"REP": 1, "REP+": 1, "hors EP": 0}
    status = np.array(
        [codes.get(s.education_prioritaire or "", -1) for s in frame.data.schools] + [-1],
        dtype=np.int64,
    )[frame.part_school]
    return _exposure(frame, status == 1, status == 0, "REP ou REP+", "hors EP")


def _notes(frame: MixFrame, by_session: Segregation | None, dominated: bool | None) -> list[str]:
    data = frame.data
    notes = []
    without_school = int((data.pupil_school < 0).sum())
    if without_school:
        notes.append(
            f"{without_school} participant(s) sans établissement connu : comptés dans les "
            "effectifs, laissés hors des indicateurs entre écoles et entre séances."
        )
    if by_session is not None and by_session.entropy == 0:
        notes.append(
            f"Tous les participants sont dans la même catégorie (« {frame.labels[0]} ») : la "
            "mixité selon ce critère ne peut pas être mesurée (H vaut 0 par convention)."
        )
    if frame.category == "qpv":
        unknown = int((data.pupil_qpv == QPV_CODES.index("inconnu")).sum())
        if unknown:
            notes.append(
                f"{unknown} participant(s) sur {len(data.pupil_ids)} sans information sur la "
                "résidence en QPV : ils forment une catégorie à part (« QPV inconnu »)."
            )
    if dominated:
        notes.append(
            "Le hasard seul donnerait au moins la moitié du H observé entre séances : lisez-le "
            "à côté de sa valeur attendue au hasard."
        )
    return notes
