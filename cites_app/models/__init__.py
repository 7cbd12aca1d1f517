"""SQLAlchemy 2 ORM of the whole domain (no Qt, no business rules)."""

from cites_app.models.audit import AuditEntry
from cites_app.models.base import Base
from cites_app.models.establishment import (
    Establishment,
    EstablishmentIps,
    EstablishmentSocialGroups,
)
from cites_app.models.import_mapping import ImportMapping
from cites_app.models.participation import Attendance, Registration
from cites_app.models.partner import Convention, Facilitator, Partner, Venue
from cites_app.models.programme import (
    Action,
    Activity,
    ActivityNiveau,
    ActivitySession,
    ClassTime,
    activity_establishment,
    session_establishment,
    session_facilitator,
)
from cites_app.models.pupil import Authorisation, Pupil
from cites_app.models.territory import Setting, Territory, TerritoryCommune

__all__ = [
    "Action",
    "Activity",
    "ActivityNiveau",
    "ActivitySession",
    "Attendance",
    "AuditEntry",
    "Authorisation",
    "Base",
    "ClassTime",
    "Convention",
    "Establishment",
    "EstablishmentIps",
    "EstablishmentSocialGroups",
    "Facilitator",
    "ImportMapping",
    "Partner",
    "Pupil",
    "Registration",
    "Setting",
    "Territory",
    "TerritoryCommune",
    "Venue",
    "activity_establishment",
    "session_establishment",
    "session_facilitator",
]
