"""Where the shipped open-data extracts live, and which of them feed the demo territory.

The demo territory is the commune of Pantin (93055, Seine-Saint-Denis), a labelled cité
éducative; bigger demo tiers use more of Seine-Saint-Denis. ``resources/opendata`` holds the
rows of département 093 of the official files (see its SOURCES.md). In an installed wheel the
same folder is ``cites_app/_bundled/resources/opendata``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from cites_app.opendata.records import OpenDataError

DEMO_COMMUNE_INSEE: Final = "93055"
DEMO_COMMUNE_NAME: Final = "Pantin"
DEMO_DEPARTEMENT: Final = "093"

IPS_ECOLES_FILE: Final = "ips_ecoles_2022-2023_dep093-013-059-069.csv"
IPS_COLLEGES_FILE: Final = "ips_colleges_2022-2023_national.csv"
IPS_LYCEES_FILE: Final = "ips_lycees_2022-2023_national.csv"
GEOLOC_COLLEGES_FILE: Final = "geoloc_colleges_dep093-013-059-069.csv"
QPV_BY_COMMUNE_FILE: Final = "qpv2024_par_commune_anct.csv"
CITES_EDUCATIVES_FILE: Final = "cites_educatives_anct_2024.csv"

#: Establishment files of the demo, in the order an import should read them.
DEMO_ESTABLISHMENT_FILES: Final = (
    IPS_ECOLES_FILE,
    IPS_COLLEGES_FILE,
    IPS_LYCEES_FILE,
    GEOLOC_COLLEGES_FILE,
)

_PACKAGE_DIR: Final = Path(__file__).resolve().parent.parent  # .../cites_app


def opendata_dir_candidates(package_dir: Path | None = None) -> list[Path]:
    """The folders searched for the extracts: the installed wheel's first, then the repository's."""
    package = package_dir or _PACKAGE_DIR
    return [
        package / "_bundled" / "resources" / "opendata",
        package.parent / "resources" / "opendata",
    ]


def default_opendata_dir(package_dir: Path | None = None) -> Path:
    """Return the folder of the shipped open-data extracts.

    Looks first in ``cites_app/_bundled/resources/opendata`` (installed wheel), then in
    ``<repository>/resources/opendata``. Raises OpenDataError (French) when neither exists.
    """
    candidates = opendata_dir_candidates(package_dir)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    searched = ", ".join(str(c) for c in candidates)
    raise OpenDataError(
        f"Les données ouvertes fournies avec l'application sont introuvables (cherchées dans : "
        f"{searched}). Réinstallez l'application."
    )


def opendata_file(name: str, package_dir: Path | None = None) -> Path:
    """Path of one shipped extract; OpenDataError (French) when it is missing."""
    path = default_opendata_dir(package_dir) / name
    if not path.is_file():
        raise OpenDataError(
            f"Le fichier de données ouvertes « {name} » manque dans {path.parent}. "
            "Réinstallez l'application."
        )
    return path


def demo_source_files(package_dir: Path | None = None) -> list[Path]:
    """The establishment files of the demo (IPS écoles, collèges, lycées, then geolocation).

    Each can be read with ``read_establishment_file``; they hold the rows of département 093.
    """
    return [opendata_file(name, package_dir) for name in DEMO_ESTABLISHMENT_FILES]
