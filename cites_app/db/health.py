"""``cites-app db check``: is the file sound, and at which revision is it?"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, text
from sqlalchemy.engine import URL

from cites_app.db.engine import make_engine
from cites_app.db.migrate import DatabaseState, DatabaseStatus, inspect_database
from cites_app.models import (
    ActivitySession,
    Attendance,
    Establishment,
    Pupil,
)

_COUNTED = {
    "etablissements": Establishment,
    "eleves": Pupil,
    "seances": ActivitySession,
    "presences": Attendance,
}


@dataclass
class HealthReport:
    status: DatabaseStatus
    integrity: list[str] = field(default_factory=list)  # empty when sound
    foreign_key_errors: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return (
            self.status.state is DatabaseState.CURRENT
            and not self.integrity
            and self.foreign_key_errors == 0
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "state": self.status.state.value,
            "revision": self.status.revision,
            "head": self.status.head,
            "integrity": self.integrity or ["ok"],
            "foreign_key_errors": self.foreign_key_errors,
            "counts": self.counts,
        }


def check_database(url: URL) -> HealthReport:
    """Read-only checks; a database that is not at head is reported, never upgraded."""
    report = HealthReport(inspect_database(url))
    if report.status.state not in (DatabaseState.CURRENT, DatabaseState.OUTDATED):
        return report
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if url.get_backend_name() == "sqlite":
                rows = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
                report.integrity = [r for r in rows if r != "ok"]
                report.foreign_key_errors = len(
                    conn.execute(text("PRAGMA foreign_key_check")).all()
                )
            if report.status.state is DatabaseState.CURRENT:
                for label, model in _COUNTED.items():
                    report.counts[label] = conn.scalar(select(func.count()).select_from(model)) or 0
    finally:
        engine.dispose()
    return report
