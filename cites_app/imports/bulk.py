"""Helpers for bulk work on tens of thousands of rows."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large batch of objects is built.

    Building 25,000 preview rows (and their insert parameters) makes the collector scan every
    live object again and again, for nothing: these objects hold no reference cycles and are
    freed by reference counting. Pausing it saves a fifth of an import's time. The previous
    state is restored on exit, whatever happens.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
