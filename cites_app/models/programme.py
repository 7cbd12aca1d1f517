"""Actions of the programme, their activities, and the séances that put them in the calendar."""

from __future__ import annotations

import uuid
from datetime import datetime, time
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    Time,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cites_app.models.base import Base, TimestampMixin, UuidMixin, VersionedMixin, enum_check
from cites_app.models.establishment import Establishment
from cites_app.models.partner import Facilitator, Partner, Venue
from cites_app.models.vocabulary import ACTIVITY_KINDS, AXES, NIVEAUX, ORIENTATION_KINDS

activity_establishment = Table(
    "activity_establishment",
    Base.metadata,
    Column("activity_id", ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "establishment_id", ForeignKey("establishment.id", ondelete="CASCADE"), primary_key=True
    ),
)

session_establishment = Table(
    "session_establishment",
    Base.metadata,
    Column("session_id", ForeignKey("activity_session.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "establishment_id", ForeignKey("establishment.id", ondelete="CASCADE"), primary_key=True
    ),
)

session_facilitator = Table(
    "session_facilitator",
    Base.metadata,
    Column("session_id", ForeignKey("activity_session.id", ondelete="CASCADE"), primary_key=True),
    Column("facilitator_id", ForeignKey("facilitator.id", ondelete="CASCADE"), primary_key=True),
)


class Action(UuidMixin, TimestampMixin, VersionedMixin, Base):
    """A funded item of the programme, tagged with one of the label's three axes."""

    __tablename__ = "action"
    __table_args__ = (
        enum_check("axis", AXES),
        CheckConstraint(
            "(budget_planned IS NULL OR budget_planned >= 0)"
            " AND (budget_spent IS NULL OR budget_spent >= 0)",
            name="budget_positive",
        ),
    )

    title: Mapped[str] = mapped_column(String(200))
    axis: Mapped[str] = mapped_column(String(20))
    porteur_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner.id", ondelete="SET NULL"), index=True
    )
    school_year: Mapped[str | None] = mapped_column(String(9))  # "2025-2026"
    budget_planned: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    budget_spent: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    funding_source: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)

    porteur: Mapped[Partner | None] = relationship()
    activities: Mapped[list[Activity]] = relationship(back_populates="action")


class Activity(UuidMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "activity"
    __table_args__ = (
        enum_check("kind", ACTIVITY_KINDS),
        enum_check("orientation_kind", ORIENTATION_KINDS),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint(
            "max_school_share IS NULL OR (max_school_share > 0 AND max_school_share <= 1)",
            name="max_school_share_range",
        ),
        CheckConstraint("min_schools IS NULL OR min_schools >= 1", name="min_schools_positive"),
        CheckConstraint(
            "orientation_kind IS NULL OR kind = 'orientation'", name="orientation_kind_only"
        ),
    )

    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    orientation_kind: Mapped[str | None] = mapped_column(String(30))
    description: Mapped[str | None] = mapped_column(Text)
    capacity: Mapped[int | None] = mapped_column(Integer)
    # Mix targets (optional): e.g. no school above 50 % of a group; at least three schools.
    max_school_share: Mapped[float | None] = mapped_column(Float)
    min_schools: Mapped[int | None] = mapped_column(Integer)
    requires_image_rights: Mapped[bool] = mapped_column(Boolean, default=False)

    action: Mapped[Action] = relationship(back_populates="activities")
    target_niveaux: Mapped[list[ActivityNiveau]] = relationship(
        cascade="all, delete-orphan", back_populates="activity"
    )
    invited_establishments: Mapped[list[Establishment]] = relationship(
        secondary=activity_establishment
    )
    sessions: Mapped[list[ActivitySession]] = relationship(
        back_populates="activity", order_by="ActivitySession.starts_at"
    )


class ActivityNiveau(Base):
    __tablename__ = "activity_niveau"
    __table_args__ = (enum_check("niveau", NIVEAUX),)

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True
    )
    niveau: Mapped[str] = mapped_column(String(4), primary_key=True)

    activity: Mapped[Activity] = relationship(back_populates="target_niveaux")


class ActivitySession(UuidMixin, TimestampMixin, VersionedMixin, Base):
    """A séance: one dated occurrence of an activity. Times are Paris wall-clock times."""

    __tablename__ = "activity_session"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="RESTRICT"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    venue_id: Mapped[int | None] = mapped_column(
        ForeignKey("venue.id", ondelete="SET NULL"), index=True
    )
    capacity: Mapped[int | None] = mapped_column(Integer)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    cancel_reason: Mapped[str | None] = mapped_column(String(250))
    # Séances generated together share a series id, so "this one and the following" can be edited.
    series_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    attendance_taken_at: Mapped[datetime | None] = mapped_column(DateTime)
    notes: Mapped[str | None] = mapped_column(Text)

    activity: Mapped[Activity] = relationship(back_populates="sessions")
    venue: Mapped[Venue | None] = relationship()
    facilitators: Mapped[list[Facilitator]] = relationship(secondary=session_facilitator)
    invited_establishments: Mapped[list[Establishment]] = relationship(
        secondary=session_establishment
    )


class ClassTime(UuidMixin, Base):
    """A weekly slot when an establishment's pupils are in class (for the class-time conflict)."""

    __tablename__ = "class_time"
    __table_args__ = (
        CheckConstraint("weekday >= 0 AND weekday <= 6", name="weekday_range"),
        CheckConstraint("end_time > start_time", name="ends_after_start"),
    )

    establishment_id: Mapped[int] = mapped_column(
        ForeignKey("establishment.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int] = mapped_column(SmallInteger)  # 0 = lundi
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
