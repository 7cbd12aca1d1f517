"""Icons drawn for the application (SVG files in ``resources/icons``)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from cites_app.paths import resources_dir


def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg``; Qt renders SVG sharply at any scaling."""
    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))


def navigation_icon(name: str) -> QIcon:
    """A navigation icon, drawn white when its item is selected (on the blue highlight)."""
    result = QIcon()
    folder = resources_dir() / "icons"
    result.addFile(str(folder / f"{name}.svg"), QSize(), QIcon.Mode.Normal)
    result.addFile(str(folder / f"{name}-selected.svg"), QSize(), QIcon.Mode.Selected)
    return result
