"""« Add a school by typing its UAI or part of its name »: search the official open data.

The open-data extracts shipped with the application (`cites_app.opendata.default_opendata_dir`)
are read once, merged by UAI (the geolocation file's and the annuaire's readable names win over
the DEPP files' capitals; missing values are filled from the other files; the most recent IPS
is kept), and searched in memory. `add_establishment` stores a chosen candidate through the
same rules as a file import.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path

from sqlalchemy.orm import Session

from cites_app.db.database import Database
from cites_app.imports.establishment_merge import load_stored, record_values
from cites_app.imports.establishments import (
    EstablishmentPreview,
    EstablishmentRow,
    commit_establishments,
    preview_row,
)
from cites_app.imports.report import ImportRefusedError, ImportReport
from cites_app.imports.text import fold, is_all_capitals
from cites_app.opendata import (
    EstablishmentRecord,
    IpsRecord,
    OpenDataError,
    default_opendata_dir,
    read_establishment_file,
)

_UAI_PREFIX = re.compile(r"\d{3,7}[A-Z]?")


@dataclass(frozen=True)
class EstablishmentCandidate:
    """An establishment the official files know, ready to fill the « new school » form.

    ``name`` and ``commune`` are readable (« Collège Jean Jaurès », « Pantin »); ``record`` is
    the merged official record, ``ips`` its most recent IPS (None for maternelles and schools
    the files do not cover), ``sources`` the files it was found in.
    """

    uai: str
    name: str
    kind: str
    commune: str | None
    record: EstablishmentRecord
    ips: IpsRecord | None
    sources: tuple[str, ...]

    @property
    def label(self) -> str:
        """« 0930616P — Collège Romain Rolland (Clichy-sous-Bois) »."""
        where = f" ({self.commune})" if self.commune else ""
        return f"{self.uai} — {self.name}{where}"


def _merge(old: EstablishmentRecord, new: EstablishmentRecord) -> EstablishmentRecord:
    """Fill ``old``'s unknown values from ``new``; a readable name beats one in capitals."""
    updates: dict[str, object] = {
        f.name: getattr(new, f.name)
        for f in fields(old)
        if getattr(old, f.name) is None and getattr(new, f.name) is not None
    }
    if is_all_capitals(old.name) and not is_all_capitals(new.name):
        updates["name"] = new.name
    if old.kind == "autre" and new.kind != "autre":
        updates["kind"] = new.kind
    return replace(old, **updates) if updates else old  # type: ignore[arg-type]


@lru_cache(maxsize=4)
def _catalogue(
    directory: str, stamp: tuple[tuple[str, float], ...]
) -> tuple[EstablishmentCandidate, ...]:
    del stamp  # part of the cache key only: a changed file is read again
    records: dict[str, EstablishmentRecord] = {}
    ips: dict[str, IpsRecord] = {}
    sources: dict[str, list[str]] = {}
    for path in sorted(Path(directory).glob("*.csv")):
        try:
            data = read_establishment_file(path)
        except OpenDataError:
            continue  # not an establishment file (QPV list, list of cités…)
        for record in data.establishments:
            known = records.get(record.uai)
            records[record.uai] = record if known is None else _merge(known, record)
            sources.setdefault(record.uai, []).append(path.name)
        for value in data.ips:
            if value.uai not in ips or value.rentree > ips[value.uai].rentree:
                ips[value.uai] = value
    candidates = []
    for uai, record in sorted(records.items()):
        values = record_values(record)
        candidates.append(
            EstablishmentCandidate(
                uai,
                str(values["name"]),
                record.kind,
                values["commune"] if isinstance(values["commune"], str) else None,
                record,
                ips.get(uai),
                tuple(sources[uai]),
            )
        )
    return tuple(candidates)


def catalogue(directory: Path | None = None) -> Sequence[EstablishmentCandidate]:
    """Every establishment of the open-data files of ``directory`` (default: the shipped ones)."""
    folder = directory or default_opendata_dir()
    stamp = tuple((p.name, p.stat().st_mtime) for p in sorted(folder.glob("*.csv")))
    return _catalogue(str(folder), stamp)


def official_name(uai: str) -> str | None:
    """« Collège Romain Rolland (Clichy-sous-Bois) » when the shipped open data knows ``uai``."""
    try:
        found = [c for c in catalogue() if c.uai == uai]
    except (OpenDataError, OSError):
        return None
    if not found:
        return None
    where = f" ({found[0].commune})" if found[0].commune else ""
    return f"{found[0].name}{where}"


def unknown_uai_message(uai: str) -> str:
    """French explanation for a UAI no stored establishment has (naming it when known)."""
    known = official_name(uai)
    if known:
        return (
            f"UAI {uai} inconnu : aucun établissement de la base n'a cet UAI ; d'après les "
            f"données officielles, c'est : {known}. Ajoutez-le d'abord (cites-app "
            f"establishments add {uai}, ou page Établissements › « Ajouter un établissement »)"
        )
    return (
        f"UAI {uai} inconnu : aucun établissement de la base ni des données officielles de "
        "l'application n'a cet UAI. Vérifiez-le, ou ajoutez l'établissement d'abord (cites-app "
        "import establishments FICHIER, ou page Établissements › « Ajouter un établissement »)"
    )


def lookup_establishments(
    query: str, *, directory: Path | None = None, limit: int = 20
) -> list[EstablishmentCandidate]:
    """Candidates for what the user typed: a UAI (or its first digits) or words of the name.

    Words are matched in the name and the commune, accents and case ignored, all words
    required (« jaures pantin »). Names starting with the first word come first. Returns at
    most ``limit`` candidates; an empty query returns none.
    """
    text = query.strip()
    if not text:
        return []
    everything = catalogue(directory)
    compact = text.upper().replace(" ", "")
    if _UAI_PREFIX.fullmatch(compact):
        return [c for c in everything if c.uai.startswith(compact)][:limit]
    words = fold(text).split()
    found = []
    for candidate in everything:
        name = fold(candidate.name)
        haystack = f"{name} {fold(candidate.commune or '')}"
        if all(word in haystack for word in words):
            rank = 0 if name.startswith(words[0]) or f" {words[0]}" in name else 1
            found.append((rank, name, candidate))
    found.sort(key=lambda item: (item[0], item[1]))
    return [candidate for _, _, candidate in found[:limit]]


def add_establishment(
    database: Database,
    candidate: EstablishmentCandidate,
    *,
    in_territory: bool = True,
    actor: str | None = None,
    then: Callable[[Session], None] | None = None,
) -> ImportReport:
    """Store the candidate (and its IPS) as an import of one row would, with an audit entry.

    An establishment already stored under this UAI is updated by the same rules as a file
    import. ``in_territory`` applies to a new establishment only. ``then`` runs in the same
    transaction (the user's own corrections): if it raises, nothing is written.
    """
    if not candidate.uai:
        raise ImportRefusedError("Établissement sans UAI : impossible de l'ajouter")
    with database.read_session() as session:
        stored = load_stored(session)
    ips = (candidate.ips,) if candidate.ips is not None else ()
    row: EstablishmentRow = preview_row(0, candidate.record, ips, stored, authoritative=True)
    row.in_territory = in_territory
    source = candidate.sources[0] if candidate.sources else "données ouvertes"
    preview = EstablishmentPreview(Path(source), "lookup", rows=[row])
    return commit_establishments(database, preview, actor=actor, then=then)
