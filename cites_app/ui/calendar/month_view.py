"""The month view: whole weeks from Monday to Sunday, one line per séance in each day.

``period.first`` is the Monday of the first week shown and ``period.last`` the Sunday of the
last one; ``month`` says which month is the page's (the other days are greyed).
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from cites_app.registers import formatting
from cites_app.registers.calendar import CalendarPeriod, CalendarSeance
from cites_app.ui.calendar import colours
from cites_app.ui.calendar.base_view import PeriodView, ViewItem

# A double-click on a day proposes a séance at this time (Wednesday afternoons are the rule).
DEFAULT_START = time(14, 0)


class MonthView(PeriodView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.month = date.today().replace(day=1)
        self.setAccessibleName("Mois : flèches haut et bas pour passer d'une séance à l'autre")

    def set_month(self, period: CalendarPeriod, month: date, now: datetime) -> None:
        self.month = month.replace(day=1)
        self.set_period(period, now)

    # -- geometry -----------------------------------------------------------------------------

    @property
    def _line(self) -> int:
        return self.fontMetrics().height()

    def _header(self) -> float:
        return round(self._line * 1.7)

    def weeks(self) -> int:
        if self.period is None:
            return 0
        return ((self.period.last - self.period.first).days + 1) // 7

    def cell_rect(self, day: date) -> QRectF:
        assert self.period is not None
        offset = (day - self.period.first).days
        width = (self.width() - 1) / 7
        height = (self.height() - self._header() - 1) / max(1, self.weeks())
        return QRectF((offset % 7) * width, self._header() + (offset // 7) * height, width, height)

    def _number_rect(self, cell: QRectF) -> QRectF:
        return QRectF(cell.left() + 3, cell.top() + 2, cell.width() - 6, self._line * 1.35)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        char = self.fontMetrics().averageCharWidth()
        return QSize(char * 7 * 9, round(self._header() + 6 * self._line * 3.2))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        char = self.fontMetrics().averageCharWidth()
        return QSize(char * 7 * 20, round(self._header() + 6 * self._line * 6))

    def days(self) -> list[date]:
        if self.period is None:
            return []
        return [self.period.first + timedelta(days=i) for i in range(self.weeks() * 7)]

    # -- layout -------------------------------------------------------------------------------

    def layout_items(self) -> list[ViewItem]:
        assert self.period is not None
        by_day: dict[date, list[CalendarSeance]] = defaultdict(list)
        for seance in self.period.seances:
            by_day[seance.starts_at.date()].append(seance)
        row = self._line * 1.3
        items: list[ViewItem] = []
        for day in self.days():
            seances = by_day.get(day, [])
            if not seances:
                continue
            cell = self.cell_rect(day)
            top = self._number_rect(cell).bottom() + 1
            if day in self.period.days:
                top += self._line * 1.15  # the holiday's name takes a line
            fits = max(1, math.floor((cell.bottom() - 2 - top) / row))
            shown = seances if len(seances) <= fits else seances[: fits - 1]
            for n, seance in enumerate(shown):
                rect = QRectF(cell.left() + 2, top + n * row, cell.width() - 4, row)
                items.append(ViewItem(rect, day, seance.id, compact=True))
            hidden = tuple(s.id for s in seances[len(shown) :])
            if hidden:
                rect = QRectF(cell.left() + 2, top + len(shown) * row, cell.width() - 4, row)
                items.append(ViewItem(rect, day, None, hidden, compact=True))
        return items

    def slot_at(self, pos: QPointF) -> datetime | None:
        for day in self.days():
            if self.cell_rect(day).contains(pos):
                return datetime.combine(day, DEFAULT_START)
        return None

    def day_at(self, pos: QPointF) -> date | None:
        """The day whose number was clicked (it opens that day's week)."""
        for day in self.days():
            if self._number_rect(self.cell_rect(day)).contains(pos):
                return day
        return None

    # -- painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), colours.BACKGROUND)
            if self.period is None:
                return
            self._paint_header(painter)
            self._paint_cells(painter)
            self.paint_items(painter)
        finally:
            painter.end()

    def _paint_header(self, painter: QPainter) -> None:
        header = QRectF(0, 0, self.width(), self._header())
        painter.fillRect(header, colours.OUTSIDE_MONTH)
        bold = QFont(self.font())
        bold.setBold(True)
        width = (self.width() - 1) / 7
        for index, name in enumerate(formatting.WEEKDAYS):
            cell = QRectF(index * width, 0, width, self._header())
            metrics = painter.fontMetrics()
            label = (
                name
                if metrics.horizontalAdvance(name) < width - 8
                else formatting.WEEKDAYS_SHORT[index]
            )
            self.text_centred(painter, cell, label, bold, colours.TEXT)

    def _paint_cells(self, painter: QPainter) -> None:
        assert self.period is not None
        bold = QFont(self.font())
        bold.setBold(True)
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.92)
        small.setBold(True)
        for day in self.days():
            cell = self.cell_rect(day)
            info = self.period.days.get(day)
            inside = day.month == self.month.month and day.year == self.month.year
            if info is not None and info.public_holiday:
                painter.fillRect(cell, colours.PUBLIC_HOLIDAY)
            elif info is not None:
                painter.fillRect(cell, colours.HOLIDAY)
            elif not inside:
                painter.fillRect(cell, colours.OUTSIDE_MONTH)
            elif day.weekday() >= 5:
                painter.fillRect(cell, colours.SATURDAY)
            painter.setPen(colours.GRID_STRONG)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(cell)
        # Second pass: a holiday's name spans its days, over the lines between them.
        for day in self.days():
            cell = self.cell_rect(day)
            info = self.period.days.get(day)
            inside = day.month == self.month.month and day.year == self.month.year
            number = self._number_rect(cell)
            text = (
                f"{day.day} {formatting.MONTHS_SHORT[day.month - 1]}"
                if day.day == 1
                else str(day.day)
            )
            if day == self.now.date():
                width = painter.fontMetrics().horizontalAdvance(text) + self._line * 0.8
                pill = QRectF(number.left(), number.top() + 1, width, number.height() - 2)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colours.TODAY)
                painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
                self.text_centred(painter, pill, text, bold, colours.BACKGROUND)
            else:
                painter.setFont(bold)
                painter.setPen(colours.TEXT if inside else colours.MUTED)
                painter.drawText(
                    number.adjusted(3, 0, 0, 0),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    text,
                )
            if info is not None and (info.public_holiday or self._starts_run(day)):
                public = info.public_holiday is not None
                span = 1 if public else self._run_length(day)
                label = QRectF(
                    cell.left() + 5, number.bottom(), cell.width() * span - 8, self._line * 1.1
                )
                words = f"Férié : {info.public_holiday}" if public else info.holiday or ""
                colour = colours.PUBLIC_HOLIDAY_TEXT if public else colours.HOLIDAY_TEXT
                painter.fillRect(label, colours.PUBLIC_HOLIDAY if public else colours.HOLIDAY)
                self._left_text(painter, label, words, small, colour)

    def _run_length(self, day: date) -> int:
        """Days from ``day`` to the end of its holiday within the week row."""
        assert self.period is not None
        info = self.period.days.get(day)
        length = 1
        following = day + timedelta(days=1)
        while following.weekday() != 0:
            nxt = self.period.days.get(following)
            if nxt is None or nxt.public_holiday or info is None or nxt.holiday != info.holiday:
                break
            length += 1
            following += timedelta(days=1)
        return length

    def _starts_run(self, day: date) -> bool:
        """True for the first day of a holiday in its week row (the name is written there)."""
        assert self.period is not None
        before = self.period.days.get(day - timedelta(days=1))
        info = self.period.days.get(day)
        return (
            day.weekday() == 0
            or before is None
            or info is None
            or before.public_holiday is not None
            or before.holiday != info.holiday
        )

    def _left_text(
        self, painter: QPainter, rect: QRectF, text: str, font: QFont, colour: QColor
    ) -> None:
        painter.setFont(font)
        painter.setPen(colour)
        elided = painter.fontMetrics().elidedText(
            text, Qt.TextElideMode.ElideRight, int(rect.width())
        )
        painter.drawText(
            rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), elided
        )
