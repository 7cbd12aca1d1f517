"""The geolocation file of collèges."""

from cites_app.opendata import read_establishment_file
from tests.opendata.paths import DATA_DIR

GEOLOC = "geoloc_colleges_dep093-013-059-069.csv"


def test_geoloc_file() -> None:
    result = read_establishment_file(DATA_DIR / GEOLOC)
    assert result.kind == "geoloc"
    assert (len(result.establishments), result.ips, result.skipped) == (13, [], [])
    by_uai = {e.uai: e for e in result.establishments}
    lavoisier = by_uai["0931713G"]
    assert (lavoisier.name, lavoisier.commune, lavoisier.code_insee) == (
        "Collège Lavoisier",
        "Pantin",
        "93055",
    )
    assert (lavoisier.kind, lavoisier.sector, lavoisier.departement) == ("college", "public", "093")
    assert lavoisier.latitude is not None and 48.8 < lavoisier.latitude < 49.0
    assert lavoisier.longitude is not None and 2.3 < lavoisier.longitude < 2.5
    assert lavoisier.education_prioritaire is None
    assert lavoisier.enrolment is None
    assert by_uai["0931217T"].name == "Collège Iréne et Frédéric Joliot Curie"  # as in the file
    assert by_uai["0931528F"].sector == "prive"
    assert by_uai["0932778P"].sector is None  # privé hors contrat
    assert by_uai["0594525Y"].kind == "college"  # COLLEGE SPECIALISE
    assert sum(e.code_insee == "93055" for e in result.establishments) == 7
