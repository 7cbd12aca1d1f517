"""The porteur report: one partner's actions, séances, beneficiaries and hours, for its subsidy
report (``cites-app export porteur --partner ID --out FICHIER.xlsx``).

Aggregates only, masked exactly like the revue (:mod:`~cites_app.exports.masking`): the same
action gets the same cells masked in both documents.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import numpy as np

from cites_app import __version__
from cites_app.db.database import Database
from cites_app.exports.action_stats import (
    AGE_LABELS,
    ActionStats,
    action_stats,
    age_bands,
    breakdowns,
    rentree_year,
)
from cites_app.exports.files import ExportError, save_atomically
from cites_app.exports.masking import MaskProblem
from cites_app.exports.revue_data import Progress, read_settings
from cites_app.exports.revue_queries import (
    ActionRecord,
    SessionDetail,
    action_records,
    activity_actions,
    birth_years,
    partner_name,
    session_details,
    territory_info,
)
from cites_app.exports.sheet_actions import actions_sheet, breakdown_cells
from cites_app.exports.sheet_common import (
    activity_kind_label,
    day_text,
    derived,
    hidden,
    masking_rule,
    shown,
)
from cites_app.exports.sheet_method import method_sheet
from cites_app.exports.sheet_model import (
    Blank,
    CellValue,
    Column,
    Field,
    Paragraph,
    Section,
    SheetSpec,
    Styled,
    Table,
    Title,
    WorkbookSpec,
)
from cites_app.exports.xlsx_writer import write_workbook
from cites_app.indicators.queries import TerritoryData
from cites_app.indicators.table import BoolArray
from cites_app.indicators.territory import load_frame
from cites_app.indicators.territory_frame import tally
from cites_app.indicators.territory_period import Period
from cites_app.models.vocabulary import PARTNER_KINDS
from cites_app.registers.formatting import numeric_date, time_range


@dataclass(frozen=True)
class PorteurSummary:
    """What was written (exact figures: for the coordinator)."""

    path: Path
    partner: str
    period: str
    actions: int
    sessions: int
    activity_hours: float
    beneficiaries: int
    seconds: float

    def to_dict(self) -> dict[str, object]:
        result = asdict(self)
        result["path"] = str(self.path)
        return result


SESSION_COLUMNS = [
    Column("Date", "date"),
    Column("Horaire", "text"),
    Column("Action", "wrap", 26),
    Column("Activité", "wrap", 26),
    Column("Type", "text"),
    Column("Lieu", "wrap", 22),
    Column("Durée (h)", "hours"),
    Column("Participants", "int"),
    Column("Établissements représentés", "int"),
]


def write_porteur_report(
    database: Database,
    path: Path,
    partner_id: int,
    *,
    year: str | None = None,
    period: Period | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> PorteurSummary:
    """Write the report of partner ``partner_id`` for a school year (default: the last one with
    a presence). Raises :class:`ExportError` (unknown partner, no action, bad target) and
    ``PeriodError``, with French messages."""
    started = time.perf_counter()
    report = progress or (lambda _pct, _msg: None)
    settings = read_settings(database, shuffles=0)
    with database.engine.connect() as conn:
        partner = partner_name(conn, partner_id)
    if partner is None:
        raise ExportError(f"Aucun partenaire n° {partner_id} dans la base.")
    name, kind = partner
    report(10, "Lecture des présences…")
    data = load_frame(database, year, period=period).data
    with database.engine.connect() as conn:
        info = territory_info(conn)
        records = action_records(conn)
        activity_action = activity_actions(conn)
        details = session_details(conn, data)
        years = birth_years(conn, data)
    own = {a.id for a in records.values() if a.porteur_id == partner_id}
    bands = age_bands(years, rentree_year(data))
    stats = action_stats(data, records, activity_action, bands, keep=own)
    if not stats:
        raise ExportError(f"« {name} » ne porte aucune action en {data.period.label}.")
    report(50, "Bénéficiaires et séances…")
    action_of_session = np.array(
        [activity_action.get(a, -1) for a in data.session_activity.tolist()], dtype=np.int64
    )
    mine: BoolArray = np.isin(action_of_session, np.array(sorted(own), dtype=np.int64))
    group = np.where(mine[data.part_session], 0, -1)
    everyone = breakdowns(data, group, 1, bands)[0]
    threshold = settings.threshold
    with_unknown = everyone.sex_unknown > 0
    totals = breakdown_cells(everyone, threshold, with_unknown)
    title = f"{name} — {data.period.label}"
    sessions_rows = _session_rows(data, details, mine, records, activity_action, threshold)
    spec = WorkbookSpec(
        sheets=[
            _summary_sheet(
                name, kind, info.name, data.period, today or date.today(), stats, totals, threshold
            ),
            actions_sheet(
                stats,
                everyone,
                totals,
                data.schools,
                threshold,
                rentree_year(data),
                title=f"Actions portées — {title}",
            ),
            SheetSpec(
                "Séances",
                [
                    Title(f"Séances — {title}"),
                    Paragraph(
                        "Séances réalisées (non annulées, au moins une présence) des actions "
                        f"portées. Participants : {masking_rule(threshold)}."
                    ),
                    Table("Seances_porteur", SESSION_COLUMNS, sessions_rows),
                ],
            ),
            method_sheet(threshold, 0, indicators=False),
        ],
        header=f"Bilan du porteur {name} — {data.period.label} — {info.name}",
        footer_note=f"Produit le {numeric_date(today or date.today())}",
        title=f"Bilan du porteur {name} — {data.period.label}",
        subject="Cité éducative : bilan d'un porteur d'actions",
    )
    report(80, "Écriture du classeur…")
    target = save_atomically(path, lambda temporary: write_workbook(spec, temporary))
    report(100, "Terminé.")
    return PorteurSummary(
        path=target,
        partner=name,
        period=data.period.label,
        actions=len(stats),
        sessions=sum(a.sessions for a in stats),
        activity_hours=sum(a.session_hours for a in stats),
        beneficiaries=everyone.beneficiaries,
        seconds=round(time.perf_counter() - started, 3),
    )


def _summary_sheet(
    name: str,
    kind: str,
    territory: str,
    period: Period,
    today: date,
    stats: list[ActionStats],
    totals: list[CellValue],
    threshold: int,
) -> SheetSpec:
    rows: list[list[CellValue]] = [
        ["Actions portées", len(stats), ""],
        ["Séances réalisées", sum(a.sessions for a in stats), "au moins une présence"],
        [
            "Heures d'activité",
            Styled(sum(a.session_hours for a in stats), "hours"),
            "durée cumulée des séances",
        ],
        ["Bénéficiaires distincts", totals[0], "chaque élève compté une fois"],
        ["Filles", totals[1], ""],
        ["Garçons", totals[2], ""],
    ]
    # totals: beneficiaries, girls, boys, [sex not stated], QPV, age bands (breakdown_cells)
    with_unknown = len(totals) == 5 + len(AGE_LABELS)
    if with_unknown:
        rows.append(["Sexe non renseigné", totals[3], ""])
    rows.append(["Résidant en QPV", totals[4 if with_unknown else 3], ""])
    return SheetSpec(
        "Synthèse",
        [
            Title(f"Bilan du porteur — {name}"),
            Field("Porteur", f"{name} ({PARTNER_KINDS.get(kind, kind).lower()})"),
            Field("Cité éducative", territory),
            Field("Période", f"du {day_text(period.start)} au {day_text(period.end)}"),
            Field("Produit le", day_text(today)),
            Field("Application", f"Cités éducatives — coordination, version {__version__}"),
            Field("Petits effectifs", masking_rule(threshold)),
            Blank(),
            Section("Chiffres clés"),
            Table(
                "Chiffres_porteur",
                [Column("Indicateur"), Column("Valeur", "int"), Column("Précision", "note")],
                rows,
            ),
        ],
        freeze=False,
        min_text_width=100,
    )


def _session_rows(
    data: TerritoryData,
    details: list[SessionDetail],
    mine: BoolArray,
    records: dict[int, ActionRecord],
    activity_action: dict[int, int],
    threshold: int,
) -> list[list[CellValue]]:
    """The partner's séances; participants masked with their total (known from the others)."""
    n_sessions = len(data.session_ids)
    participants = np.bincount(data.part_session, minlength=n_sessions)
    school = data.pupil_school[data.part_pupil]
    known = school >= 0
    n_schools = max(len(data.schools), 1)
    pairs = tally(data.part_session[known] * n_schools + school[known])[0]
    schools = np.bincount(pairs // n_schools, minlength=n_sessions)
    chosen = np.flatnonzero(mine).tolist()
    problem = MaskProblem(threshold)
    cells = problem.add_many([int(participants[s]) for s in chosen])
    if cells:
        problem.add_sum(cells, problem.add(int(participants[chosen].sum())))
    masking = problem.solve()
    rows: list[list[CellValue]] = []
    for cell, s in zip(cells, chosen, strict=True):
        start = data.session_starts[s]
        activity = data.activities.get(int(data.session_activity[s]))
        action = records.get(activity_action.get(int(data.session_activity[s]), -1))
        rows.append(
            [
                start.date(),
                time_range(start, details[s].ends_at),
                action.title if action else "",
                activity.title if activity else "",
                activity_kind_label(activity.kind) if activity else "",
                details[s].venue,
                float(data.session_hours[s]),
                shown(masking, cell),
                derived(int(schools[s]), hidden(masking, cell)),
            ]
        )
    return rows
