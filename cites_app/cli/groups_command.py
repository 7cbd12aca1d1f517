"""``cites-app groups compose --activity ID --groups N [...]``: propose mixed groups, print
them beside random allocation, and write them with ``--apply``."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING

from cites_app.cli.database_access import open_existing
from cites_app.cli.output import CommandError, print_json, say, warn

if TYPE_CHECKING:
    from cites_app.db.database import Database
    from cites_app.grouping import Composition, ProposedGroup


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``groups compose`` to the command line."""
    groups = sub.add_parser("groups", help="composer des groupes mixtes pour une activité")
    actions = groups.add_subparsers(dest="groups_action", required=True, metavar="ACTION")
    compose = actions.add_parser(
        "compose",
        help="proposer des groupes qui mélangent les établissements (et les écrire avec --apply)",
    )
    compose.add_argument("--activity", type=int, required=True, metavar="ID", help="activité")
    compose.add_argument("--groups", type=int, required=True, metavar="N", help="nombre de groupes")
    compose.add_argument(
        "--capacity",
        type=int,
        metavar="K",
        help="places par groupe (défaut : celles des séances, sinon de l'activité)",
    )
    compose.add_argument(
        "--max-school-share",
        type=float,
        metavar="PART",
        help="part maximale d'un établissement dans un groupe, ex. 0.5 (défaut : l'activité)",
    )
    compose.add_argument(
        "--min-schools",
        type=int,
        metavar="N",
        help="établissements au moins par groupe (défaut : l'activité)",
    )
    compose.add_argument("--seed", type=int, metavar="S", help="graine du hasard (reproductible)")
    for flag, what in (("--together", "à garder ensemble"), ("--apart", "à séparer")):
        compose.add_argument(
            flag,
            action="append",
            default=[],
            metavar="A,B",
            help=f"deux numéros d'élèves {what} (répétable)",
        )
    compose.add_argument(
        "--place-all",
        action="store_true",
        help="tous les candidats doivent être placés (pas de liste d'attente)",
    )
    compose.add_argument(
        "--from",
        dest="since",
        metavar="DATE",
        help="séances à partager entre les groupes à partir de cette date (défaut : maintenant)",
    )
    compose.add_argument(
        "--apply",
        action="store_true",
        help="écrire les inscriptions et la liste d'attente (une seule transaction)",
    )
    for parser in (groups, compose):
        parser.set_defaults(handler=run)


def _pairs(values: list[str], flag: str) -> tuple[tuple[int, int], ...]:
    pairs = []
    for value in values:
        parts = value.replace(":", ",").replace(";", ",").split(",")
        try:
            a, b = (int(part) for part in parts)
        except ValueError:
            raise CommandError(
                f"{flag} « {value} » : donnez deux numéros d'élèves séparés par une virgule "
                "(ex. 12,34)."
            ) from None
        pairs.append((a, b))
    return tuple(pairs)


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    from cites_app.school_calendar import parse_date_fr  # noqa: PLC0415

    try:
        return datetime.combine(parse_date_fr(value), datetime.min.time())
    except ValueError as exc:
        raise CommandError(str(exc)) from exc


def _open(args: argparse.Namespace) -> Database:
    """The database, refused in French when it does not exist (it is never created here)."""
    return open_existing(
        args.db,
        write=args.apply,
        missing_hint="créez-en une (cites-app demo) ou importez vos données.",
    )


def run(args: argparse.Namespace) -> int:
    """Compose (and apply); refusals of the services become French command errors."""
    from cites_app.grouping import (  # noqa: PLC0415 - keeps start-up fast
        DEFAULT_SEED,
        GroupingError,
        apply_composition,
        compose_groups,
    )
    from cites_app.scheduling import SchedulingError  # noqa: PLC0415

    together = _pairs(args.together, "--together")
    apart = _pairs(args.apart, "--apart")
    since = _since(args.since)
    database = _open(args)
    try:
        composition = compose_groups(
            database,
            args.activity,
            groups=args.groups,
            capacity=args.capacity,
            max_school_share=args.max_school_share,
            min_schools=args.min_schools,
            together=together,
            apart=apart,
            seed=DEFAULT_SEED if args.seed is None else args.seed,
            place_all=args.place_all,
            since=since,
        )
        applied = None
        if args.apply and composition.feasible:
            applied = apply_composition(database, composition)
    except (GroupingError, SchedulingError) as exc:
        raise CommandError(str(exc)) from exc
    finally:
        database.dispose()
    if args.json:
        payload = composition.to_dict()
        payload["applied"] = applied is not None
        print_json(payload)
    else:
        say(composition_text(composition))
        if applied is not None:
            say(f"\nGroupes appliqués : {applied.summary_fr()}")
    if not composition.feasible:
        warn(
            "Erreur : les contraintes ne peuvent pas toutes être respectées"
            + (" ; rien n'a été écrit." if args.apply else ".")
        )
        return 1
    return 0


