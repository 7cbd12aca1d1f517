"""The territory of the cité éducative and its key/value settings."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cites_app.models.base import Base, TimestampMixin, UuidMixin, VersionedMixin, enum_check
from cites_app.models.vocabulary import HOLIDAY_ZONES


class Territory(UuidMixin, TimestampMixin, VersionedMixin, Base):
    """The cité éducative itself (one row in a local database)."""

    __tablename__ = "territory"
    __table_args__ = (enum_check("holiday_zone", HOLIDAY_ZONES),)

    name: Mapped[str] = mapped_column(String(200))
    academie: Mapped[str | None] = mapped_column(String(80))
    departement: Mapped[str | None] = mapped_column(String(3))
    holiday_zone: Mapped[str] = mapped_column(String(8), default="C")
    alsace_moselle: Mapped[bool] = mapped_column(Boolean, default=False)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)

    communes: Mapped[list[TerritoryCommune]] = relationship(
        back_populates="territory", cascade="all, delete-orphan", order_by="TerritoryCommune.name"
    )


class TerritoryCommune(UuidMixin, Base):
    __tablename__ = "territory_commune"

    territory_id: Mapped[int] = mapped_column(ForeignKey("territory.id", ondelete="CASCADE"))
    code_insee: Mapped[str] = mapped_column(String(5))
    name: Mapped[str] = mapped_column(String(120))

    territory: Mapped[Territory] = relationship(back_populates="communes")


class Setting(Base):
    """Typed settings are declared in ``cites_app.settings``; values are stored as text here."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
