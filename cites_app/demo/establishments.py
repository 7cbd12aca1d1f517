"""Pick the demo territory's establishments from the bundled open-data extracts."""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass, replace

from cites_app.demo.spec import COMMUNE_ORDER, Tier
from cites_app.opendata.demo import QPV_BY_COMMUNE_FILE, opendata_file
from cites_app.opendata.records import EstablishmentRecord, IpsRecord, OpenDataFile

# Maternelles have no IPS and no periscolaire cross-school activity in the demo.
_DEMO_KINDS = ("elementaire", "primaire", "college", "lycee_gt", "lycee_pro", "lycee_polyvalent")


@dataclass(frozen=True)
class DemoEstablishment:
    record: EstablishmentRecord
    ips: IpsRecord | None


def select_establishments(files: list[OpenDataFile], tier: Tier) -> list[DemoEstablishment]:
    """Establishments of the tier's communes, in commune order, at most ``tier.establishments``.

    Tier S is the whole of Pantin (25 establishments with an IPS: a real cité's size, a little
    above the tier's nominal 20); bigger tiers add communes until the count is reached.
    """
    ips: dict[str, IpsRecord] = {v.uai: v for file in files for v in file.ips}
    records: dict[str, EstablishmentRecord] = {}
    coordinates: dict[str, tuple[float, float]] = {}
    for file in files:
        for record in file.establishments:
            if record.latitude is not None and record.longitude is not None:
                coordinates.setdefault(record.uai, (record.latitude, record.longitude))
            # Only establishments of the IPS files: the demo carries the official IPS of each.
            if record.kind in _DEMO_KINDS and record.code_insee and record.uai in ips:
                records.setdefault(record.uai, record)
    for uai, (lat, lon) in coordinates.items():
        if uai in records and records[uai].latitude is None:
            records[uai] = replace(records[uai], latitude=lat, longitude=lon)
    by_commune: dict[str, list[EstablishmentRecord]] = {}
    for record in records.values():
        by_commune.setdefault(record.code_insee or "", []).append(record)
    order = list(COMMUNE_ORDER) + sorted(set(by_commune) - set(COMMUNE_ORDER))
    chosen: list[DemoEstablishment] = []
    for code in order:
        if len(chosen) >= tier.establishments:
            break
        for record in sorted(by_commune.get(code, []), key=lambda r: r.uai):
            chosen.append(DemoEstablishment(record, ips.get(record.uai)))
    # The first commune is always kept whole: a cité éducative is at least one commune.
    first = len(by_commune.get(order[0], []))
    return chosen[: max(tier.establishments, first)]


def commune_names() -> dict[str, list[str]]:
    """INSEE code -> candidate names with accents (« Le Pré-Saint-Gervais »), from the ANCT file.

    IPS files write communes in capitals without accents; the QPV file has the official spelling
    of every commune with a QPV, but its ``lib_com`` may list several communes (« Bobigny;
    Drancy »): callers pick the candidate matching the IPS spelling (see ``accented_commune``).
    """
    path = opendata_file(QPV_BY_COMMUNE_FILE)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["insee_com"]: [
                name.strip() for name in row["lib_com"].replace("\n", ";").split(";")
            ]
            for row in csv.DictReader(handle, delimiter=";")
            if row.get("insee_com") and row.get("lib_com")
        }


def accented_commune(candidates: list[str], raw: str) -> str | None:
    """The candidate that is ``raw`` (« PRE SAINT GERVAIS ») once accents and dashes are ignored."""
    wanted = _plain(raw)
    return next((name for name in candidates if _plain(name) == wanted), None)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c)).upper()
    return " ".join(letters.replace("-", " ").replace("'", " ").split())
