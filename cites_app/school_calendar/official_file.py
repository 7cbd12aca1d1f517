"""Reading the official ``fr-en-calendrier-scolaire`` file: the shipped copy or a newer one.

The file is the ministry's CSV export (``;`` separator, UTF-8 with or without BOM). Headers are
matched by name, with or without accents, and the English names of the portal's JSON/API export
(``start_date``, ``end_date``, ``location``…) are accepted too. Every problem raises a
:class:`CalendarFileError` whose French message names the file, the line and the column.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from cites_app.school_calendar.academies import ZONE_A, ZONE_B, ZONE_C, name_key, plain_key
from cites_app.school_calendar.calendar_model import (
    HolidayPeriod,
    SchoolCalendar,
    canonical_zone,
    is_generic_population,
)
from cites_app.school_calendar.french_format import format_date_fr
from cites_app.school_calendar.paris_date import paris_date

#: Shipped calendar files; the newest name (latest years) wins.
CALENDAR_FILE_GLOB = "calendrier_scolaire_*.csv"

# Field → accepted header keys (plain_key with "_"): official CSV labels, then API names.
_HEADER_KEYS: dict[str, tuple[str, ...]] = {
    "description": ("description",),
    "population": ("population",),
    "start": ("date_de_debut", "date_debut", "start_date"),
    "end": ("date_de_fin", "date_fin", "end_date"),
    "academy": ("academies", "academie", "location"),
    "zone": ("zones", "zone"),
    "school_year": ("annee_scolaire",),
}
_REQUIRED_FIELDS = ("description", "start", "end", "academy", "zone")
_OFFICIAL_HEADERS = {
    "description": "Description",
    "population": "Population",
    "start": "Date de début",
    "end": "Date de fin",
    "academy": "Académies",
    "zone": "Zones",
    "school_year": "annee_scolaire",
}
_SCHOOL_YEAR = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
_TIMESTAMP_EXAMPLE = "2025-10-17T22:00:00+00:00"


class CalendarFileError(ValueError):
    """A calendar file that cannot be used; the message (French) says where and why."""

    def __init__(
        self, path: Path, detail: str, *, line: int | None = None, column: str | None = None
    ) -> None:
        """Build the message from the file, the line (1 = header), the column and the detail."""
        self.path = path
        self.line = line
        self.column = column
        self.detail = detail
        where = f"Calendrier scolaire « {path.name} »"
        if line is not None:
            where += f", ligne {line}" + (" (en-tête)" if line == 1 else "")
        if column is not None:
            where += f", colonne « {column} »"
        super().__init__(f"{where} : {detail}")


def read_calendar_file(path: Path | str) -> SchoolCalendar:
    """Read and fully validate an official calendar CSV; return the parsed calendar."""
    file_path = Path(path)
    text = _read_text(file_path)
    if not text.strip():
        raise CalendarFileError(file_path, "le fichier est vide.")
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(row for row in reader if any(cell.strip() for cell in row))
        columns = _map_columns(file_path, header)
        periods: list[HolidayPeriod] = []
        for row in reader:
            if any(cell.strip() for cell in row):
                periods.append(_parse_row(file_path, reader.line_num, row, header, columns))
    except csv.Error as error:
        raise CalendarFileError(
            file_path, f"fichier CSV mal formé ({error}).", line=reader.line_num
        ) from error
    if not periods:
        raise CalendarFileError(file_path, "aucune ligne de données après l'en-tête.", line=1)
    if not any(period.for_pupils for period in periods):
        raise CalendarFileError(file_path, "aucune période ne concerne les élèves.")
    return SchoolCalendar(periods, source=file_path)


def load_user_calendar(
    path: Path | str, *, required_zones: Sequence[str] = (ZONE_A, ZONE_B, ZONE_C)
) -> SchoolCalendar:
    """Validate a newer calendar chosen by the user: readable, and complete for the zones.

    A file filtered to a single académie would silently leave the other zones without holidays,
    so each of ``required_zones`` must have pupils' periods.
    """
    calendar = read_calendar_file(path)
    present = set(calendar.zones())
    for zone in required_zones:
        if zone not in present or not calendar.pupil_periods(zone):
            raise CalendarFileError(
                Path(path),
                f"aucune période pour la zone {zone} : ce fichier n'est pas le calendrier "
                "scolaire national complet (jeu de données fr-en-calendrier-scolaire).",
            )
    return calendar


def user_calendar_dir() -> Path:
    """Where a newer official calendar imported by the user is kept (it wins over the shipped)."""
    from cites_app.paths import data_dir  # noqa: PLC0415 - only the app's data folder

    return data_dir() / "calendrier"


def import_user_calendar(path: Path | str) -> tuple[Path, SchoolCalendar]:
    """Validate a newer official calendar and keep a copy the app uses from now on.

    Raises ``CalendarFileError`` (French, naming file/row/column) and copies nothing then.
    """
    calendar = load_user_calendar(path)
    target_dir = user_calendar_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    coverage = calendar.coverage(ZONE_C) or calendar.coverage(ZONE_A)
    span = f"{coverage[0]:%Y}-{coverage[1]:%Y}" if coverage else "importe"
    target = target_dir / f"calendrier_scolaire_{span}_importe.csv"
    partial = target.with_suffix(".partiel")
    partial.write_bytes(Path(path).read_bytes())
    partial.replace(target)
    return target, calendar


def calendar_resource_dirs() -> list[Path]:
    """Folders that may hold the calendar: the user's imported one first, then the shipped one
    (installed wheel, then the repository)."""
    package_root = Path(__file__).resolve().parent.parent
    return [
        user_calendar_dir(),
        package_root / "_bundled" / "resources" / "calendar",
        package_root.parent / "resources" / "calendar",
    ]


def default_calendar_path(search_dirs: Iterable[Path] | None = None) -> Path:
    """Path of the shipped official calendar (FileNotFoundError, in French, if missing)."""
    directories = list(search_dirs) if search_dirs is not None else calendar_resource_dirs()
    for directory in directories:
        candidates = sorted(directory.glob(CALENDAR_FILE_GLOB))
        if candidates:
            return candidates[-1]
    searched = ", ".join(str(directory) for directory in directories)
    raise FileNotFoundError(
        f"Calendrier scolaire officiel introuvable (cherché dans : {searched}). "
        "L'installation semble incomplète."
    )


def load_default_calendar(path: Path | str | None = None) -> SchoolCalendar:
    """Read the calendar at ``path``, or the shipped one when ``path`` is None."""
    return read_calendar_file(default_calendar_path() if path is None else path)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CalendarFileError(path, "fichier introuvable.") from None
    except OSError as error:
        raise CalendarFileError(path, f"lecture impossible ({error.strerror}).") from error
    if raw.startswith(b"PK\x03\x04"):
        raise CalendarFileError(
            path,
            "c'est un classeur (Excel, LibreOffice), pas un fichier CSV : "
            "enregistrez-le au format CSV avec le séparateur point-virgule.",
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # A file re-saved by Excel on Windows is in Windows-1252, not UTF-8.
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise CalendarFileError(path, "encodage illisible (attendu : UTF-8).") from None
    if "\x00" in text:
        raise CalendarFileError(path, "ce n'est pas un fichier texte CSV.")
    return text


def _map_columns(path: Path, header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = plain_key(title).replace(" ", "_")
        for field, keys in _HEADER_KEYS.items():
            if key in keys:
                if field in columns:
                    raise CalendarFileError(path, "colonne en double.", line=1, column=title)
                columns[field] = index
    missing = [_OFFICIAL_HEADERS[field] for field in _REQUIRED_FIELDS if field not in columns]
    if missing:
        found = ", ".join(f"« {title.strip()} »" for title in header if title.strip())
        plural = "s" if len(missing) > 1 else ""
        raise CalendarFileError(
            path,
            f"colonne{plural} obligatoire{plural} absente{plural}. Colonnes lues : "
            f"{found or 'aucune'}. Attendu : l'export CSV du jeu de données "
            "fr-en-calendrier-scolaire.",
            line=1,
            column=" », « ".join(missing),
        )
    return columns


def _parse_row(
    path: Path, line: int, row: list[str], header: list[str], columns: dict[str, int]
) -> HolidayPeriod:
    if len(row) < len(header):
        raise CalendarFileError(
            path,
            f"ligne incomplète ({len(row)} colonne{'s' if len(row) > 1 else ''} "
            f"sur {len(header)}).",
            line=line,
            column=header[len(row)].strip(),
        )
    if any(cell.strip() for cell in row[len(header) :]):
        raise CalendarFileError(
            path,
            f"valeur en trop après la dernière colonne ({len(row)} colonnes sur {len(header)}).",
            line=line,
            column=f"n° {len(header) + 1}",
        )

    def cell(field: str) -> str:
        return row[columns[field]].strip() if field in columns else ""

    def fail(field: str, detail: str) -> CalendarFileError:
        return CalendarFileError(path, detail, line=line, column=header[columns[field]].strip())

    for field in ("description", "academy", "zone", "start", "end"):
        if not cell(field):
            raise fail(field, "valeur manquante.")
    start = _parse_day(cell("start"))
    if start is None:
        raise fail("start", f"date illisible « {cell('start')} » (attendu : {_TIMESTAMP_EXAMPLE}).")
    end = _parse_day(cell("end"))
    if end is None:
        raise fail("end", f"date illisible « {cell('end')} » (attendu : {_TIMESTAMP_EXAMPLE}).")
    if end < start:
        raise fail(
            "end",
            f"la fin ({format_date_fr(end)}) précède le début ({format_date_fr(start)}).",
        )
    school_year, year_end = _parse_school_year(cell("school_year"))
    if cell("school_year") and school_year is None:
        raise fail(
            "school_year",
            f"année scolaire illisible « {cell('school_year')} » (attendu : 2025-2026 ou 2025).",
        )
    open_ended = start == end and name_key(cell("description")).startswith("debut des ")
    if open_ended:
        # Only the start is published: the holidays last until the end of that school year.
        last_day = year_end if year_end is not None and year_end >= start else start
    elif start == end:
        last_day = start  # one-day row: the day itself ("Journée vaquée")
    else:
        last_day = end - dt.timedelta(days=1)  # the end is the day classes resume
    population = cell("population")
    return HolidayPeriod(
        description=cell("description"),
        population="" if is_generic_population(population) else population,
        first_day=start,
        last_day=last_day,
        academy=cell("academy"),
        zone=canonical_zone(cell("zone")),
        school_year=school_year,
        open_ended=open_ended,
        line=line,
    )


def _parse_day(value: str) -> dt.date | None:
    """Paris date of a timestamp of the export; a bare date is taken as is."""
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        return paris_date(dt.datetime.fromisoformat(value))
    except ValueError:
        return None


def _parse_school_year(value: str) -> tuple[str | None, dt.date | None]:
    """("2025-2026", 31 August 2026) or ("2025", 31 December 2025); (None, None) if unreadable."""
    match = _SCHOOL_YEAR.match(value)
    if match is None:
        return None, None
    first, second = int(match.group(1)), match.group(2)
    if second is None:
        # Calendar-year school years of the southern COM (Nouvelle-Calédonie, Wallis-et-Futuna).
        return value, dt.date(first, 12, 31)
    if int(second) != first + 1:
        return None, None
    return value, dt.date(first + 1, 8, 31)
