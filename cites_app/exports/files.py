"""Writing an export file safely: checked target, written aside, then moved into place.

A workbook is first written to a temporary file in the same folder and renamed over the target
only once complete, so that an error (or a crash) never leaves a half-written file where the
previous export was, and an export still open in Excel is reported plainly.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


class ExportError(ValueError):
    """An export that cannot be made; the message is French."""


def check_target(path: Path) -> Path:
    """The absolute target of an export (an ``.xlsx`` file in an existing folder)."""
    target = path.expanduser().resolve()
    if target.suffix.lower() != ".xlsx":
        raise ExportError(f"Le fichier « {path} » doit porter l'extension .xlsx (classeur Excel).")
    if not target.parent.is_dir():
        raise ExportError(f"Le dossier « {target.parent} » n'existe pas.")
    if target.is_dir():
        raise ExportError(f"« {target} » est un dossier, pas un fichier.")
    return target


def save_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Run ``write(temporary path)`` then move the result to ``path``."""
    target = check_target(path)
    temporary = target.with_name(f".{target.stem}.{os.getpid()}.tmp.xlsx")
    try:
        write(temporary)
        os.replace(temporary, target)
    except PermissionError as exc:
        raise ExportError(
            f"Impossible d'écrire « {target} » : le fichier est peut-être ouvert dans Excel, "
            "ou le dossier est protégé en écriture."
        ) from exc
    except OSError as exc:
        raise ExportError(f"Impossible d'écrire « {target} » : {exc.strerror or exc}.") from exc
    finally:
        temporary.unlink(missing_ok=True)
    return target
