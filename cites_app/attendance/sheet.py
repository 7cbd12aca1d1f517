"""What a feuille d'émargement holds (who, grouped how), for one séance, a day or a week.

Pure content: the drawing is ``cites_app.ui.printing``. Only the name, niveau and school of each
pupil are printed (DESIGN.md §6): the sheet stays on a table in a community centre.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cites_app import audit
from cites_app.attendance.seance import SeanceInfo, group_roster, load_seance, roster
from cites_app.db.database import Database
from cites_app.models import ActivitySession
from cites_app.registers import formatting
from cites_app.school_calendar.french_format import week_start

WALK_IN_LINES = 6
"""Blank lines at least for pupils who come without being registered."""


@dataclass(frozen=True)
class SheetLine:
    """One pupil line: name and niveau (the school is the group's)."""

    last_name: str
    first_name: str
    niveau: str | None


@dataclass(frozen=True)
class SheetSchool:
    """The pupils of one school on the sheet."""

    school: str
    lines: tuple[SheetLine, ...]

    @property
    def total_text(self) -> str:
        """« Total École élémentaire Jean Lolive : 12 élèves »."""
        return f"Total {self.school} : {formatting.count(len(self.lines), 'élève', 'élèves')}"


@dataclass(frozen=True)
class SessionSheet:
    """One séance's sheet: its header, its pupils by school, blank lines for walk-ins."""

    seance: SeanceInfo
    schools: tuple[SheetSchool, ...]
    walk_in_lines: int = WALK_IN_LINES

    @property
    def title(self) -> str:
        return f"Feuille d'émargement — {self.seance.activity}"

    @property
    def header_fields(self) -> tuple[tuple[str, str], ...]:
        """(label, value) pairs printed under the title on every page (the type of activity
        goes beside its title)."""
        seance = self.seance
        fields = [
            ("Action", seance.action),
            ("Axe", seance.axis_label),
            ("Date", seance.when_text),
            ("Lieu", seance.venue or "—"),
            ("Animateurs", seance.facilitators_text),
        ]
        if seance.cancelled:
            fields.append(("Attention", "séance annulée"))
        return tuple(fields)

    @property
    def total(self) -> int:
        return sum(len(school.lines) for school in self.schools)

    @property
    def total_text(self) -> str:
        """« Total inscrits : 70 élèves de 5 établissements »."""
        schools = formatting.count(len(self.schools), "établissement", "établissements")
        return f"Total inscrits : {formatting.count(self.total, 'élève', 'élèves')} de {schools}"


class AttendanceSheetService:
    """Builds the content of émargement sheets from the database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def for_session(self, session_id: int) -> SessionSheet:
        """The sheet of one séance (even a cancelled one: its header says so)."""
        with self.database.read_session() as session:
            seance = load_seance(session, session_id)
            return _sheet(seance, session)

    def for_day(self, day: date) -> list[SessionSheet]:
        """The sheets of every séance of ``day`` that is not cancelled, by start time."""
        return self._between(day, day + timedelta(days=1))

    def for_week(self, day: date) -> list[SessionSheet]:
        """The sheets of every séance (not cancelled) of the week, Monday to Sunday, holding
        ``day``."""
        monday = week_start(day)
        return self._between(monday, monday + timedelta(days=7))

    def record_export(self, sheets: Sequence[SessionSheet], destination: str) -> None:
        """Write to the audit log that named data were printed (DESIGN.md §6)."""
        with self.database.session() as session:
            audit.record(
                session,
                "export.attendance_sheet",
                f"Feuilles d'émargement imprimées : "
                f"{formatting.count(len(sheets), 'séance', 'séances')}, "
                f"{formatting.count(sum(s.total for s in sheets), 'élève', 'élèves')}.",
                entity="activity_session",
                details={
                    "session_ids": [sheet.seance.id for sheet in sheets],
                    "destination": destination,
                },
            )

    def _between(self, first: date, after: date) -> list[SessionSheet]:
        with self.database.read_session() as session:
            ids = session.scalars(
                select(ActivitySession.id)
                .where(
                    ActivitySession.starts_at >= datetime.combine(first, time()),
                    ActivitySession.starts_at < datetime.combine(after, time()),
                    ActivitySession.cancelled.is_(False),
                )
                .order_by(ActivitySession.starts_at, ActivitySession.id)
            ).all()
            return [_sheet(load_seance(session, session_id), session) for session_id in ids]


def _sheet(seance: SeanceInfo, session: Session) -> SessionSheet:
    groups = group_roster(roster(session, seance))
    schools = tuple(
        SheetSchool(
            group.school,
            tuple(SheetLine(p.last_name, p.first_name, p.niveau) for p in group.items),
        )
        for group in groups
    )
    return SessionSheet(seance, schools)
