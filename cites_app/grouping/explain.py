"""One French line per pupil saying where the composition put it and why.

« Placée dans le groupe B : seule élève de l'école Jean Jaurès du groupe, équilibre
filles/garçons » ; « En liste d'attente : 14 h déjà suivies cette année, contre 3 h en moyenne
pour les placés ». The reasons are read from the final groups (not from the search's history),
so a group edited by hand is explained the same way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from cites_app.grouping.candidates import Candidate, CandidatePool
from cites_app.grouping.problem import Targets, priority_key
from cites_app.scheduling.group_mix import GroupMix


def format_hours(hours: float) -> str:
    """« 3 h », « 2,5 h »."""
    if abs(hours - round(hours)) < 0.05:
        return f"{round(hours)} h"
    return f"{hours:.1f} h".replace(".", ",")


def _agree(candidate: Candidate, masculine: str, feminine: str) -> str:
    if candidate.sex == "F":
        return feminine
    if candidate.sex == "M":
        return masculine
    return f"{masculine}(e)"


def of_school(name: str) -> str:
    """« de l'École élémentaire Jean Jaurès », « du Collège Jean Lolive », « de Sainte-Marthe »."""
    first = name.split(" ", 1)[0].lower()
    if first in ("collège", "college", "lycée", "lycee", "groupe"):
        return f"du {name}"
    if name[:1].lower() in "aeiouyéèêàâîôûh":
        return f"de l'{name}"
    return f"de {name}"


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


@dataclass(frozen=True)
class ExplanationContext:
    """What the explanations compare a pupil with."""

    pool: CandidatePool
    targets: Targets
    names: Sequence[str]
    members: Sequence[Sequence[Candidate]]
    mixes: Sequence[GroupMix]
    waiting: Sequence[Candidate]
    partners: dict[int, list[int]]

    @cached_property
    def placed(self) -> list[Candidate]:
        """Every placed pupil."""
        return [c for group in self.members for c in group]

    @cached_property
    def girls_share(self) -> float | None:
        """Share of girls among the placed pupils whose sex is known."""
        known = [c for c in self.placed if c.sex in ("F", "M")]
        return sum(c.sex == "F" for c in known) / len(known) if known else None

    @cached_property
    def qpv_share(self) -> float:
        """Share of QPV residents among the placed pupils."""
        placed = self.placed
        return sum(c.qpv == "oui" for c in placed) / len(placed) if placed else 0.0

    @cached_property
    def placed_hours(self) -> float:
        """Mean hours so far of the placed pupils."""
        return _mean([c.hours_so_far for c in self.placed])

    @cached_property
    def placed_school_hours(self) -> float:
        """Mean hours per pupil of the placed pupils' schools."""
        return _mean([c.school_hours_per_pupil for c in self.placed])


def explain_placed(candidate: Candidate, group: int, context: ExplanationContext) -> str:
    """« Placée dans le groupe B : … »."""
    reasons: list[str] = []
    members, mix = context.members[group], context.mixes[group]
    together = [p for p in context.partners.get(candidate.id, []) if p in {m.id for m in members}]
    if together:
        reasons.append("avec " + ", ".join(f"l'élève n° {p}" for p in together) + " comme demandé")
    groups = len(context.members)
    free = [g for g in range(groups) if context.pool.is_available(candidate.id, g)]
    if groups > 1 and free == [group]:
        reasons.append("seul groupe libre au moment de ses autres activités")
    if context.waiting:
        waiting_hours = [c.hours_so_far for c in context.waiting]
        if math.floor(candidate.hours_so_far) < math.floor(min(waiting_hours)):
            followed = "suivie" if candidate.hours_so_far < 2 else "suivies"
            reasons.append(
                f"prioritaire : {format_hours(candidate.hours_so_far)} {followed} cette année, "
                f"contre {format_hours(_mean(waiting_hours))} en moyenne pour la liste d'attente"
            )
    same_school = sum(m.establishment_id == candidate.establishment_id for m in members)
    school = candidate.school_label
    if same_school == 1 and mix.size > 1:
        reasons.append(f"{_agree(candidate, 'seul', 'seule')} élève {of_school(school)} du groupe")
    elif mix.size > 1:
        reasons.append(f"{same_school} élèves {of_school(school)} sur {mix.size}")
    balance = _balance(candidate, mix, context)
    if balance:
        reasons.append(balance)
    verb = _agree(candidate, "Placé", "Placée")
    where = context.names[group].replace("Groupe", "groupe")
    if not reasons:
        return f"{verb} dans le {where}."
    return f"{verb} dans le {where} : " + ", ".join(reasons[:3])


