"""Establishments' fiches: edited by hand or added from the official open data (no Qt here).

* :class:`EstablishmentService` — ``fiches`` (create / read / update with optimistic locking
  and an audit entry), ``search`` (official candidates, flagged as already stored or outside
  the territory's communes), ``add_official`` (a candidate stored as a one-row import).
* :class:`EstablishmentData` / :class:`IpsValue` / :class:`SocialGroupsValue` — the values
  of a fiche;
  :func:`validate_establishment` — their rules, in French.
"""

from cites_app.establishments.fiche import (
    MANUAL_SOURCE,
    SOCIAL_GROUP_LABELS,
    EstablishmentData,
    IpsValue,
    SocialGroupsValue,
    rentree_problem,
    social_groups_problem,
    validate_establishment,
)
from cites_app.establishments.service import (
    CandidateMatch,
    EstablishmentFiches,
    EstablishmentService,
    candidate_data,
    changed_fields,
)

__all__ = [
    "MANUAL_SOURCE",
    "SOCIAL_GROUP_LABELS",
    "CandidateMatch",
    "EstablishmentData",
    "EstablishmentFiches",
    "EstablishmentService",
    "IpsValue",
    "SocialGroupsValue",
    "candidate_data",
    "changed_fields",
    "rentree_problem",
    "social_groups_problem",
    "validate_establishment",
]