def number(value: float | None, digits: int = 2) -> str:
    """French decimal (« 0,86 »), « — » when undefined."""
    if value is None:
        return "—"
    return f"{value:.{digits}f}".replace(".", ",")


def percent(value: float | None) -> str:
    """« 25 % », « — » when undefined."""
    return "—" if value is None else f"{round(value * 100)} %"


def composition_text(composition: Composition) -> str:
    """The readable French table of a composition."""
    lines: list[str] = []
    pool = composition.pool
    placed = sum(len(g.placements) for g in composition.groups)
    lines.append(
        f"« {pool.activity_title} » : {composition.settings.groups} groupe"
        f"{'s' if composition.settings.groups > 1 else ''}, {placed} élève"
        f"{'s' if placed > 1 else ''} placé{'s' if placed > 1 else ''}, "
        f"{len(composition.waiting)} en liste d'attente."
    )
    random = composition.random
    if random is not None and random.contact_rate is not None:
        rate = random.contact_rate
        lines.append(
            f"Taux de contact moyen : {number(composition.contact_rate)} — au hasard : "
            f"{number(rate.mean)} en moyenne, {number(rate.p95)} au 95e centile "
            f"({_thousands(random.shuffles)} répartitions) : "
            + _verdict(composition.contact_rate, rate.p95)
            + "."
        )
        lines.append(
            f"H (groupes × établissements) : {number(composition.h, 3)} — au hasard : "
            f"{number(random.h.mean, 3)} en moyenne."
        )
    for group in composition.groups:
        lines.append("")
        lines.extend(_group_lines(group))
    if composition.waiting:
        lines.append("")
        lines.append(f"Liste d'attente ({len(composition.waiting)}) :")
        for placement in composition.waiting:
            c = placement.candidate
            lines.append(
                f"  {placement.waiting_rank:>3}. n° {c.id:<7} {c.uai or '—':<9} {c.sex or '?':<2} "
                f"{c.niveau or '?':<5} {c.qpv:<8} {placement.explanation}"
            )
    if composition.notes:
        lines.append("")
        lines.append("Remarques :")
        lines.extend(f"  - {note}" for note in composition.notes)
    if composition.violations:
        lines.append("")
        lines.append("Contraintes impossibles à respecter :")
        from cites_app.grouping import CONSTRAINTS  # noqa: PLC0415

        lines.extend(
            f"  - [{CONSTRAINTS.get(v.constraint, v.constraint)}] {v.message}"
            for v in composition.violations
        )
    return "\n".join(lines)


def _thousands(value: int) -> str:
    """« 1 000 » (French thousands separator, a narrow no-break space)."""
    return f"{value:,}".replace(",", "\u202f")


def _verdict(observed: float | None, p95: float | None) -> str:
    if observed is None or p95 is None:
        return "comparaison impossible"
    if observed > p95 + 1e-12:
        return "mieux que 95 % des répartitions au hasard"
    if observed >= p95 - 1e-12:
        return "au niveau du 95e centile du hasard (le mélange maximal est déjà fréquent)"
    return "pas mieux que le hasard"


def _group_lines(group: ProposedGroup) -> list[str]:
    mix = group.mix
    capacity = f" / {group.capacity} places" if group.capacity is not None else ""
    largest = mix.largest_school
    chance = group.random_contact_rate
    lines = [
        f"{group.name} — {mix.size} élève{'s' if mix.size > 1 else ''}{capacity} · "
        f"{mix.schools_represented} établissement{'s' if mix.schools_represented > 1 else ''}"
        + (f" (le plus représenté : {percent(largest.share)})" if largest else "")
        + f" · {mix.girls} F, {mix.boys} G · QPV {percent(mix.qpv_share)} · contact "
        f"{number(mix.contact_rate)}"
        + (
            f" (hasard {number(chance.mean)} [{number(chance.low)}–{number(chance.high)}])"
            if chance
            else ""
        )
        + f" · H local {number(group.h_local, 3)}"
    ]
    if group.track.description:
        lines.append(f"  Séances : {group.track.description}")
    lines.append(f"  {'n°':<9} {'UAI':<9} {'sexe':<4} {'niv.':<5} {'QPV':<8} pourquoi")
    for placement in group.placements:
        c = placement.candidate
        lines.append(
            f"  {c.id:<9} {c.uai or '—':<9} {c.sex or '?':<4} {c.niveau or '?':<5} {c.qpv:<8} "
            f"{placement.explanation}"
        )
    return lines
