"""An establishment's fiche as the form edits it, and the rules its values must follow.

Everything `Establishment` holds is editable, including its IPS history by rentrée; the
problems come back in French, keyed by field, for the form to show beside each field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cites_app.models import Establishment
from cites_app.models.vocabulary import (
    EDUCATION_PRIORITAIRE,
    ESTABLISHMENT_KINDS,
    QPV_LOCATIONS,
    SECTORS,
)
from cites_app.opendata.uai import normalize_uai, uai_problem
from cites_app.registers import formatting
from cites_app.scheduling.records import clean_text

MANUAL_SOURCE = "saisie manuelle"
"""``source`` of an establishment, or of an IPS value, typed by the coordinator."""

IPS_RANGE = (30, 250)  # published values lie between about 45 and 185 (DESIGN.md §3)
IPS_SD_RANGE = (0, 100)

_RENTREE = re.compile(r"(\d{4})-(\d{4})")
_CODE_INSEE = re.compile(r"\d{5}|2[AB]\d{3}")
_DEPARTEMENT = re.compile(r"\d{3}")
_LENGTHS = {"name": 200, "commune": 120, "academie": 80, "address": 250}
_CAPTIONS = {"name": "Le nom", "commune": "La commune", "academie": "L'académie",
             "address": "L'adresse"}  # fmt: skip


IPS_FIELDS = ("ips", "ips_sd", "ips_gt", "ips_sd_gt", "ips_pro", "ips_sd_pro")
"""`EstablishmentIps` columns a fiche edits, in `IpsValue.values` order."""


@dataclass(frozen=True)
class IpsValue:
    """One rentrée of the school's IPS as the form edits it: mean and standard deviation, and
    for a lycée the same by voie (général et technologique, professionnelle)."""

    rentree: str
    ips: float | None
    ips_sd: float | None = None
    ips_gt: float | None = None
    ips_sd_gt: float | None = None
    ips_pro: float | None = None
    ips_sd_pro: float | None = None

    @property
    def values(self) -> tuple[float | None, ...]:
        return tuple(getattr(self, name) for name in IPS_FIELDS)

    def __str__(self) -> str:
        """« 2022-2023 : 91,2 (écart-type 30,2) », for messages."""
        value = "—" if self.ips is None else formatting.decimal(self.ips, 1)
        sd = "" if self.ips_sd is None else f" (écart-type {formatting.decimal(self.ips_sd, 1)})"
        return f"{self.rentree} : {value}{sd}"


@dataclass(frozen=True)
class SocialGroupsValue:
    """One rentrée of the school's shares of the DEPP's four PCS groups (0 to 1 each).

    School aggregates a school may provide (DESIGN.md §5), never a pupil's own data.
    """

    rentree: str
    very_advantaged: float
    advantaged: float
    middle: float
    disadvantaged: float

    @property
    def shares(self) -> tuple[float, float, float, float]:
        return (self.very_advantaged, self.advantaged, self.middle, self.disadvantaged)


SOCIAL_GROUP_LABELS = ("Très favorisée", "Favorisée", "Moyenne", "Défavorisée")
"""The DEPP's four groups of parents' occupations (PCS), in `SocialGroupsValue.shares` order."""

SHARES_SUM_TOLERANCE = 0.0101  # shares given rounded to whole percents: 99 % to 101 % in all


@dataclass(frozen=True)
class EstablishmentData:
    """The values of an establishment's fiche (codes of `cites_app.models.vocabulary`).

    ``ips`` is the whole IPS history, one value per rentrée: a rentrée left out is removed;
    ``social_groups`` the same for the shares of the four PCS groups.
    ``source`` says where the description came from; the form shows it, saving keeps it.
    """

    uai: str
    name: str
    kind: str = "autre"
    sector: str | None = None
    education_prioritaire: str | None = None
    qpv_location: str | None = None
    commune: str | None = None
    code_insee: str | None = None
    departement: str | None = None
    academie: str | None = None
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    enrolment: int | None = None
    in_territory: bool = True
    ips: tuple[IpsValue, ...] = ()
    social_groups: tuple[SocialGroupsValue, ...] = ()
    source: str | None = None


def shown(value: Any) -> str:
    """A float the French way, keeping every digit (« 48,9109288 »), for a text field."""
    return "" if value is None else str(value).replace(".", ",")


def _brief(value: float) -> str:
    """A number in a message: « 123 », « 48,91 » (six significant digits at most)."""
    return f"{value:g}".replace(".", ",")


def _choice(
    problems: dict[str, str], field: str, value: str | None, choices: dict[str, str], label: str
) -> None:
    if value is not None and value not in choices:
        known = ", ".join(f"« {text} »" for text in choices.values())
        problems[field] = f"{label} inconnu « {value} » : choisissez parmi {known}."


def _range(
    problems: dict[str, str],
    field: str,
    value: float | None,
    bounds: tuple[float, float],
    label: str,
    agreed: str = "comprise",  # « La latitude … comprise », « L'IPS … compris »
) -> None:
    low, high = bounds
    if value is not None and not low <= value <= high:
        problems[field] = (
            f"{label} doit être {agreed} entre {_brief(low)} et {_brief(high)} "
            f"(et non {_brief(value)})."
        )


def uai_owner(session: Session, uai: str, other_than: int | None = None) -> tuple[int, str] | None:
    """The (id, name) of the stored establishment with ``uai``, other than ``other_than``."""
    query = select(Establishment.id, Establishment.name, Establishment.commune).where(
        Establishment.uai == uai
    )
    if other_than is not None:
        query = query.where(Establishment.id != other_than)
    row = session.execute(query).first()
    if row is None:
        return None
    where = f" ({row.commune})" if row.commune else ""
    return row.id, f"{row.name}{where}"


def validate_establishment(
    session: Session, data: EstablishmentData, record_id: int | None = None
) -> dict[str, str]:
    """Problems of an establishment's values (field → French message); ``record_id`` is the
    establishment being edited (None for a new one), which may keep its own UAI."""
    problems: dict[str, str] = {}
    uai = normalize_uai(data.uai)
    problem = uai_problem(uai)
    if not uai:
        problems["uai"] = "L'UAI est obligatoire (7 chiffres et une lettre, par exemple 0930616P)."
    elif problem is not None:
        problems["uai"] = f"UAI « {uai} » invalide : {problem}."
    else:
        owner = uai_owner(session, uai, record_id)
        if owner is not None:
            problems["uai"] = (
                f"L'UAI {uai} est déjà celui de « {owner[1]} » : ouvrez sa fiche plutôt que "
                "d'enregistrer l'établissement une seconde fois."
            )
    if clean_text(data.name) is None:
        problems["name"] = "Le nom de l'établissement est obligatoire."
    for field, limit in _LENGTHS.items():
        text = clean_text(getattr(data, field))
        if text is not None and len(text) > limit:
            problems[field] = f"{_CAPTIONS[field]} dépasse {limit} caractères ({len(text)})."
    _choice(problems, "kind", data.kind, ESTABLISHMENT_KINDS, "Type d'établissement")
    _choice(problems, "sector", data.sector, SECTORS, "Secteur")
    _choice(
        problems,
        "education_prioritaire",
        data.education_prioritaire,
        EDUCATION_PRIORITAIRE,
        "Classement en éducation prioritaire",
    )
    _choice(problems, "qpv_location", data.qpv_location, QPV_LOCATIONS, "Situation QPV")
    code = clean_text(data.code_insee)
    if code is not None and not _CODE_INSEE.fullmatch(code.upper()):
        problems["code_insee"] = (
            f"Code INSEE « {code} » invalide : 5 caractères, par exemple 93055 (2A004 en Corse)."
        )
    departement = clean_text(data.departement)
    if departement is not None and not _DEPARTEMENT.fullmatch(departement):
        problems["departement"] = (
            f"Département « {departement} » invalide : 3 chiffres comme au début de l'UAI "
            "(093 ; 620 pour la Corse-du-Sud, 971 pour la Guadeloupe)."
        )
    _range(problems, "latitude", data.latitude, (-90, 90), "La latitude")
    _range(problems, "longitude", data.longitude, (-180, 180), "La longitude")
    if data.enrolment is not None and data.enrolment < 0:
        problems["enrolment"] = f"L'effectif ne peut pas être négatif ({data.enrolment})."
    _validate_ips(problems, data.ips)
    _validate_social_groups(problems, data.social_groups)
    return problems


def rentree_problem(rentree: str) -> str | None:
    """Why ``rentree`` is not a school year « 2024-2025 », or None."""
    match = _RENTREE.fullmatch(rentree.strip())
    if match is None or int(match[2]) != int(match[1]) + 1:
        return f"Rentrée « {rentree} » invalide : écrivez l'année scolaire, par exemple 2024-2025."
    return None


def _validate_ips(problems: dict[str, str], values: tuple[IpsValue, ...]) -> None:
    seen: set[str] = set()
    for value in values:
        problem = rentree_problem(value.rentree)
        if problem is not None:
            problems["ips"] = problem
            return
        if value.rentree in seen:
            problems["ips"] = f"La rentrée {value.rentree} a deux IPS : gardez-en un seul."
            return
        seen.add(value.rentree)
        for voie, mean, sd in (
            ("", value.ips, value.ips_sd),
            (" voie GT", value.ips_gt, value.ips_sd_gt),
            (" voie pro", value.ips_pro, value.ips_sd_pro),
        ):
            label = f"L'IPS{voie} {value.rentree}"
            _range(problems, "ips", mean, IPS_RANGE, label, "compris")
            sd_label = f"L'écart-type de l'IPS{voie} {value.rentree}"
            _range(problems, "ips", sd, IPS_SD_RANGE, sd_label, "compris")
            if "ips" in problems:
                return


def social_groups_problem(value: SocialGroupsValue) -> str | None:
    """Why one rentrée's shares cannot be stored, or None."""
    problem = rentree_problem(value.rentree)
    if problem is not None:
        return problem
    for label, share in zip(SOCIAL_GROUP_LABELS, value.shares, strict=True):
        if not 0 <= share <= 1:
            return (
                f"Part « {label} » {value.rentree} : entre 0 et 100 % (et non "
                f"{formatting.percent(share, 1)})."
            )
    total = sum(value.shares)
    if abs(total - 1) > SHARES_SUM_TOLERANCE:
        return (
            f"Les quatre parts de {value.rentree} font {formatting.percent(total, 1)} au lieu "
            "de 100 % : vérifiez-les."
        )
    return None


def _validate_social_groups(
    problems: dict[str, str], values: tuple[SocialGroupsValue, ...]
) -> None:
    seen: set[str] = set()
    for value in values:
        problem = social_groups_problem(value)
        if problem is None and value.rentree in seen:
            problem = f"La rentrée {value.rentree} a deux répartitions : gardez-en une seule."
        if problem is not None:
            problems["social_groups"] = problem
            return
        seen.add(value.rentree)
