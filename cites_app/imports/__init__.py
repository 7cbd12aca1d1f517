"""Imports: official establishment files and pupil lists, previewed, then committed safely.

No Qt here: the import wizard and the command line (``cites-app import …``) call the same
functions.

Establishments (annuaire de l'éducation, DEPP IPS files, geolocation file):

- `preview_establishments(database, path, communes=None)` → `EstablishmentPreview` (one
  `EstablishmentRow` per establishment: new / update / unchanged, changes, IPS rentrées added,
  ``in_territory`` for the window to *offer* schools outside the territory's communes);
- `commit_establishments(database, preview, accepted_uais=None)` → `ImportReport`;
- `import_establishments(database, path, communes=None, dry_run=False)`: both, for the CLI;
- `lookup_establishments(query)` → `EstablishmentCandidate`s from the shipped open data (by UAI
  or words of the name), `add_establishment(database, candidate)` stores one.

Pupils (ONDE, SIECLE, any Excel / CSV / ODS list):

- `preview_pupils(database, path, establishment_uai=None, mapping=None)` → `PupilPreview`
  (one `PreviewRow` per row: new / update with its `FieldChange`s / unchanged / duplicate /
  error with row, column and reason); nothing written;
- `commit_pupils(database, preview, accepted_rows=None)` → `ImportReport`: the accepted rows
  in one transaction or nothing, an audit entry, the user's column mapping remembered;
- `import_pupils(database, path, …, dry_run=False, partial=False)`: both, for the CLI (strict:
  a file with a row in error writes nothing unless ``partial``);
- `export_rejected(preview, path)`: the rejected rows as an .xlsx with the reason on each row.

Long calls take an optional ``progress(percent, message)`` callback (run them in a worker).
Failures the caller must show: `ImportRefusedError` (French message), and its subclass
`StalePreviewError` when the database changed between preview and commit.
"""

from cites_app.imports.establishments import (
    EstablishmentPreview,
    EstablishmentRow,
    commit_establishments,
    import_establishments,
    preview_establishments,
)
from cites_app.imports.lookup import (
    EstablishmentCandidate,
    add_establishment,
    lookup_establishments,
)
from cites_app.imports.mappings import remember_mapping, remembered_mapping
from cites_app.imports.preview import (
    STATUS_LABELS,
    FieldChange,
    PreviewRow,
    PupilPreview,
    RowStatus,
)
from cites_app.imports.pupil_commit import commit_pupils, import_pupils
from cites_app.imports.pupils import preview_pupils
from cites_app.imports.rejected_export import export_rejected
from cites_app.imports.report import (
    ImportIssue,
    ImportRefusedError,
    ImportReport,
    Progress,
    StalePreviewError,
)

__all__ = [
    "STATUS_LABELS",
    "EstablishmentCandidate",
    "EstablishmentPreview",
    "EstablishmentRow",
    "FieldChange",
    "ImportIssue",
    "ImportRefusedError",
    "ImportReport",
    "PreviewRow",
    "Progress",
    "PupilPreview",
    "RowStatus",
    "StalePreviewError",
    "add_establishment",
    "commit_establishments",
    "commit_pupils",
    "export_rejected",
    "import_establishments",
    "import_pupils",
    "lookup_establishments",
    "preview_establishments",
    "preview_pupils",
    "remember_mapping",
    "remembered_mapping",
]
