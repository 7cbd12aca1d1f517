"""Build one `PupilRow` from the cells of a table row, collecting the row's issues.

Rules (the same for ONDE, CSV, Excel and ODS):

- required: last name and first name (a missing one refuses the row); the birth date is
  required when the file has a birth-date column (blank or invalid refuses the row); when the
  file has no such column at all, rows are kept without it and one warning says so;
- names and class labels longer than `MAX_TEXT_LENGTH` characters refuse the row;
- optional values (sex, niveau, INE, UAI, QPV, ULIS, SEGPA) that cannot be read are left
  empty with a warning, the row is kept;
- without a niveau column (or with a blank niveau), the niveau is taken from the class label
  when it names exactly one (« CM2 A », « 6B »);
- without a class column, the class may be given for the whole table (`default_class`: the
  sheet name of a « one sheet per class » workbook).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TypeVar, cast

from cites_app.pupil_files.model import (
    FIELD_LABELS,
    ColumnRef,
    Field,
    FileIssue,
    PupilRow,
    Severity,
)
from cites_app.pupil_files.niveaux import niveau_from_class_label
from cites_app.pupil_files.normalize import (
    MAX_TEXT_LENGTH,
    InvalidValueError,
    clean_name,
    parse_date,
    parse_ine,
    parse_niveau,
    parse_qpv,
    parse_sex,
    parse_uai,
    parse_yes_no,
)
from cites_app.pupil_files.textutil import MOJIBAKE, repair_mojibake, shorten

CellProblem = Callable[[int], str | None]
"""Given a 0-based column index, a French message if that cell cannot be trusted (formula)."""


def split_full_name(text: str) -> tuple[str, str, bool]:
    """Split « DUPONT Marie » / « Marie DUPONT » / « DUPONT, Marie » into (last, first, sure).

    Upper-case words are the last name. When every word is upper case, the first word is
    taken as the last name and `sure` is False.
    """
    if "," in text:
        last, _, first = text.partition(",")
        return clean_name(last), clean_name(first), True
    words = text.split()
    upper = [w.isupper() and any(c.isalpha() for c in w) for w in words]
    if all(upper) or not any(upper):
        return (words[0] if words else ""), " ".join(words[1:]), False
    if upper[0]:
        cut = upper.index(False)
        return " ".join(words[:cut]), " ".join(words[cut:]), True
    cut = upper.index(True)
    return " ".join(words[cut:]), " ".join(words[:cut]), all(upper[cut:])


T = TypeVar("T")
_UNSEEN = object()
_CACHEABLE = frozenset({str, int, float, type(None)})  # not bool: True == 1 as a dict key
_OPTIONAL = (Field.SEX, Field.INE, Field.UAI, Field.QPV, Field.ULIS, Field.SEGPA)
_REQUIRED = frozenset({Field.LAST_NAME, Field.FIRST_NAME, Field.BIRTH_DATE})


class RowBuilder:
    """Turns table rows into `PupilRow`s; issues accumulate in `issues`.

    Called once per row of files that may hold 200,000 rows: column positions are resolved
    once here, and a row without problems goes through few function calls.
    """

    def __init__(
        self,
        file_name: str,
        columns: Mapping[Field, ColumnRef],
        *,
        sheet: str | None = None,
        default_uai: str | None = None,
        default_class: str | None = None,
        today: date | None = None,
    ) -> None:
        self.file_name = file_name
        self.sheet = sheet
        self.default_uai = default_uai
        self.default_class = default_class  # the sheet's name in a « one sheet per class » file
        self.today = today or date.today()
        self.issues: list[FileIssue] = []
        self._columns = dict(columns)
        self._index = {f: ref.index for f, ref in columns.items()}
        self._mapped = sorted(set(self._index.values()))
        self._optional = {f: self._index[f] for f in _OPTIONAL if f in self._index}
        # Parsed values of the optional fields whose values repeat (not INE: one per pupil).
        self._parsed: dict[Field, dict[object, object]] = {
            f: {} for f in self._optional if f is not Field.INE
        }
        position = self._index.get
        self._last = position(Field.LAST_NAME)
        self._usage = position(Field.USAGE_NAME)
        self._first = position(Field.FIRST_NAME)
        self._full = position(Field.FULL_NAME)
        self._birth = position(Field.BIRTH_DATE)
        self._niveau_col = position(Field.NIVEAU)
        self._class = position(Field.CLASS_LABEL)
        self._mojibake_seen = False

    # -- helpers -------------------------------------------------------------------------------

    def _issue(self, row: int, target: Field | None, message: str, severity: Severity) -> None:
        column = self._columns[target].header if target in self._columns else None
        if target is not None and column is None:
            column = FIELD_LABELS[target]
        self.issues.append(
            FileIssue(self.file_name, row, column, message, False, severity, self.sheet)
        )

    def is_blank(self, cells: Sequence[object]) -> bool:
        """True when every mapped cell of the row is empty (the row is skipped silently)."""
        size = len(cells)
        for index in self._mapped:
            if index < size:
                value = cells[index]
                if value is not None and (not isinstance(value, str) or value.strip()):
                    return False
        return True

    def _text(self, row: int, cells: Sequence[object], index: int | None, target: Field) -> str:
        if index is None or index >= len(cells):
            return ""
        text = clean_name(cells[index])
        if text and not text.isascii() and MOJIBAKE.search(text):
            fixed = repair_mojibake(text)
            if fixed != text and not self._mojibake_seen:
                self._mojibake_seen = True
                self._issue(
                    row,
                    target,
                    f"Accents mal encodés (« {shorten(text)} ») : le fichier a été converti deux "
                    f"fois ; corrigé en « {shorten(fixed)} », vérifiez les noms",
                    "warning",
                )
            text = fixed
        return text

    # -- the row -------------------------------------------------------------------------------

    def build(
        self, row: int, cells: Sequence[object], problem: CellProblem | None = None
    ) -> PupilRow | None:
        """The pupil of this row, or None when the row is refused (its issues say why)."""
        refused = False
        flagged: set[Field] = set()  # cells already reported (formula without value)
        if problem is not None:
            for target, index in self._index.items():
                message = problem(index)
                if message is not None:
                    required = target in _REQUIRED
                    self._issue(row, target, message, "error" if required else "warning")
                    refused = refused or required
                    flagged.add(target)

        last, first, refused = self._names(row, cells, refused, flagged)
        class_label = self._text(row, cells, self._class, Field.CLASS_LABEL) or self.default_class
        if class_label is not None and len(class_label) > MAX_TEXT_LENGTH:
            self._too_long(row, Field.CLASS_LABEL, class_label)
            refused = True

        birth_date, bad_date = self._birth_date(row, cells, flagged)
        refused = refused or bad_date
        if refused:
            return None

        niveau, ulis, segpa = self._niveau(row, cells, class_label)
        sex = ine = uai = qpv = None
        optional = self._optional
        if optional:  # most lists have few optional columns: test before calling
            opt = self._opt
            sex = opt(row, cells, Field.SEX, parse_sex) if Field.SEX in optional else None
            ine = opt(row, cells, Field.INE, parse_ine) if Field.INE in optional else None
            uai = opt(row, cells, Field.UAI, parse_uai) if Field.UAI in optional else None
            qpv = opt(row, cells, Field.QPV, parse_qpv) if Field.QPV in optional else None
            if Field.ULIS in optional:
                ulis = bool(opt(row, cells, Field.ULIS, parse_yes_no)) or ulis
            if Field.SEGPA in optional:
                segpa = bool(opt(row, cells, Field.SEGPA, parse_yes_no)) or segpa
        return PupilRow(
            row,
            last,
            first,
            birth_date,
            sex,
            niveau,
            class_label,
            ine,
            uai or self.default_uai,
            qpv,
            ulis,
            segpa,
            self.sheet,
        )

    def _opt(
        self, row: int, cells: Sequence[object], target: Field, parse: Callable[[object], T]
    ) -> T | None:
        index = self._optional[target]
        raw = cells[index] if index < len(cells) else None
        cache = self._parsed.get(target)
        if cache is not None and type(raw) in _CACHEABLE:
            # A school's list repeats a few codes (sex, UAI, QPV, yes/no): read each once.
            found = cache.get(raw, _UNSEEN)
            if found is _UNSEEN:
                try:
                    found = cache[raw] = parse(raw)
                except InvalidValueError as exc:
                    found = cache[raw] = exc
            if isinstance(found, InvalidValueError):
                self._issue(row, target, str(found), "warning")
                return None
            return cast(T, found)
        try:
            return parse(raw)
        except InvalidValueError as exc:
            self._issue(row, target, str(exc), "warning")
            return None

    def _birth_date(
        self, row: int, cells: Sequence[object], flagged: set[Field]
    ) -> tuple[date | None, bool]:
        """The birth date, and whether its absence or invalidity refuses the row."""
        birth = self._birth
        if birth is None:  # no such column: rows are kept without a date
            return None, False
        try:
            born = parse_date(cells[birth] if birth < len(cells) else None, today=self.today)
        except InvalidValueError as exc:
            if Field.BIRTH_DATE not in flagged:
                self._issue(row, Field.BIRTH_DATE, str(exc), "error")
            return None, True
        if born is None and Field.BIRTH_DATE not in flagged:
            self._issue(row, Field.BIRTH_DATE, "Date de naissance manquante", "error")
        return born, born is None

    def _names(
        self, row: int, cells: Sequence[object], refused: bool, flagged: set[Field]
    ) -> tuple[str, str, bool]:
        last = self._text(row, cells, self._last, Field.LAST_NAME) or self._text(
            row, cells, self._usage, Field.USAGE_NAME
        )
        first = self._text(row, cells, self._first, Field.FIRST_NAME)
        last_field = Field.LAST_NAME if self._last is not None else Field.USAGE_NAME
        first_field = Field.FIRST_NAME
        if self._full is not None and not (last and first):
            full = self._text(row, cells, self._full, Field.FULL_NAME)
            if full:
                split_last, split_first, sure = split_full_name(full)
                last, first = last or split_last, first or split_first
                if not sure and last and first:
                    self._issue(
                        row,
                        Field.FULL_NAME,
                        f"Nom et prénom séparés au premier espace : « {last} » / « {first} », "
                        "à vérifier",
                        "warning",
                    )
            if self._last is None and self._usage is None:
                last_field = Field.FULL_NAME
            if self._first is None:
                first_field = Field.FULL_NAME
        for target, value in ((last_field, last), (first_field, first)):
            if len(value) > MAX_TEXT_LENGTH:
                self._too_long(row, target, value)
                refused = True
        if not last:
            if last_field not in flagged:
                self._issue(row, last_field, "Nom manquant", "error")
            refused = True
        if not first:
            if first_field not in flagged:
                self._issue(row, first_field, "Prénom manquant", "error")
            refused = True
        return last, first, refused

    def _too_long(self, row: int, target: Field, value: str) -> None:
        size = f"{len(value):,}".replace(",", "\u202f")
        self._issue(
            row,
            target,
            f"Texte trop long pour « {FIELD_LABELS[target]} » ({size} caractères, "
            f"{MAX_TEXT_LENGTH} au plus) : « {shorten(value, 30)} »",
            "error",
        )

    def _niveau(
        self, row: int, cells: Sequence[object], class_label: str | None
    ) -> tuple[str | None, bool, bool]:
        niveau, ulis, segpa = None, False, False
        index = self._niveau_col
        if index is not None:
            try:
                niveau, ulis, segpa = parse_niveau(cells[index] if index < len(cells) else None)
            except InvalidValueError as exc:
                self._issue(row, Field.NIVEAU, str(exc), "warning")
        if niveau is None and class_label:
            guessed = niveau_from_class_label(class_label)
            if guessed is not None:
                niveau = guessed.niveau
                ulis, segpa = ulis or guessed.ulis, segpa or guessed.segpa
        return niveau, ulis, segpa
