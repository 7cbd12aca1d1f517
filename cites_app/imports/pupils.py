"""Preview of a pupil import: read the file, find each row's establishment and stored pupil.

Nothing is written here. Each row gets a status: ``new``, ``update`` (with the list of
changes), ``unchanged``, ``duplicate`` (the same pupil already appears earlier in the file) or
``error`` (with the row, the column and why). `commit_pupils` then writes the accepted rows.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from cites_app.db.database import Database
from cites_app.imports.bulk import paused_gc
from cites_app.imports.lookup import unknown_uai_message
from cites_app.imports.mappings import remembered_mapping
from cites_app.imports.matching import (
    CLASS_LABEL_LENGTH,
    ChangeRules,
    IdentityKey,
    StoredPupils,
    changes_for,
    identity_key,
    load_establishments,
)
from cites_app.imports.preview import MappingSource, PreviewRow, PupilPreview
from cites_app.imports.raw_rows import RowKey, head_texts
from cites_app.imports.report import (
    ImportIssue,
    ImportRefusedError,
    Progress,
    Severity,
    no_progress,
)
from cites_app.pupil_files import (
    ColumnMapping,
    Field,
    InvalidValueError,
    PupilFile,
    PupilRow,
    mapping_signature,
    parse_uai,
    read_pupil_file,
)

_NO_ESTABLISHMENT = (
    "Établissement de l'élève inconnu : le fichier n'indique pas d'UAI ; choisissez "
    "l'établissement (option --establishment UAI)"
)


def _check_uai_argument(uai: str | None, known: dict[str, tuple[int, str]]) -> str | None:
    if uai is None or not uai.strip():
        return None
    try:
        parsed = parse_uai(uai)
    except InvalidValueError as exc:
        raise ImportRefusedError(f"Établissement choisi : {exc}") from None
    assert parsed is not None
    if parsed not in known:
        raise ImportRefusedError(f"Établissement choisi : {unknown_uai_message(parsed)}")
    return parsed


def _read(
    session: Session, path: Path, mapping: ColumnMapping | None, today: date | None
) -> tuple[PupilFile, MappingSource]:
    """Read the file, with the mapping remembered for its shape when the caller gave none."""
    result = read_pupil_file(path, mapping, today=today)
    if mapping is not None:
        return result, "given"
    if result.kind == "siecle":
        return result, "detected"
    signatures = {result.mapping.signature} if result.mapping is not None else set()
    if result.refused and result.mapping is not None:  # headers the reader did not recognise:
        # a mapping the user gave for a file of this shape may name them (first rows only)
        signatures.update(mapping_signature(texts) for texts in head_texts(path, result.kind))
    remembered = remembered_mapping(session, signatures)
    if remembered is None:
        return result, "detected"
    detected = result.mapping.columns if result.mapping is not None else {}
    same = {f: r.header for f, r in detected.items()} == {
        f: r.header for f, r in remembered.columns.items()
    }
    if same and not result.refused:
        return result, "detected"
    again = read_pupil_file(path, remembered, today=today)
    if again.refused and not result.refused:  # a stale remembered mapping: keep the detection
        return result, "detected"
    return again, "remembered"


def preview_pupils(
    database: Database,
    path: str | Path,
    establishment_uai: str | None = None,
    mapping: ColumnMapping | None = None,
    *,
    today: date | None = None,
    progress: Progress | None = None,
) -> PupilPreview:
    """Read a pupil file and say, row by row, what importing it would do. Writes nothing.

    ``establishment_uai`` is used for rows that do not name their establishment (ONDE and most
    head teachers' lists); a row's own UAI (a UAI column, SIECLE's UAJ) wins. ``mapping`` is a
    column mapping the user chose or corrected; without it, the mapping remembered for files of
    the same shape is used, else columns are detected. ``today`` fixes the date birth dates are
    judged against (tests); ``progress`` receives (percent, French message) between stages.
    Raises `ImportRefusedError` when ``establishment_uai`` is invalid or unknown; a bad *file*
    never raises: see `PupilPreview.refused` and its issues.
    """
    path = Path(path)
    report = progress or no_progress
    with database.read_session() as session:
        known = load_establishments(session)
        default_uai = _check_uai_argument(establishment_uai, known)
        report(0, f"Lecture de « {path.name} »…")
        with paused_gc():
            result, source = _read(session, path, mapping, today)
        report(60, "Comparaison avec les élèves enregistrés…")
        preview = PupilPreview(path, result.kind, [], [], result.mapping, source, default_uai)
        if result.refused:
            preview.refused = True
            preview.file_issues = [ImportIssue.from_file_issue(i) for i in result.issues]
            return preview
        with paused_gc():
            classifier = _Classifier(session, preview, result, known)
            classifier.run()
        preview.unknown_uais = list(classifier.unknown)
    report(100, "Aperçu prêt")
    return preview


class _Classifier:
    """Builds the preview rows of one file (two passes: establishments, then stored pupils)."""

    def __init__(
        self,
        session: Session,
        preview: PupilPreview,
        result: PupilFile,
        known: dict[str, tuple[int, str]],
    ) -> None:
        self.session = session
        self.preview = preview
        self.result = result
        self.known = known
        self.file = preview.file
        columns = result.mapping.columns if result.mapping is not None else {}
        self.uai_column = columns[Field.UAI].header if Field.UAI in columns else "UAI"
        self.class_column = (
            columns[Field.CLASS_LABEL].header if Field.CLASS_LABEL in columns else "Classe"
        )
        if result.kind == "siecle":
            self.uai_column, self.class_column = "UAJ", "CODE_STRUCTURE"
        self.issues_by_row: dict[RowKey, list[ImportIssue]] = {}
        self.unknown: dict[str, str] = {}  # unknown UAI → message (looked up once)
        self.rules = ChangeRules(
            knows_ulis=result.kind == "siecle" or Field.ULIS in columns,
            knows_segpa=Field.SEGPA in columns,
            establishment_names={
                est_id: f"{uai} — {name}" for uai, (est_id, name) in known.items()
            },
        )

    def run(self) -> None:
        """Fill ``preview.rows`` and ``preview.file_issues``."""
        self._sort_issues()
        entries = self._entries()
        resolved = [self._establishment(pupil, key) for key, pupil in entries]
        ines = {p.ine for _, p in entries if p is not None and p.ine}
        ids = {est_id for est_id, _ in resolved if est_id is not None}
        stored = StoredPupils.load(self.session, ines, ids)
        self._warn_other_uai()
        self.seen_ine: dict[str, int] = {}
        self.seen_key: dict[IdentityKey, int] = {}
        self.claimed: dict[int, int] = {}
        rows = self.preview.rows
        by_row = self.issues_by_row
        for index, ((key, pupil), (est_id, uai)) in enumerate(zip(entries, resolved, strict=True)):
            issues = by_row.get(key) or []
            row = PreviewRow(index, key[1], key[0], "error", pupil, est_id, uai, issues=issues)
            rows.append(row)
            if pupil is None or est_id is None:
                continue
            if issues and any(i.severity == "error" for i in issues):
                continue
            self._classify(row, pupil, est_id, stored)

    def _classify(
        self, row: PreviewRow, pupil: PupilRow, est_id: int, stored: StoredPupils
    ) -> None:
        """Status of a readable row of a known establishment: duplicate, new, update…"""
        key: RowKey = (row.sheet, row.row or 0)
        issues = row.issues
        if pupil.class_label is not None and len(pupil.class_label) > CLASS_LABEL_LENGTH:
            cut = pupil.class_label[:CLASS_LABEL_LENGTH]
            pupil = row.pupil = replace(pupil, class_label=cut)
            issues.append(self._issue(key, self.class_column, _CUT, "warning"))
        ident = identity_key(pupil.last_name, pupil.first_name, pupil.birth_date, est_id)
        first = self.seen_ine.get(pupil.ine) if pupil.ine else None
        if first is None:
            first = self.seen_key.get(ident)
        if first is not None:
            row.status, row.duplicate_of = "duplicate", first
            issues.append(self._issue(key, None, _duplicate(first, pupil, self.seen_ine)))
            return
        if pupil.ine:
            self.seen_ine[pupil.ine] = key[1]
        self.seen_key[ident] = key[1]
        found, problem, by_ine = stored.find(pupil, ident)
        if problem is not None:
            issues.append(self._issue(key, None, problem))
        elif found is None:
            row.status = "new"
        elif found.id in self.claimed:
            row.status, row.duplicate_of = "duplicate", self.claimed[found.id]
            issues.append(self._issue(key, None, f"même élève que la ligne {row.duplicate_of}"))
        else:
            self.claimed[found.id] = key[1]
            row.existing_id, row.matched_by = found.id, ("ine" if by_ine else "identity")
            row.changes = changes_for(found, pupil, est_id, self.rules)
            row.status = "update" if row.changes else "unchanged"
            self.preview.versions[found.id] = found.version
            if row.changes:
                self.preview.snapshots[found.id] = found.values()

    # -- steps -------------------------------------------------------------------------------

    def _issue(
        self, key: RowKey, column: str | None, message: str, severity: Severity = "error"
    ) -> ImportIssue:
        return ImportIssue(self.file, key[1], column, message, severity, key[0])

    def _sort_issues(self) -> None:
        """Row issues go to their row; issues of rows that hold no pupil go to the file."""
        rows_with_pupil = {(p.sheet, p.source_row) for p in self.result.rows}
        for issue in self.result.issues:
            converted = ImportIssue.from_file_issue(issue)
            if issue.row is not None and (
                (issue.sheet, issue.row) in rows_with_pupil or issue.severity == "error"
            ):
                self.issues_by_row.setdefault((issue.sheet, issue.row), []).append(converted)
            else:
                self.preview.file_issues.append(converted)

    def _entries(self) -> list[tuple[RowKey, PupilRow | None]]:
        """Kept rows and refused rows, in file order (sheet by sheet)."""
        sheets: dict[str | None, int] = {}
        entries: list[tuple[RowKey, PupilRow | None]] = []
        for pupil in self.result.rows:
            sheets.setdefault(pupil.sheet, len(sheets))
            entries.append(((pupil.sheet, pupil.source_row), pupil))
        refused = {
            key
            for key, issues in self.issues_by_row.items()
            if any(i.severity == "error" for i in issues)
        }
        if refused:
            refused -= {key for key, _ in entries}
        if refused:  # interleave the refused rows (usually few) in file order
            for sheet, _ in refused:
                sheets.setdefault(sheet, len(sheets))
            entries.extend((key, None) for key in refused)
            entries.sort(key=lambda entry: (sheets[entry[0][0]], entry[0][1]))
        return entries

    def _establishment(self, pupil: PupilRow | None, key: RowKey) -> tuple[int | None, str | None]:
        if pupil is None:
            return None, None
        uai = pupil.uai
        if uai is None:
            bad = [
                i for i in self.issues_by_row.get(key, []) if i.column == self.uai_column
            ]  # an unreadable UAI must not fall back on the establishment chosen for the file
            if bad:  # the reader's warning becomes the row's error
                self.issues_by_row[key].remove(bad[0])
                message = (
                    f"{bad[0].message} : impossible de savoir dans quel établissement est l'élève"
                )
                self._add(key, self.uai_column, message)
                return None, None
            uai = self.preview.establishment_uai
        if uai is None:
            self._add(key, self.uai_column, _NO_ESTABLISHMENT)
            return None, None
        found = self.known.get(uai)
        if found is None:
            if uai not in self.unknown:
                self.unknown[uai] = unknown_uai_message(uai)
            self._add(key, self.uai_column, self.unknown[uai])
            return None, uai
        return found[0], uai

    def _add(self, key: RowKey, column: str | None, message: str) -> None:
        self.issues_by_row.setdefault(key, []).append(self._issue(key, column, message))

    def _warn_other_uai(self) -> None:
        chosen, own = self.preview.establishment_uai, self.result.uai
        if chosen is not None and own is not None and own != chosen:
            self.preview.file_issues.append(
                ImportIssue(
                    self.file,
                    None,
                    self.uai_column,
                    f"Le fichier indique l'établissement {own}, différent de celui choisi "
                    f"({chosen}) : l'UAI indiqué par le fichier est utilisé",
                    "warning",
                )
            )


_CUT = f"Libellé de classe de plus de {CLASS_LABEL_LENGTH} caractères : coupé"


def _duplicate(first: int, pupil: PupilRow, seen_ine: dict[str, int]) -> str:
    if pupil.ine and seen_ine.get(pupil.ine) == first:
        return f"doublon : même INE ({pupil.ine}) que la ligne {first}"
    return f"doublon : mêmes nom, prénom, date de naissance et établissement que la ligne {first}"
