"""Writing to the audit log (imports, purges, exports of named data, erasures)."""

from __future__ import annotations

import getpass
import json
import uuid

from sqlalchemy.orm import Session

from cites_app.models import AuditEntry


def current_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some service contexts
        return "inconnu"


def record(
    session: Session,
    action: str,
    summary: str,
    *,
    entity: str | None = None,
    entity_uuid: uuid.UUID | None = None,
    details: dict[str, object] | None = None,
    actor: str | None = None,
) -> AuditEntry:
    """Add an audit entry in the caller's transaction (it commits or rolls back with the work)."""
    entry = AuditEntry(
        actor=actor or current_actor(),
        action=action,
        entity=entity,
        entity_uuid=entity_uuid,
        summary=summary,
        details=json.dumps(details, ensure_ascii=False, default=str) if details else None,
    )
    session.add(entry)
    return entry
