"""Official French education open data: UAI rule, file readers, shipped demo extracts.

Plain Python (stdlib ``csv``), no Qt, no database: the import service turns the records into rows.

- ``read_establishment_file(path)`` recognises an annuaire de l'éducation, a DEPP IPS file
  (écoles, collèges, lycées; all header generations) or the geolocation file, and returns an
  ``OpenDataFile`` of ``EstablishmentRecord`` / ``IpsRecord`` plus the ``RowIssue`` of every row
  left aside; ``OpenDataError`` (French message) when the file cannot be read.
- ``uai`` helpers: ``is_valid_uai``, ``normalize_uai``, ``uai_check_letter``, ``uai_departement``.
- ``demo_source_files()`` / ``default_opendata_dir()``: the extracts of Seine-Saint-Denis shipped
  in ``resources/opendata`` for the demo territory (Pantin, 93055).
"""

from cites_app.opendata.demo import (
    DEMO_COMMUNE_INSEE,
    DEMO_DEPARTEMENT,
    default_opendata_dir,
    demo_source_files,
    opendata_file,
)
from cites_app.opendata.reader import read_establishment_file
from cites_app.opendata.records import (
    KINDS,
    EstablishmentRecord,
    IpsRecord,
    OpenDataError,
    OpenDataFile,
    RowIssue,
)
from cites_app.opendata.uai import (
    is_valid_uai,
    normalize_uai,
    uai_check_letter,
    uai_departement,
)

__all__ = [
    "DEMO_COMMUNE_INSEE",
    "DEMO_DEPARTEMENT",
    "KINDS",
    "EstablishmentRecord",
    "IpsRecord",
    "OpenDataError",
    "OpenDataFile",
    "RowIssue",
    "default_opendata_dir",
    "demo_source_files",
    "is_valid_uai",
    "normalize_uai",
    "opendata_file",
    "read_establishment_file",
    "uai_check_letter",
    "uai_departement",
]
