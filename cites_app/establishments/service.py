"""Creating and editing establishments by hand, and adding them from the official open data.

Usage::

    service = EstablishmentService(database)
    matches = service.search("jaures pantin")          # official candidates, flagged
    record = service.add_official(matches[0].candidate, in_territory=True)
    service.fiches.update(record.id, replace(record.data, enrolment=480), record.version)

Saving over a newer version raises `ConcurrentEditError`; refused values raise
`ValidationError` (field → French message); both are `SchedulingError`s, as for every other
fiche, so the window's forms treat them alike.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cites_app import audit
from cites_app.db.database import Database
from cites_app.establishments.fiche import (
    IPS_FIELDS,
    MANUAL_SOURCE,
    EstablishmentData,
    IpsValue,
    SocialGroupsValue,
    validate_establishment,
)
from cites_app.imports.communes import CommuneSet, territory_communes
from cites_app.imports.establishment_merge import record_values
from cites_app.imports.lookup import (
    EstablishmentCandidate,
    add_establishment,
    lookup_establishments,
)
from cites_app.imports.report import ImportRefusedError
from cites_app.models import Establishment, EstablishmentIps, EstablishmentSocialGroups
from cites_app.opendata.uai import normalize_uai
from cites_app.scheduling.errors import (
    SchedulingError,
    ValidationError,
    check_version,
    fetch,
    saving,
    touch,
)
from cites_app.scheduling.records import Crud, Record, clean_text

_SCALARS = tuple(
    f.name
    for f in dataclasses.fields(EstablishmentData)
    if f.name not in ("ips", "social_groups", "source")
)
# Captions of the audit entry's list of changed fields.
FIELD_CAPTIONS = {
    "uai": "UAI", "name": "Nom", "kind": "Type", "sector": "Secteur",
    "education_prioritaire": "Éducation prioritaire", "qpv_location": "Situation QPV",
    "commune": "Commune", "code_insee": "Code INSEE", "departement": "Département",
    "academie": "Académie", "address": "Adresse", "latitude": "Latitude",
    "longitude": "Longitude", "enrolment": "Effectif", "in_territory": "Territoire",
    "ips": "IPS", "social_groups": "Catégories sociales", "source": "Source",
}  # fmt: skip


class EstablishmentFiches(Crud[EstablishmentData]):
    """Create / read / update of establishments with optimistic locking and an audit entry."""

    def __init__(self, database: Database, actor: str | None = None) -> None:
        super().__init__(
            database,
            Establishment,
            EstablishmentData,
            "l'établissement",
            validate_establishment,
            Establishment.name,
        )
        self.actor = actor

    def create(self, data: EstablishmentData) -> Record[EstablishmentData]:
        """Validate and insert an establishment typed by hand (source: « saisie manuelle »)."""
        with self.database.session() as session:
            self.check(session, data)
            row = Establishment(source=clean_text(data.source) or MANUAL_SOURCE)
            with saving(session):
                self.write(session, row, data)
                session.add(row)
            audit.record(
                session,
                "establishment.create",
                f"Établissement ajouté à la main : {row.uai} — {row.name}.",
                entity="establishment",
                entity_uuid=row.uuid,
                details={"uai": row.uai},
                actor=self.actor,
            )
            return self._record(row)

    def update(
        self, record_id: int, data: EstablishmentData, expected_version: int | None
    ) -> Record[EstablishmentData]:
        """Save the fiche over the version the user opened (ConcurrentEditError if stale)."""
        with self.database.session() as session:
            row = fetch(session, Establishment, record_id, self.what)
            check_version(row, expected_version)
            self.check(session, data, record_id)
            self.save_changes(session, row, data)
            return self._record(row)

    def save_changes(self, session: Session, row: Establishment, data: EstablishmentData) -> None:
        """Write what ``data`` changes in ``row`` (checked already), with its audit entry."""
        changed = changed_fields(self.read(session, row), data)
        if not changed:
            return
        with saving(session):
            self.write(session, row, data)
            touch(row, "name")  # an IPS-only change must still bump the version
        audit.record(
            session,
            "establishment.update",
            f"Fiche de l'établissement {row.uai} — {row.name} modifiée : "
            + ", ".join(FIELD_CAPTIONS[name] for name in changed)
            + ".",
            entity="establishment",
            entity_uuid=row.uuid,
            details={"uai": row.uai, "fields": changed},
            actor=self.actor,
        )

    def check(
        self, session: Session, data: EstablishmentData, record_id: int | None = None
    ) -> None:
        """Raise `ValidationError` when ``data`` breaks a rule (nothing is written)."""
        problems = validate_establishment(session, data, record_id)
        if problems:
            raise ValidationError(problems)

    def write(self, session: Session, row: Any, data: EstablishmentData) -> None:
        """Copy the values into the row; IPS rentrées are added, corrected or removed."""
        for name in _SCALARS:
            value = getattr(data, name)
            setattr(row, name, clean_text(value) if isinstance(value, str) else value)
        row.uai = normalize_uai(data.uai)
        if row.code_insee is not None:
            row.code_insee = row.code_insee.upper()
        _sync_rentrees(
            row.ips_history,
            {value.rentree.strip(): value.values for value in data.ips},
            EstablishmentIps,
            IPS_FIELDS,
            changed=lambda item: setattr(item, "source", MANUAL_SOURCE),
        )
        _sync_rentrees(
            row.social_groups,
            {value.rentree.strip(): value.shares for value in data.social_groups},
            EstablishmentSocialGroups,
            _SHARE_COLUMNS,
        )

    def read(self, session: Session, row: Any) -> EstablishmentData:
        values = {name: getattr(row, name) for name in _SCALARS}
        ips = tuple(
            IpsValue(item.rentree, *(getattr(item, name) for name in IPS_FIELDS))
            for item in sorted(row.ips_history, key=lambda item: item.rentree)
        )
        groups = tuple(
            SocialGroupsValue(
                item.rentree,
                item.share_very_advantaged,
                item.share_advantaged,
                item.share_middle,
                item.share_disadvantaged,
            )
            for item in sorted(row.social_groups, key=lambda item: item.rentree)
        )
        return EstablishmentData(**values, ips=ips, social_groups=groups, source=row.source)


_SHARE_COLUMNS = (
    "share_very_advantaged",
    "share_advantaged",
    "share_middle",
    "share_disadvantaged",
)


def _sync_rentrees(
    items: list[Any],
    wanted: dict[str, tuple[float | None, ...]],
    make: Callable[..., Any],
    columns: Sequence[str],
    *,
    changed: Callable[[Any], None] | None = None,
) -> None:
    """Make ``items`` (one row per rentrée: IPS, PCS shares) hold exactly ``wanted``.

    A rentrée left out is removed, a new one added, one whose ``columns`` differ corrected
    (then ``changed`` marks it, e.g. as typed by hand); an unchanged one is left as it is.
    """
    stored = {item.rentree: item for item in items}
    for rentree, old in stored.items():
        if rentree not in wanted:
            items.remove(old)
    for rentree, numbers in sorted(wanted.items()):
        item = stored.get(rentree)
        if item is None:
            item = make(rentree=rentree)
            items.append(item)
        elif tuple(getattr(item, column) for column in columns) == numbers:
            continue
        for column, number in zip(columns, numbers, strict=True):
            setattr(item, column, number)
        if changed is not None:
            changed(item)


def changed_fields(before: EstablishmentData, after: EstablishmentData) -> list[str]:
    """Names of the fields whose value differs (text compared trimmed; ``source`` ignored)."""

    def normal(value: object) -> object:
        return clean_text(value) if isinstance(value, str) else value

    changed = [
        name
        for name in (*_SCALARS, "ips", "social_groups")
        if normal(getattr(before, name)) != normal(getattr(after, name))
    ]
    if "uai" in changed and normalize_uai(before.uai) == normalize_uai(after.uai):
        changed.remove("uai")
    return changed


@dataclass(frozen=True)
class CandidateMatch:
    """An official candidate, with what the database already knows about it.

    ``stored_id`` / ``stored_name``: the establishment already stored under this UAI.
    ``in_territory``: whether its commune is one of the territory's (None when the territory
    declares no commune: nothing to compare with).
    """

    candidate: EstablishmentCandidate
    stored_id: int | None
    stored_name: str | None
    in_territory: bool | None


class EstablishmentService:
    """The establishments' fiches (``fiches``) and the official candidates to add."""

    def __init__(self, database: Database, actor: str | None = None) -> None:
        self.database = database
        self.actor = actor
        self.fiches = EstablishmentFiches(database, actor)

    def territory(self) -> CommuneSet:
        """The territory's communes (empty when none is declared)."""
        with self.database.read_session() as session:
            return territory_communes(session)

    def search(self, text: str, limit: int = 20) -> list[CandidateMatch]:
        """Official establishments matching a UAI (or its first digits) or words of the name.

        Raises `OpenDataError` (French) when the application's open data cannot be read.
        """
        candidates = lookup_establishments(text, limit=limit)
        return self.matches(candidates)

    def matches(self, candidates: Sequence[EstablishmentCandidate]) -> list[CandidateMatch]:
        """``candidates`` flagged: already stored, inside the territory's communes."""
        if not candidates:
            return []
        with self.database.read_session() as session:
            territory = territory_communes(session)
            query = select(Establishment.uai, Establishment.id, Establishment.name).where(
                Establishment.uai.in_([c.uai for c in candidates])
            )
            stored = {uai: (est_id, name) for uai, est_id, name in session.execute(query)}
        found = []
        for candidate in candidates:
            est_id, name = stored.get(candidate.uai, (None, None))
            inside = territory.matches(candidate.record) if territory else None
            found.append(CandidateMatch(candidate, est_id, name, inside))
        return found

    def find(self, uai: str) -> int | None:
        """The id of the stored establishment with this UAI (typed in any case), if any."""
        with self.database.read_session() as session:
            return session.scalar(
                select(Establishment.id).where(Establishment.uai == normalize_uai(uai))
            )

    def add_official(
        self,
        candidate: EstablishmentCandidate,
        *,
        in_territory: bool = True,
        edited: EstablishmentData | None = None,
    ) -> Record[EstablishmentData]:
        """Store ``candidate`` as a one-row import does (its IPS, an audit entry) and, in the
        same transaction, the values the user changed in the form (``edited``), checked first:
        the school is added with the user's corrections, or not at all."""
        if edited is not None:
            with self.database.read_session() as session:
                self.fiches.check(session, edited, self.find(candidate.uai))

        def corrections(session: Session) -> None:
            if edited is None:
                return
            row = session.scalars(
                select(Establishment).where(Establishment.uai == candidate.uai)
            ).one()
            mine = dataclasses.replace(edited, source=row.source)
            self.fiches.save_changes(session, row, mine)

        try:
            report = add_establishment(
                self.database,
                candidate,
                in_territory=in_territory,
                actor=self.actor,
                then=corrections,
            )
        except ImportRefusedError as exc:
            raise SchedulingError(str(exc)) from exc
        if report.refused:
            raise SchedulingError(f"Ajout impossible : {report.message}.")
        est_id = self.find(candidate.uai)
        assert est_id is not None, "add_establishment stores the candidate"
        return self.fiches.get(est_id)


def candidate_data(match: CandidateMatch) -> EstablishmentData:
    """The fiche of an official candidate, exactly as `add_official` would store it."""
    candidate = match.candidate
    values = record_values(candidate.record)
    ips = candidate.ips
    return EstablishmentData(
        uai=candidate.uai,
        name=str(values["name"]),
        kind=candidate.record.kind,
        sector=candidate.record.sector,
        education_prioritaire=candidate.record.education_prioritaire,
        commune=_text(values["commune"]),
        code_insee=candidate.record.code_insee,
        departement=candidate.record.departement,
        academie=_text(values["academie"]),
        latitude=candidate.record.latitude,
        longitude=candidate.record.longitude,
        enrolment=candidate.record.enrolment,
        in_territory=match.in_territory is not False,
        ips=()
        if ips is None
        else (IpsValue(ips.rentree, *(getattr(ips, name) for name in IPS_FIELDS)),),
        source=candidate.sources[0] if candidate.sources else None,
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
