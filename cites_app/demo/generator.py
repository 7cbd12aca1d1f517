"""``cites-app demo``: a whole demo territory, deterministic for a seed.

Real establishments (Pantin and, for bigger tiers, the rest of Seine-Saint-Denis) come from the
official open-data files bundled with the app; pupils, partners and the programme are invented.
Séances fall on school days of zone C (holidays and public holidays skipped by the calendar).
Everything is written with bulk inserts in one transaction: a failure leaves the database empty.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from cites_app import audit
from cites_app.db.database import Database
from cites_app.db.sequences import sync_id_sequences
from cites_app.demo.establishments import (
    DemoEstablishment,
    accented_commune,
    commune_names,
    select_establishments,
)
from cites_app.demo.participation import attendance_rows, register_pupils
from cites_app.demo.people import make_pupils
from cites_app.demo.programme import ProgrammeBuilder
from cites_app.demo.rows import IdCounter, make_uuid
from cites_app.demo.spec import DEMO_ACADEMIE, DEMO_DEPARTEMENT, DEMO_ZONE, TIERS
from cites_app.models import (
    Action,
    Activity,
    ActivityNiveau,
    ActivitySession,
    Attendance,
    Authorisation,
    Base,
    Convention,
    Establishment,
    EstablishmentIps,
    Facilitator,
    Partner,
    Pupil,
    Registration,
    Territory,
    TerritoryCommune,
    Venue,
    activity_establishment,
    session_facilitator,
)
from cites_app.opendata import demo_source_files, read_establishment_file
from cites_app.opendata.names import tidy_establishment_name
from cites_app.school_calendar import ClosureChecker, load_default_calendar

Progress = Callable[[int, str], None]
_CHUNK = 20_000


class DemoError(ValueError):
    """The demo cannot be created (the message is French)."""


@dataclass(frozen=True)
class DemoSummary:
    size: str
    seed: int
    school_year: str
    establishments: int
    pupils: int
    sessions: int
    attendance: int


def current_rentree_year(today: date) -> int:
    return today.year if today.month >= 9 else today.year - 1


def generate_demo(
    database: Database,
    size: str = "S",
    seed: int = 1,
    rentree_year: int | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> DemoSummary:
    """Create the demo territory in an empty database (all in one transaction).

    Without ``rentree_year`` the demo spans the last complete school year (every roll call
    taken: what the annual report is about) and the current one up to ``today`` (later séances
    planned, the last roll calls still to enter), so every screen has something to show.
    With ``rentree_year`` it is that single year, fully attended: deterministic for tests and
    benchmarks whatever the date.
    """
    if size not in TIERS:
        raise DemoError(f"Taille inconnue « {size} » : choisissez S, M ou L.")
    tier = TIERS[size]
    if rentree_year is not None:
        years: list[tuple[int, datetime | None]] = [(rentree_year, None)]
    else:
        now = today or date.today()
        current = current_rentree_year(now)
        years = [(current - 1, None), (current, datetime.combine(now, time(0)))]
    report = progress or (lambda _pct, _msg: None)
    rng = random.Random(seed)
    with database.session() as session:
        if session.scalar(select(func.count()).select_from(Establishment)) or session.scalar(
            select(func.count()).select_from(Territory)
        ):
            raise DemoError(
                "La base contient déjà des données : le territoire de démonstration ne peut être "
                "créé que dans une base vide (utilisez --db avec un nouveau fichier)."
            )
        report(2, "Lecture des établissements (open data)…")
        files = [read_establishment_file(path) for path in demo_source_files()]
        chosen = select_establishments(files, tier)
        est_ids = _insert_territory(session, rng, chosen, size)
        report(10, "Création des élèves…")
        pupils = make_pupils(rng, est_ids, tier.pupils, years[-1][0], IdCounter())
        _bulk(session, Pupil, pupils.rows)
        report(25, "Programme d'actions et séances…")
        checker = ClosureChecker(load_default_calendar(), DEMO_ZONE)

        def school_dates(weekday: int, first: date, last: date) -> list[date]:
            day = first + timedelta(days=(weekday - first.weekday()) % 7)
            kept = []
            while day <= last:
                if checker.reason(day) is None:
                    kept.append(day)
                day += timedelta(days=7)
            return kept

        counters = {
            name: IdCounter()
            for name in (
                "action",
                "activity",
                "activity_session",
                "partner",
                "convention",
                "venue",
                "facilitator",
            )
        }
        builder = ProgrammeBuilder(
            rng,
            [(i, e.record.kind) for i, e in est_ids],
            school_dates,
            counters,
            scale=max(1, tier.sessions // 600),
            group_scale=tier.group_scale,
            first_year=years[0][0],
        )
        for year, until in years:
            builder.plan_year(year, tier.sessions, until)
        programme = builder.batch
        for table, model in _PROGRAMME_TABLES:
            _bulk(session, model, programme.tables.get(table, []))
        report(40, "Inscriptions…")
        valid = (date(years[0][0], 9, 1), date(years[-1][0] + 1, 8, 31))
        enrolment = register_pupils(rng, programme.activities, pupils, IdCounter(), valid)
        _bulk(session, Registration, enrolment.registrations)
        _bulk(session, Authorisation, enrolment.authorisations)
        report(55, "Présences…")
        attendance = _bulk(
            session, Attendance, attendance_rows(rng, programme.activities, enrolment, IdCounter())
        )
        sync_id_sequences(session, (table for table in Base.metadata.sorted_tables))
        summary = DemoSummary(
            size=size,
            seed=seed,
            school_year=" et ".join(f"{y}-{y + 1}" for y, _ in years),
            establishments=len(est_ids),
            pupils=len(pupils.rows),
            sessions=len(programme.tables.get("activity_session", [])),
            attendance=attendance,
        )
        audit.record(
            session,
            "demo.create",
            f"Territoire de démonstration créé (taille {size}, graine {seed}).",
            details=dict(summary.__dict__),
        )
        report(100, "Terminé.")
    return summary


_PROGRAMME_TABLES: tuple[tuple[str, type[Base] | Table], ...] = (
    ("partner", Partner),
    ("convention", Convention),
    ("venue", Venue),
    ("facilitator", Facilitator),
    ("action", Action),
    ("activity", Activity),
    ("activity_niveau", ActivityNiveau),
    ("activity_establishment", activity_establishment),
    ("activity_session", ActivitySession),
    ("session_facilitator", session_facilitator),
)


def _insert_territory(
    session: Session, rng: random.Random, chosen: list[DemoEstablishment], size: str
) -> list[tuple[int, DemoEstablishment]]:
    official = commune_names()

    def label(code: str | None, raw: str | None) -> str:
        found = accented_commune(official.get(code or "", []), raw or "")
        return found or _commune_label(raw)

    communes: dict[str, str] = {}
    for item in chosen:
        if item.record.code_insee:
            communes.setdefault(
                item.record.code_insee, label(item.record.code_insee, item.record.commune)
            )
    first = next(iter(communes.values()), "Seine-Saint-Denis")
    territory = Territory(
        name=f"Cité éducative de {first} (démonstration)"
        if size == "S"
        else f"Cités éducatives de Seine-Saint-Denis (démonstration, taille {size})",
        academie=DEMO_ACADEMIE,
        departement=DEMO_DEPARTEMENT,
        holiday_zone=DEMO_ZONE,
        is_demo=True,
        uuid=make_uuid(rng),
        communes=[
            TerritoryCommune(code_insee=code, name=name, uuid=make_uuid(rng))
            for code, name in communes.items()
        ],
    )
    session.add(territory)
    rows = []
    ips_rows = []
    result = []
    for est_id, item in enumerate(chosen, start=1):
        record = item.record
        rows.append(
            {
                "id": est_id,
                "uuid": make_uuid(rng),
                "uai": record.uai,
                "name": tidy_establishment_name(record.name),
                "kind": record.kind,
                "sector": record.sector,
                "education_prioritaire": record.education_prioritaire,
                "commune": label(record.code_insee, record.commune),
                "code_insee": record.code_insee,
                "departement": record.departement,
                "academie": record.academie,
                "latitude": record.latitude,
                "longitude": record.longitude,
                "enrolment": record.enrolment,
                "in_territory": True,
                "source": record.source,
                "version": 1,
            }
        )
        if item.ips is not None:
            ips = item.ips
            ips_rows.append(
                {
                    "uuid": make_uuid(rng),
                    "establishment_id": est_id,
                    "rentree": ips.rentree,
                    "ips": ips.ips,
                    "ips_sd": ips.ips_sd,
                    "ips_gt": ips.ips_gt,
                    "ips_pro": ips.ips_pro,
                    "ips_sd_gt": ips.ips_sd_gt,
                    "ips_sd_pro": ips.ips_sd_pro,
                    "enrolment": ips.enrolment,
                    "source": record.source,
                }
            )
        result.append((est_id, item))
    _bulk(session, Establishment, rows)
    _bulk(session, EstablishmentIps, ips_rows)
    return result


def _commune_label(raw: str | None) -> str:
    """Open-data files write communes in capitals without accents (« PANTIN »)."""
    if not raw:
        return ""
    return (
        raw
        if not raw.isupper()
        else raw.title().replace(" Sous ", "-sous-").replace(" Sur ", "-sur-")
    )


def _bulk(session: Session, target: type[Base] | Table, rows: Iterable[dict[str, object]]) -> int:
    """Insert in chunks with Core executemany (ORM add_all is 30x slower, DESIGN.md §10)."""
    table: Table = target if isinstance(target, Table) else target.__table__  # type: ignore[assignment]
    count = 0
    iterator: Iterator[dict[str, object]] = iter(rows)
    while chunk := list(islice(iterator, _CHUNK)):
        session.execute(insert(table), chunk)
        count += len(chunk)
    return count
