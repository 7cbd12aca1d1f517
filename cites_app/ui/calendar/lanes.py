"""Side-by-side placement of overlapping séances in a day (pure arithmetic, no Qt).

Séances are grouped into clusters of transitively overlapping ones; inside a cluster each
séance takes the first lane free at its start. A séance ending when another starts does not
overlap it (as for conflicts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Placement:
    """Where a séance goes: its lane, the lanes of its cluster, and the cluster's number."""

    lane: int
    lanes: int
    cluster: int


def place(spans: Sequence[tuple[datetime, datetime]]) -> list[Placement]:
    """A placement for each span of ``spans`` (same order)."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][1], i))
    placements: dict[int, tuple[int, int]] = {}  # index -> (lane, cluster)
    cluster_lanes: list[int] = []
    lane_ends: list[datetime] = []
    cluster_end: datetime | None = None
    for index in order:
        start, end = spans[index]
        if cluster_end is None or start >= cluster_end:
            cluster_lanes.append(0)
            lane_ends = []
            cluster_end = end
        lane = next((n for n, busy in enumerate(lane_ends) if busy <= start), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(end)
        else:
            lane_ends[lane] = end
        cluster_end = max(cluster_end, end)
        cluster = len(cluster_lanes) - 1
        cluster_lanes[cluster] = max(cluster_lanes[cluster], lane + 1)
        placements[index] = (lane, cluster)
    return [
        Placement(placements[i][0], cluster_lanes[placements[i][1]], placements[i][1])
        for i in range(len(spans))
    ]