def _balance(candidate: Candidate, mix: GroupMix, context: ExplanationContext) -> str | None:
    share = context.girls_share
    if candidate.sex in ("F", "M") and share is not None and 0 < share < 1 and mix.size > 1:
        known = mix.girls + mix.boys
        if abs(mix.girls - share * known) <= 1:
            return f"équilibre filles/garçons ({mix.girls} F, {mix.boys} G)"
    qpv = mix.qpv_share
    if candidate.qpv == "oui" and qpv is not None and abs(qpv - context.qpv_share) <= 0.1:
        return f"part d'élèves des QPV proche de l'ensemble ({round(qpv * 100)} %)"
    if len(mix.niveaux) > 1:
        return "mélange des niveaux"
    return None


def explain_waiting(candidate: Candidate, context: ExplanationContext) -> str:
    """« En liste d'attente : … »."""
    return "En liste d'attente : " + _waiting_reason(candidate, context)


def _waiting_reason(candidate: Candidate, context: ExplanationContext) -> str:
    for reason in (
        _busy_reason,
        _hours_reason,
        _school_reason,
        _share_reason,
        _partner_reason,
        _order_reason,
    ):
        text = reason(candidate, context)
        if text:
            return text
    return "toutes les places sont prises ; à priorité égale, ce choix mélange mieux les groupes"


def _free_groups(candidate: Candidate, context: ExplanationContext) -> list[int]:
    return [g for g in range(len(context.members)) if context.pool.is_available(candidate.id, g)]


def _busy_reason(candidate: Candidate, context: ExplanationContext) -> str | None:
    if _free_groups(candidate, context):
        return None
    reason = context.pool.unavailable.get((candidate.id, 0), "pris ailleurs")
    extra = " (et de même pour chaque groupe)" if len(context.members) > 1 else ""
    return f"{reason}, en même temps que les séances{extra}"


def _hours_reason(candidate: Candidate, context: ExplanationContext) -> str | None:
    placed = context.placed
    if not placed:
        return "aucun élève n'a pu être placé"
    mean_hours = context.placed_hours
    if math.floor(candidate.hours_so_far) <= math.floor(mean_hours):
        return None
    return (
        f"{format_hours(candidate.hours_so_far)} déjà suivies cette année, contre "
        f"{format_hours(mean_hours)} en moyenne pour les placés"
    )


def _school_reason(candidate: Candidate, context: ExplanationContext) -> str | None:
    school_mean = context.placed_school_hours
    if math.floor(candidate.school_hours_per_pupil) <= math.floor(school_mean):
        return None
    return (
        f"{candidate.school_label} a déjà {format_hours(candidate.school_hours_per_pupil)} "
        f"d'activités par élève cette année, contre {format_hours(school_mean)} en moyenne "
        "pour les établissements des placés"
    )


def _partner_reason(candidate: Candidate, context: ExplanationContext) -> str | None:
    partners = context.partners.get(candidate.id, [])
    if not partners:
        return None
    return (
        "doit rester avec "
        + ", ".join(f"l'élève n° {p}" for p in partners)
        + " et aucun groupe n'a la place pour eux"
    )


def _order_reason(candidate: Candidate, context: ExplanationContext) -> str | None:
    if priority_key(candidate) <= max(priority_key(c) for c in context.placed):
        return None
    text = "toutes les places sont prises, à heures égales, par des élèves inscrits avant"
    if candidate.status == "attente" and candidate.waiting_rank:
        text += f" ; n° {candidate.waiting_rank} sur la liste d'attente actuelle"
    return text


def _share_reason(candidate: Candidate, context: ExplanationContext) -> str | None:
    share = context.targets.max_school_share
    if share is None or share >= 1:
        return None
    free = _free_groups(candidate, context)
    capacities = context.targets.capacities
    room = [
        g for g in free if capacities[g] is None or context.mixes[g].size < (capacities[g] or 0)
    ]
    if not room:
        return None
    blocked = all(
        sum(m.establishment_id == candidate.establishment_id for m in context.members[g]) + 1
        > share * (context.mixes[g].size + 1) + 1e-9
        for g in room
    )
    if not blocked:
        return None
    return (
        f"{candidate.school_label} atteint déjà {round(share * 100)} % des groupes où il reste "
        "de la place"
    )
