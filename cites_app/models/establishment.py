"""Establishments (écoles, collèges, lycées) and their official social data."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cites_app.models.base import Base, TimestampMixin, UuidMixin, VersionedMixin, enum_check
from cites_app.models.vocabulary import (
    EDUCATION_PRIORITAIRE,
    ESTABLISHMENT_KINDS,
    QPV_LOCATIONS,
    SECTORS,
)


class Establishment(UuidMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "establishment"
    __table_args__ = (
        enum_check("kind", ESTABLISHMENT_KINDS),
        enum_check("sector", SECTORS),
        enum_check("education_prioritaire", EDUCATION_PRIORITAIRE),
        enum_check("qpv_location", QPV_LOCATIONS),
        CheckConstraint("enrolment IS NULL OR enrolment >= 0", name="enrolment_positive"),
    )

    uai: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    sector: Mapped[str | None] = mapped_column(String(10))
    # None means "not stated by any imported file" — never a guess.
    education_prioritaire: Mapped[str | None] = mapped_column(String(8))
    qpv_location: Mapped[str | None] = mapped_column(String(8))
    commune: Mapped[str | None] = mapped_column(String(120))
    code_insee: Mapped[str | None] = mapped_column(String(5))
    departement: Mapped[str | None] = mapped_column(String(3))
    academie: Mapped[str | None] = mapped_column(String(80))
    address: Mapped[str | None] = mapped_column(String(250))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    enrolment: Mapped[int | None] = mapped_column(Integer)
    in_territory: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str | None] = mapped_column(String(200))

    ips_history: Mapped[list[EstablishmentIps]] = relationship(
        back_populates="establishment",
        cascade="all, delete-orphan",
        order_by="EstablishmentIps.rentree",
    )
    social_groups: Mapped[list[EstablishmentSocialGroups]] = relationship(
        back_populates="establishment", cascade="all, delete-orphan"
    )

    def latest_ips(self) -> EstablishmentIps | None:
        return self.ips_history[-1] if self.ips_history else None


class EstablishmentIps(UuidMixin, Base):
    """One rentrée of the DEPP *indice de position sociale*; a new rentrée adds a row."""

    __tablename__ = "establishment_ips"
    __table_args__ = (UniqueConstraint("establishment_id", "rentree"),)

    establishment_id: Mapped[int] = mapped_column(
        ForeignKey("establishment.id", ondelete="CASCADE"), index=True
    )
    rentree: Mapped[str] = mapped_column(String(9))  # "2022-2023"
    ips: Mapped[float | None] = mapped_column(Float)
    ips_sd: Mapped[float | None] = mapped_column(Float)
    ips_gt: Mapped[float | None] = mapped_column(Float)
    ips_pro: Mapped[float | None] = mapped_column(Float)
    ips_sd_gt: Mapped[float | None] = mapped_column(Float)
    ips_sd_pro: Mapped[float | None] = mapped_column(Float)
    enrolment: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(String(200))

    establishment: Mapped[Establishment] = relationship(back_populates="ips_history")


class EstablishmentSocialGroups(UuidMixin, Base):
    """Optional school-level shares of the DEPP's four PCS groups (never per pupil)."""

    __tablename__ = "establishment_social_groups"
    __table_args__ = (
        UniqueConstraint("establishment_id", "rentree"),
        CheckConstraint(
            "share_very_advantaged >= 0 AND share_advantaged >= 0 AND share_middle >= 0"
            " AND share_disadvantaged >= 0",
            name="shares_positive",
        ),
    )

    establishment_id: Mapped[int] = mapped_column(
        ForeignKey("establishment.id", ondelete="CASCADE"), index=True
    )
    rentree: Mapped[str] = mapped_column(String(9))
    share_very_advantaged: Mapped[float] = mapped_column(Float)
    share_advantaged: Mapped[float] = mapped_column(Float)
    share_middle: Mapped[float] = mapped_column(Float)
    share_disadvantaged: Mapped[float] = mapped_column(Float)

    establishment: Mapped[Establishment] = relationship(back_populates="social_groups")
