"""The period an indicator run covers: a school year (1 September – 31 August) or explicit days."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

_SCHOOL_YEAR = re.compile(r"(\d{4})-(\d{4})")


class PeriodError(ValueError):
    """A period that cannot be used (bad school year, empty period); the message is French."""


@dataclass(frozen=True)
class Period:
    """Days from ``start`` to ``end``, both included; ``school_year`` when it is one."""

    start: date
    end: date
    school_year: str | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(
                f"Période invalide : la fin ({french_date(self.end)}) précède le début "
                f"({french_date(self.start)})."
            )

    @classmethod
    def of_school_year(cls, year: str) -> Period:
        """``"2025-2026"`` → 1 September 2025 to 31 August 2026."""
        match = _SCHOOL_YEAR.fullmatch(year.strip())
        if not match or int(match[2]) != int(match[1]) + 1:
            raise PeriodError(
                f"Année scolaire invalide « {year} » : écrivez par exemple 2025-2026."
            )
        first = int(match[1])
        return cls(date(first, 9, 1), date(first + 1, 8, 31), f"{first}-{first + 1}")

    @property
    def label(self) -> str:
        """``"2025-2026"`` or ``"du 05/01/2026 au 31/03/2026"``."""
        if self.school_year:
            return self.school_year
        return f"du {french_date(self.start)} au {french_date(self.end)}"

    def bounds(self) -> tuple[datetime, datetime]:
        """Half-open ``[start 00:00, day after end 00:00)``: séances are compared on their start."""
        return (
            datetime.combine(self.start, time()),
            datetime.combine(self.end + timedelta(days=1), time()),
        )


def french_date(day: date) -> str:
    """``05/01/2026``."""
    return day.strftime("%d/%m/%Y")


def school_year_of(day: date) -> str:
    """The school year a day belongs to (it starts on 1 September)."""
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}-{first + 1}"
