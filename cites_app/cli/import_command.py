"""``cites-app import establishments FILE`` and ``cites-app import pupils FILE``.

Both commit without asking (``--dry-run`` only previews) and print a French summary, or with
``--json`` the counts ``{"created", "updated", "unchanged", "rejected", "ignored", "errors",
"warnings", …}``. A database that does not exist yet is created (fresh database).

Exit codes:

- **0**: the import was written (or, with ``--dry-run``, would be). Establishments: rows the
  official file itself leaves aside (closed school, invalid UAI…) are counted as rejected and do
  not stop the others. Pupils with ``--partial``: rows in error are counted as rejected, the
  valid rows are written. Duplicates of an earlier row of the same file never block.
- **1**: nothing was written: the file is refused as a whole (unreadable, wrong format…),
  every row is rejected, or — pupils, default strict rule — at least one row is in error
  (each faulty row is listed with its row and column; correct the file or add ``--partial``).
  A damaged pupil file therefore never half-enters the database.
- **2**: the database itself is refused (too new, not ours), as for every command.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cites_app.cli.output import CommandError, print_json, say

if TYPE_CHECKING:
    from cites_app.imports import ImportReport
    from cites_app.imports.report import ImportIssue

SHOWN_ISSUES = 20
"""Errors (and warnings) printed in the human summary; ``--json`` lists them all."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``import establishments`` and ``import pupils`` to the command line."""
    command = sub.add_parser("import", help="importer des établissements ou des élèves")
    kinds = command.add_subparsers(dest="import_kind", required=True, metavar="QUOI")
    est = kinds.add_parser(
        "establishments",
        help="fichier open data : annuaire de l'éducation, IPS (écoles, collèges, lycées), "
        "géolocalisation",
    )
    est.add_argument("file", metavar="FICHIER", help="fichier CSV officiel")
    est.add_argument(
        "--commune",
        action="append",
        default=[],
        metavar="CODE_OU_NOM",
        help="n'importer que les établissements de cette commune (code INSEE ou nom ; répétable)",
    )
    est.add_argument("--dry-run", action="store_true", help="aperçu seulement : rien n'est écrit")
    pupils = kinds.add_parser(
        "pupils", help="liste d'élèves : extraction ONDE, export SIECLE, classeur Excel/ODS/CSV"
    )
    pupils.add_argument("file", metavar="FICHIER", help="fichier à importer")
    pupils.add_argument(
        "--establishment",
        metavar="UAI",
        help="établissement des élèves quand le fichier ne l'indique pas",
    )
    pupils.add_argument(
        "--dry-run", action="store_true", help="aperçu seulement : rien n'est écrit"
    )
    pupils.add_argument(
        "--partial",
        action="store_true",
        help="importer les lignes valides même si d'autres sont en erreur",
    )
    pupils.add_argument(
        "--rejected",
        metavar="FICHIER.xlsx",
        help="enregistrer les lignes refusées, avec le motif, dans ce classeur",
    )
    for parser in (command, est, pupils):
        parser.set_defaults(handler=run)
    # The attendance import lives with the attendance commands; it is offered here too.
    from cites_app.cli.attendance_command import add_import_arguments  # noqa: PLC0415

    add_import_arguments(
        kinds.add_parser(
            "attendance",
            help="importer des présences passées (une ligne par séance et par élève)",
        )
    )


def run(args: argparse.Namespace) -> int:
    """Run the import; the exit code follows the module's rules."""
    from cites_app.imports import (  # noqa: PLC0415 - keeps start-up fast
        ImportRefusedError,
        import_establishments,
        import_pupils,
    )
    from cites_app.startup import open_database  # noqa: PLC0415

    if (
        args.import_kind == "pupils"
        and args.rejected
        and not args.rejected.lower().endswith(".xlsx")
    ):
        raise CommandError(
            f"« {args.rejected} » : le fichier des lignes refusées doit finir par .xlsx"
        )
    opened = open_database(args.db)
    database = opened.database
    try:
        if args.import_kind == "establishments":
            report = import_establishments(database, args.file, args.commune, args.dry_run)
        else:
            report = import_pupils(
                database,
                args.file,
                args.establishment,
                dry_run=args.dry_run,
                partial=args.partial,
                rejected_to=args.rejected,
            )
    except ImportRefusedError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        database.dispose()
    if args.json:
        print_json(report.to_json())
    else:
        _print(report, rejected=getattr(args, "rejected", None))
    return 1 if report.refused else 0


def _lines(title: str, lines: list[str], count: int) -> None:
    """``count`` issues, told in ``lines`` (grouped), the first `SHOWN_ISSUES` of them."""
    if not lines:
        return
    say(f"{title} ({count}) :")
    for line in lines[:SHOWN_ISSUES]:
        say(f"  {line}")
    if len(lines) > SHOWN_ISSUES:
        say(f"  … et {len(lines) - SHOWN_ISSUES} autres (toutes avec --json)")


LISTED_ROWS = 8


def grouped_lines(issues: Sequence[ImportIssue]) -> list[str]:
    """One line per issue, except that a message repeated on the same column for three rows
    or more is said once, where it first appears: « eleves.xml, 240 lignes (de 7 à 246),
    colonne « UAJ » : UAI … inconnu » (a SIECLE file of a school not yet in the database).
    ``--json`` keeps every row."""
    groups: dict[tuple[object, ...], list[ImportIssue]] = {}
    for issue in issues:
        key = (issue.file, issue.sheet, issue.column, issue.message, issue.row is None)
        groups.setdefault(key, []).append(issue)
    lines: list[str] = []
    said: set[tuple[object, ...]] = set()
    for issue in issues:
        key = (issue.file, issue.sheet, issue.column, issue.message, issue.row is None)
        group = groups[key]
        if issue.row is None or len(group) < 3:
            lines.append(str(issue))
        elif key not in said:
            said.add(key)
            lines.append(_group_line(group))
    return lines


def _group_line(group: Sequence[ImportIssue]) -> str:
    first = group[0]
    rows = [issue.row for issue in group if issue.row is not None]
    listed = (
        ", ".join(str(row) for row in rows)
        if len(rows) <= LISTED_ROWS
        else f"de {min(rows)} à {max(rows)}"
    )
    where = [first.file]
    if first.sheet is not None:
        where.append(f"feuille « {first.sheet} »")
    where.append(f"{len(rows)} lignes ({listed})")
    if first.column is not None:
        where.append(f"colonne « {first.column} »")
    return f"{', '.join(where)} : {first.message}"


def _print(report: ImportReport, rejected: str | None) -> None:
    say(report.summary())
    _lines("Erreurs", grouped_lines(report.errors), len(report.errors))
    _lines("Avertissements", grouped_lines(report.warnings), len(report.warnings))
    if rejected and report.rejected:
        say(f"Lignes refusées enregistrées dans {rejected}.")
