"""``cites-app attendance-sheet …`` (the feuille d'émargement as PDF) and
``cites-app attendance import | missing | hours`` (past attendance, roll calls never taken,
hours of participation).

``add_import_arguments`` and ``run_import`` let the ``import`` command group offer the same
import as ``cites-app import attendance FILE``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from cites_app.cli.database_access import open_existing
from cites_app.cli.output import CommandError, print_json, say, warn

if TYPE_CHECKING:
    from cites_app.attendance.sheet import SessionSheet
    from cites_app.db.database import Database


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``attendance-sheet`` and ``attendance import|missing|hours``."""
    sheet = sub.add_parser(
        "attendance-sheet",
        help="imprimer la feuille d'émargement d'une séance, d'un jour ou d'une semaine (PDF)",
    )
    which = sheet.add_mutually_exclusive_group(required=True)
    which.add_argument("--session", type=int, metavar="ID", help="une séance")
    which.add_argument("--day", metavar="DATE", help="toutes les séances du jour (2026-01-07)")
    which.add_argument(
        "--week", metavar="DATE", help="toutes les séances de la semaine (lundi à dimanche)"
    )
    sheet.add_argument("--out", required=True, type=Path, metavar="FICHIER.pdf")
    sheet.set_defaults(handler=run_sheet)

    attendance = sub.add_parser(
        "attendance", help="présences : import d'un fichier, appels non faits, heures"
    )
    actions = attendance.add_subparsers(dest="attendance_action", required=True, metavar="ACTION")
    add_import_arguments(
        actions.add_parser(
            "import",
            help="importer un fichier de présences passées (une ligne par séance et par élève)",
        )
    )
    actions.add_parser(
        "missing", help="lister les séances passées dont l'appel n'a jamais été fait"
    ).set_defaults(handler=run)
    hours = actions.add_parser("hours", help="heures de participation")
    hours.add_argument(
        "--by",
        choices=("pupil", "school", "activity"),
        default="school",
        help="par élève, établissement ou activité (défaut : school)",
    )
    hours.add_argument("--year", metavar="AAAA-AAAA", help="année scolaire (défaut : tout)")
    hours.set_defaults(handler=run)


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of the attendance import (shared with ``cites-app import attendance``)."""
    parser.add_argument("file", type=Path, metavar="FICHIER", help="classeur Excel, ODS ou CSV")
    parser.add_argument(
        "--dry-run", action="store_true", help="seulement afficher ce qui serait importé"
    )
    parser.set_defaults(handler=run_import)


def run(args: argparse.Namespace) -> int:
    if args.attendance_action == "missing":
        return _missing(args)
    return _hours(args)


def _open(args: argparse.Namespace, *, write: bool) -> Database:
    """The database, refused in French when it does not exist (it is never created here)."""
    return open_existing(
        args.db,
        write=write,
        missing_hint="créez-la d'abord (cites-app db upgrade) et importez les établissements.",
    )


# -- attendance-sheet ----------------------------------------------------------------------------


def run_sheet(args: argparse.Namespace) -> int:
    """Write the sheets of a séance, a day or a week into one PDF."""
    from cites_app.attendance import AttendanceError, AttendanceSheetService  # noqa: PLC0415
    from cites_app.school_calendar import format_date_fr, parse_date_fr  # noqa: PLC0415

    database = _open(args, write=False)
    try:
        service = AttendanceSheetService(database)
        try:
            if args.session is not None:
                sheets = [service.for_session(args.session)]
            else:
                day = parse_date_fr(args.day or args.week)
                sheets = service.for_day(day) if args.day else service.for_week(day)
                if not sheets:
                    span = f"le {format_date_fr(day)}" if args.day else "cette semaine-là"
                    raise CommandError(f"Aucune séance (non annulée) {span} : rien à imprimer.")
        except (AttendanceError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        pages = _print(sheets, args.out)
        service.record_export(sheets, str(args.out))
    finally:
        database.dispose()
    pupils = sum(sheet.total for sheet in sheets)
    if args.json:
        print_json(
            {
                "path": str(args.out),
                "pages": pages,
                "sessions": [sheet.seance.id for sheet in sheets],
                "pupils": pupils,
            }
        )
    else:
        plural = "s" if len(sheets) > 1 else ""
        say(
            f"Feuille{plural} d'émargement écrite{plural} dans {args.out} : {pages} page"
            f"{'s' if pages > 1 else ''}, {len(sheets)} séance{plural}, {pupils} élève"
            f"{'s' if pupils > 1 else ''} inscrit{'s' if pupils > 1 else ''}."
        )
    return 0


def _print(sheets: list[SessionSheet], path: Path) -> int:
    # Qt only now: the rest of the command line never loads it.
    from cites_app.ui.printing import (  # noqa: PLC0415
        ensure_gui_application,
        write_attendance_sheets,
    )

    ensure_gui_application()
    try:
        return write_attendance_sheets(sheets, path)
    except OSError as exc:
        raise CommandError(str(exc)) from exc


# -- attendance import ---------------------------------------------------------------------------


def run_import(args: argparse.Namespace) -> int:
    """Preview, then (without --dry-run) import the file whole, or refuse it whole."""
    from cites_app.attendance.importer import (  # noqa: PLC0415
        AttendanceImporter,
        AttendanceImportRefused,
    )

    if not args.file.is_file():
        raise CommandError(f"Fichier introuvable : {args.file}")
    database = _open(args, write=not args.dry_run)
    try:
        importer = AttendanceImporter(database)
        preview = importer.preview(args.file)
        errors = [str(issue) for issue in preview.errors]
        if preview.refused:
            if args.json:
                print_json({**preview.counts.to_dict(), "errors": errors, "imported": False})
            else:
                warn(preview.refusal_message())
            return 1
        if args.dry_run:
            counts = preview.counts
        else:
            try:
                counts = importer.commit(preview)
            except AttendanceImportRefused as exc:
                raise CommandError(str(exc)) from exc
    finally:
        database.dispose()
    if args.json:
        print_json({**counts.to_dict(), "errors": [], "imported": not args.dry_run})
        return 0
    for issue in preview.issues:
        if issue.severity == "warning":
            warn(f"Attention : {issue}")
    prefix = "Simulation (rien n'a été écrit) : " if args.dry_run else "Import terminé : "
    say(prefix + counts.summary_fr())
    return 0


# -- attendance missing / hours ------------------------------------------------------------------


def _missing(args: argparse.Namespace) -> int:
    from cites_app.attendance import missing_roll_calls  # noqa: PLC0415

    database = _open(args, write=False)
    try:
        found = missing_roll_calls(database)
    finally:
        database.dispose()
    if args.json:
        print_json([item.to_dict() for item in found])
        return 0
    if not found:
        say("Aucune séance passée sans appel.")
        return 0
    say(
        f"{len(found)} séance{'s' if len(found) > 1 else ''} passée{'s' if len(found) > 1 else ''} sans appel :"
    )
    for item in found:
        say(
            f"  n° {item.session_id:<6} {item.when_text:<40} {item.activity} "
            f"({item.registered} inscrit{'s' if item.registered > 1 else ''})"
        )
    return 0


def _hours(args: argparse.Namespace) -> int:
    from cites_app.attendance import GROUPINGS, ParticipationHours  # noqa: PLC0415
    from cites_app.indicators.territory_period import Period, PeriodError  # noqa: PLC0415
    from cites_app.registers import formatting  # noqa: PLC0415

    try:
        period = Period.of_school_year(args.year) if args.year else None
    except PeriodError as exc:
        raise CommandError(str(exc)) from exc
    database = _open(args, write=False)
    try:
        if args.by == "pupil":
            _record_named_export(database, args.year)
        rows = ParticipationHours(database).rows(args.by, period)
    finally:
        database.dispose()
    total = sum(row.minutes for row in rows)
    if args.json:
        print_json(
            {
                "by": args.by,
                "year": args.year,
                "rows": [row.to_dict() for row in rows],
                "total_minutes": total,
                "total_hours": round(total / 60, 2),
            }
        )
        return 0
    if not rows:
        say("Aucune présence enregistrée" + (f" en {args.year}." if args.year else "."))
        return 0
    say(
        f"Heures de participation par {GROUPINGS[args.by]}"
        + (f" ({args.year})" if args.year else "")
        + " :"
    )
    width = min(60, max(len(row.label) for row in rows))
    for row in rows:
        detail = f" — {row.detail}" if row.detail and args.by == "pupil" else ""
        say(
            f"  {row.label[:width]:<{width}}  {formatting.hours(row.hours):>10}  "
            f"{row.seances:>5} présence{'s' if row.seances > 1 else ''}{detail}"
        )
    say(f"  {'Total':<{width}}  {formatting.hours(total / 60):>10}")
    return 0


def _record_named_export(database: Database, year: str | None) -> None:
    """Hours per pupil print names: the export of named data is written to the audit log."""
    from cites_app import audit  # noqa: PLC0415

    with database.session() as session:
        audit.record(
            session,
            "export.hours_by_pupil",
            "Heures de participation par élève affichées en ligne de commande"
            + (f" ({year})." if year else "."),
        )
