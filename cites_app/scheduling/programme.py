"""The programme's fiches: partners and their conventions, venues, facilitators, actions,
activities — created, read, updated and deleted with validation and French messages.

Usage::

    programme = ProgrammeService(database)
    venue = programme.venues.create(VenueData("Gymnase municipal", capacity=80))
    programme.venues.update(venue.id, dataclasses.replace(venue.data, capacity=60), venue.version)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cites_app.db.database import Database
from cites_app.models import (
    Action,
    Activity,
    ActivityNiveau,
    Convention,
    Establishment,
    Facilitator,
    Partner,
    Venue,
)
from cites_app.models.vocabulary import (
    ACTIVITY_KINDS,
    AXES,
    NIVEAUX,
    ORIENTATION_KINDS,
    PARTNER_KINDS,
)
from cites_app.scheduling.class_times import Timetable, WeeklySlot, load_timetables, set_class_times
from cites_app.scheduling.errors import fetch, touch
from cites_app.scheduling.records import Crud, check_exists, clean_text
from cites_app.school_calendar import format_date_fr


@dataclass(frozen=True)
class PartnerData:
    """A partner (porteur): association, company, public service, higher education."""

    name: str
    kind: str = "association"
    contact_name: str | None = None
    email: str | None = None
    phone: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class ConventionData:
    """A convention signed with a partner, with its dates."""

    partner_id: int
    title: str
    start_date: date | None = None
    end_date: date | None = None
    notes: str | None = None


@dataclass(frozen=True)
class VenueData:
    """A place where séances happen."""

    name: str
    address: str | None = None
    commune: str | None = None
    capacity: int | None = None
    accessible: bool = False
    notes: str | None = None


@dataclass(frozen=True)
class FacilitatorData:
    """An animateur / intervenant, possibly employed by a partner."""

    name: str
    partner_id: int | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class ActionData:
    """A funded item of the programme, on one of the label's three axes (codes of ``AXES``)."""

    title: str
    axis: str
    porteur_id: int | None = None
    school_year: str | None = None
    budget_planned: Decimal | None = None
    budget_spent: Decimal | None = None
    funding_source: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class ActivityData:
    """An activity of an action, with its audience and optional mix targets.

    ``max_school_share`` is a fraction (0.5 = no school above half of the group).
    """

    action_id: int
    title: str
    kind: str
    orientation_kind: str | None = None
    description: str | None = None
    capacity: int | None = None
    max_school_share: float | None = None
    min_schools: int | None = None
    requires_image_rights: bool = False
    target_niveaux: tuple[str, ...] = ()
    invited_establishment_ids: tuple[int, ...] = ()


def _name_required(problems: dict[str, str], field: str, value: str, label: str) -> None:
    if clean_text(value) is None:
        problems[field] = f"{label} est obligatoire."


def _positive_capacity(problems: dict[str, str], value: int | None) -> None:
    if value is not None and value <= 0:
        problems["capacity"] = (
            f"La capacité doit être un nombre de places positif (et non {value}), "
            "ou rester vide si elle n'est pas limitée."
        )


def _choice(
    problems: dict[str, str], field: str, value: str | None, choices: dict[str, str], label: str
) -> None:
    if value is not None and value not in choices:
        known = ", ".join(f"« {text} »" for text in choices.values())
        problems[field] = f"{label} inconnu « {value} » : choisissez parmi {known}."


def validate_partner(session: Session, data: PartnerData) -> dict[str, str]:
    """Problems of a partner's values (field → French message)."""
    problems: dict[str, str] = {}
    _name_required(problems, "name", data.name, "Le nom du partenaire")
    _choice(problems, "kind", data.kind, PARTNER_KINDS, "Type de partenaire")
    email = clean_text(data.email)
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        problems["email"] = f"Adresse électronique invalide : « {email} »."
    return problems


def validate_convention(session: Session, data: ConventionData) -> dict[str, str]:
    """Problems of a convention's values."""
    problems: dict[str, str] = {}
    _name_required(problems, "title", data.title, "L'intitulé de la convention")
    if data.start_date and data.end_date and data.end_date < data.start_date:
        problems["end_date"] = (
            f"La date de fin ({format_date_fr(data.end_date)}) est antérieure à la date de "
            f"début ({format_date_fr(data.start_date)})."
        )
    check_exists(
        session, problems, "partner_id", Partner, data.partner_id, "Partenaire n° {id} introuvable."
    )
    return problems


def validate_venue(session: Session, data: VenueData) -> dict[str, str]:
    """Problems of a venue's values."""
    problems: dict[str, str] = {}
    _name_required(problems, "name", data.name, "Le nom du lieu")
    _positive_capacity(problems, data.capacity)
    return problems


def validate_facilitator(session: Session, data: FacilitatorData) -> dict[str, str]:
    """Problems of a facilitator's values."""
    problems: dict[str, str] = {}
    _name_required(problems, "name", data.name, "Le nom de l'animateur")
    check_exists(
        session, problems, "partner_id", Partner, data.partner_id, "Partenaire n° {id} introuvable."
    )
    return problems


def validate_action(session: Session, data: ActionData) -> dict[str, str]:
    """Problems of an action's values."""
    problems: dict[str, str] = {}
    _name_required(problems, "title", data.title, "L'intitulé de l'action")
    _choice(problems, "axis", data.axis, AXES, "Axe")
    for field, label in (("budget_planned", "prévu"), ("budget_spent", "dépensé")):
        amount = getattr(data, field)
        if amount is not None and amount < 0:
            problems[field] = f"Le budget {label} ne peut pas être négatif ({amount} €)."
    year = data.school_year
    if year is not None:
        match = re.fullmatch(r"(\d{4})-(\d{4})", year.strip())
        if not match or int(match[2]) != int(match[1]) + 1:
            problems["school_year"] = (
                f"Année scolaire invalide « {year} » : écrivez par exemple 2025-2026."
            )
    check_exists(
        session, problems, "porteur_id", Partner, data.porteur_id, "Partenaire n° {id} introuvable."
    )
    return problems


