"""Where the open-data tests find their files (copies inside the repository, never ../shared)."""

from pathlib import Path
from typing import Final

REPO_ROOT: Final = Path(__file__).resolve().parents[2]
DATA_DIR: Final = REPO_ROOT / "tests" / "data" / "opendata"
RESOURCES_DIR: Final = REPO_ROOT / "resources" / "opendata"
