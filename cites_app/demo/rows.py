"""Small helpers shared by the demo builders: deterministic UUIDs and id counters."""

from __future__ import annotations

import random
import uuid


def make_uuid(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID drawn from ``rng``, so that a seed gives the same database twice."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


class IdCounter:
    """Explicit primary keys let the builders reference rows before they are inserted."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        self._last += 1
        return self._last
