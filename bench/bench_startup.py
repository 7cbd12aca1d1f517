"""Launch to first painted main window on tier M, beside a bare PySide6 window (goal ≤ 3×).

Also printed: launch to the home page's figures on screen (data opened, pages built, figures
computed in a worker), against the same bare window.
"""

from __future__ import annotations

import os
import queue
import shutil
import statistics
import subprocess
import sys
import threading
import time

from bench.common import BenchContext, Measure

RUNS = 5


def _launch(args: list[str], env: dict[str, str], marks: tuple[str, ...]) -> dict[str, float]:
    """Seconds from launch to each of ``marks`` printed by the probe (60 s at most)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.startup_probe", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines: queue.Queue[tuple[str, float]] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put((line.strip(), time.perf_counter() - start))

    threading.Thread(target=read, daemon=True).start()
    seen: dict[str, float] = {}
    try:
        while len(seen) < len(marks):
            line, at = lines.get(timeout=60)
            if line in marks:
                seen[line] = at
    except queue.Empty:
        process.kill()
        _, err = process.communicate()
        raise RuntimeError(f"{' '.join(args)} : marques {marks} non vues ; {err[-2000:]}") from None
    process.communicate(timeout=60)
    return seen


def run(ctx: BenchContext) -> list[Measure]:
    if "M" not in ctx.sizes:
        return []
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CITES_APP_DATA_DIR": str(ctx.workdir)}
    source = ctx.demo_file("M")
    bare: list[float] = []
    painted: list[float] = []
    ready: list[float] = []
    for index in range(RUNS):  # interleaved, so machine noise hits both alike
        bare.append(_launch(["bare"], env, ("PAINTED",))["PAINTED"])
        copy = ctx.workdir / f"startup-{index}.sqlite"
        shutil.copy(source, copy)
        times = _launch(["app", str(copy)], env, ("PAINTED", "READY"))
        painted.append(times["PAINTED"])
        ready.append(times["READY"])
    floor = statistics.median(bare)
    note = (
        f"médianes de {RUNS} lancements, base de taille M ; la sauvegarde de démarrage "
        "se fait en tâche de fond"
    )
    return [
        Measure(
            what="démarrage → fenêtre principale peinte (M)",
            seconds=statistics.median(painted),
            baseline="fenêtre PySide6 nue",
            baseline_seconds=floor,
            goal_ratio=3.0,
            note=note,
        ),
        Measure(
            what="démarrage → chiffres de l'accueil affichés (M)",
            seconds=statistics.median(ready),
            baseline="fenêtre PySide6 nue",
            baseline_seconds=floor,
        ),
    ]
