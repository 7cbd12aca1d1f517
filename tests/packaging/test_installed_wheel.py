"""The installed package (a wheel, not the checkout) finds its migrations and bundled data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("cites_app-*.whl")
    return built


def test_wheel_carries_migrations_and_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "cites_app/_bundled/migrations/env.py" in names
    assert any(n.startswith("cites_app/_bundled/migrations/versions/0001_") for n in names)
    assert "cites_app/_bundled/resources/calendar/calendrier_scolaire_2023-2027.csv" in names
    assert "cites_app/_bundled/resources/opendata/ips_colleges_2022-2023_national.csv" in names


@pytest.mark.slow
def test_installed_wheel_migrates_and_builds_the_demo_away_from_the_checkout(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    # PYTHONPATH puts the installed copy before the editable checkout; cwd is elsewhere.
    env = {**os.environ, "PYTHONPATH": str(target), "CITES_APP_DATA_DIR": str(tmp_path / "data")}
    probe = subprocess.run(
        [sys.executable, "-c", "import cites_app.paths as p; print(p.migrations_dir()); print(p.resources_dir())"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    migrations, resources = probe.stdout.split()
    assert Path(migrations).is_relative_to(target)
    assert Path(resources).is_relative_to(target)
    database = tmp_path / "demo.sqlite"
    result = subprocess.run(
        [sys.executable, "-m", "cites_app", "demo", "--db", str(database), "--json"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["establishments"] == 25
