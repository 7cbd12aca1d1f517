"""What the « Mixité » page writes and draws, built from the territory indicators.

The cards' figures and tooltips, the one-sentence verdict, and the data of its three charts.
Plain Python (no widget): the page puts them on screen, the tests read them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from cites_app.indicators.random_baseline import Interval
from cites_app.indicators.territory import TerritoryIndicators, TerritorySummary
from cites_app.registers import formatting
from cites_app.ui.charts.bar_chart import Bar
from cites_app.ui.charts.base import BETTER, USUAL, WORSE, Formatter, index, share
from cites_app.ui.charts.line_chart import Reference, TrendPoint
from cites_app.ui.charts.scatter_chart import BandStep, Point
from cites_app.ui.models.indicator_models import decimal_or_dash, kind_label, percent_or_dash

#: Category codes of the engine → (label of the choice, phrase after « selon »).
CATEGORY_CHOICES: dict[str, tuple[str, str]] = {
    "qpv": ("Résidence en QPV", "la résidence en QPV"),
    "ep": ("Éducation prioritaire de l'école", "l'éducation prioritaire de l'école"),
    "ips": ("Tranche d'IPS de l'école", "la tranche d'IPS de l'école"),
    "sex": ("Sexe", "le sexe"),
    "niveau": ("Niveau", "le niveau"),
}
WEIGHT_CHOICES: dict[str, str] = {"pupils": "Présences", "hours": "Heures de présence"}
#: Categories taken from the pupil's school: every school is in one of them only.
SCHOOL_CATEGORIES = frozenset({"ep", "ips"})

H_READING = (
    "0 : chaque groupe a la même composition que l'ensemble des participants (mélange parfait).\n"
    "1 : chaque groupe ne réunit qu'une seule catégorie (séparation complète)."
)
BAND_READING = (
    "« Au hasard » : la plage où tombent 95 % des {n} répartitions au sort des mêmes enfants "
    "entre les mêmes séances. Une valeur dans cette plage est compatible avec le hasard."
)


@dataclass(frozen=True)
class Figure:
    value: str
    detail: str
    tooltip: str


@dataclass(frozen=True)
class Verdict:
    headline: str
    detail: str
    tone: str  # "good", "neutral" or "warning": the colour of the banner


def signed(value: float | None) -> str:
    """``+0,15`` / ``−0,03`` (a true minus sign)."""
    if value is None:
        return "—"
    text = formatting.decimal(abs(value), 2)
    return ("+" if value >= 0 else "\u2212") + text


def interval_text(interval: Interval, fmt: Callable[[float], str]) -> str:
    return f"de {fmt(interval.low)} à {fmt(interval.high)}"


def key_figures(t: TerritorySummary) -> dict[str, Figure]:
    """The eight cards of the page, in French, for one category and weight."""
    phrase = CATEGORY_CHOICES.get(t.category, (t.category_name, t.category_name))[1]
    chance = t.H_sessions_random
    h = decimal_or_dash
    outside = (
        f" (et {formatting.count(t.schools_outside_territory, 'établissement', 'établissements')} "
        "hors territoire)"
        if t.schools_outside_territory
        else ""
    )
    figures = {
        "participants": Figure(
            formatting.integer(t.participants),
            f"enfants venus au moins une fois "
            f"({formatting.count(t.participations, 'présence', 'présences')}, "
            f"{formatting.count(t.sessions, 'séance', 'séances')})",
            "Enfants différents présents au moins une fois dans l'année. Dans les indicateurs de "
            "mixité, un enfant venu à 3 séances compte 3 fois (une par présence).",
        ),
        "coverage": Figure(
            f"{t.schools_taking_part} sur {t.schools_in_territory}",
            f"établissements du territoire ont envoyé des élèves ({percent_or_dash(t.coverage)})"
            + outside,
            "Établissements du territoire dont au moins un élève est venu à une séance. Ceux qui "
            "n'ont jamais participé sont listés sous « Participation par établissement ».",
        ),
        "contact": Figure(
            percent_or_dash(t.contact_rate),
            "des camarades de séance viennent d'une autre école (au hasard : "
            + percent_or_dash(t.contact_rate_random)
            + ")",
            "Pour chaque enfant, part de ses camarades de séance venant d'une autre école que la "
            "sienne, en moyenne sur toutes les présences.\n0 % : on ne retrouve que sa propre "
            "école. 100 % : aucun camarade de sa propre école.\n« Au hasard » : ce que "
            "donneraient les mêmes séances remplies en tirant les enfants au sort.",
        ),
        "h_schools": Figure(
            h(t.H_schools),
            f"selon {phrase}, ces enfants regroupés par école "
            + (
                "(1 par construction : chaque école est d'une seule catégorie)"
                if t.category in SCHOOL_CATEGORIES
                else "(0 : mélange parfait, 1 : séparation)"
            ),
            "Indice de Theil H, sur les enfants participants regroupés par leur école.\n"
            f"{H_READING}\nRepère : entre collèges d'un département, la DEPP mesure 0,04 à 0,15.",
        ),
        "h_sessions": Figure(
            h(t.H_sessions),
            "les mêmes enfants, par séance ; au hasard : "
            + ("—" if chance is None else f"{h(chance.mean)} ({interval_text(chance, h)})"),
            "Le même indice H, sur les mêmes enfants regroupés par séance : plus il est bas, plus "
            f"chaque séance ressemble à l'ensemble.\n{H_READING}\n"
            + BAND_READING.format(n=formatting.integer(t.shuffles))
            + "\nMême au hasard, "
            "de petites séances ne descendent pas à 0.",
        ),
        "gain": Figure(
            signed(t.mixing_gain),
            "H entre écoles − H entre séances ; au hasard : " + signed(t.mixing_gain_random),
            "Gain de mixité ΔH = H entre écoles − H entre séances, sur les mêmes enfants.\n"
            "Positif : les séances mélangent davantage que les écoles ; 0 : pas de gain.\n"
            "« Au hasard » : le gain qu'aurait donné une répartition au sort dans les mêmes séances.",
        ),
    }
    for key, exposure, focal, other, short, groups in (
        ("exposure_qpv", t.exposure_qpv, "un enfant résidant en QPV", "enfants hors QPV",
         "un enfant QPV", "enfants QPV et hors QPV"),
        ("exposure_rep", t.exposure_rep, "un enfant d'école REP ou REP+",
         "enfants d'écoles hors EP", "un enfant REP", "écoles REP et hors EP, statut renseigné"),
    ):  # fmt: skip
        if exposure.by_session is None:
            detail = f"non mesurable : il faut des {groups}"
        else:
            detail = (
                f"de {other} en séance pour {short} "
                f"({percent_or_dash(exposure.by_school)} dans son école)"
            )
        figures[key] = Figure(
            percent_or_dash(exposure.by_session),
            detail,
            f"Exposition : pour {focal}, part moyenne de {other} parmi ses camarades, dans ses "
            "séances et dans son école (enfants dont le groupe est connu).\n0 % : il ne les "
            "rencontre jamais. Plus le chiffre des séances dépasse celui de l'école, plus le "
            "programme lui fait rencontrer d'autres enfants.",
        )
    return figures


def verdict(t: TerritorySummary) -> Verdict:  # noqa: PLR0911 - one return per reading
    """One honest sentence: séances against schools, read against chance's range."""
    h = decimal_or_dash
    if t.H_schools is None or t.H_sessions is None:
        return Verdict("Pas assez de présences pour mesurer la mixité", "", "neutral")
    if len(t.categories) <= 1:
        only = next(iter(t.categories), "")
        return Verdict(
            "Mixité non mesurable selon ce critère",
            f"Tous les participants sont dans la même catégorie (« {only} »).",
            "neutral",
        )
    moved = f"H passe de {h(t.H_schools)} entre écoles à {h(t.H_sessions)} entre séances"
    phrase = CATEGORY_CHOICES.get(t.category, ("", t.category_name))[1]
    chance = t.H_sessions_random
    if chance is None:
        detail = f"{moved} (comparaison au hasard désactivée dans les réglages)."
        if t.H_sessions < t.H_schools:
            return Verdict("Les séances mélangent plus que les écoles", detail, "good")
        return Verdict("Les séances ne mélangent pas plus que les écoles", detail, "warning")
    band = interval_text(chance, h)
    if t.H_schools <= chance.high:
        return Verdict(
            "Écart compatible avec le hasard",
            f"Les écoles de ces enfants (H = {h(t.H_schools)}) sont déjà aussi mélangées que des "
            f"séances tirées au sort ({band}) : la différence entre écoles et séances ne se "
            "distingue pas du hasard.",
            "neutral",
        )
    if t.H_sessions < chance.low:
        return Verdict(
            "Les séances mélangent nettement plus que les écoles, et plus que le hasard",
            f"{moved}, sous la plage du hasard ({band}) : la composition des groupes mélange "
            "volontairement les enfants.",
            "good",
        )
    if t.H_sessions <= chance.high:
        return Verdict(
            "Les séances mélangent nettement plus que les écoles",
            f"{moved}, dans la plage du hasard ({band}) : l'écart restant entre séances est "
            "compatible avec le hasard, comme si les enfants étaient tirés au sort.",
            "good",
        )
    if t.H_sessions < t.H_schools:
        return Verdict(
            "Les séances mélangent plus que les écoles, mais moins que le hasard",
            f"{moved} ; des séances tirées au sort donneraient {band} : certaines séances "
            f"regroupent encore des enfants semblables selon {phrase}.",
            "neutral",
        )
    return Verdict(
        "Les séances ne mélangent pas plus que les écoles",
        f"{moved}, au-dessus de la plage du hasard ({band}).",
        "warning",
    )


