"""``cites-app sessions plan …`` (a weekly series, holidays skipped) and
``cites-app sessions conflicts`` (every current conflict of the database)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cites_app.cli.output import CommandError, print_json, say, warn

if TYPE_CHECKING:
    from cites_app.db.database import Database
    from cites_app.scheduling import Conflict, SeriesService
    from cites_app.school_calendar import SchoolCalendar, SeriesPlan


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``sessions plan`` and ``sessions conflicts`` to the command line."""
    sessions = sub.add_parser("sessions", help="planifier les séances, lister les conflits")
    actions = sessions.add_subparsers(dest="sessions_action", required=True, metavar="ACTION")
    plan = actions.add_parser(
        "plan",
        help="générer une série hebdomadaire de séances en sautant les vacances et jours fériés",
    )
    plan.add_argument("--weekday", required=True, metavar="JOUR", help="jour : lundi … dimanche")
    plan.add_argument(
        "--from",
        dest="start_date",
        required=True,
        metavar="DATE",
        help="première date (2026-01-07 ou 07/01/2026)",
    )
    plan.add_argument(
        "--to", dest="end_date", required=True, metavar="DATE", help="dernière date (incluse)"
    )
    plan.add_argument(
        "--start", required=True, metavar="HEURE", help="heure de début (14:00 ou 14h)"
    )
    plan.add_argument("--end", required=True, metavar="HEURE", help="heure de fin (16:30 ou 16h30)")
    plan.add_argument(
        "--zone", help="zone de vacances (A, B, C) ou académie ; défaut : celle du territoire"
    )
    plan.add_argument(
        "--alsace-moselle",
        action="store_true",
        default=None,
        help="jours fériés d'Alsace-Moselle (défaut : selon le territoire)",
    )
    plan.add_argument("--dry-run", action="store_true", help="lister les dates sans rien créer")
    plan.add_argument("--activity", type=int, metavar="ID", help="activité dont créer les séances")
    plan.add_argument("--venue", type=int, metavar="ID", help="lieu des séances")
    plan.add_argument(
        "--facilitator",
        type=int,
        action="append",
        default=[],
        metavar="ID",
        help="animateur (répétable)",
    )
    plan.add_argument(
        "--capacity",
        type=int,
        metavar="N",
        help="places par séance (défaut : celles de l'activité)",
    )
    plan.add_argument(
        "--calendrier", metavar="FICHIER", help="calendrier scolaire officiel plus récent (CSV)"
    )
    conflicts = actions.add_parser("conflicts", help="lister tous les conflits actuels de la base")
    conflicts.add_argument(
        "--session",
        type=int,
        action="append",
        metavar="ID",
        help="seulement ceux de cette séance (répétable)",
    )
    conflicts.add_argument(
        "--calendrier", metavar="FICHIER", help="calendrier scolaire officiel plus récent (CSV)"
    )
    for parser in (sessions, plan, conflicts):
        parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run the chosen action; refusals of the services become French command errors."""
    from cites_app.scheduling import SchedulingError  # noqa: PLC0415 - keeps start-up fast
    from cites_app.school_calendar import CalendarFileError  # noqa: PLC0415

    try:
        if args.sessions_action == "plan":
            return _plan(args)
        return _conflicts(args)
    except (SchedulingError, CalendarFileError, FileNotFoundError) as exc:
        raise CommandError(str(exc)) from exc


def _calendar(args: argparse.Namespace) -> SchoolCalendar:
    from cites_app.school_calendar import load_default_calendar, load_user_calendar  # noqa: PLC0415

    return load_user_calendar(args.calendrier) if args.calendrier else load_default_calendar()


def _open(args: argparse.Namespace, *, write: bool, purpose: str) -> Database:
    """The database, refused in French when it does not exist (it is never created here)."""
    from cites_app.db.database import Database  # noqa: PLC0415
    from cites_app.db.migrate import (  # noqa: PLC0415
        DatabaseRefusedError,
        DatabaseState,
        inspect_database,
        refusal_message,
    )
    from cites_app.db.url import describe, resolve_database_url  # noqa: PLC0415
    from cites_app.startup import open_database  # noqa: PLC0415

    url = resolve_database_url(args.db)
    status = inspect_database(url)
    if status.state is DatabaseState.MISSING:
        raise CommandError(f"Aucune base de données à {describe(url)} : {purpose}")
    if status.state in (DatabaseState.UNKNOWN_REVISION, DatabaseState.FOREIGN):
        raise DatabaseRefusedError(refusal_message(url, status))
    if write or status.state is DatabaseState.OUTDATED:
        return open_database(url).database
    return Database(url)


def _plan(args: argparse.Namespace) -> int:
    from cites_app.scheduling.series import SeriesService, weekly_series  # noqa: PLC0415

    if not args.dry_run and args.activity is None:
        raise CommandError(
            "Précisez l'activité dont créer les séances (--activity ID), "
            "ou ajoutez --dry-run pour seulement lister les dates."
        )
    calendar = _calendar(args)
    zone, alsace_moselle = args.zone, args.alsace_moselle
    if args.dry_run and zone is not None:  # nothing to read: the database is not opened
        plan = weekly_series(
            calendar,
            args.weekday,
            args.start_date,
            args.end_date,
            args.start,
            args.end,
            zone,
            alsace_moselle=bool(alsace_moselle),
        )
        _print_plan(args, plan)
        return 0
    database = _open(
        args,
        write=not args.dry_run,
        purpose="précisez la zone de vacances avec --zone (A, B ou C)."
        if args.dry_run
        else "créez-la d'abord (cites-app db upgrade) et saisissez l'activité.",
    )
    try:
        service = SeriesService(database, calendar)
        plan = service.preview_series(
            args.weekday,
            args.start_date,
            args.end_date,
            args.start,
            args.end,
            zone=zone,
            alsace_moselle=alsace_moselle,
        )
        if args.dry_run:
            _print_plan(args, plan)
            return 0
        return _create(args, service, plan)
    finally:
        database.dispose()


def _print_plan(args: argparse.Namespace, plan: SeriesPlan) -> None:
    from cites_app.school_calendar import format_date_fr  # noqa: PLC0415

    for message in plan.warnings:
        warn(f"Attention : {message}")
    if args.json:
        print_json(plan.to_dict())
        return
    say(plan.describe_fr())
    reasons = {skipped.date: skipped.reason for skipped in plan.skipped}
    for day in sorted([*plan.kept, *reasons]):
        label = f"écartée : {reasons[day]}" if day in reasons else "séance"
        say(f"  {format_date_fr(day):<28} {label}")


def _create(args: argparse.Namespace, service: SeriesService, plan: SeriesPlan) -> int:
    from cites_app.school_calendar import format_date_fr  # noqa: PLC0415

    for message in plan.warnings:
        warn(f"Attention : {message}")
    created = service.create_series(
        args.activity, plan, args.venue, args.facilitator, args.capacity
    )
    if args.json:
        print_json(
            {
                "activity_id": args.activity,
                "series_id": str(created.series_id) if created.series_id else None,
                "created": [
                    {"id": session_id, "date": day.isoformat()}
                    for session_id, day in zip(created.session_ids, plan.kept, strict=True)
                ],
                "skipped": plan.to_dict()["skipped"],
                "conflicts": [conflict.to_dict() for conflict in created.conflicts],
            }
        )
        return 0
    count = len(created.session_ids)
    say(
        f"{count} séance{'s' if count > 1 else ''} créée{'s' if count > 1 else ''} pour l'activité n° {args.activity}."
    )
    for session_id, day in zip(created.session_ids, plan.kept, strict=True):
        say(f"  {format_date_fr(day):<28} séance n° {session_id}")
    for skipped in plan.skipped:
        say(f"  {format_date_fr(skipped.date):<28} écartée : {skipped.reason}")
    _say_conflicts(created.conflicts)
    return 0


def _conflicts(args: argparse.Namespace) -> int:
    from cites_app.scheduling import ConflictChecker  # noqa: PLC0415

    database = _open(args, write=False, purpose="aucun conflit à chercher.")
    try:
        checker = ConflictChecker(database, _calendar(args))
        found = checker.session_conflicts(args.session) if args.session else checker.all_conflicts()
    finally:
        database.dispose()
    if args.json:
        print_json([conflict.to_dict() for conflict in found])
    else:
        _say_conflicts(found)
    return 0


def _say_conflicts(conflicts: list[Conflict]) -> None:
    if not conflicts:
        say("Aucun conflit.")
        return
    say(f"{len(conflicts)} conflit{'s' if len(conflicts) > 1 else ''} :")
    for conflict in conflicts:
        say(f"  - [{conflict.label}] {conflict.message}")
