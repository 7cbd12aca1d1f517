"""How an official record updates a stored establishment, and a rentrée's IPS its history.

Rules (each one keeps a coordinator's data from being degraded by a re-import):

- a value the file does not know (None) never erases a stored one;
- a name in capitals from a DEPP file (« COLLEGE JEAN JAURES ») never replaces a stored name
  written in mixed case (the annuaire's, or the user's); spellings equal once accents and case
  are ignored are not a change;
- the kind (école, collège, lycée…) comes from the annuaire and the geolocation file; an IPS
  file only guesses it from the name, so it sets it on creation or over « autre » only;
- an IPS file older than the newest rentrée stored for an establishment only fills empty
  values (it adds its rentrée to the IPS history, but does not roll the description back);
- ``in_territory`` is set on creation only (the user may change it).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cites_app.imports.communes import readable_commune
from cites_app.imports.preview import FieldChange
from cites_app.imports.text import fold, is_all_capitals, richer_text
from cites_app.models import Establishment, EstablishmentIps
from cites_app.models.vocabulary import ESTABLISHMENT_KINDS, SECTORS
from cites_app.opendata import EstablishmentRecord, IpsRecord
from cites_app.opendata.names import tidy_establishment_name

DESCRIBED = (
    "name",
    "kind",
    "sector",
    "education_prioritaire",
    "commune",
    "code_insee",
    "departement",
    "academie",
    "latitude",
    "longitude",
    "enrolment",
)
"""Establishment columns an open-data file can fill."""

IPS_VALUES = ("ips", "ips_sd", "ips_gt", "ips_pro", "ips_sd_gt", "ips_sd_pro", "enrolment")
"""Columns of `EstablishmentIps` a file fills."""

_FLOAT_TOLERANCE = 1e-7
_VOCABULARIES = {"kind": ESTABLISHMENT_KINDS, "sector": SECTORS}
_EST_COLUMNS = (
    Establishment.id,
    Establishment.version,
    Establishment.uai,
    *(getattr(Establishment, name) for name in DESCRIBED),
)


@dataclass
class StoredEstablishment:
    """A stored establishment's description and its IPS history (rentrée → row id, values)."""

    id: int
    version: int
    uai: str
    values: dict[str, object]
    ips: dict[str, tuple[int, dict[str, object]]]

    @property
    def newest_rentree(self) -> str | None:
        """The most recent school year of the stored IPS history."""
        return max(self.ips) if self.ips else None


def load_stored(session: Session) -> dict[str, StoredEstablishment]:
    """Every stored establishment by UAI, with its IPS history (two queries)."""
    stored: dict[str, StoredEstablishment] = {}
    by_id: dict[int, StoredEstablishment] = {}
    for row in session.execute(select(*_EST_COLUMNS)):
        est_id, version, uai, *values = row
        item = StoredEstablishment(
            est_id, version, uai, dict(zip(DESCRIBED, values, strict=True)), {}
        )
        stored[uai] = by_id[est_id] = item
    ips_columns = [getattr(EstablishmentIps, name) for name in IPS_VALUES]
    query = select(
        EstablishmentIps.id,
        EstablishmentIps.establishment_id,
        EstablishmentIps.rentree,
        *ips_columns,
    )
    for ips_id, est_id, rentree, *values in session.execute(query):
        if est_id in by_id:
            by_id[est_id].ips[rentree] = (ips_id, dict(zip(IPS_VALUES, values, strict=True)))
    return stored


def record_values(record: EstablishmentRecord) -> dict[str, object]:
    """The columns of an establishment created from ``record`` (readable name and commune)."""
    return {
        "name": tidy_establishment_name(record.name),
        "kind": record.kind,
        "sector": record.sector,
        "education_prioritaire": record.education_prioritaire,
        "commune": readable_commune(record.commune, record.code_insee),
        "code_insee": record.code_insee,
        "departement": record.departement,
        "academie": tidy_establishment_name(record.academie) if record.academie else None,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "enrolment": record.enrolment,
    }


def _differs(old: object, new: object) -> bool:
    if isinstance(old, float) and isinstance(new, float):
        return abs(old - new) > _FLOAT_TOLERANCE
    return old != new


def _text_change(name: str, old: object, new: str, raw: str | None) -> str | None:
    """The new text to store, or None to keep ``old`` (see the module rules)."""
    if not isinstance(old, str) or not old:
        return new
    if fold(old) == fold(new):
        kept = richer_text(old, new)
        return kept if kept != old else None
    if name == "name" and raw is not None and is_all_capitals(raw) and not is_all_capitals(old):
        return None
    return new


def establishment_changes(
    stored: StoredEstablishment,
    record: EstablishmentRecord,
    *,
    authoritative_kind: bool,
    older: bool,
) -> tuple[FieldChange, ...]:
    """What ``record`` changes in ``stored`` (see the module rules). ``older``: the file's
    rentrée is older than the stored IPS history, so only empty values are filled."""
    values = record_values(record)
    raw = {"name": record.name, "commune": record.commune, "academie": record.academie}
    changes: list[FieldChange] = []
    for name in DESCRIBED:
        old, new = stored.values[name], values[name]
        if new is None or not _differs(old, new):
            continue
        if older and old is not None:
            continue
        if name == "kind" and not authoritative_kind and old not in (None, "autre"):
            continue
        if name in raw and isinstance(new, str):
            kept = _text_change(name, old, new, raw[name])
            if kept is None:
                continue
            new = kept
        vocabulary = _VOCABULARIES.get(name, {})
        changes.append(
            FieldChange(name, old, new, vocabulary.get(str(old), ""), vocabulary.get(str(new), ""))
        )
    return tuple(changes)


def ips_changes(
    stored: StoredEstablishment | None, records: tuple[IpsRecord, ...]
) -> tuple[list[IpsRecord], list[tuple[int, IpsRecord, dict[str, object]]]]:
    """IPS rows to add (new rentrées) and to update (id, record, changed values)."""
    added: list[IpsRecord] = []
    updated: list[tuple[int, IpsRecord, dict[str, object]]] = []
    history = stored.ips if stored is not None else {}
    for record in records:
        if record.rentree not in history:
            added.append(record)
            continue
        ips_id, old = history[record.rentree]
        new = {
            name: getattr(record, name)
            for name in IPS_VALUES
            if getattr(record, name) is not None and _differs(old[name], getattr(record, name))
        }
        if new:
            updated.append((ips_id, record, new))
    return added, updated
