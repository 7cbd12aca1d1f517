"""Audit log: who did what, when, to which record (imports, exports of named data, erasures…)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from cites_app.models.base import Base


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now(), index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60), index=True)  # e.g. "import.pupils"
    entity: Mapped[str | None] = mapped_column(String(60))
    entity_uuid: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    summary: Mapped[str] = mapped_column(Text)  # French, readable by the coordinator
    details: Mapped[str | None] = mapped_column(Text)  # JSON, never names of pupils
