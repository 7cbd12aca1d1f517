"""Writing an establishment import in one transaction: bulk inserts, version-checked updates."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Table, insert, select, update

from cites_app import audit
from cites_app.db.database import Database
from cites_app.imports.establishment_merge import IPS_VALUES, record_values
from cites_app.imports.matching import chunks
from cites_app.imports.report import ImportReport, StalePreviewError
from cites_app.models import Establishment, EstablishmentIps
from cites_app.opendata import IpsRecord

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from cites_app.imports.establishments import EstablishmentPreview, EstablishmentRow

_EST: Table = Establishment.__table__  # type: ignore[assignment]
_IPS: Table = EstablishmentIps.__table__  # type: ignore[assignment]
_CHUNK = 5000


def _in_territory(preview: EstablishmentPreview, row: EstablishmentRow) -> bool:
    if row.in_territory is not None:
        return row.in_territory
    return preview.communes.matches(row.record) if preview.communes else True


def _ips_row(est_id: int, ips: IpsRecord, source: str) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(ips, name) for name in IPS_VALUES}
    values.update(
        uuid=uuid.uuid4(), establishment_id=est_id, rentree=ips.rentree, source=source[:200]
    )
    return values


def _insert(
    session: Session, preview: EstablishmentPreview, rows: Sequence[EstablishmentRow]
) -> int:
    """Insert new establishments, then their IPS history; returns the IPS rows added."""
    source = preview.file[:200]
    values: list[dict[str, object]] = []
    for row in rows:
        record = record_values(row.record)
        record.update(
            uuid=uuid.uuid4(),
            uai=row.uai,
            version=1,
            in_territory=_in_territory(preview, row),
            source=source,
        )
        values.append(record)
    for chunk in chunks(values, _CHUNK):
        session.execute(insert(_EST), chunk)
    ids: dict[str, int] = {}
    for group in chunks([row.uai for row in rows]):
        query = select(_EST.c.uai, _EST.c.id).where(_EST.c.uai.in_(group))
        ids.update((uai, est_id) for uai, est_id in session.execute(query))
    ips_rows = [_ips_row(ids[row.uai], ips, source) for row in rows for ips in row.ips_added]
    for chunk in chunks(ips_rows, _CHUNK):
        session.execute(insert(_IPS), chunk)
    return len(ips_rows)


def _update(
    session: Session, preview: EstablishmentPreview, rows: Sequence[EstablishmentRow]
) -> tuple[int, int]:
    """Apply the changes (version-checked) and the IPS additions and corrections."""
    source = preview.file[:200]
    added = corrected = 0
    for row in rows:
        assert row.existing_id is not None
        if row.changes:
            done = session.execute(
                update(_EST)
                .where(_EST.c.id == row.existing_id, _EST.c.version == row.existing_version)
                .values(
                    {
                        **{change.field: change.new for change in row.changes},
                        "source": source,
                        "version": _EST.c.version + 1,
                    }
                )
            ).rowcount  # type: ignore[attr-defined]
            if done != 1:
                raise StalePreviewError(
                    f"{preview.file} : l'établissement {row.uai} a été modifié depuis l'aperçu ; "
                    "rien n'a été importé, refaites l'aperçu"
                )
        for ips in row.ips_added:
            session.execute(insert(_IPS), [_ips_row(row.existing_id, ips, source)])
            added += 1
        for ips_id, _ips, values in row.ips_updated:
            session.execute(
                update(_IPS).where(_IPS.c.id == ips_id).values({**values, "source": source})
            )
            corrected += 1
    return added, corrected


def write_establishments(
    database: Database,
    preview: EstablishmentPreview,
    chosen: Sequence[EstablishmentRow],
    report: ImportReport,
    *,
    actor: str | None = None,
    then: Callable[[Session], None] | None = None,
) -> None:
    """Write ``chosen`` rows and the audit entry in one transaction (all or nothing).

    ``then`` runs in the same transaction before it commits (the user's corrections to a
    school added from the official data): if it raises, nothing at all is written.
    """
    with database.session() as session:
        added = _insert(session, preview, [row for row in chosen if row.status == "new"])
        more, corrected = _update(
            session, preview, [row for row in chosen if row.status == "update"]
        )
        audit.record(
            session,
            "import.establishments",
            f"Import d'établissements depuis « {preview.file} » : {report.created} créés, "
            f"{report.updated} mis à jour, {report.unchanged} inchangés, "
            f"{report.rejected} lignes écartées.",
            details={
                "file": preview.file,
                "kind": preview.kind,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "rejected": report.rejected,
                "ignored": report.ignored,
                "ips_added": added + more,
                "ips_corrected": corrected,
                "communes": list(preview.communes.asked),
            },
            actor=actor,
        )
        if then is not None:
            then(session)
