"""The revue de projet: the annual workbook sent to the prefecture (issue 7).

Entry point: :func:`write_revue` (the CLI's ``export revue`` and the window's Exports page). It
computes everything once (:func:`~cites_app.exports.revue_data.compute_revue`: one read of the
participations, the indicators of four categories), describes the sheets
(:func:`build_revue`), and writes them with openpyxl in write-only mode.

Sheets: Synthèse, Actions, Établissements, Séances, Mixité, Méthodo. Counts are masked
(:mod:`~cites_app.exports.masking`); no pupil's name or birth date is written anywhere.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from cites_app.db.database import Database
from cites_app.exports.action_stats import rentree_year
from cites_app.exports.files import save_atomically
from cites_app.exports.revue_data import Progress, RevueData, compute_revue
from cites_app.exports.sheet_actions import actions_sheet
from cites_app.exports.sheet_common import shown
from cites_app.exports.sheet_method import method_sheet
from cites_app.exports.sheet_mix import mix_sheet
from cites_app.exports.sheet_model import CellValue, Masked, WorkbookSpec
from cites_app.exports.sheet_schools import schools_sheet
from cites_app.exports.sheet_sessions import sessions_sheet
from cites_app.exports.sheet_synthese import synthese_sheet
from cites_app.exports.xlsx_writer import write_workbook
from cites_app.indicators.random_baseline import DEFAULT_SEED
from cites_app.indicators.territory_period import Period
from cites_app.registers.formatting import numeric_date


@dataclass(frozen=True)
class RevueSummary:
    """What was written, with the key figures (exact: for the coordinator, not the workbook)."""

    path: Path
    territory: str
    period: str
    actions: int
    sessions: int
    activity_hours: float
    beneficiaries: int
    girls: int
    boys: int
    qpv: int
    schools_taking_part: int
    schools_in_territory: int
    H_schools: float | None
    H_sessions: float | None
    mixing_gain: float | None
    H_sessions_random: dict[str, float] | None
    masked_cells: int
    shuffles: int
    seconds: float

    def to_dict(self) -> dict[str, object]:
        result = asdict(self)
        result["path"] = str(self.path)
        return result


def build_revue(revue: RevueData) -> WorkbookSpec:
    """The sheets of the revue, ready to be written."""
    masks = revue.masks
    everyone = revue.territory
    totals: list[CellValue] = [
        shown(masks.masking, masks.beneficiaries),
        shown(masks.masking, masks.girls),
        shown(masks.masking, masks.boys),
    ]
    if everyone.sex_unknown:
        totals.append(shown(masks.masking, masks.sex_unknown))
    totals.append(shown(masks.qpv, 0))
    totals += [shown(masks.bands, c) for c in range(len(everyone.bands))]
    period = revue.period.label
    sheets = [
        synthese_sheet(revue),
        actions_sheet(
            revue.actions,
            everyone,
            totals,
            revue.data.schools,
            revue.settings.threshold,
            rentree_year(revue.data),
            title=f"Actions — {period}",
        ),
        schools_sheet(revue),
        sessions_sheet(revue),
        mix_sheet(revue),
        method_sheet(revue.settings.threshold, revue.settings.shuffles),
    ]
    return WorkbookSpec(
        sheets=sheets,
        header=f"Revue de projet {period} — {revue.info.name}",
        footer_note=f"Produit le {numeric_date(revue.produced)}",
        title=f"Revue de projet {period} — {revue.info.name}",
        subject="Cité éducative : actions, bénéficiaires et mixité",
    )


def write_revue(
    database: Database,
    path: Path,
    *,
    year: str | None = None,
    period: Period | None = None,
    shuffles: int | None = None,
    seed: int | None = DEFAULT_SEED,
    progress: Progress | None = None,
    today: date | None = None,
) -> RevueSummary:
    """Write the revue of the school year ``year`` (``"2025-2026"``), of ``period``, or by
    default of the last school year with a presence, to ``path`` (``.xlsx``).

    ``shuffles`` defaults to the setting ``indicators.random_shuffles``; ``progress(percent,
    message)`` is called along the way. Raises ``PeriodError`` (bad year, no presence) and
    :class:`~cites_app.exports.files.ExportError` (bad target, file open elsewhere), both with
    French messages.
    """
    started = time.perf_counter()
    report = progress or (lambda _pct, _msg: None)
    revue = compute_revue(
        database, year=year, period=period, shuffles=shuffles, seed=seed, today=today,
        progress=report,
    )  # fmt: skip
    report(80, "Écriture du classeur…")
    spec = build_revue(revue)
    target = save_atomically(path, lambda temporary: write_workbook(spec, temporary))
    report(100, "Terminé.")
    return _summary(revue, target, masked_cells(spec), time.perf_counter() - started)


def masked_cells(spec: WorkbookSpec) -> int:
    """Cells of the workbook's tables showing ``"< 5"`` or ``"masqué"``."""
    return sum(
        1
        for sheet in spec.sheets
        for table in sheet.tables()
        for row in table.rows
        for value in row
        if isinstance(value, Masked)
    )


def _summary(revue: RevueData, path: Path, masked: int, seconds: float) -> RevueSummary:
    t, everyone = revue.headline, revue.territory
    chance = t.H_sessions_random
    return RevueSummary(
        path=path,
        territory=revue.info.name,
        period=revue.period.label,
        actions=len(revue.actions),
        sessions=t.sessions,
        activity_hours=float(revue.data.session_hours.sum()),
        beneficiaries=everyone.beneficiaries,
        girls=everyone.girls,
        boys=everyone.boys,
        qpv=everyone.qpv,
        schools_taking_part=t.schools_taking_part,
        schools_in_territory=t.schools_in_territory,
        H_schools=t.H_schools,
        H_sessions=t.H_sessions,
        mixing_gain=t.mixing_gain,
        H_sessions_random=None
        if chance is None
        else {"mean": chance.mean, "low": chance.low, "high": chance.high},
        masked_cells=masked,
        shuffles=revue.settings.shuffles,
        seconds=round(seconds, 3),
    )
