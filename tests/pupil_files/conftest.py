"""Shared fixtures: the stored corpus and a fixed « today » so birth-date checks are stable."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cites_app.pupil_files import PupilFile, read_pupil_file
from tests.pupil_files.make_corpus import CORPUS

TODAY = date(2025, 9, 1)


@pytest.fixture
def corpus() -> Path:
    """Folder of the stored sample and malformed files."""
    return CORPUS


def read(name: str) -> PupilFile:
    """Read a corpus file as the application would, on 1 September 2025."""
    return read_pupil_file(CORPUS / name, today=TODAY)


def messages(result: PupilFile) -> list[str]:
    """The French one-line texts of a file's issues, in order."""
    return [str(issue) for issue in result.issues]
