"""Sizes of the demo territory, after the scale tiers of DESIGN.md §8."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tier:
    name: str
    establishments: int
    pupils: int
    sessions: int
    # Attendance rows follow from group sizes. Tier S keeps realistic workshop groups (12-30,
    # ~9,000 présences instead of the table's 30,000); M and L enlarge groups to approach the
    # table's attendance volume, which is what their benchmarks are about.
    attendance_target: int
    group_scale: float


TIERS: dict[str, Tier] = {
    "S": Tier("S", 20, 3_000, 600, 30_000, 1.0),
    "M": Tier("M", 150, 25_000, 5_000, 300_000, 3.0),
    "L": Tier("L", 1_000, 200_000, 50_000, 3_000_000, 3.0),
}

# Pantin (cité éducative labelled by the ANCT), then roughly its neighbours outwards: bigger
# tiers grow from Pantin. INSEE codes; names come from the open-data files themselves.
COMMUNE_ORDER: tuple[str, ...] = (
    "93055",
    "93061",
    "93045",
    "93063",
    "93008",
    "93001",
    "93053",
    "93006",
    "93048",
    "93010",
    "93029",
    "93027",
    "93066",
    "93070",
    "93005",
    "93071",
    "93014",
    "93047",
    "93031",
    "93072",
    "93039",
    "93079",
    "93059",
    "93007",
    "93013",
    "93030",
    "93078",
    "93073",
    "93046",
    "93032",
    "93050",
    "93049",
    "93051",
    "93057",
    "93064",
    "93077",
    "93033",
    "93062",
    "93074",
    "93015",
)

DEMO_DEPARTEMENT = "093"
DEMO_ACADEMIE = "Créteil"
DEMO_ZONE = "C"