def validate_activity(session: Session, data: ActivityData) -> dict[str, str]:
    """Problems of an activity's values."""
    problems: dict[str, str] = {}
    _name_required(problems, "title", data.title, "L'intitulé de l'activité")
    _choice(problems, "kind", data.kind, ACTIVITY_KINDS, "Type d'activité")
    if data.orientation_kind is not None:
        if data.kind != "orientation":
            problems["orientation_kind"] = (
                "Seule une activité d'orientation a un type d'orientation."
            )
        else:
            _choice(
                problems,
                "orientation_kind",
                data.orientation_kind,
                ORIENTATION_KINDS,
                "Type d'orientation",
            )
    _positive_capacity(problems, data.capacity)
    share = data.max_school_share
    if share is not None and not 0 < share <= 1:
        problems["max_school_share"] = (
            "La part maximale d'un établissement doit être comprise entre 0 et 100 %."
        )
    if data.min_schools is not None and data.min_schools < 1:
        problems["min_schools"] = "Le nombre minimal d'établissements doit être au moins 1."
    unknown = [niveau for niveau in data.target_niveaux if niveau not in NIVEAUX]
    if unknown:
        problems["target_niveaux"] = f"Niveau(x) inconnu(s) : {', '.join(unknown)}."
    check_exists(
        session, problems, "action_id", Action, data.action_id, "Action n° {id} introuvable."
    )
    check_exists(
        session,
        problems,
        "invited_establishment_ids",
        Establishment,
        data.invited_establishment_ids,
        "Établissement n° {id} introuvable.",
    )
    return problems


class ActivityCrud(Crud[ActivityData]):
    """Activities: target niveaux and invited establishments are relations, not columns."""

    _RELATIONS = ("target_niveaux", "invited_establishment_ids")

    def write(self, session: Session, row: Any, data: ActivityData) -> None:
        """Copy the values, replacing the niveaux and the invited establishments."""
        for name in (
            "action_id",
            "title",
            "kind",
            "orientation_kind",
            "description",
            "capacity",
            "max_school_share",
            "min_schools",
            "requires_image_rights",
        ):
            value = getattr(data, name)
            setattr(row, name, clean_text(value) if isinstance(value, str) else value)
        before = (
            {link.niveau for link in row.target_niveaux},
            {school.id for school in row.invited_establishments},
        )
        wanted = list(dict.fromkeys(data.target_niveaux))
        kept = [link for link in row.target_niveaux if link.niveau in wanted]
        present = {link.niveau for link in kept}
        row.target_niveaux = kept + [
            ActivityNiveau(niveau=niveau) for niveau in wanted if niveau not in present
        ]
        ids = list(dict.fromkeys(data.invited_establishment_ids))
        schools = session.scalars(select(Establishment).where(Establishment.id.in_(ids))).all()
        by_id = {school.id: school for school in schools}
        row.invited_establishments = [by_id[i] for i in ids if i in by_id]
        if row.id is not None and before != (set(wanted), {i for i in ids if i in by_id}):
            touch(row, "title")  # links alone do not bump the version

    def read(self, session: Session, row: Any) -> ActivityData:
        """The values of the activity, niveaux in school order."""
        order = {niveau: rank for rank, niveau in enumerate(NIVEAUX)}
        return ActivityData(
            action_id=row.action_id,
            title=row.title,
            kind=row.kind,
            orientation_kind=row.orientation_kind,
            description=row.description,
            capacity=row.capacity,
            max_school_share=row.max_school_share,
            min_schools=row.min_schools,
            requires_image_rights=row.requires_image_rights,
            target_niveaux=tuple(
                sorted((link.niveau for link in row.target_niveaux), key=order.__getitem__)
            ),
            invited_establishment_ids=tuple(
                sorted(school.id for school in row.invited_establishments)
            ),
        )


class ProgrammeService:
    """One door to the programme's fiches; each call is one transaction."""

    def __init__(self, database: Database) -> None:
        """Serve the fiches of ``database``."""
        self.database = database
        self.partners = Crud(
            database, Partner, PartnerData, "le partenaire", validate_partner, Partner.name
        )
        self.conventions = Crud(
            database,
            Convention,
            ConventionData,
            "la convention",
            validate_convention,
            Convention.start_date,
        )
        self.venues = Crud(database, Venue, VenueData, "le lieu", validate_venue, Venue.name)
        self.facilitators = Crud(
            database,
            Facilitator,
            FacilitatorData,
            "l'animateur",
            validate_facilitator,
            Facilitator.name,
        )
        self.actions = Crud(database, Action, ActionData, "l'action", validate_action, Action.title)
        self.activities = ActivityCrud(
            database, Activity, ActivityData, "l'activité", validate_activity, Activity.title
        )

    def class_times(self, establishment_id: int) -> Timetable:
        """The weekly class time of an establishment (its own, else the default one)."""
        with self.database.read_session() as session:
            fetch(session, Establishment, establishment_id, "l'établissement")
            return load_timetables(session, [establishment_id])[establishment_id]

    def set_class_times(self, establishment_id: int, slots: Sequence[WeeklySlot]) -> Timetable:
        """Replace an establishment's weekly class time (empty: back to the defaults)."""
        with self.database.session() as session:
            set_class_times(session, establishment_id, slots)
            return load_timetables(session, [establishment_id])[establishment_id]
