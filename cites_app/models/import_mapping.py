"""Column mappings the user corrected in an import, remembered per file shape."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from cites_app.models.base import Base, TimestampMixin, UuidMixin


class ImportMapping(UuidMixin, TimestampMixin, Base):
    __tablename__ = "import_mapping"
    __table_args__ = (UniqueConstraint("kind", "signature"),)

    kind: Mapped[str] = mapped_column(String(30))  # "pupils", "attendance"
    # A stable key of the file's normalised headers: the same shape finds the same mapping.
    signature: Mapped[str] = mapped_column(String(64))
    mapping: Mapped[str] = mapped_column(Text)  # JSON: field -> header
    used_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
