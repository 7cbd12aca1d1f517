"""Typed settings, declared once with their default and a French description.

Values live in the database (table ``setting``) so that a team on a shared server shares them;
anything not stored takes its declared default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from cites_app.models import Setting

T = TypeVar("T", int, float, bool, str)


@dataclass(frozen=True)
class Option(Generic[T]):
    key: str
    default: T
    description: str

    def parse(self, raw: str) -> T:
        kind = type(self.default)
        if kind is bool:
            return raw.strip().lower() in ("1", "true", "oui", "vrai")
        return kind(raw)


MASKING_THRESHOLD = Option(
    "export.masking_threshold",
    5,
    "Effectif en dessous duquel une case d'un export agrégé est masquée (« < 5 »).",
)
RETENTION_YEARS = Option(
    "privacy.retention_years",
    1,
    "Années de conservation des données nominatives après la dernière activité de l'élève "
    "(en plus de l'année scolaire en cours).",
)
RATIO_UNDER_6 = Option(
    "staffing.ratio_under_6", 10, "Enfants de moins de 6 ans par adulte (accueil ≤ 5 h)."
)
RATIO_6_AND_OVER = Option(
    "staffing.ratio_6_and_over", 14, "Enfants de 6 ans et plus par adulte (accueil ≤ 5 h)."
)
RANDOM_SHUFFLES = Option(
    "indicators.random_shuffles",
    1000,
    "Nombre de tirages aléatoires pour la référence « hasard » des indicateurs de mixité.",
)
SMALL_GROUP = Option(
    "indicators.small_group",
    10,
    "Effectif d'une séance en dessous duquel ses indicateurs de mixité sont signalés comme "
    "peu fiables.",
)

ALL_OPTIONS: tuple[Option[int], ...] = (
    MASKING_THRESHOLD,
    RETENTION_YEARS,
    RATIO_UNDER_6,
    RATIO_6_AND_OVER,
    RANDOM_SHUFFLES,
    SMALL_GROUP,
)


def get_setting(session: Session, option: Option[T]) -> T:
    raw = session.scalar(select(Setting.value).where(Setting.key == option.key))
    return option.default if raw is None else option.parse(raw)


def set_setting(session: Session, option: Option[T], value: T) -> None:
    row = session.get(Setting, option.key)
    if row is None:
        session.add(Setting(key=option.key, value=str(value)))
    else:
        row.value = str(value)
