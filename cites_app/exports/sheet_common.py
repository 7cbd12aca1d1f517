"""Small helpers the sheet builders share: masked values, French numbers and wording."""

from __future__ import annotations

from datetime import date

from cites_app.exports.masking import SECONDARY_TEXT, Masking, State
from cites_app.exports.sheet_model import Masked, Value
from cites_app.models.vocabulary import (
    ACTIVITY_KINDS,
    AXES,
    EDUCATION_PRIORITAIRE,
    ESTABLISHMENT_KINDS,
    SECTORS,
)
from cites_app.registers.formatting import MONTHS

HIDDEN = Masked(SECONDARY_TEXT)

#: How a séance's (or a group's) local score ``L`` compares with chance.
POSITION_TEXT: dict[str, str] = {
    "below": "plus mélangée que le hasard",
    "within": "comme le hasard",
    "above": "moins mélangée que le hasard",
}


def shown(masking: Masking, cell: int) -> int | Masked:
    """A count as published: its value, or ``"< 5"`` / ``"masqué"``."""
    display = masking.display(cell)
    return Masked(display) if isinstance(display, str) else display


def hidden(masking: Masking, cell: int) -> bool:
    return masking.states[cell] is not State.SHOWN


def derived(value: Value, masked: bool) -> Value:
    """A figure computed from a count: hidden with it."""
    return HIDDEN if masked else value


def share(part: int, total: int) -> float | None:
    return part / total if total else None


def number(value: float | None, digits: int = 2) -> str:
    """``0,12`` (French decimal comma); ``—`` when undefined."""
    if value is None:
        return "—"
    return f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")


def integer(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def percent(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{100 * value:.{digits}f}\u00a0%".replace(".", ",")


def day_text(day: date) -> str:
    """``1er septembre 2025``."""
    number_text = "1er" if day.day == 1 else str(day.day)
    return f"{number_text} {MONTHS[day.month - 1]} {day.year}"


def axis_label(code: str) -> str:
    return AXES.get(code, code)


def kind_label(code: str) -> str:
    return ESTABLISHMENT_KINDS.get(code, code)


def activity_kind_label(code: str) -> str:
    return ACTIVITY_KINDS.get(code, code)


def sector_label(code: str | None) -> str | None:
    return None if code is None else SECTORS.get(code, code)


def ep_label(code: str | None) -> str:
    return "non renseignée" if code is None else EDUCATION_PRIORITAIRE.get(code, code)


def masking_rule(threshold: int) -> str:
    """« effectifs de 1 à 4 affichés « < 5 » », or that nothing is masked."""
    if threshold <= 1:
        return "aucun effectif masqué (seuil de masquage désactivé)"
    return f"effectifs de 1 à {threshold - 1} affichés « < {threshold} »"