# -- charts ------------------------------------------------------------------------------------

SCATTER_MEASURES: dict[str, str] = {
    "contact": "Camarades d'autres écoles",
    "local": "Composition selon le critère choisi",
}
BAR_HELP = (
    "Nombre d'enfants différents de chaque établissement venus au moins une fois dans l'année. "
    "Cliquez sur une barre pour voir l'établissement en détail : ses séances, les écoles que "
    "ses élèves ont rencontrées."
)
SCATTER_HELP = (
    "Chaque point est une séance : les petites à gauche, les grandes à droite ; en hauteur, la "
    "mesure choisie. La zone bleutée montre où tombent 95 % des séances de même taille remplies "
    "au hasard avec les mêmes enfants (le tiret : leur moyenne). Un point dans la zone est "
    "« comme au hasard ». Les cercles vides sont de petites séances : leurs chiffres dépendent "
    "beaucoup du hasard. Cliquez sur un point pour voir la séance en détail."
)
TREND_HELP = "Nombre d'enfants différents venus au moins une fois dans le mois."
H_TREND_HELP = (
    "Écart de composition entre les séances du mois (indice H, selon le critère choisi) : plus "
    "la courbe est basse, plus les séances du mois sont mélangées. Le tiret rappelle l'écart "
    "entre écoles sur l'année : l'espace entre les deux est le gain de mixité. Un mois de peu "
    "de séances varie beaucoup par hasard."
)


