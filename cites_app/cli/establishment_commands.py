"""``cites-app establishments search TEXTE`` and ``cites-app establishments add UAI``: find a
school in the official open data shipped with the application, and add it to the database.

``search`` prints the candidates (UAI, name, commune, latest IPS; « déjà enregistré » and
« hors territoire » when the database says so). ``add`` stores one like a one-row import (its
IPS and an audit entry); a school outside the territory's communes is refused unless
``--hors-territoire`` (added as outside the territory) or ``--dans-le-territoire`` says how.

Exit codes: **0** done (or already stored: nothing to do); **1** unknown UAI, invalid UAI, missing database, or a school outside
the territory without a choice; **2** the database itself is refused (too new, not ours).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cites_app.cli.database_access import open_existing
from cites_app.cli.output import CommandError, print_json, say

if TYPE_CHECKING:
    from cites_app.establishments import CandidateMatch

MISSING_HINT = "créez-la d'abord (cites-app demo, ou cites-app import establishments FICHIER)"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``establishments search | add`` to the command line."""
    command = sub.add_parser(
        "establishments", help="chercher un établissement dans les données officielles, l'ajouter"
    )
    actions = command.add_subparsers(dest="establishments_action", required=True, metavar="ACTION")
    search = actions.add_parser(
        "search", help="chercher par UAI (ou ses premiers chiffres) ou par mots du nom, commune"
    )
    search.add_argument("text", nargs="+", metavar="TEXTE", help="« 0930616 », « jaures pantin »…")
    search.add_argument(
        "--limit", type=int, default=20, metavar="N", help="au plus N résultats (20)"
    )
    add = actions.add_parser("add", help="ajouter un établissement des données officielles")
    add.add_argument("uai", metavar="UAI", help="UAI de l'établissement, par exemple 0930616P")
    where = add.add_mutually_exclusive_group()
    where.add_argument(
        "--hors-territoire",
        dest="in_territory",
        action="store_false",
        default=None,
        help="l'ajouter comme établissement hors territoire (partenaire)",
    )
    where.add_argument(
        "--dans-le-territoire",
        dest="in_territory",
        action="store_true",
        help="l'ajouter au territoire même si sa commune n'en fait pas partie",
    )
    for parser in (command, search, add):
        parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Search or add; the exit code follows the module's rules."""
    from cites_app.opendata import OpenDataError  # noqa: PLC0415 - keeps start-up fast

    try:
        if args.establishments_action == "search":
            return _search(args)
        return _add(args)
    except OpenDataError as exc:
        raise CommandError(str(exc)) from exc


def _search(args: argparse.Namespace) -> int:
    from cites_app.db.migrate import DatabaseState, inspect_database  # noqa: PLC0415
    from cites_app.db.url import resolve_database_url  # noqa: PLC0415
    from cites_app.establishments import EstablishmentService  # noqa: PLC0415
    from cites_app.imports import lookup_establishments  # noqa: PLC0415

    text = " ".join(args.text)
    candidates = lookup_establishments(text, limit=max(1, args.limit))
    # The database, when there is one, says which schools are stored or outside the territory.
    if inspect_database(resolve_database_url(args.db)).state is DatabaseState.MISSING:
        from cites_app.establishments import CandidateMatch  # noqa: PLC0415

        matches = [CandidateMatch(c, None, None, None) for c in candidates]
    else:
        database = open_existing(args.db, write=False, missing_hint=MISSING_HINT)
        try:
            matches = EstablishmentService(database).matches(candidates)
        finally:
            database.dispose()
    if args.json:
        print_json([_json(match) for match in matches])
        return 0
    if not matches:
        say(f"Aucun établissement des données officielles ne correspond à « {text} ».")
        return 0
    for match in matches:
        say(_line(match))
    return 0


def _add(args: argparse.Namespace) -> int:
    from cites_app.establishments import EstablishmentService  # noqa: PLC0415
    from cites_app.imports import lookup_establishments  # noqa: PLC0415
    from cites_app.opendata.uai import normalize_uai, uai_problem  # noqa: PLC0415
    from cites_app.scheduling import SchedulingError  # noqa: PLC0415

    uai = normalize_uai(args.uai)
    problem = uai_problem(uai)
    if problem is not None:
        raise CommandError(f"UAI « {uai} » invalide : {problem}")
    found = [c for c in lookup_establishments(uai, limit=1) if c.uai == uai]
    if not found:
        raise CommandError(
            f"UAI {uai} absent des données officielles fournies avec l'application (elles "
            "couvrent les collèges et lycées de France, et les écoles élémentaires des "
            "Bouches-du-Rhône, du Nord, du Rhône et de la Seine-Saint-Denis) : ajoutez "
            "l'établissement depuis le fichier de l'annuaire de son département (cites-app "
            "import establishments FICHIER), ou à la main, page Établissements"
        )
    database = open_existing(args.db, write=True, missing_hint=MISSING_HINT)
    try:
        service = EstablishmentService(database)
        match = service.matches(found)[0]
        if match.stored_id is not None:  # nothing to do: a script may run « add » twice
            if args.json:
                print_json({**_json(match), "added": False})
            else:
                say(f"Déjà enregistré : {match.candidate.label} ; rien n'a été ajouté.")
            return 0
        in_territory = args.in_territory
        if in_territory is None:
            if match.in_territory is False:
                communes = ", ".join(service.territory().asked)
                raise CommandError(
                    f"{match.candidate.label} est hors des communes du territoire ({communes}) : "
                    "ajoutez --hors-territoire (ou --dans-le-territoire) pour dire comment "
                    "l'ajouter"
                )
            in_territory = True
        try:
            record = service.add_official(match.candidate, in_territory=in_territory)
        except SchedulingError as exc:
            raise CommandError(str(exc)) from exc
    finally:
        database.dispose()
    if args.json:
        print_json(
            {**_json(match), "added": True, "stored_id": record.id,
             "in_territory": record.data.in_territory}
        )  # fmt: skip
        return 0
    where = "" if in_territory else " (hors territoire)"
    say(f"Établissement ajouté{where} : {match.candidate.label}.")
    return 0


def _ips(match: CandidateMatch) -> str:
    from cites_app.registers import formatting  # noqa: PLC0415

    ips = match.candidate.ips
    if ips is None or ips.ips is None:
        return "IPS —"
    return f"IPS {formatting.decimal(ips.ips, 1)} ({ips.rentree})"


def _line(match: CandidateMatch) -> str:
    candidate = match.candidate
    parts = [candidate.uai, candidate.name, candidate.commune or "commune inconnue", _ips(match)]
    if match.stored_id is not None:
        parts.append("déjà enregistré")
    elif match.in_territory is False:
        parts.append("hors territoire")
    return "  ".join(parts[:1]) + "  " + " — ".join(parts[1:])


def _json(match: CandidateMatch) -> dict[str, object]:
    candidate = match.candidate
    ips = candidate.ips
    return {
        "uai": candidate.uai,
        "name": candidate.name,
        "kind": candidate.kind,
        "commune": candidate.commune,
        "ips": None if ips is None else ips.ips,
        "ips_rentree": None if ips is None else ips.rentree,
        "stored_id": match.stored_id,
        "in_territory": match.in_territory,
    }
