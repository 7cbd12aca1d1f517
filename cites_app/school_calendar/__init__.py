"""School calendar: official holidays, public holidays, zones, and séance series that skip them.

Plain Python (no Qt, no database). Typical use::

    calendar = load_default_calendar()
    plan = plan_series("mercredi", date(2026, 1, 7), date(2026, 4, 1), "14h", "16h30",
                       calendar, "C")
    plan.kept, plan.skipped, plan.to_json()
"""

from cites_app.school_calendar.academies import (
    ACADEMY_ZONES,
    DEPARTEMENT_ACADEMIES,
    DROM_ACADEMIES,
    METROPOLITAN_ZONES,
    academy_for_departement,
    academy_for_uai,
    departement_from_uai,
    is_alsace_moselle,
    normalize_departement,
    resolve_academy,
    resolve_zone,
    zone_for_departement,
    zone_label,
)
from cites_app.school_calendar.calendar_model import HolidayPeriod, SchoolCalendar
from cites_app.school_calendar.french_format import (
    MONTHS_FR,
    WEEKDAYS_FR,
    format_date_fr,
    format_time_fr,
    parse_date_fr,
    parse_time_fr,
    parse_weekday,
    week_start,
)
from cites_app.school_calendar.official_file import (
    CalendarFileError,
    default_calendar_path,
    import_user_calendar,
    load_default_calendar,
    load_user_calendar,
    read_calendar_file,
)
from cites_app.school_calendar.public_holidays import (
    ascension_bridge_day,
    ascension_day,
    easter_sunday,
    public_holidays,
)
from cites_app.school_calendar.series import (
    ClosureChecker,
    SeriesPlan,
    SkippedDate,
    is_school_closed,
    plan_series,
)

__all__ = [
    "ACADEMY_ZONES",
    "DEPARTEMENT_ACADEMIES",
    "DROM_ACADEMIES",
    "METROPOLITAN_ZONES",
    "MONTHS_FR",
    "WEEKDAYS_FR",
    "CalendarFileError",
    "ClosureChecker",
    "HolidayPeriod",
    "SchoolCalendar",
    "SeriesPlan",
    "SkippedDate",
    "academy_for_departement",
    "academy_for_uai",
    "ascension_bridge_day",
    "ascension_day",
    "default_calendar_path",
    "departement_from_uai",
    "easter_sunday",
    "format_date_fr",
    "format_time_fr",
    "import_user_calendar",
    "is_alsace_moselle",
    "is_school_closed",
    "load_default_calendar",
    "load_user_calendar",
    "normalize_departement",
    "parse_date_fr",
    "parse_time_fr",
    "parse_weekday",
    "plan_series",
    "public_holidays",
    "read_calendar_file",
    "resolve_academy",
    "resolve_zone",
    "week_start",
    "zone_for_departement",
    "zone_label",
]
