"""Everything the revue de projet shows, computed once: one read of the participations, the mix
indicators of four categories on it, the actions' figures, and the masking of the counts.

The territory's random baselines are the slow part (hundreds of shuffles of every participation,
per category); the four categories run in parallel threads (numpy releases the GIL while it
shuffles and counts), each with the same seed, so the figures do not depend on the scheduling.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

from cites_app.db.database import Database
from cites_app.exports.action_stats import (
    AGE_LABELS,
    ActionStats,
    Breakdown,
    action_stats,
    age_bands,
    breakdowns,
    rentree_year,
)
from cites_app.exports.masking import Masking, MaskProblem
from cites_app.exports.revue_queries import (
    SessionDetail,
    TerritoryInfo,
    action_records,
    activity_actions,
    birth_years,
    session_details,
    territory_info,
)
from cites_app.indicators.queries import TerritoryData
from cites_app.indicators.random_baseline import DEFAULT_SEED
from cites_app.indicators.territory import TerritorySummary, load_frame, territory_summary
from cites_app.indicators.territory_frame import MixFrame
from cites_app.indicators.territory_period import Period
from cites_app.indicators.territory_schools import (
    SchoolIndicators,
    SessionSchoolPairs,
    school_indicators,
)
from cites_app.indicators.territory_sessions import SessionIndicators, session_indicators
from cites_app.settings import MASKING_THRESHOLD, RANDOM_SHUFFLES, SMALL_GROUP, get_setting

#: The categories of the Mixité sheet, in its order; the first one is the headline.
MIX_CATEGORIES: tuple[str, ...] = ("qpv", "ep", "ips", "sex")

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class Settings:
    threshold: int
    shuffles: int
    small_group: int


@dataclass(frozen=True)
class TerritoryMasks:
    """The territory's published counts, masked together: they are linked by sums (girls + boys
    + sex not stated = beneficiaries = participants of every school + those without one)."""

    masking: Masking
    beneficiaries: int
    girls: int
    boys: int
    sex_unknown: int
    without_school: int
    schools: tuple[int, ...]  # cell of each school of RevueData.schools
    qpv: Masking  # QPV, hors QPV, QPV inconnu, then their total
    bands: Masking  # one cell per age label, then their total


@dataclass(frozen=True)
class RevueData:
    """The inputs of every sheet of the revue."""

    info: TerritoryInfo
    period: Period
    produced: date
    settings: Settings
    seed: int | None
    data: TerritoryData
    schools: tuple[SchoolIndicators, ...]
    sessions: tuple[SessionIndicators, ...]
    details: tuple[SessionDetail, ...]
    summaries: dict[str, TerritorySummary]
    territory: Breakdown
    actions: tuple[ActionStats, ...]
    masks: TerritoryMasks

    @property
    def headline(self) -> TerritorySummary:
        return self.summaries[MIX_CATEGORIES[0]]


def read_settings(database: Database, shuffles: int | None) -> Settings:
    """The settings the exports use; ``shuffles`` (when given) wins over the setting, so that
    by default the revue's baselines are those of the indicators (same shuffles, same seed)."""
    with database.read_session() as session:
        if shuffles is None:
            shuffles = get_setting(session, RANDOM_SHUFFLES)
        return Settings(
            threshold=get_setting(session, MASKING_THRESHOLD),
            shuffles=shuffles,
            small_group=get_setting(session, SMALL_GROUP),
        )


