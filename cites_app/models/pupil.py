"""Pupils and their parental authorisations: the minimum DESIGN.md §6 allows, nothing more."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cites_app.models.base import Base, TimestampMixin, UuidMixin, VersionedMixin, enum_check
from cites_app.models.establishment import Establishment
from cites_app.models.vocabulary import AUTHORISATION_KINDS, NIVEAUX, QPV_FLAGS, SEXES


class Pupil(UuidMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "pupil"
    __table_args__ = (
        enum_check("sex", SEXES),
        enum_check("niveau", NIVEAUX),
        enum_check("qpv", QPV_FLAGS),
        CheckConstraint(
            "birth_year IS NULL OR (birth_year >= 1980 AND birth_year <= 2100)",
            name="birth_year_plausible",
        ),
        Index("ix_pupil_name", "last_name", "first_name"),
    )

    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date | None] = mapped_column(Date)
    # Some lists give only the year; birth_date, when known, wins.
    birth_year: Mapped[int | None] = mapped_column(Integer)
    sex: Mapped[str | None] = mapped_column(String(1))
    niveau: Mapped[str | None] = mapped_column(String(4))
    class_label: Mapped[str | None] = mapped_column(String(60))
    ulis: Mapped[bool] = mapped_column(Boolean, default=False)
    segpa: Mapped[bool] = mapped_column(Boolean, default=False)
    establishment_id: Mapped[int | None] = mapped_column(
        ForeignKey("establishment.id", ondelete="RESTRICT"), index=True
    )
    qpv: Mapped[str] = mapped_column(String(8), default="inconnu")
    ine: Mapped[str | None] = mapped_column(String(11), unique=True)
    # Set when the retention rule replaced the named data by a pseudonym.
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime)

    establishment: Mapped[Establishment | None] = relationship()
    authorisations: Mapped[list[Authorisation]] = relationship(
        back_populates="pupil", cascade="all, delete-orphan"
    )


class Authorisation(UuidMixin, TimestampMixin, VersionedMixin, Base):
    """A parental authorisation: participation, or image rights with a scope and an expiry."""

    __tablename__ = "authorisation"
    __table_args__ = (
        enum_check("kind", AUTHORISATION_KINDS),
        CheckConstraint(
            "valid_until IS NULL OR valid_from IS NULL OR valid_until >= valid_from",
            name="valid_range",
        ),
    )

    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    granted: Mapped[bool] = mapped_column(Boolean, default=True)
    scope: Mapped[str | None] = mapped_column(String(200))  # e.g. "usage interne", "presse locale"
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    received_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    notes: Mapped[str | None] = mapped_column(Text)

    pupil: Mapped[Pupil] = relationship(back_populates="authorisations")
