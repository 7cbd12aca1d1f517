"""The attendance matrix: pupils × séances, one sheet per activity, for internal use only
(``cites-app export presences --out FICHIER.xlsx [--activity ID]``).

It holds named data: every sheet carries « DONNÉES NOMINATIVES — usage interne » in a banner row
and in the header of every printed page, and each export is written to the audit log (what was
exported, how many pupils — never their names).
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVarTuple

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from cites_app import audit
from cites_app.db.database import Database
from cites_app.exports.files import ExportError, save_atomically
from cites_app.exports.sheet_model import (
    CellValue,
    Column,
    Paragraph,
    SheetSpec,
    Table,
    Title,
    WorkbookSpec,
)
from cites_app.exports.xlsx_writer import write_workbook
from cites_app.indicators.territory import resolve_period
from cites_app.indicators.territory_period import Period
from cites_app.models import (
    Action,
    Activity,
    ActivitySession,
    Attendance,
    Establishment,
    Pupil,
    Registration,
)
from cites_app.registers.formatting import clock_time, numeric_date

_Columns = TypeVarTuple("_Columns")

BANNER = "DONNÉES NOMINATIVES — usage interne"
MARKS = {"present": "P", "absent_excuse": "AE", "absent_non_excuse": "ANE"}
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class MatrixSummary:
    path: Path
    period: str
    activities: int
    sessions: int
    pupils: int
    seconds: float

    def to_dict(self) -> dict[str, object]:
        result = asdict(self)
        result["path"] = str(self.path)
        return result


@dataclass
class _Activity:
    id: int
    title: str
    action: str
    sessions: list[tuple[int, datetime]]
    pupils: set[int]


def write_attendance_matrix(
    database: Database,
    path: Path,
    *,
    activity_id: int | None = None,
    year: str | None = None,
    period: Period | None = None,
    actor: str | None = None,
) -> MatrixSummary:
    """Write the matrix of one activity (``activity_id``) or of every activity with a séance
    in the period (default: the last school year with a presence), and audit the export.

    Raises :class:`ExportError` (unknown activity, nothing to export, bad target) and
    ``PeriodError``, with French messages.
    """
    started = time.perf_counter()
    chosen = resolve_period(database, year, period)
    with database.read_session() as session:
        activities = _activities(session, chosen, activity_id)
        pupils = _pupils(session, {p for a in activities for p in a.pupils})
        marks = _marks(session, chosen, activity_id)
    sheets = _sheets(activities, pupils, marks, chosen)
    spec = WorkbookSpec(
        sheets=sheets,
        header=f"Présences {chosen.label}",
        footer_note=BANNER,
        title=f"Matrice des présences {chosen.label} — {BANNER}",
        subject=BANNER,
    )
    target = save_atomically(path, lambda temporary: write_workbook(spec, temporary))
    n_sessions = sum(len(a.sessions) for a in activities)
    n_pupils = len({p for a in activities for p in a.pupils})
    with database.session() as session:
        audit.record(
            session,
            "export.attendance_matrix",
            f"Export de la matrice de présences nominative ({len(activities)} activité(s), "
            f"{n_pupils} élève(s), {n_sessions} séance(s), {chosen.label}) vers "
            f"« {target.name} ».",
            entity="activity" if activity_id is not None else None,
            details={
                "file": target.name,
                "period": chosen.label,
                "activities": [a.id for a in activities],
                "sessions": n_sessions,
                "pupils": n_pupils,
            },
            actor=actor,
        )
    return MatrixSummary(
        target,
        chosen.label,
        len(activities),
        n_sessions,
        n_pupils,
        round(time.perf_counter() - started, 3),
    )


def _in_period(
    stmt: Select[*_Columns], period: Period, activity_id: int | None
) -> Select[*_Columns]:
    """Restrict a query joined to the séances to those of the period (and activity)."""
    first, after = period.bounds()
    stmt = stmt.where(
        ActivitySession.starts_at >= first,
        ActivitySession.starts_at < after,
        ActivitySession.cancelled.is_(False),
    )
    return stmt if activity_id is None else stmt.where(ActivitySession.activity_id == activity_id)


def _activities(session: Session, period: Period, activity_id: int | None) -> list[_Activity]:
    """The activities with their séances of the period and their pupils: those registered
    (to the activity or to one of its séances) and those with an attendance record."""
    if activity_id is not None and session.get(Activity, activity_id) is None:
        raise ExportError(f"Aucune activité n° {activity_id} dans la base.")
    stmt = (
        select(
            ActivitySession.id, ActivitySession.starts_at, Activity.id, Activity.title, Action.title
        )
        .join(Activity, Activity.id == ActivitySession.activity_id)
        .join(Action, Action.id == Activity.action_id)
        .order_by(Activity.title, Activity.id, ActivitySession.starts_at, ActivitySession.id)
    )
    found: dict[int, _Activity] = {}
    for session_id, starts_at, act_id, title, action in session.execute(
        _in_period(stmt, period, activity_id)
    ):
        entry = found.setdefault(act_id, _Activity(act_id, title, action, [], set()))
        entry.sessions.append((session_id, starts_at))
    if not found:
        what = f"l'activité n° {activity_id}" if activity_id is not None else "aucune activité"
        raise ExportError(f"Pas de séance pour {what} en {period.label} : rien à exporter.")
    attended = select(Attendance.pupil_id, ActivitySession.activity_id).join(
        ActivitySession, ActivitySession.id == Attendance.session_id
    )
    by_session = select(Registration.pupil_id, ActivitySession.activity_id).join(
        ActivitySession, ActivitySession.id == Registration.session_id
    )
    pairs = [
        *session.execute(_in_period(attended, period, activity_id)),
        *session.execute(
            _in_period(by_session.where(Registration.status == "inscrit"), period, activity_id)
        ),
    ]
    for ids in _chunks(sorted(found)):
        pairs += session.execute(
            select(Registration.pupil_id, Registration.activity_id).where(
                Registration.status == "inscrit", Registration.activity_id.in_(ids)
            )
        ).all()
    for pupil_id, act_id in pairs:
        if act_id in found:
            found[act_id].pupils.add(pupil_id)
    return list(found.values())


def _chunks(ids: list[int], size: int = 5000) -> list[list[int]]:
    """Id lists short enough for any database's limit on query parameters."""
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _pupils(session: Session, ids: set[int]) -> dict[int, tuple[str, str, str, str]]:
    """``{id: (last name, first name, school, niveau)}`` of the pupils listed."""
    result = {}
    for chunk in _chunks(sorted(ids)):
        rows = session.execute(
            select(Pupil.id, Pupil.last_name, Pupil.first_name, Establishment.name, Pupil.niveau)
            .outerjoin(Establishment, Establishment.id == Pupil.establishment_id)
            .where(Pupil.id.in_(chunk))
        )
        for pupil_id, last, first, school, niveau in rows:
            result[pupil_id] = (last, first, school or "", niveau or "")
    return result