def school_bars(ind: TerritoryIndicators) -> tuple[list[Bar], str]:
    """Bars of the establishments whose pupils came, and the sentence naming those who never did."""
    bars = [
        Bar(
            s.uai,
            s.name,
            float(s.participants),
            f"{s.name} — {kind_label(s.kind)}\n"
            f"{formatting.count(s.participants, 'enfant venu', 'enfants venus')}"
            + (f" ({percent_or_dash(s.participation_rate)} de l'effectif)" if s.enrolment else "")
            + f" · {formatting.count(s.sessions, 'séance', 'séances')}"
            f" · {formatting.count(s.other_schools_met, 'autre établissement rencontré', 'autres établissements rencontrés')}"
            "\nCliquez pour le détail.",
        )
        for s in ind.schools
        if s.participants > 0
    ]
    absent = ind.schools_not_taking_part
    if not absent:
        return bars, ""
    names = ", ".join(s.name for s in absent)
    return bars, f"Aucun élève venu cette année ({len(absent)}) : {names}."


@dataclass(frozen=True)
class ScatterData:
    points: list[Point]
    band: list[BandStep]
    y_format: Formatter
    y_top: float | None
    y_title: str
    legend: str


def _tone(value: float, interval: Interval | None, higher_is_better: bool) -> str:
    if interval is None or interval.low - 1e-12 <= value <= interval.high + 1e-12:
        return "usual"
    return "better" if (value > interval.high) == higher_is_better else "worse"


def _bullet(colour: str, count: int, text: str) -> str:
    return f"<span style='color:{colour}'>●</span> {formatting.integer(count)} {text}"


