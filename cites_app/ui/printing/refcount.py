"""A guard against a reference-count bug of PySide6 6.12.0 on CPython 3.11.

With that pair, every call of a Qt method that returns ``void`` (``painter.setPen``,
``font.setBold``, ``object.setObjectName``…) releases one reference to ``None`` that it never
took. After a few thousand calls ``None``'s count reaches zero and Python aborts with « Fatal
Python error: none_dealloc: deallocating None ». Drawing a week of émargement sheets makes
tens of thousands of such calls. CPython 3.12 made ``None`` immortal, so the guard does nothing
there; with a fixed PySide6 the measured loss is zero and it does nothing either.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def none_refcount_guard() -> Iterator[None]:
    """Give back, after the block, the references to ``None`` lost during it."""
    if sys.version_info >= (3, 12):
        yield
        return
    before = sys.getrefcount(None)
    try:
        yield
    finally:
        lost = before - sys.getrefcount(None)
        # A bare increment, owned by nothing: a list holding the references would give them
        # back when the interpreter clears its modules, and Python would abort at exit.
        none = ctypes.py_object(None)
        for _ in range(max(0, lost)):
            ctypes.pythonapi.Py_IncRef(none)
