"""``cites-app export revue | porteur | presences``: the workbooks of issue 7."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from cites_app.cli.database_access import open_existing
from cites_app.cli.output import CommandError, print_json, say, warn

if TYPE_CHECKING:
    from cites_app.db.database import Database


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``export revue``, ``export porteur`` and ``export presences``."""
    export = sub.add_parser("export", help="classeurs Excel : revue de projet, porteurs, présences")
    actions = export.add_subparsers(dest="export_action", required=True, metavar="EXPORT")
    revue = actions.add_parser(
        "revue", help="revue de projet pour la préfecture (effectifs agrégés et masqués)"
    )
    revue.add_argument(
        "--shuffles",
        type=int,
        metavar="N",
        help="tirages de la référence « hasard » par critère (défaut : réglage "
        "indicators.random_shuffles, 1000 ; 0 : aucun)",
    )
    porteur = actions.add_parser("porteur", help="bilan d'un porteur d'actions (partenaire)")
    porteur.add_argument(
        "--partner", required=True, type=int, metavar="ID", help="numéro du partenaire"
    )
    presences = actions.add_parser(
        "presences", help="matrice nominative élèves × séances (usage interne, journalisée)"
    )
    presences.add_argument("--activity", type=int, metavar="ID", help="une seule activité")
    for parser in (revue, porteur, presences):
        parser.add_argument(
            "--year",
            metavar="AAAA-AAAA",
            help="année scolaire (défaut : la dernière année ayant des présences)",
        )
        parser.add_argument(
            "--out", required=True, type=Path, metavar="FICHIER.xlsx", help="classeur à écrire"
        )
    for parser in (export, revue, porteur, presences):
        parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check the arguments before opening the database, then write the workbook."""
    from cites_app.exports.files import ExportError, check_target  # noqa: PLC0415
    from cites_app.indicators.territory_period import Period, PeriodError  # noqa: PLC0415
    from cites_app.settings import MASKING_THRESHOLD  # noqa: PLC0415

    try:
        check_target(args.out)
        if args.year:
            Period.of_school_year(args.year)
        if getattr(args, "shuffles", None) is not None and args.shuffles < 0:
            raise CommandError("Le nombre de tirages (--shuffles) doit être positif ou nul.")
        database = _open(args)
        try:
            result = _export(args, database)
        finally:
            database.dispose()
    except (ExportError, PeriodError) as exc:
        raise CommandError(str(exc)) from exc
    except ValueError as exc:  # a masking threshold set to an unusable value
        raise CommandError(f"{exc} (réglage {MASKING_THRESHOLD.key})") from exc
    if args.json:
        print_json(result)
    else:
        say(_text(args.export_action, result))
    return 0


def _open(args: argparse.Namespace) -> Database:
    return open_existing(
        args.db,
        write=False,
        missing_hint="rien à exporter (créez-en une avec « cites-app demo » ou importez vos "
        "données).",
    )


def _export(args: argparse.Namespace, database: Database) -> dict[str, object]:
    def progress(pct: int, message: str) -> None:
        if not args.json:
            warn(f"[{pct:3d} %] {message}")

    if args.export_action == "revue":
        from cites_app.exports.revue import write_revue  # noqa: PLC0415

        return write_revue(
            database, args.out, year=args.year, shuffles=args.shuffles, progress=progress
        ).to_dict()
    if args.export_action == "porteur":
        from cites_app.exports.porteur import write_porteur_report  # noqa: PLC0415

        return write_porteur_report(
            database, args.out, args.partner, year=args.year, progress=progress
        ).to_dict()
    from cites_app.exports.attendance_matrix import write_attendance_matrix  # noqa: PLC0415

    return write_attendance_matrix(
        database, args.out, activity_id=args.activity, year=args.year
    ).to_dict()


def _number(value: object, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    return str(value)


def _text(action: str, r: dict[str, object]) -> str:
    if action == "revue":
        chance = r["H_sessions_random"]
        random_mean = chance.get("mean") if isinstance(chance, dict) else None
        return "\n".join(
            [
                f"Revue de projet {r['period']} écrite dans {r['path']}",
                f"{r['territory']} : {_number(r['actions'])} actions, "
                f"{_number(r['sessions'])} séances, {_number(r['activity_hours'], 1)} heures "
                f"d'activité, {_number(r['beneficiaries'])} bénéficiaires ({_number(r['girls'])} "
                f"filles, {_number(r['boys'])} garçons, {_number(r['qpv'])} résidant en QPV)",
                f"Établissements participants : {r['schools_taking_part']} sur "
                f"{r['schools_in_territory']}",
                f"Mixité (QPV) : H entre écoles {_number(r['H_schools'])}, entre séances "
                f"{_number(r['H_sessions'])} (au hasard {_number(random_mean)}), gain ΔH "
                f"{_number(r['mixing_gain'])}",
                f"Cases masquées (effectifs < seuil et masquage secondaire) : "
                f"{r['masked_cells']} ; durée {_number(r['seconds'], 1)} s",
            ]
        )
    if action == "porteur":
        return (
            f"Bilan de « {r['partner']} » ({r['period']}) écrit dans {r['path']} : "
            f"{r['actions']} actions, {_number(r['sessions'])} séances, "
            f"{_number(r['activity_hours'], 1)} heures, {_number(r['beneficiaries'])} bénéficiaires."
        )
    return (
        f"Matrice des présences {r['period']} écrite dans {r['path']} : {r['activities']} "
        f"activité(s), {_number(r['sessions'])} séances, {_number(r['pupils'])} élèves. "
        "DONNÉES NOMINATIVES — usage interne ; export inscrit au journal."
    )
