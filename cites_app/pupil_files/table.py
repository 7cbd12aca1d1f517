"""Read pupils from rows of cells, whatever file they come from (CSV, Excel, ODS, ONDE).

Finds the header row (the first of the first `HEADER_SEARCH_ROWS` rows where at least two
cells are known headers: title rows above it are common), maps the columns, then streams the
data rows through a `RowBuilder`. Blank rows and repeated header rows are skipped silently;
a « Total : 24 élèves » line under the list is skipped with a note.

Text files (CSV) have one more check: a row with values beyond the last header is refused,
as a « ; » typed in an unquoted address shifts every column after it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from openpyxl.utils import get_column_letter

from cites_app.pupil_files.columns import (
    EXPECTED_HEADERS,
    count_known_headers,
    detect_columns,
    missing_required,
    resolve_mapping,
)
from cites_app.pupil_files.model import (
    FIELD_LABELS,
    ColumnMapping,
    ColumnRef,
    Field,
    FileIssue,
    PupilRow,
    mapping_signature,
)
from cites_app.pupil_files.niveaux import niveau_from_class_label
from cites_app.pupil_files.rows import RowBuilder
from cites_app.pupil_files.textutil import cell_text, plain_upper, shorten

HEADER_SEARCH_ROWS = 30

CellProblems = Mapping[int, Mapping[int, str]]
"""Row number (1-based) → column index → French message for cells that cannot be trusted."""


@dataclass
class TableResult:
    """Outcome of reading one table (one CSV file or one worksheet)."""

    rows: list[PupilRow] = field(default_factory=list)
    issues: list[FileIssue] = field(default_factory=list)
    mapping: ColumnMapping | None = None
    header_found: bool = False
    data_rows: int = 0
    """Non-blank data rows seen (kept or refused)."""


def _texts(cells: Sequence[object]) -> tuple[str, ...]:
    texts = [cell_text(c) for c in cells]
    while texts and not texts[-1]:
        texts.pop()
    return tuple(texts)


def _find_header(buffer: list[Sequence[object]], mapping: ColumnMapping | None) -> int | None:
    """0-based index of the header row in `buffer`, -1 for « no header row », None if not found."""
    if mapping is not None:
        for index, cells in enumerate(buffer):
            if mapping.headers and mapping_signature(_texts(cells)) == mapping.signature:
                return index
        return mapping.header_row - 1
    for index, cells in enumerate(buffer):
        if count_known_headers(cells) >= 2:
            return index
    return None


def read_table(
    file_name: str,
    rows: Iterable[Sequence[object]],
    *,
    mapping: ColumnMapping | None = None,
    sheet: str | None = None,
    cell_problems: CellProblems | None = None,
    fixed_header_row: int | None = None,
    today: date | None = None,
    delimiter: str | None = None,
) -> TableResult:
    """Read one table. Row i of `rows` (0-based) is spreadsheet row i + 1.

    `mapping`: a mapping chosen or corrected by the user (else columns are detected).
    `sheet`: the worksheet name, given when a workbook is read across several sheets; a sheet
    named like a class (« 6ème A ») gives the class of its rows when there is no class column.
    `fixed_header_row`: 1-based header row when the format fixes it (ONDE: row 1).
    `delimiter`: the separator of a text file, whose rows are then refused when they hold
    more values than there are headers (a shifted row); None for workbooks.
    Fatal issues are returned in `issues` (the caller decides to drop a sheet without header).
    """
    result = TableResult()
    iterator = iter(rows)
    buffer = list(itertools.islice(iterator, HEADER_SEARCH_ROWS))

    def fatal(message: str, row: int | None = None) -> TableResult:
        result.issues.append(FileIssue(file_name, row, None, message, True, "error", sheet))
        return result

    header_index: int | None
    if fixed_header_row is not None and mapping is None:
        header_index = fixed_header_row - 1
        if len(buffer) <= header_index or count_known_headers(buffer[header_index]) < 2:
            header_index = None
    else:
        header_index = _find_header(buffer, mapping)
    if header_index is None or header_index >= len(buffer):
        first = next((i for i, cells in enumerate(buffer) if _texts(cells)), 0)
        result.mapping = ColumnMapping(first + 1, _texts(buffer[first]) if buffer else ())
        where = (
            "en première ligne"
            if fixed_header_row is not None
            else f"dans les {HEADER_SEARCH_ROWS} premières lignes"
        )
        return fatal(
            f"Aucune ligne d'en-têtes reconnue {where}. Colonnes attendues : {EXPECTED_HEADERS}."
        )

    headers = _texts(buffer[header_index]) if header_index >= 0 else ()
    header_row = header_index + 1
    result.header_found = True
    if mapping is not None:
        columns, lost = resolve_mapping(mapping, headers)
        if lost:
            result.issues.append(
                FileIssue(
                    file_name,
                    header_row or None,
                    None,
                    "Colonnes de la correspondance enregistrée introuvables : " + ", ".join(lost),
                    False,
                    "warning",
                    sheet,
                )
            )
    else:
        columns, notes = detect_columns(headers)
        result.issues.extend(
            FileIssue(file_name, header_row, None, note, False, "info", sheet) for note in notes
        )
    result.mapping = ColumnMapping(header_row, headers, columns)

    missing = missing_required(columns)
    if missing:
        found = ", ".join(f"« {h} »" for h in headers if h) or "aucune"
        return fatal(
            f"Colonne obligatoire introuvable : {', '.join(missing)}. Colonnes trouvées : "
            f"{found}. Colonnes attendues : {EXPECTED_HEADERS}.",
            header_row or None,
        )
    if Field.BIRTH_DATE not in columns:
        result.issues.append(
            FileIssue(
                file_name,
                header_row or None,
                None,
                "Pas de colonne « Date de naissance » : les élèves sont importés sans date, "
                "les homonymes seront plus difficiles à distinguer",
                False,
                "warning",
                sheet,
            )
        )

    sheet_class = _sheet_class(sheet, columns)
    if sheet_class is not None:
        result.issues.append(
            FileIssue(
                file_name,
                None,
                None,
                f"Pas de colonne « Classe » : la classe des élèves est le nom de la feuille "
                f"(« {sheet_class} »)",
                False,
                "info",
                sheet,
            )
        )
    _read_data(
        result=result,
        file_name=file_name,
        columns=columns,
        headers=headers,
        buffered=buffer[header_index + 1 :],
        iterator=iterator,
        first_row=header_row + 1,
        sheet=sheet,
        cell_problems=cell_problems,
        today=today,
        default_class=sheet_class,
        delimiter=delimiter,
    )
    if result.data_rows == 0:
        return fatal("Aucune ligne d'élève : le fichier ne contient que la ligne d'en-têtes")
    return result


def _read_data(
    *,
    result: TableResult,
    file_name: str,
    columns: Mapping[Field, ColumnRef],
    headers: tuple[str, ...],
    buffered: list[Sequence[object]],
    iterator: Iterable[Sequence[object]],
    first_row: int,
    sheet: str | None,
    cell_problems: CellProblems | None,
    today: date | None,
    default_class: str | None,
    delimiter: str | None,
) -> None:
    builder = RowBuilder(file_name, columns, sheet=sheet, today=today, default_class=default_class)
    name_index = min(ref.index for f, ref in columns.items() if f in _NAME_FIELDS)
    name_header = headers[name_index] if name_index < len(headers) else ""
    birth = columns[Field.BIRTH_DATE].index if Field.BIRTH_DATE in columns else None
    width = None  # checked in text files with a header row; a mapped column may lie beyond it
    if delimiter is not None and headers:
        width = max(len(headers), *(ref.index + 1 for ref in columns.values()))
    rows_out = result.rows
    problems = cell_problems or {}
    for number, cells in enumerate(itertools.chain(buffered, iterator), start=first_row):
        if builder.is_blank(cells):
            continue
        # Cheap tests first: a pupil's row has its birth date, a total line has none.
        if (birth is None or birth >= len(cells) or cells[birth] in ("", None)) and (
            total := _total_line(cells)
        ):
            result.issues.append(
                FileIssue(
                    file_name, number, None, f"Ligne de total ignorée : « {total} »", False,
                    "info", sheet,
                )
            )  # fmt: skip
            continue
        if (birth is None or birth >= len(cells) or cells[birth] in ("", None)) and (
            heading := _class_heading(cells)
        ):
            builder.default_class = heading
            result.issues.append(
                FileIssue(
                    file_name, number, None,
                    f"Titre de classe « {heading} » : classe des élèves des lignes suivantes",
                    False, "info", sheet,
                )
            )  # fmt: skip
            continue
        if width is not None and len(cells) > width:
            extra = next((i for i in range(width, len(cells)) if cell_text(cells[i])), None)
            if extra is not None:
                result.data_rows += 1
                result.issues.append(
                    _shifted_row(file_name, number, cells, width, extra, delimiter or ";")
                )
                continue
        # A header row repeated above each class block: skip it (cheap test first).
        name = cells[name_index] if name_index < len(cells) else None
        if (
            isinstance(name, str)
            and name.strip() == name_header
            and name_header
            and _texts(cells[: len(headers)]) == headers
        ):
            continue
        result.data_rows += 1
        row_problems = problems.get(number)
        pupil = builder.build(number, cells, row_problems.get if row_problems else None)
        if pupil is not None:
            rows_out.append(pupil)
    result.issues.extend(builder.issues)


_NAME_FIELDS = frozenset({Field.LAST_NAME, Field.USAGE_NAME, Field.FULL_NAME, Field.FIRST_NAME})

# « Total », « TOTAL : 24 », « Sous-total CM2 », « Effectif : 25 », « Nombre d'élèves : 24 »
_TOTAL_LINE = re.compile(
    r"(?:(?:SOUS[ -]?)?TOTAL|EFFECTIFS?|NOMBRE D.?ELEVES|NB D.?ELEVES|NB ELEVES)(?![A-Z0-9])"
)


def _total_line(cells: Sequence[object]) -> str | None:
    """Text of a total line under the list (its first filled cell says « Total »…), else None."""
    first = next((text for text in map(cell_text, cells) if text), "")
    if not _TOTAL_LINE.match(plain_upper(first)):
        return None
    return shorten(" ".join(text for text in map(cell_text, cells) if text))


# « Classe de CM2 A », « Classe : 5e2 »: the words before the class itself.
_CLASS_PREFIX = re.compile(r"CLASSE\s*(?:DE\s+|:\s*|-\s*)?", re.IGNORECASE)
# A class of several niveaux (« CP/CE1 », « CE2-CM1 ») names none of them alone.
_MIXED_CLASS = re.compile(
    r"(?:PS|MS|GS|CP|CE1|CE2|CM1|CM2)(?:\s*[/-]\s*(?:MS|GS|CP|CE1|CE2|CM1|CM2))+"
)


def _class_heading(cells: Sequence[object]) -> str | None:
    """The class a title row names (« CM2 A » alone on its row, above that class's pupils).

    Lists pasted class after class often separate them with such a row instead of giving a
    class column. Only a row with a single filled cell that reads as a class qualifies: a
    pupil's row always has a first name too.
    """
    filled = [text for text in map(cell_text, cells) if text]
    if len(filled) != 1 or len(filled[0]) > 40:
        return None
    text = " ".join(filled[0].split())
    label = _CLASS_PREFIX.sub("", text, count=1) if _CLASS_PREFIX.match(text) else text
    if not label:
        return None
    if niveau_from_class_label(label) is None and not _MIXED_CLASS.fullmatch(label.upper()):
        return None
    return label


def _sheet_class(sheet: str | None, columns: Mapping[Field, ColumnRef]) -> str | None:
    """The class named by a sheet of a « one sheet per class » workbook without class column."""
    if sheet is None or Field.CLASS_LABEL in columns:
        return None
    label = " ".join(sheet.split())
    return label if niveau_from_class_label(label) is not None else None


def _shifted_row(
    file_name: str, row: int, cells: Sequence[object], width: int, extra: int, delimiter: str
) -> FileIssue:
    values = max(i for i, cell in enumerate(cells) if cell_text(cell)) + 1
    separator = "tabulation" if delimiter == "\t" else f"« {delimiter} »"
    return FileIssue(
        file_name,
        row,
        get_column_letter(extra + 1),
        f"Ligne refusée : {values} valeurs pour {width} colonnes d'en-tête, les colonnes sont "
        f"décalées (séparateur {separator} dans un texte sans guillemets, une adresse par "
        "exemple ?) ; mettez ce texte entre guillemets ou retirez le séparateur",
        False,
        "error",
    )


def single_uai(rows: Iterable[PupilRow]) -> str | None:
    """The establishment of the file when every row that names one names the same."""
    found = {row.uai for row in rows if row.uai}
    return found.pop() if len(found) == 1 else None


def describe_mapping(mapping: ColumnMapping) -> str:
    """French summary « Nom ← « NOM », Prénom ← « Prénom » … » for logs and the CLI."""
    return ", ".join(
        f"{FIELD_LABELS[f]} ← « {ref.header} »"
        for f, ref in sorted(mapping.columns.items(), key=lambda item: item[1].index)
    )
