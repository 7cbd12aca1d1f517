"""Read and normalise pupil lists: ONDE CSV, SIECLE XML, and any Excel / ODS / CSV list.

No database and no Qt here: readers return `PupilFile` (normalised `PupilRow`s plus
`FileIssue`s in French); the import service matches and stores them.

Entry point: `read_pupil_file(path, mapping=None)`. Per row, the last name and first name are
required, and the birth date when the file has a birth-date column; other values are optional
(an unreadable one is left empty with a warning). See `rows` for the full rules.
"""

from cites_app.pupil_files.columns import EXPECTED_HEADERS, field_of_header, header_key
from cites_app.pupil_files.model import (
    FIELD_LABELS,
    ColumnMapping,
    ColumnRef,
    Field,
    FileIssue,
    FileKind,
    PupilFile,
    PupilRow,
    Severity,
    mapping_signature,
    normalize_header,
)
from cites_app.pupil_files.niveaux import NIVEAUX, niveau_from_mef
from cites_app.pupil_files.normalize import (
    MAX_TEXT_LENGTH,
    InvalidValueError,
    NiveauInfo,
    clean_name,
    parse_date,
    parse_ine,
    parse_niveau,
    parse_qpv,
    parse_sex,
    parse_uai,
    parse_yes_no,
)
from cites_app.pupil_files.onde import read_onde
from cites_app.pupil_files.reader import read_pupil_file
from cites_app.pupil_files.siecle import parse_siecle, read_siecle
from cites_app.pupil_files.table import describe_mapping
from cites_app.pupil_files.tabular import read_csv, read_tabular, read_workbook

__all__ = [
    "EXPECTED_HEADERS",
    "FIELD_LABELS",
    "MAX_TEXT_LENGTH",
    "NIVEAUX",
    "ColumnMapping",
    "ColumnRef",
    "Field",
    "FileIssue",
    "FileKind",
    "InvalidValueError",
    "NiveauInfo",
    "PupilFile",
    "PupilRow",
    "Severity",
    "clean_name",
    "describe_mapping",
    "field_of_header",
    "header_key",
    "mapping_signature",
    "niveau_from_mef",
    "normalize_header",
    "parse_date",
    "parse_ine",
    "parse_niveau",
    "parse_qpv",
    "parse_sex",
    "parse_siecle",
    "parse_uai",
    "parse_yes_no",
    "read_csv",
    "read_onde",
    "read_pupil_file",
    "read_siecle",
    "read_tabular",
    "read_workbook",
]
