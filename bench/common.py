"""What every benchmark shares: timing, tier databases made once per run, the results table."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cites_app.db.database import Database
from cites_app.db.migrate import upgrade_database
from cites_app.db.url import sqlite_url


@dataclass(frozen=True)
class Measure:
    """One figure, printed beside a baseline measured in the same run."""

    what: str
    seconds: float
    baseline: str
    baseline_seconds: float
    goal_ratio: float | None = None  # the ratio to stay under, when an issue names one
    goal_seconds: float | None = None  # an absolute target, when an issue names one
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.seconds / self.baseline_seconds if self.baseline_seconds else float("inf")

    @property
    def ok(self) -> bool | None:
        checks = []
        if self.goal_ratio is not None:
            checks.append(self.ratio <= self.goal_ratio)
        if self.goal_seconds is not None:
            checks.append(self.seconds <= self.goal_seconds)
        return all(checks) if checks else None


def median_time(action: Callable[[], object], repeat: int = 3) -> float:
    """Median wall time of ``repeat`` runs (the first run is included: caches are part of life)."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


@dataclass
class BenchContext:
    sizes: tuple[str, ...]
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="cites-bench-")))
    _demo_files: dict[str, Path] = field(default_factory=dict)
    demo_seconds: dict[str, float] = field(default_factory=dict)

    def empty_database(self, name: str) -> Path:
        path = self.workdir / f"{name}.sqlite"
        path.unlink(missing_ok=True)
        upgrade_database(sqlite_url(path), backup=False)
        return path

    def demo_file(self, size: str) -> Path:
        """The demo territory of a tier, generated once per run (and timed)."""
        if size not in self._demo_files:
            from cites_app.demo.generator import generate_demo  # noqa: PLC0415

            path = self.empty_database(f"demo-{size}")
            database = Database(sqlite_url(path))
            start = time.perf_counter()
            generate_demo(database, size=size, seed=1, rentree_year=2025)
            self.demo_seconds[size] = time.perf_counter() - start
            database.dispose()
            self._demo_files[size] = path
        return self._demo_files[size]

    def copy_of(self, size: str, name: str) -> Path:
        target = self.workdir / f"{name}.sqlite"
        shutil.copy(self.demo_file(size), target)
        return target

    def cleanup(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)