def compute_revue(
    database: Database,
    *,
    year: str | None = None,
    period: Period | None = None,
    shuffles: int | None = None,
    seed: int | None = DEFAULT_SEED,
    today: date | None = None,
    progress: Progress | None = None,
) -> RevueData:
    """Read and compute everything the revue shows (see the module docstring)."""
    report = progress or (lambda _pct, _msg: None)
    settings = read_settings(database, shuffles)
    report(5, "Lecture des présences…")
    frame = load_frame(database, year, "qpv", "pupils", period=period)
    data = frame.data
    with database.engine.connect() as conn:
        info = territory_info(conn)
        actions = action_records(conn)
        activity_action = activity_actions(conn)
        details = session_details(conn, data)
        years = birth_years(conn, data)
    report(20, "Indicateurs de mixité et références au hasard…")
    pairs = SessionSchoolPairs.of(frame)
    schools = school_indicators(frame, pairs)
    summaries = _summaries(frame, pairs, schools, settings.shuffles, seed)
    sessions = session_indicators(
        frame, shuffles=settings.shuffles, seed=seed, small_group=settings.small_group, pairs=pairs
    )
    report(70, "Bénéficiaires par action…")
    bands = age_bands(years, rentree_year(data))
    everyone = breakdowns(data, data.part_session * 0, 1, bands)[0]
    stats = action_stats(data, actions, activity_action, bands)
    masks = territory_masks(everyone, schools, settings.threshold)
    return RevueData(
        info=info,
        period=data.period,
        produced=today or date.today(),
        settings=settings,
        seed=seed,
        data=data,
        schools=tuple(schools),
        sessions=tuple(sessions),
        details=tuple(details),
        summaries=summaries,
        territory=everyone,
        actions=tuple(stats),
        masks=masks,
    )


def _summaries(
    frame: MixFrame,
    pairs: SessionSchoolPairs,
    schools: list[SchoolIndicators],
    shuffles: int,
    seed: int | None,
) -> dict[str, TerritorySummary]:
    def one(category: str) -> TerritorySummary:
        chosen = frame.with_choice(category, "pupils")
        return territory_summary(
            chosen,
            # One category only (no school stated its EP status…): nothing to shuffle.
            shuffles=shuffles if len(chosen.labels) > 1 else 0,
            seed=seed,
            pairs=pairs,
            schools=schools,
        )

    workers = max(1, min(len(MIX_CATEGORIES), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(one, MIX_CATEGORIES))
    return dict(zip(MIX_CATEGORIES, results, strict=True))


def territory_masks(
    everyone: Breakdown, schools: list[SchoolIndicators], threshold: int
) -> TerritoryMasks:
    """Mask the territory's counts (see :class:`TerritoryMasks`)."""
    problem = MaskProblem(threshold)
    total = problem.add(everyone.beneficiaries)
    girls, boys, unknown = problem.add_many([everyone.girls, everyone.boys, everyone.sex_unknown])
    problem.add_sum([girls, boys, unknown], total)
    school_cells = problem.add_many([s.participants for s in schools])
    without = problem.add(everyone.beneficiaries - sum(s.participants for s in schools))
    problem.add_sum([*school_cells, without], total)
    masking = problem.solve()
    total_masked = masking.is_masked(total)
    in_qpv = everyone.qpv
    outside = everyone.beneficiaries - in_qpv - everyone.qpv_unknown
    return TerritoryMasks(
        masking=masking,
        beneficiaries=total,
        girls=girls,
        boys=boys,
        sex_unknown=unknown,
        without_school=without,
        schools=tuple(school_cells),
        # The count outside QPV is not published: a reader could only derive it.
        qpv=breakdown_masking(
            [in_qpv, outside, everyone.qpv_unknown],
            everyone.beneficiaries,
            total_masked,
            threshold,
            unpublished={1},
        ),
        bands=breakdown_masking(
            list(everyone.bands), everyone.beneficiaries, total_masked, threshold
        ),
    )


def breakdown_masking(
    parts: list[int],
    total: int,
    total_masked: bool,
    threshold: int,
    unpublished: set[int] | frozenset[int] = frozenset(),
) -> Masking:
    """Mask ``parts`` published with their ``total`` (cells: the parts, then the total).

    The total is published elsewhere too; while it is shown, its other sums do not constrain
    these parts, so they are checked on their own; a total masked elsewhere stays masked here.
    Parts in ``unpublished`` are not shown anywhere: for a reader they are masked cells.
    """
    problem = MaskProblem(threshold)
    cells = [problem.add(v, masked=i in unpublished) for i, v in enumerate(parts)]
    problem.add_sum(cells, problem.add(total, masked=total_masked))
    return problem.solve()


__all__ = ["AGE_LABELS", "MIX_CATEGORIES", "RevueData", "compute_revue"]
