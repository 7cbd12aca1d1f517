"""``cites-app demo [--size S|M|L] [--seed N]``."""

from __future__ import annotations

import argparse
import re

from cites_app.cli.output import CommandError, print_json, say, warn
from cites_app.startup import open_database


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = sub.add_parser(
        "demo",
        help="créer un territoire de démonstration (vrais établissements, élèves fictifs)",
    )
    demo.add_argument("--size", choices=("S", "M", "L"), default="S", help="taille (défaut : S)")
    demo.add_argument("--seed", type=int, default=1, help="graine du hasard (défaut : 1)")
    demo.add_argument(
        "--year",
        metavar="AAAA-AAAA",
        help="année scolaire simulée (défaut : la dernière année scolaire complète)",
    )
    demo.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    rentree = None
    if args.year:
        match = re.fullmatch(r"(\d{4})-(\d{4})", args.year)
        if not match or int(match[2]) != int(match[1]) + 1:
            raise CommandError(
                f"Année scolaire invalide « {args.year} » : écrivez par exemple 2025-2026."
            )
        rentree = int(match[1])
    # Imported here: the generator pulls open-data readers and the calendar in.
    from cites_app.demo.generator import DemoError, generate_demo  # noqa: PLC0415

    opened = open_database(args.db)
    try:
        last = -1

        def progress(pct: int, message: str) -> None:
            nonlocal last
            if not args.json and pct != last:
                warn(f"[{pct:3d} %] {message}")
                last = pct

        summary = generate_demo(opened.database, args.size, args.seed, rentree, progress)
    except DemoError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        opened.database.dispose()
    if args.json:
        print_json({**summary.__dict__, "database": opened.database.location})
    else:
        say(
            f"Territoire de démonstration créé dans {opened.database.location} : "
            f"{summary.establishments} établissements, {summary.pupils} élèves, "
            f"{summary.sessions} séances, {summary.attendance} présences "
            f"(année {summary.school_year})."
        )
    return 0
