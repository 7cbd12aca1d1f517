"""Registrations (inscriptions) and attendance (présences)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cites_app.models.base import Base, TimestampMixin, UuidMixin, VersionedMixin, enum_check
from cites_app.models.programme import Activity, ActivitySession
from cites_app.models.pupil import Pupil
from cites_app.models.vocabulary import ATTENDANCE_STATUSES, REGISTRATION_STATUSES


class Registration(UuidMixin, TimestampMixin, VersionedMixin, Base):
    """A pupil registered to a whole activity (session_id NULL) or to one séance."""

    __tablename__ = "registration"
    __table_args__ = (
        enum_check("status", REGISTRATION_STATUSES),
        CheckConstraint(
            "activity_id IS NOT NULL OR session_id IS NOT NULL", name="activity_or_session"
        ),
        CheckConstraint(
            "(status = 'attente' AND waiting_rank IS NOT NULL AND waiting_rank >= 1)"
            " OR (status <> 'attente' AND waiting_rank IS NULL)",
            name="waiting_rank_iff_waiting",
        ),
        Index("ix_registration_activity_pupil", "activity_id", "pupil_id"),
    )

    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("activity_session.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(10), default="inscrit")
    waiting_rank: Mapped[int | None] = mapped_column(Integer)
    registered_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    pupil: Mapped[Pupil] = relationship()
    activity: Mapped[Activity | None] = relationship()
    session: Mapped[ActivitySession | None] = relationship()


class Attendance(UuidMixin, TimestampMixin, VersionedMixin, Base):
    """Présence of one pupil at one séance; ``minutes`` records a partial presence."""

    __tablename__ = "attendance"
    __table_args__ = (
        enum_check("status", ATTENDANCE_STATUSES),
        UniqueConstraint("session_id", "pupil_id"),
        CheckConstraint("minutes IS NULL OR minutes >= 0", name="minutes_positive"),
        Index("ix_attendance_pupil", "pupil_id"),
    )

    session_id: Mapped[int] = mapped_column(ForeignKey("activity_session.id", ondelete="CASCADE"))
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    minutes: Mapped[int | None] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    recorded_by: Mapped[str | None] = mapped_column(String(100))

    session: Mapped[ActivitySession] = relationship()
    pupil: Mapped[Pupil] = relationship()
