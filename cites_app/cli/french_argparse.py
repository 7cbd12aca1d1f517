"""argparse speaks French: usage, headings, the help option and its error messages.

argparse looks its texts up through ``gettext`` at call time (``argparse._``); the command line
of a French product routes them through this table instead (unknown texts pass unchanged).
"""

from __future__ import annotations

import argparse
import gettext

_FRENCH = {
    "usage: ": "utilisation : ",
    "positional arguments": "commandes et arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version et quitter",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s attendu) : %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (choisir parmi %(choices)s)"
    ),
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
}


def translate(message: str) -> str:
    return _FRENCH.get(message, gettext.gettext(message))


def install() -> None:
    """Route argparse's texts through the French table (process-wide, idempotent)."""
    argparse._ = translate  # type: ignore[attr-defined]
