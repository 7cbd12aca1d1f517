"""The Synthèse sheet: who, when, how much, and what the programme achieved for the mix — with a
few sentences a préfet can read without the Méthodo sheet.

The sentences never claim more than the figures: the mixing gain is compared with what séances
filled at random would give, and a value inside chance's band is said to be just that.
"""

from __future__ import annotations

from cites_app import __version__
from cites_app.exports.masking import Masking
from cites_app.exports.revue_data import RevueData
from cites_app.exports.sheet_common import (
    day_text,
    hidden,
    integer,
    masking_rule,
    number,
    percent,
    share,
    shown,
)
from cites_app.exports.sheet_model import (
    Blank,
    Block,
    CellValue,
    Column,
    Field,
    Masked,
    Paragraph,
    Section,
    SheetSpec,
    Styled,
    Table,
    Title,
)
from cites_app.indicators.territory import TerritorySummary

SHEET = "Synthèse"


def synthese_sheet(revue: RevueData) -> SheetSpec:
    info, period = revue.info, revue.period
    year = f" (année scolaire {period.school_year})" if period.school_year else ""
    blocks: list[Block] = [
        Title(f"Revue de projet {period.label} — {info.name}"),
        Field("Territoire", info.name),
    ]
    if info.communes:
        blocks.append(Field("Communes", ", ".join(info.communes)))
    blocks += [
        Field("Période", f"du {day_text(period.start)} au {day_text(period.end)}{year}"),
        Field("Produit le", day_text(revue.produced)),
        Field("Application", f"Cités éducatives — coordination, version {__version__}"),
        Field(
            "Petits effectifs",
            f"{masking_rule(revue.settings.threshold)} (voir Méthodo)",
        ),
        Blank(),
        Section("En bref"),
        Paragraph(reach_sentence(revue), emphasis=True),
        Paragraph(mix_sentence(revue.headline), emphasis=True),
        Paragraph(contact_sentence(revue.headline)),
        Blank(),
        Section("Chiffres clés"),
        Table(
            "Chiffres_cles",
            [Column("Indicateur"), Column("Valeur", "int"), Column("Précision", "note")],
            key_figures(revue),
        ),
    ]
    notes = reading_notes(revue)
    if notes:
        blocks.append(Section("À lire avec les chiffres"))
        blocks += [Paragraph(note) for note in notes]
    return SheetSpec(SHEET, blocks, freeze=False, min_text_width=110)


def reading_notes(revue: RevueData) -> list[str]:
    """The indicators' notes, rewritten with masked counts (theirs print exact counts)."""
    masks, everyone = revue.masks, revue.territory
    notes = []
    if everyone.beneficiaries - sum(s.participants for s in revue.schools):
        without = shown(masks.masking, masks.without_school)
        notes.append(
            f"Élèves sans établissement connu : {_text(without)}. Ils comptent parmi les "
            "bénéficiaires, mais pas dans les indicateurs entre écoles et entre séances."
        )
    if everyone.qpv_unknown:
        notes.append(
            f"Résidence en QPV inconnue : {_text(shown(masks.qpv, 2))} bénéficiaires ; ils "
            "forment une catégorie à part (« QPV inconnu ») dans les indicateurs de mixité."
        )
    for t in revue.summaries.values():
        name = f"Critère « {t.category_name} »"
        if t.E == 0:
            notes.append(
                f"{name} : tous les participants sont dans la même catégorie, la mixité selon "
                "ce critère ne peut pas être mesurée (H vaut 0 par convention)."
            )
        elif t.chance_dominates:
            notes.append(
                f"{name} : le hasard seul donnerait au moins la moitié du H observé entre "
                "séances ; lisez-le à côté de sa valeur attendue au hasard."
            )
    return notes


def _text(value: int | Masked) -> str:
    return value.text if isinstance(value, Masked) else integer(value)


def _h(value: float | None) -> str:
    """An index in French, two decimals (three when it would read 0,00)."""
    if value is None:
        return "—"
    return number(value, 3 if value != 0 and abs(value) < 0.005 else 2)


def reach_sentence(revue: RevueData) -> str:
    t = revue.headline
    masks = revue.masks
    reached = sum(1 for s in revue.schools if s.participants > 0)
    pupils = (
        f"moins de {revue.settings.threshold} élèves"
        if hidden(masks.masking, masks.beneficiaries)
        else f"{integer(t.participants)} élèves"
    )
    period = revue.period
    when = f"de l'année scolaire {period.school_year}" if period.school_year else period.label
    return (
        f"Les {integer(t.sessions)} séances {when} ont réuni {pupils} venus de "
        f"{integer(reached)} établissements ({t.schools_taking_part} des "
        f"{t.schools_in_territory} établissements du territoire), pour "
        f"{number(sum(revue.data.session_hours.tolist()), 0)} heures d'activité."
    )


