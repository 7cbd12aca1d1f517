"""``cites-app privacy retention [--apply]``, ``privacy export-pupil ID --out FICHIER`` and
``privacy erase-pupil ID [--yes]``: retention, access and erasure requests (DESIGN.md §6).

Every purge, export and erasure is written to the audit log (without names). Exit codes: 0 on
success, 1 when the request is refused (unknown pupil, missing database, no confirmation).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from cites_app.cli.output import CommandError, print_json, say

if TYPE_CHECKING:
    from cites_app.db.database import Database
    from cites_app.privacy import RetentionList


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``privacy retention | export-pupil | erase-pupil`` to the command line."""
    privacy = sub.add_parser(
        "privacy", help="données des élèves : durée de conservation, accès, effacement"
    )
    actions = privacy.add_subparsers(dest="privacy_action", required=True, metavar="ACTION")
    retention = actions.add_parser(
        "retention",
        help="lister les élèves sans activité depuis plus que la durée de conservation",
    )
    retention.add_argument(
        "--apply", action="store_true", help="anonymiser les élèves listés (sinon : liste seule)"
    )
    export = actions.add_parser(
        "export-pupil", help="demande d'accès : exporter toutes les données d'un élève"
    )
    export.add_argument("pupil_id", type=int, metavar="ID", help="numéro de l'élève")
    export.add_argument(
        "--out", required=True, metavar="FICHIER", help="fichier à écrire (.json ou .xlsx)"
    )
    erase = actions.add_parser(
        "erase-pupil", help="demande d'effacement : anonymiser définitivement un élève"
    )
    erase.add_argument("pupil_id", type=int, metavar="ID", help="numéro de l'élève")
    erase.add_argument("--yes", action="store_true", help="ne pas demander de confirmation")
    for parser in (privacy, retention, export, erase):
        parser.set_defaults(handler=run)


def _open(args: argparse.Namespace) -> Database:
    """The existing database (a privacy request on a database that does not exist is a mistake)."""
    from cites_app.db.migrate import DatabaseState, inspect_database  # noqa: PLC0415
    from cites_app.db.url import describe, resolve_database_url  # noqa: PLC0415
    from cites_app.startup import open_database  # noqa: PLC0415

    url = resolve_database_url(args.db)
    if inspect_database(url).state is DatabaseState.MISSING:
        raise CommandError(f"Aucune base de données à {describe(url)}")
    return open_database(url).database


def run(args: argparse.Namespace) -> int:
    """Run the chosen privacy action."""
    from cites_app.privacy import PrivacyError  # noqa: PLC0415 - keeps start-up fast

    database = _open(args)
    try:
        if args.privacy_action == "retention":
            return _retention(args, database)
        if args.privacy_action == "export-pupil":
            return _export(args, database)
        return _erase(args, database)
    except PrivacyError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        database.dispose()


def _listing(found: RetentionList) -> list[dict[str, object]]:
    return [
        {
            "id": p.id,
            "last_name": p.last_name,
            "first_name": p.first_name,
            "establishment": p.establishment,
            "niveau": p.niveau,
            "last_activity": p.last_activity.isoformat() if p.last_activity else None,
        }
        for p in found.pupils
    ]


def _retention(args: argparse.Namespace, database: Database) -> int:
    from cites_app.privacy import apply_retention, expired_pupils  # noqa: PLC0415

    found = expired_pupils(database)
    anonymised: list[int] = []
    if args.apply:
        anonymised = apply_retention(
            database, found.today, [pupil.id for pupil in found.pupils]
        ).anonymised
    if args.json:
        print_json(
            {
                "cutoff": found.cutoff.isoformat(),
                "retention_years": found.retention_years,
                "expired": _listing(found),
                "anonymised": anonymised,
                "applied": bool(args.apply),
            }
        )
        return 0
    count = len(found.pupils)
    say(
        f"Durée de conservation : {found.retention_years} an(s) après l'année scolaire de la "
        f"dernière activité. {count} élève{'s' if count > 1 else ''} sans activité depuis le "
        f"{found.cutoff:%d/%m/%Y}."
    )
    for pupil in found.pupils:
        last = f"{pupil.last_activity:%d/%m/%Y}" if pupil.last_activity else "inconnue"
        say(
            f"  n°{pupil.id} {pupil.last_name} {pupil.first_name} — {pupil.establishment or '?'}"
            f", {pupil.niveau or 'niveau inconnu'}, dernière activité : {last}"
        )
    if args.apply:
        say(f"{len(anonymised)} élève(s) anonymisé(s) ; présences et inscriptions conservées.")
    elif count:
        say("Rien n'a été modifié : ajoutez --apply pour anonymiser ces élèves.")
    return 0


def _export(args: argparse.Namespace, database: Database) -> int:
    from cites_app.privacy import export_pupil_data  # noqa: PLC0415

    path = export_pupil_data(database, args.pupil_id, args.out)
    if args.json:
        print_json({"pupil_id": args.pupil_id, "file": str(path)})
    else:
        say(f"Données de l'élève n°{args.pupil_id} exportées dans {path}.")
    return 0


def _erase(args: argparse.Namespace, database: Database) -> int:
    from cites_app.models import Establishment, Pupil  # noqa: PLC0415
    from cites_app.privacy import PrivacyError, erase_pupil  # noqa: PLC0415

    if not args.yes:
        if args.json or not sys.stdin.isatty():
            raise CommandError("Effacement définitif : confirmez avec --yes")
        with database.read_session() as session:
            pupil = session.get(Pupil, args.pupil_id)
            if pupil is None:
                raise PrivacyError(f"Aucun élève n°{args.pupil_id} dans la base")
            school = session.get(Establishment, pupil.establishment_id or 0)
            who = f"{pupil.last_name} {pupil.first_name} ({school.name if school else '?'})"
        answer = input(f"Effacer définitivement les données de {who} ? [o/N] ")
        if answer.strip().lower() not in ("o", "oui", "y", "yes"):
            say("Rien n'a été effacé.")
            return 1
    result = erase_pupil(database, args.pupil_id)
    if args.json:
        print_json({"pupil_id": result.pupil_id, "already_anonymised": result.already})
    elif result.already:
        say(f"L'élève n°{result.pupil_id} était déjà anonymisé : rien à effacer.")
    else:
        say(
            f"Données nominatives de l'élève n°{result.pupil_id} effacées (nom, prénom, date "
            "de naissance, INE, classe, autorisations) ; présences gardées anonymes."
        )
    return 0
