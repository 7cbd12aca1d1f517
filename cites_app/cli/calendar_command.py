"""``cites-app calendar import FICHIER``: load the newer official school calendar each year."""

from __future__ import annotations

import argparse
from pathlib import Path

from cites_app.cli.output import CommandError, print_json, say


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    calendar = sub.add_parser("calendar", help="calendrier scolaire officiel")
    actions = calendar.add_subparsers(dest="calendar_action", required=True, metavar="ACTION")
    load = actions.add_parser(
        "import",
        help="utiliser un calendrier officiel plus récent (fichier fr-en-calendrier-scolaire)",
    )
    load.add_argument("file", type=Path, metavar="FICHIER", help="fichier CSV officiel")
    for parser in (calendar, load):
        parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from cites_app.school_calendar import (  # noqa: PLC0415
        CalendarFileError,
        import_user_calendar,
    )

    try:
        target, calendar = import_user_calendar(args.file)
    except CalendarFileError as exc:
        raise CommandError(str(exc)) from exc
    coverage = {zone: calendar.coverage(zone) for zone in ("A", "B", "C")}
    if args.json:
        print_json(
            {
                "file": str(target),
                "coverage": {
                    zone: [span[0].isoformat(), span[1].isoformat()] if span else None
                    for zone, span in coverage.items()
                },
            }
        )
        return 0
    say(f"Calendrier importé : {target}")
    for zone, span in coverage.items():
        if span:
            say(f"  zone {zone} : du {span[0]:%d/%m/%Y} au {span[1]:%d/%m/%Y}")
    say("Les séances seront désormais planifiées sur ce calendrier.")
    return 0