def mix_sentence(t: TerritorySummary) -> str:
    """The mixing gain of the headline category, compared with chance, in plain French."""
    name = t.category_name
    if t.H_schools is None or t.H_sessions is None:
        return f"La mixité selon la {name} n'a pas pu être mesurée."
    if t.E == 0:
        return (
            f"Tous les participants sont dans la même catégorie : la mixité selon la {name} "
            "ne peut pas être mesurée."
        )
    h_schools, h_sessions, gain = t.H_schools, t.H_sessions, t.mixing_gain or 0.0
    text = (
        f"Selon la {name}, la séparation des élèves (indice H : 0 quand tous les groupes sont "
        f"mélangés, 1 quand ils sont totalement séparés) vaut {_h(h_schools)} entre leurs "
        f"écoles et {_h(h_sessions)} dans les séances. "
    )
    if gain > 0 and h_sessions > 0 and h_schools / h_sessions >= 1.5:
        ratio = h_schools / h_sessions
        times = integer(round(ratio)) if ratio >= 3 else number(ratio, 1)
        text += (
            f"Elle est {times} fois plus faible dans les séances : le programme réunit des "
            f"élèves que leurs écoles séparent (gain de mixité ΔH = {_h(gain)}). "
        )
    elif gain > 0:
        text += f"Elle est un peu plus faible dans les séances (gain de mixité ΔH = {_h(gain)}). "
    else:
        text += (
            f"Elle n'est pas plus faible dans les séances que dans les écoles (ΔH = {_h(gain)}). "
        )
    chance = t.H_sessions_random
    if chance is None:
        return text + "La référence « hasard » n'a pas été calculée."
    text += (
        f"Des séances composées au seul hasard donneraient H = {_h(chance.mean)} (entre "
        f"{_h(chance.low)} et {_h(chance.high)} dans 95 % des tirages), soit un gain de "
        f"{_h(t.mixing_gain_random)}. "
    )
    if h_sessions > chance.high:
        text += (
            "Les séances mélangent donc moins qu'un tirage au hasard : elles regroupent encore "
            "en partie les élèves selon ce critère."
        )
    elif h_sessions < chance.low:
        text += "Les séances mélangent même davantage qu'un tirage au hasard."
    elif gain > 0:
        text += (
            "La valeur observée est dans la marge du hasard : les séances mélangent les élèves "
            "autant qu'un tirage au sort, sans regroupement mesurable selon ce critère."
        )
    else:
        text += (
            "La valeur observée est dans la marge du hasard : l'écart avec les écoles n'est pas "
            "significatif, la petite taille des groupes suffit à l'expliquer."
        )
    return text


def contact_sentence(t: TerritorySummary) -> str:
    if t.contact_rate is None:
        return "Aucune séance n'a réuni deux enfants d'établissements connus."
    return (
        f"En moyenne, {percent(t.contact_rate)} des camarades de séance d'un enfant venaient "
        f"d'un autre établissement que le sien (des séances composées au hasard en "
        f"donneraient {percent(t.contact_rate_random)})."
    )


def key_figures(revue: RevueData) -> list[list[CellValue]]:
    t, masks, everyone = revue.headline, revue.masks, revue.territory
    m = masks.masking
    total_hidden = hidden(m, masks.beneficiaries)
    with_session = sum(1 for a in revue.actions if a.sessions)

    def of_total(cell: int, count: int, masking: Masking = m) -> str:
        if hidden(masking, cell) or total_hidden:
            return "part masquée"
        return f"{percent(share(count, everyone.beneficiaries), 1)} des bénéficiaires"

    rows: list[list[CellValue]] = [
        ["Actions de l'année", len(revue.actions), f"dont {with_session} avec au moins une séance"],
        ["Séances réalisées", t.sessions, "séances non annulées ayant au moins une présence"],
        [
            "Heures d'activité",
            Styled(float(revue.data.session_hours.sum()), "hours"),
            "durée cumulée des séances réalisées",
        ],
        ["Bénéficiaires distincts", shown(m, masks.beneficiaries), "chaque élève compté une fois"],
        ["Filles", shown(m, masks.girls), of_total(masks.girls, everyone.girls)],
        ["Garçons", shown(m, masks.boys), of_total(masks.boys, everyone.boys)],
    ]
    if everyone.sex_unknown:
        rows.append(
            [
                "Sexe non renseigné",
                shown(m, masks.sex_unknown),
                of_total(masks.sex_unknown, everyone.sex_unknown),
            ]
        )
    qpv = masks.qpv
    rows += [
        ["Résidant en QPV", shown(qpv, 0), of_total(0, everyone.qpv, qpv)],
        ["Résidence en QPV inconnue", shown(qpv, 2), "bénéficiaires dont l'information manque"],
        [
            "Établissements participants",
            t.schools_taking_part,
            f"sur {t.schools_in_territory} établissements du territoire"
            + (
                f", et {t.schools_outside_territory} hors territoire"
                if t.schools_outside_territory
                else ""
            ),
        ],
        ["Part des établissements participants", Styled(t.coverage, "pct"), ""],
        [
            "Taux de contact inter-écoles moyen",
            Styled(t.contact_rate, "pct"),
            f"au hasard : {percent(t.contact_rate_random, 1)}",
        ],
        [
            f"H entre écoles ({t.category_name})",
            Styled(t.H_schools, "dec3"),
            "séparation des participants selon leur école (0 = mélange parfait)",
        ],
        [
            f"H entre séances ({t.category_name})",
            Styled(t.H_sessions, "dec3"),
            _random_text(t),
        ],
        [
            "Gain de mixité ΔH",
            Styled(t.mixing_gain, "dec3"),
            "H entre écoles − H entre séances ; au hasard : " + number(t.mixing_gain_random, 3),
        ],
    ]
    return rows


def _random_text(t: TerritorySummary) -> str:
    chance = t.H_sessions_random
    if chance is None:
        return "référence « hasard » non calculée"
    return (
        f"au hasard : {number(chance.mean, 3)} (95 % des tirages entre {number(chance.low, 3)} "
        f"et {number(chance.high, 3)})"
    )
