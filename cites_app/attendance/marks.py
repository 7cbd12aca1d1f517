"""Values of the roll call: a pupil's mark, its French wording, the counts of a séance."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from cites_app.registers import formatting

PRESENT = "present"
EXCUSED = "absent_excuse"
UNEXCUSED = "absent_non_excuse"

MARK_LABELS: dict[str, str] = {
    PRESENT: "présent",
    EXCUSED: "absent excusé",
    UNEXCUSED: "absent non excusé",
}


class Unchecked(enum.Enum):
    """The caller does not say which version of the mark it saw: no conflict is looked for."""

    UNCHECKED = "unchecked"


UNCHECKED = Unchecked.UNCHECKED

ExpectedVersion = int | None | Unchecked
"""The version of the mark the user saw: an int, None for « no mark yet », or UNCHECKED."""


@dataclass(frozen=True)
class Mark:
    """A pupil's présence at a séance; ``minutes`` None means the whole séance."""

    status: str
    minutes: int | None
    version: int
    recorded_by: str | None = None
    recorded_at: datetime | None = None

    @property
    def label(self) -> str:
        """« présent », « présent 45 min », « absent excusé »."""
        return describe(self.status, self.minutes)


def describe(status: str, minutes: int | None) -> str:
    """French wording of a mark."""
    label = MARK_LABELS.get(status, status)
    return f"{label} {minutes} min" if minutes is not None else label


def attended_minutes(
    status: str, minutes: int | None, starts_at: datetime, ends_at: datetime
) -> int:
    """Minutes of participation a présence is worth: the partial minutes, else the whole
    séance for a present pupil, nothing for an absent one."""
    if status != PRESENT:
        return 0
    if minutes is not None:
        return minutes
    return int((ends_at - starts_at).total_seconds() // 60)


@dataclass(frozen=True)
class MarkCounts:
    """How many pupils of a roll call are in each state."""

    present: int = 0
    partial: int = 0
    excused: int = 0
    unexcused: int = 0
    unmarked: int = 0

    @property
    def total(self) -> int:
        return self.present + self.excused + self.unexcused + self.unmarked

    @property
    def absent(self) -> int:
        return self.excused + self.unexcused

    @classmethod
    def of(cls, marks: Iterable[Mark | None]) -> MarkCounts:
        present = partial = excused = unexcused = unmarked = 0
        for mark in marks:
            if mark is None:
                unmarked += 1
            elif mark.status == PRESENT:
                present += 1
                partial += mark.minutes is not None
            elif mark.status == EXCUSED:
                excused += 1
            else:
                unexcused += 1
        return cls(present, partial, excused, unexcused, unmarked)

    def summary_fr(self) -> str:
        """« 12 présents (dont 1 partiel) · 3 absents · 2 non pointés »."""
        parts = [formatting.count(self.present, "présent", "présents")]
        if self.partial:
            parts[0] += f" (dont {formatting.count(self.partial, 'partiel', 'partiels')})"
        parts.append(formatting.count(self.absent, "absent", "absents"))
        if self.excused:
            parts[-1] += f" (dont {formatting.count(self.excused, 'excusé', 'excusés')})"
        parts.append(formatting.count(self.unmarked, "non pointé", "non pointés"))
        return " · ".join(parts)
