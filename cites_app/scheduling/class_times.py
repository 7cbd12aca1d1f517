"""When each establishment's pupils are in class, for the "séance during class time" conflict.

A school's own weekly slots (table ``class_time``) replace the defaults entirely as soon as it
has one. Without any, these defaults apply (weekday 0 = lundi; times are Paris wall-clock):

============================  =====================================  ===================
kind of establishment          lundi, mardi, jeudi, vendredi           mercredi
============================  =====================================  ===================
maternelle, élémentaire,       8h30–11h30 and 13h30–16h30              free (periscolaire)
primaire                       (the lunch break is free)
collège                        8h00–17h00                              8h00–12h00
lycée (GT, pro, polyvalent)    8h00–18h00                              8h00–12h00
autre                          none (no conflict is computed)          none
============================  =====================================  ===================

Saturdays and Sundays are free everywhere. Only establishments that teach one of an activity's
target niveaux count (a lycée invited to a CM2–6e activity does not), see :data:`SCHOOL_NIVEAUX`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import time

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cites_app.models import ClassTime, Establishment
from cites_app.models.vocabulary import COLLEGE_NIVEAUX, LYCEE_NIVEAUX, NIVEAUX
from cites_app.scheduling.errors import ValidationError, fetch
from cites_app.school_calendar import WEEKDAYS_FR, format_time_fr


@dataclass(frozen=True, slots=True)
class WeeklySlot:
    """A weekly time span when pupils are in class."""

    weekday: int  # 0 = lundi
    start: time
    end: time

    def overlaps(self, weekday: int, start: time, end: time) -> bool:
        """True if ``start``–``end`` on ``weekday`` shares time with the slot (touching is fine)."""
        return weekday == self.weekday and self.start < end and start < self.end

    def describe_fr(self) -> str:
        """« lundi 8h30–11h30 »."""
        return (
            f"{WEEKDAYS_FR[self.weekday]} {format_time_fr(self.start)}–{format_time_fr(self.end)}"
        )


def _week(days: Iterable[int], *spans: tuple[time, time]) -> tuple[WeeklySlot, ...]:
    return tuple(WeeklySlot(day, start, end) for day in days for start, end in spans)


_MON_TUE_THU_FRI = (0, 1, 3, 4)
_PRIMARY = _week(_MON_TUE_THU_FRI, (time(8, 30), time(11, 30)), (time(13, 30), time(16, 30)))
_COLLEGE = _week(_MON_TUE_THU_FRI, (time(8), time(17))) + _week((2,), (time(8), time(12)))
_LYCEE = _week(_MON_TUE_THU_FRI, (time(8), time(18))) + _week((2,), (time(8), time(12)))

#: Default weekly class time by kind of establishment (codes of ``ESTABLISHMENT_KINDS``).
DEFAULT_CLASS_TIMES: dict[str, tuple[WeeklySlot, ...]] = {
    "maternelle": _PRIMARY,
    "elementaire": _PRIMARY,
    "primaire": _PRIMARY,
    "college": _COLLEGE,
    "lycee_gt": _LYCEE,
    "lycee_pro": _LYCEE,
    "lycee_polyvalent": _LYCEE,
    "autre": (),
}

_MATERNELLE = frozenset(NIVEAUX[:3])
_ELEMENTAIRE = frozenset(NIVEAUX[3:8])

#: Niveaux taught by each kind of establishment.
SCHOOL_NIVEAUX: dict[str, frozenset[str]] = {
    "maternelle": _MATERNELLE,
    "elementaire": _ELEMENTAIRE,
    "primaire": _MATERNELLE | _ELEMENTAIRE,
    "college": COLLEGE_NIVEAUX,
    "lycee_gt": frozenset(("2de", "1re", "Tle")),
    "lycee_pro": LYCEE_NIVEAUX,
    "lycee_polyvalent": LYCEE_NIVEAUX,
    "autre": frozenset(NIVEAUX),
}


def teaches_any(kind: str, niveaux: Iterable[str]) -> bool:
    """True if an establishment of ``kind`` teaches one of ``niveaux`` (or none is targeted)."""
    wanted = set(niveaux)
    return not wanted or bool(SCHOOL_NIVEAUX.get(kind, frozenset(NIVEAUX)) & wanted)


@dataclass(frozen=True)
class Timetable:
    """The weekly class time of one establishment, and whether it is the default one."""

    establishment_id: int
    name: str
    kind: str
    slots: tuple[WeeklySlot, ...]
    is_default: bool

    def clashes(self, weekday: int, start: time, end: time) -> list[WeeklySlot]:
        """The class slots that ``start``–``end`` on ``weekday`` overlaps."""
        return [slot for slot in self.slots if slot.overlaps(weekday, start, end)]


def load_timetables(session: Session, establishment_ids: Iterable[int]) -> dict[int, Timetable]:
    """Timetables of the given establishments: their own slots, else the defaults."""
    ids = sorted(set(establishment_ids))
    own: dict[int, list[WeeklySlot]] = {}
    schools: list[tuple[int, str, str]] = []
    for chunk_start in range(0, len(ids), 500):  # stay under every driver's parameter limit
        chunk = ids[chunk_start : chunk_start + 500]
        for est_id, weekday, start, end in session.execute(
            select(
                ClassTime.establishment_id,
                ClassTime.weekday,
                ClassTime.start_time,
                ClassTime.end_time,
            )
            .where(ClassTime.establishment_id.in_(chunk))
            .order_by(ClassTime.weekday, ClassTime.start_time)
        ):
            own.setdefault(est_id, []).append(WeeklySlot(weekday, start, end))
        query = select(Establishment.id, Establishment.name, Establishment.kind)
        for est_id, name, kind in session.execute(query.where(Establishment.id.in_(chunk))):
            schools.append((est_id, name, kind))
    return {
        est_id: Timetable(
            est_id,
            name,
            kind,
            tuple(own[est_id]) if est_id in own else DEFAULT_CLASS_TIMES.get(kind, ()),
            est_id not in own,
        )
        for est_id, name, kind in schools
    }


def set_class_times(session: Session, establishment_id: int, slots: Sequence[WeeklySlot]) -> None:
    """Replace an establishment's weekly class time (an empty list brings the defaults back)."""
    fetch(session, Establishment, establishment_id, "l'établissement")
    for slot in slots:
        if not 0 <= slot.weekday <= 6:
            raise ValidationError({"weekday": f"Jour de la semaine invalide : {slot.weekday}."})
        if slot.end <= slot.start:
            raise ValidationError(
                {
                    "end": f"Créneau {slot.describe_fr()} : l'heure de fin doit être après "
                    "l'heure de début."
                }
            )
    session.execute(delete(ClassTime).where(ClassTime.establishment_id == establishment_id))
    session.add_all(
        ClassTime(
            establishment_id=establishment_id,
            weekday=slot.weekday,
            start_time=slot.start,
            end_time=slot.end,
        )
        for slot in slots
    )
    session.flush()
