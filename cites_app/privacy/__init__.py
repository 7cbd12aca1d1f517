"""Children's data handled with care (DESIGN.md §6): retention, access and erasure requests.

No Qt here: the privacy screen and ``cites-app privacy …`` call the same functions.

- `expired_pupils(database, today=None)` → `RetentionList`: pupils without activity for longer
  than the school year + ``privacy.retention_years``; `apply_retention(database, …)` anonymises
  them (names replaced by « Élève anonymisé n°ID », birth date cut to the year, INE, class and
  authorisations removed; establishment, niveau, sex, QPV flag, registrations and attendance
  kept so that past aggregates still add up);
- `export_pupil_data(database, pupil_id, path)`: access request, .json or .xlsx;
- `erase_pupil(database, pupil_id)`: erasure request, carried out by the same anonymisation
  (see `anonymise` for why in place rather than deleting the row).

Every purge, export of named data and erasure is written to the audit log, without names.
"""

from cites_app.privacy.access_export import export_pupil_data, pupil_record
from cites_app.privacy.anonymise import (
    PSEUDONYM,
    ErasureResult,
    PrivacyError,
    anonymise_in_session,
    erase_pupil,
    pseudonym,
)
from cites_app.privacy.retention import (
    ExpiredPupil,
    RetentionList,
    RetentionResult,
    apply_retention,
    expired_pupils,
    retention_cutoff,
)

__all__ = [
    "PSEUDONYM",
    "ErasureResult",
    "ExpiredPupil",
    "PrivacyError",
    "RetentionList",
    "RetentionResult",
    "anonymise_in_session",
    "apply_retention",
    "erase_pupil",
    "expired_pupils",
    "export_pupil_data",
    "pseudonym",
    "pupil_record",
    "retention_cutoff",
]
