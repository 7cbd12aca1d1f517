"""Entry point of ``cites-app``: no arguments opens the window, sub-commands do the rest."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Callable, Sequence

import cites_app.cli
from cites_app import __version__
from cites_app.cli import french_argparse
from cites_app.cli.output import CommandError, warn
from cites_app.db.backup import BackupError
from cites_app.db.migrate import DatabaseRefusedError

AddParser = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]


def _command_modules() -> list[AddParser]:
    """Every ``cites_app/cli/*_command(s).py`` module adds its sub-command(s) via add_parser.

    Modules import their services lazily, inside their handlers, so this stays fast.
    """
    adders: list[AddParser] = []
    for info in sorted(pkgutil.iter_modules(cites_app.cli.__path__), key=lambda m: m.name):
        if info.name.endswith(("_command", "_commands")):
            module = importlib.import_module(f"cites_app.cli.{info.name}")
            adders.append(module.add_parser)
    return adders


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
    french_argparse.install()
    parser = argparse.ArgumentParser(
        prog="cites-app",
        description="Cités éducatives — coordination. Sans argument : ouvre la fenêtre.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"cites-app {__version__}",
        help="afficher la version et quitter",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="vérifier l'installation (base temporaire, démonstration, indicateurs, exports, "
        "fenêtre) puis quitter ; code de sortie 0 si tout fonctionne",
    )
    _add_common(parser, None)
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")
    for add in _command_modules():
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
    arguments = sys.argv[1:] if argv is None else list(argv)
    if not arguments:
        # The window: no need to import every sub-command to build a parser first.
        return _open_window(None)
    args = build_parser().parse_args(arguments)
    try:
        return _dispatch(args)
    except CommandError as exc:
        warn(f"Erreur : {exc}")
        return exc.exit_code
    except (DatabaseRefusedError, BackupError) as exc:
        warn(f"Erreur : {exc}")
        return 2
    except KeyboardInterrupt:
        warn("Interrompu.")
        return 130
    except BrokenPipeError:
        # The reader stopped reading (« cites-app … --json | head »): what was to be done is
        # done, only the rest of the output has nowhere to go. Point stdout at devnull so that
        # Python's flush at exit does not raise again, and exit as a shell reports SIGPIPE.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


def _dispatch(args: argparse.Namespace) -> int:
    if args.self_test:
        from cites_app.selftest import run_self_test  # noqa: PLC0415 - a support tool, rarely run

        return run_self_test(json_output=args.json)
    if args.command is None:
        return _open_window(args.db)
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)


def _open_window(database: str | None) -> int:
    from cites_app.ui.app import run_app  # noqa: PLC0415 - Qt only when the window opens

    return run_app(database=database)


if __name__ == "__main__":
    sys.exit(main())
