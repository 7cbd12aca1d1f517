"""``cites-app db upgrade | backup | check``."""

from __future__ import annotations

import argparse

from sqlalchemy.engine import URL

from cites_app.cli.output import CommandError, print_json, say
from cites_app.db.health import check_database
from cites_app.db.migrate import DatabaseState, backup_now, inspect_database, upgrade_database
from cites_app.db.url import describe, resolve_database_url


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = sub.add_parser("db", help="maintenance de la base de données")
    actions = db.add_subparsers(dest="db_action", required=True, metavar="ACTION")
    up = actions.add_parser("upgrade", help="sauvegarder puis mettre la base à jour")
    up.add_argument(
        "--sans-sauvegarde",
        dest="no_backup",
        action="store_true",
        help="ne pas sauvegarder avant la mise à jour (déconseillé)",
    )
    actions.add_parser("backup", help="sauvegarder la base maintenant")
    actions.add_parser("check", help="vérifier l'intégrité et la révision de la base")
    copy = actions.add_parser(
        "copy", help="copier toute la base (avec son historique) vers une base vide, ex. serveur"
    )
    copy.add_argument("--to", required=True, metavar="URL", help="base de destination (vide)")
    for parser in (db, *actions.choices.values()):
        parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    url = resolve_database_url(args.db)
    actions = {"upgrade": _upgrade, "backup": _backup, "check": _check, "copy": _copy}
    return actions[args.db_action](args, url)


def _upgrade(args: argparse.Namespace, url: URL) -> int:
    result = upgrade_database(url, backup=not args.no_backup)
    before = result.status_before
    if args.json:
        print_json(
            {
                "database": describe(url),
                "before": before.revision,
                "after": before.head,
                "backup": str(result.backup) if result.backup else None,
            }
        )
        return 0
    if before.state is DatabaseState.MISSING:
        say(f"Base créée à la dernière révision ({before.head}) : {describe(url)}")
    elif before.state is DatabaseState.CURRENT:
        say(f"La base est déjà à jour (révision {before.head}) : {describe(url)}")
    else:
        say(f"Base mise à jour de la révision {before.revision} à {before.head}.")
    if result.backup:
        say(f"Sauvegarde : {result.backup}")
    return 0


def _backup(args: argparse.Namespace, url: URL) -> int:
    if inspect_database(url).state is DatabaseState.MISSING:
        raise CommandError(f"Aucune base à sauvegarder : {describe(url)}")
    path = backup_now(url)
    if args.json:
        print_json({"database": describe(url), "backup": str(path)})
    else:
        say(f"Sauvegarde écrite : {path}")
    return 0


def _check(args: argparse.Namespace, url: URL) -> int:
    report = check_database(url)
    if args.json:
        print_json({"database": describe(url), **report.as_dict()})
    else:
        say(_check_text(describe(url), report.as_dict()))
    return 0 if report.ok else 1


def _check_text(where: str, data: dict[str, object]) -> str:
    state_text = {
        "current": "à jour",
        "outdated": "à mettre à jour (lancez « cites-app db upgrade »)",
        "missing": "absente",
        "unknown_revision": "créée par une version plus récente de l'application",
        "foreign": "ce fichier n'est pas une base de l'application",
    }[str(data["state"])]
    lines = [f"Base : {where}", f"Révision : {data['revision'] or '—'} ({state_text})"]
    integrity = data["integrity"]
    assert isinstance(integrity, list)
    lines.append("Intégrité : " + ("correcte" if integrity == ["ok"] else "; ".join(integrity)))
    if data["foreign_key_errors"]:
        lines.append(f"Références cassées : {data['foreign_key_errors']}")
    counts = data["counts"]
    assert isinstance(counts, dict)
    if counts:
        lines.append(
            "Contenu : "
            + ", ".join(
                f"{n} {label}"
                for label, n in (
                    ("établissements", counts["etablissements"]),
                    ("élèves", counts["eleves"]),
                    ("séances", counts["seances"]),
                    ("présences", counts["presences"]),
                )
            )
        )
    lines.append("Résultat : " + ("base saine" if data["ok"] else "PROBLÈME détecté"))
    return "\n".join(lines)


def _copy(args: argparse.Namespace, url: URL) -> int:
    from cites_app.db.copy import CopyError, copy_database  # noqa: PLC0415
    from cites_app.startup import open_database  # noqa: PLC0415

    opened = open_database(url)
    try:
        report = copy_database(opened.database, resolve_database_url(args.to))
    except CopyError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        opened.database.dispose()
    if args.json:
        print_json({"source": report.source, "target": report.target, "rows": report.rows})
    else:
        say(f"{report.total} lignes copiées de {report.source} vers {report.target}.")
    return 0
