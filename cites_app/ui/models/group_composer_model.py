"""The French texts of « Composer les groupes », read from a :class:`Composition` (no Qt).

Kept apart from the dialog so that the wording — one line per pupil, a header per group, the
comparison with chance — is written once and can be tested without widgets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select

from cites_app.db.database import Database
from cites_app.grouping import Candidate, Composition, ProposedGroup
from cites_app.models import Pupil
from cites_app.registers import formatting
from cites_app.scheduling.conflict_queries import chunks

_SEX = {"F": "F", "M": "G"}
_QPV = {"oui": "QPV", "non": "hors QPV"}


@dataclass(frozen=True)
class Proposal:
    """What the worker hands back: the composition and the pupils' names (display only)."""

    composition: Composition
    names: Mapping[int, str]


def pupil_names(database: Database, pupil_ids: Iterable[int]) -> dict[int, str]:
    """« DUPONT Léa » for each pupil, read in one query per 500 ids (names never leave the
    window: the composition itself holds ids only)."""
    names: dict[int, str] = {}
    with database.session() as session:
        for chunk in chunks(list(pupil_ids)):
            rows = session.execute(
                select(Pupil.id, Pupil.last_name, Pupil.first_name).where(Pupil.id.in_(chunk))
            )
            for pupil_id, last, first in rows:
                names[pupil_id] = f"{(last or '').upper()} {first or ''}".strip()
    return names


def rate(value: float | None) -> str:
    """« 0,74 » (two decimals, French comma), « — » when undefined."""
    return "—" if value is None else formatting.decimal(value, 2)


def pupil_line(candidate: Candidate, names: Mapping[int, str]) -> str:
    """« DUPONT Léa · École Jules-Ferry · CM1 · F · QPV »."""
    name = names.get(candidate.id) or f"Élève n° {candidate.id}"
    parts = [
        name,
        candidate.school_label,
        candidate.niveau or "niveau ?",
        _SEX.get(candidate.sex or "", "?"),
        _QPV.get(candidate.qpv, "QPV ?"),
    ]
    return " · ".join(parts)


def group_header(group: ProposedGroup) -> str:
    """Two lines: « Groupe A — 10 élèves / 12 places » then « Contact 0,74 (hasard 0,70) ·
    5 établissements »."""
    mix = group.mix
    size = formatting.count(mix.size, "élève", "élèves")
    places = "" if group.capacity is None else f" / {group.capacity} places"
    chance = group.random_contact_rate
    against = "" if chance is None else f" (hasard {rate(chance.mean)})"
    schools = formatting.count(mix.schools_represented, "établissement", "établissements")
    return f"{group.name} — {size}{places}\nContact {rate(mix.contact_rate)}{against} · {schools}"


def group_details(group: ProposedGroup) -> str:
    """The group's tooltip: séances, girls/boys, QPV share, niveaux, largest school."""
    mix = group.mix
    lines = [group.track.description or "Séances : toutes celles de l'activité"]
    lines.append(
        f"{mix.girls} fille{'s' if mix.girls > 1 else ''}, {mix.boys} garçon"
        f"{'s' if mix.boys > 1 else ''}"
    )
    if mix.size:
        lines.append(f"Résidents QPV : {formatting.percent(mix.qpv_yes / mix.size)}")
    if mix.niveaux:
        lines.append("Niveaux : " + ", ".join(f"{n} {k}" for n, k in mix.niveaux.items() if k))
    largest = mix.largest_school
    if largest is not None:
        lines.append(
            f"Établissement le plus présent : {largest.name} ({formatting.percent(largest.share)})"
        )
    return "\n".join(lines)


def waiting_header(composition: Composition) -> str:
    """« Liste d'attente — 3 élèves »."""
    count = formatting.count(len(composition.waiting), "élève", "élèves")
    return f"Liste d'attente — {count}\npar ordre de priorité"


def summary(composition: Composition) -> str:
    """« Taux de contact moyen : 0,97 contre 0,94 en moyenne au hasard, 0,95 pour les 5 % de
    tirages les plus mélangés — mieux que le hasard. »"""
    if composition.contact_rate is None:
        return "Taux de contact moyen : non calculable (moins de deux élèves par groupe)."
    text = f"Taux de contact moyen : {rate(composition.contact_rate)}"
    chance = None if composition.random is None else composition.random.contact_rate
    if chance is None:
        return text + "."
    text += f" contre {rate(chance.mean)} en moyenne au hasard"
    if chance.p95 is not None:
        text += f", {rate(chance.p95)} pour les 5 % de tirages les plus mélangés"
    verdict = composition.beats_chance
    if verdict is True:
        text += " — mieux que le hasard"
    elif verdict is False:
        text += " — pas mieux que le hasard"
    return text + "."


def violations_text(composition: Composition) -> str:
    """The targets missed, one per line (empty when none): « Impossible : … » when the request
    itself cannot hold (nothing proposed), « Contrainte non respectée : … » after a search or a
    hand-made move."""
    prefix = "Impossible" if not composition.groups else "Contrainte non respectée"
    return "\n".join(f"{prefix} : {v.message}" for v in composition.violations)


def destinations(composition: Composition) -> list[tuple[str, int | None]]:
    """Where a pupil can be moved: each group, then the waiting list (None)."""
    return [(g.name, g.index) for g in composition.groups] + [("Liste d'attente", None)]
