"""Access request: everything the database holds about one pupil, as JSON or as a workbook.

Sections (French keys, since the family reads them): the pupil's identity and school data,
parental authorisations, registrations, attendance with each séance's date, activity, action
and venue, and the audit entries that concern the pupil. The export itself is recorded in the
audit log (it is an export of named data).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from cites_app import audit
from cites_app.db.database import Database
from cites_app.imports.xlsx_writing import add_table, new_workbook
from cites_app.models import (
    Action,
    Activity,
    ActivitySession,
    Attendance,
    AuditEntry,
    Authorisation,
    Establishment,
    Pupil,
    Registration,
    Venue,
)
from cites_app.models.vocabulary import (
    ATTENDANCE_STATUSES,
    AUTHORISATION_KINDS,
    QPV_FLAGS,
    REGISTRATION_STATUSES,
    SEXES,
)
from cites_app.privacy.anonymise import PrivacyError

Table = list[dict[str, object]]

IDENTITY = "élève"
AUTHORISATIONS = "autorisations"
REGISTRATIONS = "inscriptions"
ATTENDANCE = "présences"
JOURNAL = "journal"


def _identity(session: Session, pupil: Pupil) -> dict[str, object]:
    school = session.get(Establishment, pupil.establishment_id) if pupil.establishment_id else None
    return {
        "numéro": pupil.id,
        "nom": pupil.last_name,
        "prénom": pupil.first_name,
        "date de naissance": pupil.birth_date,
        "année de naissance": pupil.birth_year,
        "sexe": SEXES.get(pupil.sex or "", pupil.sex),
        "niveau": pupil.niveau,
        "classe": pupil.class_label,
        "ULIS": pupil.ulis,
        "SEGPA": pupil.segpa,
        "établissement": school.name if school else None,
        "UAI de l'établissement": school.uai if school else None,
        "réside en QPV": QPV_FLAGS.get(pupil.qpv, pupil.qpv),
        "INE": pupil.ine,
        "enregistré le": pupil.created_at,
        "modifié le": pupil.updated_at,
        "anonymisé le": pupil.anonymised_at,
    }


def _authorisations(session: Session, pupil_id: int) -> Table:
    query = (
        select(Authorisation).where(Authorisation.pupil_id == pupil_id).order_by(Authorisation.id)
    )
    return [
        {
            "autorisation": AUTHORISATION_KINDS.get(a.kind, a.kind),
            "accordée": a.granted,
            "portée": a.scope,
            "valable du": a.valid_from,
            "valable jusqu'au": a.valid_until,
            "reçue le": a.received_at,
            "notes": a.notes,
        }
        for a in session.scalars(query)
    ]


def _registrations(session: Session, pupil_id: int) -> Table:
    registered = aliased(ActivitySession)
    query = (
        select(
            Registration.status,
            Registration.waiting_rank,
            Registration.registered_at,
            Activity.title,
            registered.starts_at,
        )
        .outerjoin(registered, registered.id == Registration.session_id)
        .outerjoin(
            Activity,
            Activity.id == func.coalesce(Registration.activity_id, registered.activity_id),
        )
        .where(Registration.pupil_id == pupil_id)
        .order_by(Registration.registered_at, Registration.id)
    )
    return [
        {
            "activité": title,
            "séance": starts,
            "statut": REGISTRATION_STATUSES.get(status, status),
            "rang en liste d'attente": rank,
            "inscrit le": registered_at,
        }
        for status, rank, registered_at, title, starts in session.execute(query)
    ]


def _attendance(session: Session, pupil_id: int) -> Table:
    query = (
        select(
            ActivitySession.starts_at,
            ActivitySession.ends_at,
            Activity.title,
            Action.title,
            Venue.name,
            Attendance.status,
            Attendance.minutes,
        )
        .join(ActivitySession, ActivitySession.id == Attendance.session_id)
        .join(Activity, Activity.id == ActivitySession.activity_id)
        .join(Action, Action.id == Activity.action_id)
        .outerjoin(Venue, Venue.id == ActivitySession.venue_id)
        .where(Attendance.pupil_id == pupil_id)
        .order_by(ActivitySession.starts_at)
    )
    return [
        {
            "séance du": starts,
            "jusqu'à": ends,
            "activité": activity,
            "action": action,
            "lieu": venue,
            "présence": ATTENDANCE_STATUSES.get(status, status),
            "minutes": minutes,
        }
        for starts, ends, activity, action, venue, status, minutes in session.execute(query)
    ]


def _journal(session: Session, pupil: Pupil) -> Table:
    query = (
        select(AuditEntry.at, AuditEntry.action, AuditEntry.actor, AuditEntry.summary)
        .where(AuditEntry.entity_uuid == pupil.uuid)
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    return [
        {"date": at, "opération": action, "par": actor, "résumé": summary}
        for at, action, actor, summary in session.execute(query)
    ]


def pupil_record(session: Session, pupil_id: int) -> dict[str, object]:
    """Everything stored about one pupil, by section. Raises `PrivacyError` if unknown."""
    pupil = session.get(Pupil, pupil_id)
    if pupil is None:
        raise PrivacyError(f"Aucun élève n°{pupil_id} dans la base")
    return {
        IDENTITY: _identity(session, pupil),
        AUTHORISATIONS: _authorisations(session, pupil_id),
        REGISTRATIONS: _registrations(session, pupil_id),
        ATTENDANCE: _attendance(session, pupil_id),
        JOURNAL: _journal(session, pupil),
    }


def _json_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _sheet_rows(rows: Sequence[dict[str, object]]) -> tuple[list[str], list[list[object]]]:
    headers = list(rows[0]) if rows else ["(aucune donnée)"]
    return headers, [list(row.values()) for row in rows]


def export_pupil_data(
    database: Database, pupil_id: int, path: str | Path, *, actor: str | None = None
) -> Path:
    """Write the pupil's data to ``path`` (.json or .xlsx) and record the export in the audit log.

    Raises `PrivacyError` for an unknown pupil or another file extension. The audit entry holds
    the pupil's number and the format, never a name; a failed write leaves no entry.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".xlsx"):
        raise PrivacyError(f"« {path.name} » : choisissez un fichier .json ou .xlsx")
    with database.session() as session:
        record = pupil_record(session, pupil_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".json":
            text = json.dumps(record, ensure_ascii=False, indent=2, default=_json_value)
            path.write_text(text + "\n", encoding="utf-8")
        else:
            _write_workbook(record, path)
        pupil = session.get(Pupil, pupil_id)
        audit.record(
            session,
            "privacy.export",
            f"Demande d'accès : données de l'élève n°{pupil_id} exportées ({suffix[1:]}).",
            entity="pupil",
            entity_uuid=pupil.uuid if pupil else None,
            details={"pupil_id": pupil_id, "format": suffix[1:]},
            actor=actor,
        )
    return path


def _write_workbook(record: dict[str, object], path: Path) -> None:
    workbook = new_workbook()
    identity = record[IDENTITY]
    assert isinstance(identity, dict)
    add_table(workbook, "Élève", ["Donnée", "Valeur"], list(identity.items()), widths=[28, 40])
    for key, title in (
        (AUTHORISATIONS, "Autorisations"),
        (REGISTRATIONS, "Inscriptions"),
        (ATTENDANCE, "Présences"),
        (JOURNAL, "Journal"),
    ):
        rows = record[key]
        assert isinstance(rows, list)
        headers, values = _sheet_rows(rows)
        add_table(workbook, title, headers, values, widths=[20] * len(headers))
    workbook.save(path)
