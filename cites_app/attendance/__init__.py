"""Attendance: roll calls, émargement sheets, hours of participation, past-attendance imports.

Plain Python services (no Qt), each taking the :class:`~cites_app.db.database.Database`:

* :class:`RollCallService` — a séance's pupils by school, marks saved one by one, walk-ins.
* :class:`AttendanceSheetService` — the content of the feuille d'émargement (one séance, a day,
  a week); ``cites_app.ui.printing`` draws it.
* :class:`ParticipationHours` — hours per pupil, school or activity.
* :func:`missing_roll_calls` — past séances whose roll call was never taken.
* :class:`AttendanceImporter` — preview then all-or-nothing import of a past-attendance file.
"""

from cites_app.attendance.errors import AttendanceError, MarkConflictError
from cites_app.attendance.hours import GROUPINGS, Grouping, HoursRow, ParticipationHours
from cites_app.attendance.marks import (
    EXCUSED,
    MARK_LABELS,
    PRESENT,
    UNCHECKED,
    UNEXCUSED,
    ExpectedVersion,
    Mark,
    MarkCounts,
    attended_minutes,
    describe,
)
from cites_app.attendance.missing import MissingRollCall, missing_roll_calls
from cites_app.attendance.roll_call import MarkResult, RollCall, RollCallEntry, RollCallService
from cites_app.attendance.seance import RosterPupil, SchoolGroup, SeanceInfo
from cites_app.attendance.sheet import (
    AttendanceSheetService,
    SessionSheet,
    SheetLine,
    SheetSchool,
)
from cites_app.attendance.walk_ins import WalkInCandidate

__all__ = [
    "EXCUSED",
    "GROUPINGS",
    "MARK_LABELS",
    "PRESENT",
    "UNCHECKED",
    "UNEXCUSED",
    "AttendanceError",
    "AttendanceSheetService",
    "ExpectedVersion",
    "Grouping",
    "HoursRow",
    "Mark",
    "MarkConflictError",
    "MarkCounts",
    "MarkResult",
    "MissingRollCall",
    "ParticipationHours",
    "RollCall",
    "RollCallEntry",
    "RollCallService",
    "RosterPupil",
    "SchoolGroup",
    "SeanceInfo",
    "SessionSheet",
    "SheetLine",
    "SheetSchool",
    "WalkInCandidate",
    "attended_minutes",
    "describe",
    "missing_roll_calls",
]