def session_scatter(
    ind: TerritoryIndicators, contact_chance: dict[int, Interval], measure: str, small_group: int
) -> ScatterData:
    """Séances as points (x = children) against chance's range for ``measure``.

    ``contact``: the cross-school contact rate (higher = more mixed); ``local``: the local score
    ``L`` for the chosen category (0 = the composition of all participants, higher = further).
    """
    contact = measure == "contact"
    points, chances = [], {}
    for s in ind.sessions:
        value = s.mix.contact_rate if contact else s.mix.L
        if value is None:
            continue
        size = s.mix.participants
        chance = contact_chance.get(size) if contact else s.mix.L_random
        if chance is not None:
            chances[size] = chance
        tone = _tone(value, chance, higher_is_better=contact)
        reading = {
            "better": "plus mélangée que le hasard",
            "usual": "comme au hasard",
            "worse": "moins mélangée que le hasard",
        }[tone]
        figure = percent_or_dash(value) if contact else decimal_or_dash(value)
        fmt: Callable[[float], str] = formatting.percent if contact else index
        tooltip = (
            f"{formatting.short_date(_date(s.date))} · {s.activity}\n"
            f"{formatting.count(size, 'enfant', 'enfants')} de "
            f"{formatting.count(s.mix.schools, 'école', 'écoles')}\n"
            f"{SCATTER_MEASURES[measure]} : {figure}"
            + (
                ""
                if chance is None
                else f" (au hasard : de {fmt(chance.low)} à {fmt(chance.high)})"
            )
            + f"\n→ {reading}"
            + (
                f"\nMoins de {small_group} enfants : à lire avec prudence."
                if s.mix.small_group
                else ""
            )
        )
        points.append(Point(s.id, float(size), value, tone, s.mix.small_group, tooltip))
    band = [BandStep(float(n), c.mean, c.low, c.high) for n, c in sorted(chances.items())]
    counts = {
        tone: sum(1 for p in points if p.tone == tone) for tone in ("better", "usual", "worse")
    }
    more, less = (
        ("avec plus d'autres écoles qu'au hasard", "avec moins d'autres écoles qu'au hasard")
        if contact
        else ("plus mélangées que le hasard", "moins mélangées que le hasard")
    )
    legend = " &nbsp; ".join(
        (
            _bullet(BETTER.name(), counts["better"], more),
            _bullet(USUAL.name(), counts["usual"], "comme au hasard"),
            _bullet(WORSE.name(), counts["worse"], less),
            f"○ moins de {small_group} enfants",
        )
    )
    if contact:
        return ScatterData(
            points, band, share, 1.0, "Part des camarades venant d'une autre école", legend
        )
    return ScatterData(points, band, index, None, "Écart à la composition d'ensemble", legend)


def _date(iso: str) -> date:
    return date.fromisoformat(iso)


def month_label(month: str, *, long: bool = False) -> str:
    """``"2026-10"`` → ``"oct."`` (or ``"octobre 2026"``)."""
    year, number = (int(part) for part in month.split("-"))
    if long:
        return f"{formatting.MONTHS[number - 1]} {year}"
    return formatting.MONTHS_SHORT[number - 1]


def trends(ind: TerritoryIndicators) -> tuple[list[TrendPoint], list[TrendPoint], Reference | None]:
    """Children per month, ``H`` between the séances of each month, and ``H`` between schools."""
    children, h = [], []
    for m in ind.months:
        name = month_label(m.month, long=True)
        children.append(
            TrendPoint(
                month_label(m.month),
                float(m.participants),
                f"{name} : {formatting.count(m.participants, 'enfant', 'enfants')}, "
                f"{formatting.count(m.sessions, 'séance', 'séances')}",
            )
        )
        h.append(
            TrendPoint(
                month_label(m.month),
                m.H_sessions,
                f"{name} : écart entre séances H = {decimal_or_dash(m.H_sessions)} "
                f"({formatting.count(m.sessions, 'séance', 'séances')})",
            )
        )
    h_schools = ind.territory.H_schools
    reference = (
        None
        if h_schools is None
        else Reference(h_schools, f"entre écoles sur l'année : {index(h_schools)}")
    )
    return children, h, reference


CATEGORY_HELP = (
    "Les groupes dont on mesure le mélange : résidence en QPV de l'enfant, éducation prioritaire "
    "ou tranche d'IPS de son école, sexe ou niveau."
)
WEIGHT_HELP = (
    "Présences : chaque venue d'un enfant à une séance compte 1. Heures : chaque venue compte "
    "ses heures de présence (un après-midi pèse plus qu'une heure)."
)
VERDICT_HELP = (
    "Le verdict compare le mélange dans les séances à celui des écoles des mêmes enfants, puis à "
    "ce que donnerait une répartition de ces enfants au hasard dans les mêmes séances."
)
