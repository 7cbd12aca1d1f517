"""The Actions sheet: per action, its séances, hours, budget and the children it reached.

Each action's counts are masked on their own: its beneficiaries are published with their split
by sex and by age band (two sums), its QPV residents alone. The line "Ensemble" counts distinct
children over the whole programme — a child of two actions once — so it is not the sum of the
lines and links none of them.
"""

from __future__ import annotations

from collections.abc import Sequence

from cites_app.exports.action_stats import AGE_LABELS, ActionStats, Breakdown
from cites_app.exports.masking import Masking, MaskProblem
from cites_app.exports.sheet_common import axis_label, masking_rule, shown
from cites_app.exports.sheet_model import (
    Block,
    CellValue,
    Column,
    Paragraph,
    SheetSpec,
    Table,
    Title,
)
from cites_app.indicators.queries import SchoolRecord

SHEET = "Actions"


def mask_breakdown(
    children: Breakdown, threshold: int, total_masked: bool = False
) -> tuple[Masking, list[int]]:
    """Mask one group's counts. Cells: beneficiaries, girls, boys, sex not stated, QPV, then
    the age bands (returned in that order). ``total_masked``: the number of beneficiaries is
    masked in another table, hence here too."""
    problem = MaskProblem(threshold)
    total = problem.add(children.beneficiaries, masked=total_masked)
    sexes = problem.add_many([children.girls, children.boys, children.sex_unknown])
    problem.add_sum(sexes, total)
    qpv = problem.add(children.qpv)
    bands = problem.add_many(list(children.bands))
    problem.add_sum(bands, total)
    return problem.solve(), [total, *sexes, qpv, *bands]


def breakdown_cells(
    children: Breakdown, threshold: int, with_sex_unknown: bool, total_masked: bool = False
) -> list[CellValue]:
    """Beneficiaries, girls, boys, [sex not stated], QPV and the age bands, as published."""
    masking, cells = mask_breakdown(children, threshold, total_masked)
    values: list[CellValue] = [shown(masking, c) for c in cells]
    if not with_sex_unknown:
        del values[3]
    return values


def breakdown_columns(with_sex_unknown: bool) -> list[Column]:
    columns = [
        Column("Bénéficiaires", "int"),
        Column("Filles", "int"),
        Column("Garçons", "int"),
        Column("Sexe non renseigné", "int"),
        Column("dont résidant en QPV", "int"),
        *(Column(label, "int") for label in AGE_LABELS),
    ]
    if not with_sex_unknown:
        del columns[3]
    return columns


def action_rows(
    actions: Sequence[ActionStats],
    schools: Sequence[SchoolRecord],
    threshold: int,
    with_sex_unknown: bool,
) -> list[list[CellValue]]:
    rows: list[list[CellValue]] = []
    for action in actions:
        record, children = action.record, action.children
        uais = sorted(schools[s].uai for s in children.schools)
        rows.append(
            [
                axis_label(record.axis),
                record.title,
                record.porteur or "",
                action.sessions,
                action.first,
                action.last,
                action.session_hours,
                *breakdown_cells(children, threshold, with_sex_unknown),
                len(uais),
                ", ".join(uais),
                record.budget_planned,
                record.budget_spent,
            ]
        )
    return rows


def action_columns(with_sex_unknown: bool) -> list[Column]:
    return [
        Column("Axe", "wrap", 16),
        Column("Action", "wrap", 24),
        Column("Porteur", "wrap", 18),
        Column("Séances", "int"),
        Column("Première séance", "date"),
        Column("Dernière séance", "date"),
        Column("Heures de séance", "hours"),
        *breakdown_columns(with_sex_unknown),
        Column("Établissements", "int"),
        Column("UAI des établissements", "wrap", 22),
        Column("Budget prévu", "money"),
        Column("Budget réalisé", "money"),
    ]


def actions_sheet(
    actions: Sequence[ActionStats],
    everyone: Breakdown,
    total_counts: list[CellValue],
    schools: Sequence[SchoolRecord],
    threshold: int,
    rentree: int,
    *,
    title: str,
) -> SheetSpec:
    """The sheet. The line "Ensemble" gives the distinct children of all the actions
    (``everyone``), with ``total_counts`` as published elsewhere (see :func:`breakdown_cells`
    for their order; the sex not stated only when some child has none)."""
    with_unknown = everyone.sex_unknown > 0
    columns = action_columns(with_unknown)
    rows = action_rows(actions, schools, threshold, with_unknown)
    blocks: list[Block] = [
        Title(title),
        Paragraph(
            "Une ligne par action de l'année ou ayant eu une séance dans la période. "
            "Bénéficiaires : élèves distincts présents à au moins une séance de l'action (un "
            f"élève est compté une fois par action). Âge au 31 décembre {rentree}. Heures de "
            f"séance : durée cumulée des séances réalisées. Petits effectifs : "
            f"{masking_rule(threshold)}, et d'autres cases « masqué » quand elles "
            "permettraient de les retrouver (voir Méthodo). La ligne « Ensemble » "
            "compte chaque élève une fois, même s'il a suivi plusieurs actions."
        ),
        Table("Actions", columns, rows),
        Table(
            "Actions_ensemble",
            [Column("Ensemble", "wrap", 16), *columns[1:]],
            [_total_line(actions, everyone, total_counts)],
        ),
    ]
    return SheetSpec(SHEET, blocks)


def _total_line(
    actions: Sequence[ActionStats], everyone: Breakdown, counts: list[CellValue]
) -> list[CellValue]:
    planned = [a.record.budget_planned for a in actions if a.record.budget_planned is not None]
    spent = [a.record.budget_spent for a in actions if a.record.budget_spent is not None]
    return [
        "Ensemble (élèves distincts)",
        f"{len(actions)} actions",
        "",
        sum(a.sessions for a in actions),
        min((a.first for a in actions if a.first), default=None),
        max((a.last for a in actions if a.last), default=None),
        sum(a.session_hours for a in actions),
        *counts,
        len(everyone.schools),
        "",
        sum(planned) if planned else None,
        sum(spent) if spent else None,
    ]