def _marks(session: Session, period: Period, activity_id: int | None) -> dict[tuple[int, int], str]:
    stmt = select(Attendance.session_id, Attendance.pupil_id, Attendance.status).join(
        ActivitySession, ActivitySession.id == Attendance.session_id
    )
    rows = session.execute(_in_period(stmt, period, activity_id))
    return {(s, p): MARKS.get(status, status) for s, p, status in rows}


def _sheets(
    activities: list[_Activity],
    pupils: dict[int, tuple[str, str, str, str]],
    marks: dict[tuple[int, int], str],
    period: Period,
) -> list[SheetSpec]:
    used: set[str] = set()
    sheets = []
    for number, activity in enumerate(activities, start=1):
        headers = _session_headers(activity.sessions)
        columns = [
            Column("Nom", "text"),
            Column("Prénom", "text"),
            Column("Établissement", "wrap", 24),
            Column("Niveau", "text"),
            *(Column(h, "mark", 10.5) for h in headers),
            Column("Présences", "int"),
            Column("Taux de présence", "pct"),
        ]
        rows: list[list[CellValue]] = []
        ordered = sorted(activity.pupils, key=lambda p: (pupils[p][0].casefold(), pupils[p][1]))
        for pupil_id in ordered:
            row_marks = [marks.get((s, pupil_id), "") for s, _ in activity.sessions]
            present = sum(1 for m in row_marks if m == "P")
            recorded = sum(1 for m in row_marks if m)
            rows.append(
                [
                    *pupils[pupil_id],
                    *row_marks,
                    present,
                    present / recorded if recorded else None,
                ]
            )
        name = _sheet_name(activity.title, number, used)
        sheets.append(
            SheetSpec(
                name,
                [
                    Title(f"{activity.title} — {period.label}"),
                    Paragraph(
                        f"Action : {activity.action}. P : présent · AE : absent excusé · ANE : "
                        "absent non excusé · vide : inscrit, présence non notée. Document "
                        "nominatif : ne pas diffuser hors de l'équipe de coordination."
                    ),
                    Table(f"Presences_{number}", columns, rows),
                ],
                banner=BANNER,
                min_text_width=90,
            )
        )
    return sheets


def _session_headers(sessions: list[tuple[int, datetime]]) -> list[str]:
    """``07/01/2026 14h00``, made unique (a table's column names must differ)."""
    seen: defaultdict[str, int] = defaultdict(int)
    headers = []
    for _, start in sessions:
        text = f"{numeric_date(start.date())} {clock_time(start)}"
        seen[text] += 1
        headers.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return headers


def _sheet_name(title: str, number: int, used: set[str]) -> str:
    """A valid, unique sheet name (31 characters at most, no ``[]:*?/\\``)."""
    base = _SHEET_FORBIDDEN.sub(" ", title).strip().strip("'") or "Activité"
    name = base[:31]
    if name.casefold() in used:
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
    used.add(name.casefold())
    return name
