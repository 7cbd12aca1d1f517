"""Fixtures of the establishment fiche tests: the sample territory (Grigny, Viry-Châtillon)."""

from __future__ import annotations

import pytest

from cites_app.db.database import Database
from tests.registers.sample import Sample, build_sample


@pytest.fixture
def sample(db: Database) -> Sample:
    return build_sample(db)
