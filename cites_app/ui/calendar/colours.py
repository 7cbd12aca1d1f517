"""Colours and small drawings of the calendar: séance types, cancelled séances, holidays, the
warning sign of a conflict. Light fills with dark text stay readable in print and at 150 %."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen

from cites_app.models.vocabulary import ACTIVITY_KINDS


@dataclass(frozen=True)
class Swatch:
    """A strong colour (bar, legend) and a light one (fill) for one kind of séance."""

    label: str
    strong: QColor
    light: QColor


# Blue, orange and violet stay distinct for the common colour-vision deficiencies.
KIND_SWATCHES: dict[str, Swatch] = {
    "periscolaire": Swatch(ACTIVITY_KINDS["periscolaire"], QColor("#2f6db5"), QColor("#dbe8f8")),
    "orientation": Swatch(ACTIVITY_KINDS["orientation"], QColor("#c25e0c"), QColor("#fbe4cf")),
    "autre": Swatch(ACTIVITY_KINDS["autre"], QColor("#6b4fb8"), QColor("#e7e0f6")),
}
CANCELLED = Swatch("Annulée", QColor("#8a96a3"), QColor("#eef0f3"))

TEXT = QColor("#1f2933")
MUTED = QColor("#5f6b7a")
GRID = QColor("#e1e6ec")
GRID_STRONG = QColor("#c9d2dc")
BACKGROUND = QColor("#ffffff")
SATURDAY = QColor("#f7f8fa")
OUTSIDE_MONTH = QColor("#f3f5f8")
HOLIDAY = QColor("#fff2c6")
HOLIDAY_TEXT = QColor("#6b4e00")
PUBLIC_HOLIDAY = QColor("#fde1df")
PUBLIC_HOLIDAY_TEXT = QColor("#a3262a")
TODAY = QColor("#2f6db5")
FOCUS = QColor("#1f2933")
CONFLICT = QColor("#c62828")


def swatch_for(kind: str, cancelled: bool = False) -> Swatch:
    """The swatch of a séance: grey when cancelled, else its activity type's."""
    if cancelled:
        return CANCELLED
    return KIND_SWATCHES.get(kind, KIND_SWATCHES["autre"])


def draw_warning(painter: QPainter, rect: QRectF) -> None:
    """A red triangle with a white « ! » (the conflict sign), fitted in ``rect``."""
    side = min(rect.width(), rect.height())
    box = QRectF(rect.center().x() - side / 2, rect.center().y() - side / 2, side, side)
    path = QPainterPath()
    path.moveTo(QPointF(box.center().x(), box.top()))
    path.lineTo(box.bottomRight())
    path.lineTo(box.bottomLeft())
    path.closeSubpath()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#ffffff"), 1))
    painter.setBrush(CONFLICT)
    painter.drawPath(path)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(6, round(side * 0.62)))
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(box.adjusted(0, side * 0.22, 0, 0), Qt.AlignmentFlag.AlignCenter, "!")
    painter.restore()


def paint_legend_swatch(painter: QPainter, kind: str, box: QRectF) -> None:
    """A sample of ``kind``: a séance type ("periscolaire"…), "cancelled", "conflict",
    "holiday" or "public_holiday", drawn in ``box``."""
    painter.save()
    if kind == "conflict":
        draw_warning(painter, QRectF(box.left(), box.top(), box.height(), box.height()))
    elif kind in ("holiday", "public_holiday"):
        painter.setPen(QPen(GRID_STRONG, 1))
        painter.setBrush(HOLIDAY if kind == "holiday" else PUBLIC_HOLIDAY)
        painter.drawRect(box)
    else:
        swatch = swatch_for(kind, kind == "cancelled")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(swatch.light)
        painter.drawRoundedRect(box, 2, 2)
        painter.setBrush(swatch.strong)
        painter.drawRect(QRectF(box.left(), box.top(), 4, box.height()))
        if kind == "cancelled":
            painter.setPen(QPen(swatch.strong, 1.5))
            middle = box.center().y()
            painter.drawLine(QPointF(box.left() + 7, middle), QPointF(box.right() - 3, middle))
    painter.restore()
