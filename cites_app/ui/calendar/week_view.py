"""The week view: Monday to Saturday, 8h to 19h, séances placed by time.

Overlapping séances share the day's width in lanes; when the lanes would be too narrow to read
(a busy Wednesday afternoon), the cluster becomes a list of one-line rows, and what does not
fit becomes a « + 5 autres » chip opening a menu.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from cites_app.registers import formatting
from cites_app.registers.calendar import CalendarSeance
from cites_app.ui.calendar import colours
from cites_app.ui.calendar.base_view import PeriodView, ViewItem
from cites_app.ui.calendar.lanes import place

FIRST_HOUR = 8
LAST_HOUR = 19
DAYS = 6  # Monday to Saturday: no séance on Sundays


class WeekView(PeriodView):
    """Six day columns of hours; ``period.first`` is the Monday."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Semaine : flèches haut et bas pour passer d'une séance à l'autre")

    # -- geometry -----------------------------------------------------------------------------

    @property
    def _line(self) -> int:
        return self.fontMetrics().height()

    def _gutter(self) -> float:
        return self.fontMetrics().horizontalAdvance("19h00") + 14.0

    def _header(self) -> float:
        return round(self._line * 2.0)

    def _band(self) -> float:
        """Height of the row naming holidays, present only when the week has some."""
        return round(self._line * 1.5) if self.period is not None and self.period.days else 0.0

    def _top(self) -> float:
        return self._header() + self._band()

    def _hour_height(self) -> float:
        # Half a line below the grid so that « 19h » is not cut.
        bottom = self._line * 0.6
        return max(1.0, (self.height() - self._top() - bottom) / (LAST_HOUR - FIRST_HOUR))

    def _column_width(self) -> float:
        return max(1.0, (self.width() - self._gutter() - 1) / DAYS)

    def days(self) -> list[date]:
        if self.period is None:
            return []
        return [self.period.first + timedelta(days=i) for i in range(DAYS)]

    def day_rect(self, index: int) -> QRectF:
        """The column of day ``index`` (0 = lundi) below the header and the holiday band."""
        width = self._column_width()
        height = self._hour_height() * (LAST_HOUR - FIRST_HOUR)
        return QRectF(self._gutter() + index * width, self._top(), width, height)

    def _y(self, moment: time) -> float:
        hours = moment.hour + moment.minute / 60 - FIRST_HOUR
        hours = max(0.0, min(float(LAST_HOUR - FIRST_HOUR), hours))
        return self._top() + hours * self._hour_height()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        char = self.fontMetrics().averageCharWidth()
        return QSize(
            round(self._gutter() + DAYS * char * 9),
            round(self._header() + self._line * 1.5 + (LAST_HOUR - FIRST_HOUR) * self._line * 1.1),
        )

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        char = self.fontMetrics().averageCharWidth()
        return QSize(
            round(self._gutter() + DAYS * char * 22),
            round(self._top() + (LAST_HOUR - FIRST_HOUR) * self._line * 3),
        )

    # -- layout -------------------------------------------------------------------------------

    def layout_items(self) -> list[ViewItem]:
        assert self.period is not None
        by_day: dict[date, list[CalendarSeance]] = defaultdict(list)
        for seance in self.period.seances:
            by_day[seance.starts_at.date()].append(seance)
        items: list[ViewItem] = []
        for index, day in enumerate(self.days()):
            items += self._layout_day(index, day, by_day.get(day, []))
        return items

    def _layout_day(self, index: int, day: date, seances: list[CalendarSeance]) -> list[ViewItem]:
        if not seances:
            return []
        column = self.day_rect(index).adjusted(2, 0, -3, 0)
        minimum = self._line * 1.25
        spans = [(s.starts_at, max(s.ends_at, s.starts_at + timedelta(minutes=1))) for s in seances]
        placements = place(spans)
        clusters: dict[int, list[int]] = defaultdict(list)
        for position, placement in enumerate(placements):
            clusters[placement.cluster].append(position)
        items: list[ViewItem] = []
        narrowest = self.fontMetrics().averageCharWidth() * 10
        tops = sorted(
            (min(self._y(seances[m].starts_at.time()) for m in members), key)
            for key, members in clusters.items()
        )
        for position, (top, key) in enumerate(tops):
            members = clusters[key]
            lanes = placements[members[0]].lanes
            if lanes == 1 or column.width() / lanes >= narrowest:
                width = column.width() / lanes
                for m in members:
                    y0 = min(self._y(seances[m].starts_at.time()), column.bottom() - minimum)
                    y1 = max(self._y(seances[m].ends_at.time()), y0 + minimum)
                    rect = QRectF(column.left() + placements[m].lane * width, y0, width, y1 - y0)
                    items.append(ViewItem(rect, day, seances[m].id))
                continue
            # Too narrow for lanes: a list of rows, down to the next séances of the day (rows
            # say their start time, so using the free space below keeps them readable).
            limit = tops[position + 1][0] if position + 1 < len(tops) else column.bottom()
            items += self._stack(column, day, [seances[m] for m in members], top, limit)
        return sorted(items, key=lambda item: (item.rect.top(), item.rect.left()))

    def _stack(
        self,
        column: QRectF,
        day: date,
        seances: list[CalendarSeance],
        top: float,
        bottom: float,
    ) -> list[ViewItem]:
        """One-line rows from ``top``; a chip for what does not fit before ``bottom``."""
        row = self._line * 1.3
        top = min(top, column.bottom() - row)
        fits = max(1, math.floor((max(bottom, top + row) - top) / row))
        ordered = sorted(seances, key=lambda s: (s.starts_at, s.title, s.id))
        shown = ordered if len(ordered) <= fits else ordered[: fits - 1]
        items = [
            ViewItem(
                QRectF(column.left(), top + n * row, column.width(), row), day, s.id, compact=True
            )
            for n, s in enumerate(shown)
        ]
        hidden = tuple(s.id for s in ordered[len(shown) :])
        if hidden:
            rect = QRectF(column.left(), top + len(shown) * row, column.width(), row)
            items.append(ViewItem(rect, day, None, hidden, compact=True))
        return items

    def slot_at(self, pos: QPointF) -> datetime | None:
        for index, day in enumerate(self.days()):
            if self.day_rect(index).contains(pos):
                hours = (pos.y() - self._top()) / self._hour_height()
                half_hours = int(hours * 2)
                minutes = FIRST_HOUR * 60 + half_hours * 30
                return datetime.combine(day, time(minutes // 60, minutes % 60))
        return None

    # -- painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), colours.BACKGROUND)
            if self.period is None:
                return
            self._paint_days(painter)
            self._paint_hours(painter)
            self._paint_now(painter)
            self.paint_items(painter)
            if not self.period.seances:
                self._paint_empty(painter)
        finally:
            painter.end()

    def _paint_days(self, painter: QPainter) -> None:
        assert self.period is not None
        header = QRectF(0, 0, self.width(), self._header())
        painter.fillRect(header, colours.OUTSIDE_MONTH)
        bold = QFont(self.font())
        bold.setBold(True)
        for index, day in enumerate(self.days()):
            column = self.day_rect(index)
            info = self.period.days.get(day)
            if info is not None and info.public_holiday:
                painter.fillRect(column, colours.PUBLIC_HOLIDAY)
            elif info is not None:
                painter.fillRect(column, colours.HOLIDAY)
            elif day.weekday() == 5:
                painter.fillRect(column, colours.SATURDAY)
            label = f"{formatting.WEEKDAYS_SHORT[day.weekday()]} {day.day}"
            cell = QRectF(column.left(), 0, column.width(), self._header())
            if day == self.now.date():
                width = painter.fontMetrics().horizontalAdvance(label) + self._line
                pill = QRectF(0, 0, width, self._line * 1.4)
                pill.moveCenter(cell.center())
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colours.TODAY)
                painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
                self.text_centred(painter, cell, label, bold, colours.BACKGROUND)
            else:
                self.text_centred(painter, cell, label, bold, colours.TEXT)
        self._paint_band(painter)

    def _paint_band(self, painter: QPainter) -> None:
        """Holiday names under the day names, one label per run of days with the same name."""
        assert self.period is not None
        if not self._band():
            return
        runs: list[tuple[int, int, str, bool]] = []  # first index, last index, text, public
        for index, day in enumerate(self.days()):
            info = self.period.days.get(day)
            if info is None:
                continue
            public = info.public_holiday is not None
            text = f"Férié : {info.public_holiday}" if public else info.holiday or ""
            if runs and runs[-1][1] == index - 1 and runs[-1][2] == text:
                runs[-1] = (runs[-1][0], index, text, public)
            else:
                runs.append((index, index, text, public))
        font = QFont(self.font())
        font.setBold(True)
        for first, last, text, public in runs:
            left, right = self.day_rect(first), self.day_rect(last)
            rect = QRectF(
                left.left() + 2,
                self._header() + 2,
                right.right() - left.left() - 4,
                self._band() - 4,
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colours.PUBLIC_HOLIDAY if public else colours.HOLIDAY)
            painter.drawRoundedRect(rect, 3, 3)
            colour = colours.PUBLIC_HOLIDAY_TEXT if public else colours.HOLIDAY_TEXT
            self.text_centred(painter, rect, text, font, colour)

    def _paint_hours(self, painter: QPainter) -> None:
        gutter, top = self._gutter(), self._top()
        right = gutter + DAYS * self._column_width()
        hour = self._hour_height()
        half = QPen(colours.GRID, 1, Qt.PenStyle.DotLine)
        for n in range(LAST_HOUR - FIRST_HOUR + 1):
            y = round(top + n * hour) + 0.5
            painter.setPen(
                colours.GRID_STRONG if n in (0, LAST_HOUR - FIRST_HOUR) else colours.GRID
            )
            painter.drawLine(QPointF(gutter, y), QPointF(right, y))
            if n < LAST_HOUR - FIRST_HOUR and hour >= self._line * 1.6:
                painter.setPen(half)
                painter.drawLine(QPointF(gutter, y + hour / 2), QPointF(right, y + hour / 2))
            label = QRectF(0, y - self._line / 2, gutter - 8, self._line)
            painter.setPen(colours.MUTED)
            painter.setFont(self.font())
            painter.drawText(
                label,
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                f"{FIRST_HOUR + n}h",
            )
        painter.setPen(colours.GRID_STRONG)
        for index in range(DAYS + 1):
            x = round(gutter + index * self._column_width()) + 0.5
            painter.drawLine(QPointF(x, 0), QPointF(x, top + (LAST_HOUR - FIRST_HOUR) * hour))

    def _paint_now(self, painter: QPainter) -> None:
        days = self.days()
        today = self.now.date()
        if today not in days or not FIRST_HOUR <= self.now.hour < LAST_HOUR:
            return
        column = self.day_rect(days.index(today))
        y = self._y(self.now.time())
        painter.setPen(QPen(colours.CONFLICT, 2))
        painter.drawLine(QPointF(column.left(), y), QPointF(column.right(), y))

    def _paint_empty(self, painter: QPainter) -> None:
        area = QRectF(self._gutter(), self._top(), DAYS * self._column_width(), self._line * 4)
        painter.setFont(self.font())
        painter.setPen(colours.MUTED)
        painter.drawText(
            area.adjusted(12, 12, -12, 0),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            | int(Qt.TextFlag.TextWordWrap),
            "Aucune séance cette semaine. Double-cliquez sur un créneau pour en planifier une.",
        )
