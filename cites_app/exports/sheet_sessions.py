"""The Séances sheet: one line per séance held, with the mix it achieved beside chance.

A séance's mix for the residence in QPV is its local score ``L`` (0 when its composition is the
territory's) next to the ``L`` of a group of the same size drawn at random: the comparison is
given in words. Séances of fewer children than the masking threshold show ``"< 5"`` and hide
every figure computed from their children; their total, the number of presences, counts as
known, so that at least two séances are masked whenever one is.
"""

from __future__ import annotations

from datetime import date

from cites_app.exports.masking import Masking, MaskProblem
from cites_app.exports.revue_data import RevueData
from cites_app.exports.sheet_common import (
    POSITION_TEXT,
    activity_kind_label,
    derived,
    hidden,
    shown,
)
from cites_app.exports.sheet_model import (
    Block,
    CellValue,
    Column,
    HelperColumns,
    Kind,
    Paragraph,
    SheetSpec,
    Table,
    Title,
)
from cites_app.indicators.territory_sessions import SessionIndicators
from cites_app.registers.formatting import time_range

SHEET = "Séances"
TABLE = "Seances"

COLUMNS = [
    Column("Date", "date"),
    Column("Horaire", "text"),
    Column("Activité", "wrap", 30),
    Column("Type", "text"),
    Column("Lieu", "wrap", 22),
    Column("Durée (h)", "hours"),
    Column("Participants", "int"),
    Column("Établissements représentés", "int"),
    Column("Part du 1er établissement", "pct"),
    Column("Taux de contact inter-écoles", "pct"),
    Column("Écart QPV (L)", "dec3"),
    Column("L au hasard : moyenne", "dec3"),
    Column("L au hasard : bas (95 %)", "dec3"),
    Column("L au hasard : haut (95 %)", "dec3"),
    Column("Mélange selon la résidence en QPV", "text"),
    Column("Petit groupe", "text"),
]
HELPER_KINDS: list[Kind] = ["date", "pct", "pct"]


def mask_sessions(sessions: tuple[SessionIndicators, ...], threshold: int) -> Masking:
    problem = MaskProblem(threshold)
    cells = problem.add_many([s.mix.participants for s in sessions])
    if cells:
        problem.add_sum(cells, problem.add(sum(s.mix.participants for s in sessions)))
    return problem.solve()


def sessions_sheet(revue: RevueData) -> SheetSpec:
    threshold, small = revue.settings.threshold, revue.settings.small_group
    masking = mask_sessions(revue.sessions, threshold)
    expected = revue.headline.contact_rate_random
    rows: list[list[CellValue]] = []
    helper_rows: list[list[str | float | date | None]] = []
    for i, (session, detail) in enumerate(zip(revue.sessions, revue.details, strict=True)):
        mix = session.mix
        masked = hidden(masking, i)
        start = revue.data.session_starts[i]
        chance = mix.L_random
        rows.append(
            [
                start.date(),
                time_range(start, detail.ends_at),
                session.activity,
                activity_kind_label(session.activity_kind),
                detail.venue,
                session.duration_hours,
                shown(masking, i),
                derived(mix.schools, masked),
                derived(mix.largest_school_share, masked),
                derived(mix.contact_rate, masked),
                derived(mix.L, masked),
                derived(None if chance is None else chance.mean, masked),
                derived(None if chance is None else chance.low, masked),
                derived(None if chance is None else chance.high, masked),
                derived(POSITION_TEXT.get(mix.L_position or ""), masked),
                "oui" if mix.small_group else "",
            ]
        )
        rate = None if masked else mix.contact_rate
        helper_rows.append([start.date(), rate, expected])
    blocks: list[Block] = [
        Title(f"Séances — {revue.period.label}"),
        Paragraph(
            "Une ligne par séance réalisée (non annulée, au moins une présence). Taux de contact "
            "inter-écoles : part moyenne des camarades de séance d'un enfant venant d'un autre "
            "établissement. Écart QPV (L) : écart entre la composition de la séance (QPV, hors "
            "QPV, inconnu) et celle de l'ensemble des présences, 0 si identique ; il est comparé "
            "à l'écart de groupes de même taille tirés au hasard (moyenne et intervalle où "
            f"tombent 95 % des tirages). Petit groupe : moins de {small} enfants, indicateurs "
            "fragiles."
        ),
        Table(TABLE, COLUMNS, rows),
    ]
    helpers = HelperColumns(
        TABLE,
        ["Date (graphique)", "Taux de contact (graphique)", "Au hasard (graphique)"],
        helper_rows,
        HELPER_KINDS,
    )
    return SheetSpec(SHEET, blocks, helpers=[helpers])
