"""The Établissements sheet: every school of the territory, and any other whose pupils came.

The participants of the schools and of the children without a known school add up to the
beneficiaries of the Synthèse: they are masked together with it (see
:func:`~cites_app.exports.revue_data.territory_masks`). A school whose count is masked has its
derived figures (rate, séances, hours, schools met, exposure) masked too.
"""

from __future__ import annotations

from cites_app.exports.revue_data import RevueData
from cites_app.exports.sheet_common import (
    derived,
    ep_label,
    hidden,
    kind_label,
    sector_label,
    shown,
)
from cites_app.exports.sheet_model import (
    BarChartSpec,
    Block,
    CellValue,
    Column,
    HelperColumns,
    Paragraph,
    SeriesRef,
    SheetSpec,
    Table,
    Title,
)

SHEET = "Établissements"
TABLE = "Etablissements"

COLUMNS = [
    Column("UAI", "code"),
    Column("Établissement", "wrap", 30),
    Column("Type", "wrap", 18),
    Column("Secteur", "text"),
    Column("Commune", "text"),
    Column("Éducation prioritaire", "text"),
    Column("IPS", "dec1"),
    Column("Rentrée de l'IPS", "text"),
    Column("Effectif", "int"),
    Column("Participants", "int"),
    Column("Taux de participation", "pct"),
    Column("Séances", "int"),
    Column("Heures de présence", "hours"),
    Column("Autres établissements rencontrés", "int"),
    Column("Exposition aux autres établissements", "pct"),
    Column("Territoire", "text"),
]


def schools_sheet(revue: RevueData) -> SheetSpec:
    masks = revue.masks
    m = masks.masking
    rows: list[list[CellValue]] = []
    chart_rows: list[list[str | float | None]] = []
    for school, cell in zip(revue.schools, masks.schools, strict=True):
        masked = hidden(m, cell)
        rows.append(
            [
                school.uai,
                school.name,
                kind_label(school.kind),
                sector_label(school.sector),
                school.commune,
                ep_label(school.education_prioritaire),
                school.ips,
                school.ips_rentree,
                school.enrolment,
                shown(m, cell),
                derived(school.participation_rate, masked),
                derived(school.sessions, masked),
                derived(school.hours, masked),
                derived(school.other_schools_met, masked),
                derived(school.exposure_to_other_schools, masked),
                "oui" if school.in_territory else "hors territoire",
            ]
        )
        chart_rows.append([_short(school.name), None if masked else school.participation_rate])
    without = shown(m, masks.without_school)
    blocks: list[Block] = [
        Title(f"Établissements — {revue.period.label}"),
        Paragraph(
            "Participants : élèves distincts de l'établissement présents à au moins une séance. "
            "Taux de participation : participants / effectif de l'établissement. Heures de "
            "présence : heures passées en séance par ses élèves, additionnées. Autres "
            "établissements rencontrés : établissements différents présents dans les mêmes "
            "séances. Exposition aux autres établissements : part moyenne des camarades de "
            "séance de ses élèves venant d'un autre établissement. IPS : indice de position "
            "sociale de la DEPP (dernière rentrée connue)."
        ),
        Table(TABLE, COLUMNS, rows),
        Paragraph(f"Élèves sans établissement connu : {_text(without)}."),
    ]
    chart = BarChartSpec(
        title="Taux de participation par établissement",
        categories=SeriesRef(SHEET, TABLE, 1, helper=True),
        values=SeriesRef(SHEET, TABLE, 2, helper=True),
        axis_title="Taux de participation",
        percent=True,
    )
    helpers = HelperColumns(
        TABLE, ["Établissement (graphique)", "Taux (graphique)"], chart_rows, ["text", "pct"]
    )
    return SheetSpec(SHEET, blocks, charts=[chart], helpers=[helpers])


def _short(name: str, length: int = 34) -> str:
    """A chart label: long official names would squeeze the bars."""
    return name if len(name) <= length else name[: length - 1].rstrip() + "…"


def _text(value: object) -> str:
    return getattr(value, "text", str(value))
