"""The Windows icon (.ico) drawn from ``resources/icons/app.svg`` at build time.

One source for every size: the SVG the window already uses. An .ico holds one PNG per size
(Windows Vista and later read PNG entries), so Qt's renderer is all it takes.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def write_ico(svg: Path, out: Path, sizes: tuple[int, ...] = ICO_SIZES) -> Path:
    """Render ``svg`` at each of ``sizes`` and write them as one .ico file at ``out``."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: PLC0415
    from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: PLC0415
    from PySide6.QtSvg import QSvgRenderer  # noqa: PLC0415

    # A build machine has no screen; rendering to an image needs none.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"SVG illisible : {svg}")
    images: list[bytes] = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # PySide6 6.12 accepts only str here, although its stubs ask for bytes.
        image.save(buffer, "PNG")  # type: ignore[call-overload]
        buffer.close()
        images.append(bytes(data.data()))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(_ico_bytes(sizes, images))
    del _app
    return out


def _ico_bytes(sizes: tuple[int, ...], images: list[bytes]) -> bytes:
    """ICONDIR, one ICONDIRENTRY per image, then the PNG data (sizes of 256 are written 0)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries = b""
    for size, png in zip(sizes, images, strict=True):
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
    return header + entries + b"".join(images)
