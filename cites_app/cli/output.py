"""Printing results: French text for people, JSON for scripts."""

from __future__ import annotations

import json
import sys
from typing import Any


class CommandError(Exception):
    """A failure to report to the user in French; the command exits non-zero."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def print_json(payload: Any) -> None:
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def say(message: str) -> None:
    print(message)


def warn(message: str) -> None:
    print(message, file=sys.stderr)
