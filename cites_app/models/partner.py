"""Partners (porteurs), their conventions, venues and facilitators (animateurs)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cites_app.models.base import Base, TimestampMixin, UuidMixin, VersionedMixin, enum_check
from cites_app.models.vocabulary import PARTNER_KINDS


class Partner(UuidMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "partner"
    __table_args__ = (enum_check("kind", PARTNER_KINDS),)

    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    contact_name: Mapped[str | None] = mapped_column(String(150))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    notes: Mapped[str | None] = mapped_column(Text)

    conventions: Mapped[list[Convention]] = relationship(
        back_populates="partner", cascade="all, delete-orphan"
    )


class Convention(UuidMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "convention"
    __table_args__ = (
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="date_range"
        ),
    )

    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partner.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    partner: Mapped[Partner] = relationship(back_populates="conventions")


class Venue(UuidMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "venue"
    __table_args__ = (
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )

    name: Mapped[str] = mapped_column(String(200), index=True)
    address: Mapped[str | None] = mapped_column(String(250))
    commune: Mapped[str | None] = mapped_column(String(120))
    capacity: Mapped[int | None] = mapped_column(Integer)
    accessible: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)


class Facilitator(UuidMixin, TimestampMixin, VersionedMixin, Base):
    """An animateur / intervenant, possibly employed by a partner."""

    __tablename__ = "facilitator"

    name: Mapped[str] = mapped_column(String(150), index=True)
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))

    partner: Mapped[Partner | None] = relationship()
