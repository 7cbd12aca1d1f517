"""``cites-app indicators counts FILE.csv …`` (indices of any count table) and
``cites-app indicators territory …`` (the mix indicators of the territory)."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import TYPE_CHECKING

from cites_app.cli.database_access import open_existing
from cites_app.cli.output import CommandError, print_json, say

if TYPE_CHECKING:
    from cites_app.db.database import Database
    from cites_app.indicators.territory import TerritoryIndicators, TerritorySummary


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``indicators counts`` and ``indicators territory`` to the command line."""
    indicators = sub.add_parser("indicators", help="indicateurs de mixité")
    actions = indicators.add_subparsers(dest="indicators_action", required=True, metavar="ACTION")
    counts = actions.add_parser(
        "counts",
        help="indices de ségrégation d'un tableau de comptage (CSV : une ligne par individu ou "
        "par case)",
    )
    counts.add_argument("file", metavar="FICHIER.csv", type=Path, help="le tableau (CSV)")
    counts.add_argument("--unit", required=True, metavar="COLONNE", help="colonne des unités")
    counts.add_argument("--group", required=True, metavar="COLONNE", help="colonne des catégories")
    counts.add_argument(
        "--weight", metavar="COLONNE", help="colonne des poids (sinon chaque ligne compte 1)"
    )
    counts.add_argument(
        "--by", metavar="COLONNE", help="regroupement des unités pour la décomposition"
    )
    territory = actions.add_parser("territory", help="indicateurs de mixité du territoire")
    territory.add_argument(
        "--year",
        metavar="AAAA-AAAA",
        help="année scolaire (défaut : la dernière année ayant des présences)",
    )
    territory.add_argument("--from", dest="start_date", metavar="DATE", help="premier jour")
    territory.add_argument("--to", dest="end_date", metavar="DATE", help="dernier jour (inclus)")
    territory.add_argument(
        "--category",
        default="qpv",
        metavar="CATÉGORIE",
        help="groupes comparés : qpv, ep, ips, sex ou niveau (défaut : qpv)",
    )
    territory.add_argument(
        "--weight",
        default="pupils",
        metavar="POIDS",
        help="pupils (chaque présence compte 1) ou hours (heures de présence) ; défaut : pupils",
    )
    territory.add_argument(
        "--shuffles",
        type=int,
        metavar="N",
        help="tirages aléatoires de la référence « hasard » (défaut : réglage, 1000 ; 0 : aucun)",
    )
    territory.add_argument("--seed", type=int, metavar="N", help="graine des tirages")
    for parser in (indicators, counts, territory):
        parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run the chosen action; refusals of the services become French command errors."""
    if args.indicators_action == "counts":
        return _counts(args)
    return _territory(args)


def _counts(args: argparse.Namespace) -> int:
    from cites_app.indicators.counts_table import CountsTableError, run_counts  # noqa: PLC0415

    try:
        report = run_counts(args.file, args.unit, args.group, args.weight, args.by)
    except CountsTableError as exc:
        raise CommandError(str(exc)) from exc
    if args.json:
        print_json(report)
    else:
        say(_counts_text(report))
    return 0


def _territory(args: argparse.Namespace) -> int:
    from cites_app.indicators.random_baseline import DEFAULT_SEED  # noqa: PLC0415
    from cites_app.indicators.territory import territory_indicators  # noqa: PLC0415
    from cites_app.indicators.territory_frame import ChoiceError, validate_choice  # noqa: PLC0415
    from cites_app.indicators.territory_period import Period, PeriodError  # noqa: PLC0415
    from cites_app.school_calendar import parse_date_fr  # noqa: PLC0415

    try:
        validate_choice(args.category, args.weight)
        period = None
        if args.start_date or args.end_date:
            if not (args.start_date and args.end_date) or args.year:
                raise CommandError(
                    "Donnez soit --year, soit les deux bornes --from et --to de la période."
                )
            period = Period(parse_date_fr(args.start_date), parse_date_fr(args.end_date))
        elif args.year:
            Period.of_school_year(args.year)  # a bad year is refused before opening the base
        if args.shuffles is not None and args.shuffles < 0:
            raise CommandError("Le nombre de tirages (--shuffles) doit être positif ou nul.")
        database = _open(args)
        try:
            result = territory_indicators(
                database,
                args.year,
                args.category,
                args.weight,
                shuffles=args.shuffles,
                seed=DEFAULT_SEED if args.seed is None else args.seed,
                period=period,
            )
        finally:
            database.dispose()
    except (ChoiceError, PeriodError, ValueError) as exc:
        raise CommandError(str(exc)) from exc
    if args.json:
        print_json(result.to_dict())
    else:
        say(_territory_text(result))
    return 0


def _open(args: argparse.Namespace) -> Database:
    """The database, upgraded only when it must be; never created by a read-only command."""
    return open_existing(
        args.db,
        write=False,
        missing_hint="rien à calculer (créez-en une avec « cites-app demo » ou importez vos "
        "données).",
    )


def number(value: object, digits: int = 4) -> str:
    """A figure in French: decimal comma, ``—`` when undefined."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    text = f"{int(value):,}" if float(value).is_integer() else f"{value:,.{digits}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %".replace(".", ",")


def _counts_text(report: dict[str, object]) -> str:
    lines = [
        f"Fichier : {report['file']}",
        f"Poids total N = {number(report['N'])} ; catégories : "
        + ", ".join(f"« {g} »" for g in report["groups"]),  # type: ignore[attr-defined]
        f"Entropie E = {number(report['E'])}",
        f"Information mutuelle M = {number(report['M'])}",
        f"Indice de Theil H = {number(report['H'])}  (0 = mixité parfaite, 1 = séparation totale)",
    ]
    if "D" in report:
        lines.append(
            f"Groupe « {report['focal_group']} » face à l'autre : dissimilarité D = "
            f"{number(report['D'])}, isolement = {number(report['isolation'])}, exposition = "
            f"{number(report['exposure'])}, V = {number(report['V'])}"
        )
    if "between" in report:
        between, within = report["between"], report["within"]
        assert isinstance(between, dict) and isinstance(within, dict)
        lines.append(
            f"Décomposition : M entre groupes = {number(between['M'])} (H {number(between['H'])}),"
            f" M à l'intérieur = {number(within['M'])} (H {number(within['H'])})"
        )
    lines.extend(f"Note : {note}" for note in report["notes"])  # type: ignore[attr-defined]
    units = report["units"]
    assert isinstance(units, dict)
    width = max([len("unité"), *(len(str(u)) for u in units)])
    lines.append(f"{'unité':<{width}}  {'p':>8}  {'L':>8}")
    for unit, values in units.items():
        lines.append(f"{unit:<{width}}  {number(values['p']):>8}  {number(values['L']):>8}")
    return "\n".join(lines)


def _territory_text(result: TerritoryIndicators) -> str:
    t = result.territory
    lines = [
        f"Indicateurs de mixité — {t.period} — catégorie : {t.category_name}, "
        f"pondération : {'heures de présence' if t.weight == 'hours' else 'présences'}",
        f"{number(t.participants)} participants, {number(t.participations)} présences, "
        f"{number(t.sessions)} séances, {number(t.activities)} activités, "
        f"{number(t.hours, 1)} heures",
        f"Établissements participants : {t.schools_taking_part} sur {t.schools_in_territory} "
        f"({percent(t.coverage)})",
        "Catégories : "
        + ", ".join(f"{label} {number(weight, 1)}" for label, weight in t.categories.items()),
        f"H entre écoles = {number(t.H_schools)} ; H entre séances = {number(t.H_sessions)} ; "
        f"gain de mixité ΔH = {number(t.mixing_gain)}",
        _random_line(t),
        f"Taux de contact inter-écoles moyen = {percent(t.contact_rate)} "
        f"(séances remplies au hasard : {percent(t.contact_rate_random)})",
    ]
    for exposure in (t.exposure_qpv, t.exposure_rep):
        lines.append(
            f"Exposition des élèves {exposure.group} aux élèves {exposure.other} : "
            f"{percent(exposure.by_school)} dans les écoles, {percent(exposure.by_session)} "
            "dans les séances"
        )
    lines.extend(f"Note : {note}" for note in t.notes)
    absent = result.schools_not_taking_part
    if absent:
        lines.append(
            f"Établissements sans participant ({len(absent)}) : "
            + ", ".join(f"{s.name} ({s.uai})" for s in absent)
        )
    small = sum(1 for s in result.sessions if s.mix.small_group)
    lines.append(
        f"{small} séance(s) sur {len(result.sessions)} sous le seuil de petit groupe : leurs "
        "indicateurs sont fragiles. Détail par école et par séance : --json."
    )
    return "\n".join(lines)


def _random_line(t: TerritorySummary) -> str:
    expected = t.H_sessions_random
    if expected is None:
        return "Référence « hasard » non calculée (--shuffles 0)."
    return (
        f"Au hasard ({t.shuffles} tirages) : H entre séances = {number(expected.mean)} "
        f"[{number(expected.low)} ; {number(expected.high)}], gain ΔH = "
        f"{number(t.mixing_gain_random)}"
    )
