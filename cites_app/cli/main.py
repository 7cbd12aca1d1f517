"""Entry point of ``cites-app``: no arguments opens the window, sub-commands do the rest."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from cites_app import __version__
from cites_app.cli import db_commands, demo_command
from cites_app.cli.output import CommandError, warn
from cites_app.db.backup import BackupError
from cites_app.db.migrate import DatabaseRefusedError

# Each sub-command module exposes add_parser(subparsers); adding a module here adds a command.
_COMMANDS: tuple[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None], ...] = (
    demo_command.add_parser,
    db_commands.add_parser,
)


def _add_common(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--db",
        metavar="CHEMIN_OU_URL",
        default=default,
        help="base à utiliser : un fichier SQLite ou une URL SQLAlchemy "
        "(par défaut : la base de l'utilisateur, ou la variable CITES_APP_DB)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        default=default if default is argparse.SUPPRESS else False,
        help="résultat en JSON (pour les scripts)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cites-app",
        description="Cités éducatives — coordination. Sans argument : ouvre la fenêtre.",
    )
    parser.add_argument("--version", action="version", version=f"cites-app {__version__}")
    _add_common(parser, None)
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")
    for add in _COMMANDS:
        add(sub)
    # --db and --json may also follow the sub-command; SUPPRESS keeps a value given before it.
    for choice in sub.choices.values():
        _add_common_to_leaves(choice)
    return parser


def _add_common_to_leaves(parser: argparse.ArgumentParser) -> None:
    _add_common(parser, argparse.SUPPRESS)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _add_common_to_leaves(child)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from cites_app.ui.app import run_app  # noqa: PLC0415 - Qt only when the window opens

        return run_app(database=args.db)
    try:
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except CommandError as exc:
        warn(f"Erreur : {exc}")
        return exc.exit_code
    except (DatabaseRefusedError, BackupError) as exc:
        warn(f"Erreur : {exc}")
        return 2
    except KeyboardInterrupt:
        warn("Interrompu.")
        return 130


if __name__ == "__main__":
    sys.exit(main())
