"""The Mixité sheet: the territory's indicators for each category, schools against séances,
each beside what séances filled at random would give.

The composition of the presences is given in shares; a category with fewer presences than the
masking threshold has its share masked (shares add up to 100 %, so a second one is masked when
needed, exactly like counts with their total).
"""

from __future__ import annotations

from cites_app.exports.masking import MaskProblem
from cites_app.exports.revue_data import MIX_CATEGORIES, RevueData
from cites_app.exports.sheet_common import number, percent
from cites_app.exports.sheet_model import (
    Block,
    CellValue,
    Column,
    Paragraph,
    ScatterChartSpec,
    Section,
    SeriesRef,
    SheetSpec,
    Table,
    Title,
)
from cites_app.exports.sheet_sessions import SHEET as SESSIONS_SHEET
from cites_app.exports.sheet_sessions import TABLE as SESSIONS_TABLE
from cites_app.exports.xlsx_charts import date_serial
from cites_app.indicators.territory import Exposure, TerritorySummary

SHEET = "Mixité"

COLUMNS = [
    Column("Critère", "wrap", 24),
    Column("Composition des présences", "wrap", 34),
    Column("H entre écoles", "dec3"),
    Column("H entre séances", "dec3"),
    Column("Gain de mixité ΔH", "dec3"),
    Column("H au hasard : moyenne", "dec3"),
    Column("H au hasard : bas (95 %)", "dec3"),
    Column("H au hasard : haut (95 %)", "dec3"),
    Column("Gain attendu au hasard", "dec3"),
    Column("Part des tirages ≥ H observé", "pct"),
    Column("Lecture", "wrap", 34),
]
EXPOSURE_COLUMNS = [
    Column("Groupe", "text"),
    Column("Face aux élèves", "text"),
    Column("Exposition dans les écoles", "pct"),
    Column("Exposition dans les séances", "pct"),
    Column("Gain d'exposition", "pct"),
]


def composition(t: TerritorySummary, threshold: int) -> str:
    """``QPV 41,2 % · hors QPV 48,1 % · …`` with small categories masked."""
    labels = list(t.categories)
    counts = [round(t.categories[label]) for label in labels]
    problem = MaskProblem(threshold)
    cells = problem.add_many(counts)
    problem.add_sum(cells, problem.add(sum(counts)))
    masking = problem.solve()
    total = sum(counts)
    parts = []
    for label, cell, count in zip(labels, cells, counts, strict=True):
        display = masking.display(cell)
        if isinstance(display, str):  # "< 5" présences, or "masqué"
            value = f"{display} présences" if display.startswith("<") else display
        else:
            value = percent(count / total, 1)
        parts.append(f"{label} {value}")
    return " · ".join(parts)


def reading(t: TerritorySummary) -> str:
    """One sentence: where the séances' H stands against schools and chance."""
    if t.H_sessions is None or t.H_schools is None:
        return "Non mesurable (aucun participant rattaché à un établissement)."
    if t.E == 0:
        return "Une seule catégorie parmi les participants : mixité non mesurable."
    chance = t.H_sessions_random
    better = "plus" if (t.mixing_gain or 0) > 0 else "pas plus"
    better += " mélangées que les écoles"
    if chance is None:
        return f"Séances {better} ; référence « hasard » non calculée."
    if t.H_sessions > chance.high:
        versus = "moins mélangées qu'un tirage au hasard"
    elif t.H_sessions < chance.low:
        versus = "plus mélangées qu'un tirage au hasard"
    else:
        versus = "dans la marge du hasard"
    return f"Séances {better}, {versus}."


def _row(t: TerritorySummary, threshold: int) -> list[CellValue]:
    chance = t.H_sessions_random
    return [
        t.category_name[0].upper() + t.category_name[1:],
        composition(t, threshold),
        t.H_schools,
        t.H_sessions,
        t.mixing_gain,
        None if chance is None else chance.mean,
        None if chance is None else chance.low,
        None if chance is None else chance.high,
        t.mixing_gain_random,
        t.share_random_at_least_observed,
        reading(t),
    ]


def _exposure_row(e: Exposure) -> list[CellValue]:
    return [e.group, e.other, e.by_school, e.by_session, e.gain]


def mix_sheet(revue: RevueData) -> SheetSpec:
    threshold = revue.settings.threshold
    summaries = [revue.summaries[c] for c in MIX_CATEGORIES]
    head = revue.headline
    shuffles = revue.settings.shuffles
    blocks: list[Block] = [
        Title(f"Mixité — {revue.period.label}"),
        Paragraph(
            "Pour chaque critère, les mêmes enfants participants sont regroupés deux fois : par "
            "école, puis par séance. H (indice de Theil) mesure la séparation des catégories "
            "entre les unités : 0 = chaque unité a la composition de l'ensemble, 1 = séparation "
            "complète. Gain de mixité ΔH = H entre écoles − H entre séances. Chaque présence "
            f"compte pour un. Référence « hasard » : {shuffles} répartitions au hasard des mêmes "
            "enfants dans des séances de mêmes tailles (graine fixe "
            f"{revue.seed}) ; « bas » et « haut » bornent 95 % des tirages."
        ),
        Table("Mixite", COLUMNS, [_row(t, threshold) for t in summaries]),
        Section("Exposition des élèves de QPV et d'éducation prioritaire aux autres élèves"),
        Paragraph(
            "Exposition : part moyenne d'élèves de l'autre groupe parmi ceux que rencontre un "
            "élève du groupe, dans son école puis dans ses séances."
        ),
        Table(
            "Exposition",
            EXPOSURE_COLUMNS,
            [_exposure_row(head.exposure_qpv), _exposure_row(head.exposure_rep)],
        ),
        Paragraph(
            "Graphique : taux de contact inter-écoles de chaque séance (part des camarades "
            "venant d'un autre établissement), et sa valeur attendue si les séances étaient "
            f"composées au hasard ({percent(head.contact_rate_random, 1)}). Séances masquées "
            f"et séances d'un seul enfant non représentées. H moyen au hasard (QPV) : "
            f"{number(head.H_sessions_random.mean if head.H_sessions_random else None, 3)}."
        ),
    ]
    chart = ScatterChartSpec(
        title="Mélange entre établissements, séance par séance",
        x=SeriesRef(SESSIONS_SHEET, SESSIONS_TABLE, 1, helper=True),
        y=SeriesRef(SESSIONS_SHEET, SESSIONS_TABLE, 2, helper=True),
        reference=SeriesRef(SESSIONS_SHEET, SESSIONS_TABLE, 3, helper=True),
        series_title="Taux de contact inter-écoles de la séance",
        reference_title="Attendu au hasard",
        x_title="Date de la séance",
        y_title="Taux de contact inter-écoles",
        x_min=date_serial(revue.period.start),
        x_max=date_serial(revue.period.end),
    )
    return SheetSpec(SHEET, blocks, charts=[chart], freeze=False)
