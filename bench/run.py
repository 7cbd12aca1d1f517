"""Run the benchmarks: ``.venv/bin/python -m bench.run [--only NAME ...] [--sizes S,M,L]``.

Every figure is printed beside a baseline measured in the same run on the same machine, as a
ratio, with the goal an issue names (if any). Benchmarks live in ``bench/bench_*.py`` and expose
``run(ctx: BenchContext) -> list[Measure]``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from pathlib import Path

from bench.common import BenchContext, Measure

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _modules(only: list[str]) -> list[str]:
    names = sorted(
        info.name
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if info.name.startswith("bench_")
    )
    if only:
        names = [n for n in names if any(o in n for o in only)]
    return names


def _print(measures: list[Measure]) -> None:
    header = f"{'mesure':58} {'temps':>9} {'référence':>32} {'ratio':>7}  objectif"
    print(header)
    print("-" * len(header))
    for m in measures:
        goal = []
        if m.goal_ratio is not None:
            goal.append(f"≤ {m.goal_ratio:g}×")
        if m.goal_seconds is not None:
            goal.append(f"≤ {m.goal_seconds:g} s")
        status = {True: "OK", False: "NON ATTEINT", None: ""}[m.ok]
        print(
            f"{m.what:58} {m.seconds:8.3f}s {m.baseline[:22]:>22} {m.baseline_seconds:8.3f}s "
            f"{m.ratio:6.2f}×  {' et '.join(goal)} {status}".rstrip()
        )
        if m.note:
            print(f"    {m.note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", default=[], help="benchmarks dont le nom contient…")
    parser.add_argument("--sizes", default="S,M,L", help="tailles de démo (défaut : S,M,L)")
    args = parser.parse_args(argv)
    ctx = BenchContext(sizes=tuple(s for s in args.sizes.split(",") if s))
    measures: list[Measure] = []
    failed: list[str] = []
    try:
        for name in _modules(args.only):
            print(f"… {name}", file=sys.stderr, flush=True)
            try:
                module = importlib.import_module(f"bench.{name}")
                measures.extend(module.run(ctx))
            except Exception as exc:  # one broken benchmark must not hide the others' figures
                failed.append(f"{name} : {exc!r}")
    finally:
        ctx.cleanup()
    _print(measures)
    for line in failed:
        print(f"ÉCHEC {line}")
    return 1 if failed or any(m.ok is False for m in measures) else 0


if __name__ == "__main__":
    sys.exit(main())
