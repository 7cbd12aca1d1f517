"""What the week and month views share: the period shown, clickable items, keyboard, tooltips.

A view lays its items out (séance blocks and « +3 autres » chips) once per period, resize or
font change, and keeps them for painting and hit-testing: ``items()`` is what tests and the
accessibility text read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QMenu, QToolTip, QWidget

from cites_app.models.vocabulary import ACTIVITY_KINDS
from cites_app.registers import formatting
from cites_app.registers.calendar import CalendarPeriod, CalendarSeance
from cites_app.scheduling import Conflict
from cites_app.ui.calendar import colours


@dataclass(frozen=True)
class ViewItem:
    """A clickable thing drawn by a view: a séance, or a chip standing for hidden séances."""

    rect: QRectF
    day: date
    session_id: int | None = None  # None for a chip
    hidden: tuple[int, ...] = ()  # the séances behind a chip
    compact: bool = False  # drawn on one line

    @property
    def is_chip(self) -> bool:
        return self.session_id is None


def describe_seance(seance: CalendarSeance, conflicts: list[Conflict]) -> str:
    """Several lines about a séance, for its tooltip and the screen reader."""
    lines = [
        f"{seance.title} ({ACTIVITY_KINDS.get(seance.kind, seance.kind)})",
        f"{formatting.long_date(seance.starts_at.date())}, "
        f"{formatting.time_range(seance.starts_at, seance.ends_at)}",
        seance.venue or "Lieu non renseigné",
    ]
    places = f" sur {seance.capacity} places" if seance.capacity else ""
    lines.append(f"{formatting.count(seance.registered, 'inscrit', 'inscrits')}{places}")
    if seance.cancelled:
        lines.append(f"Annulée : {seance.cancel_reason or 'motif non précisé'}")
    for conflict in conflicts:
        lines.append(f"⚠ {conflict.label} : {conflict.message}")
    return "\n".join(lines)


def one_line(seance: CalendarSeance) -> str:
    """« 14h00–16h30 · Atelier échecs · Médiathèque (annulée) » for menus."""
    parts = [formatting.time_range(seance.starts_at, seance.ends_at), seance.title]
    if seance.venue:
        parts.append(seance.venue)
    return " · ".join(parts) + (" (annulée)" if seance.cancelled else "")


class PeriodView(QWidget):
    """Base of the painted views; subclasses implement ``layout_items`` and ``paintEvent``."""

    # A séance was clicked, or chosen with the keyboard (Entrée): open it.
    session_activated = Signal(int)
    # Double-click on an empty place: propose a new séance at that moment (a datetime).
    slot_activated = Signal(object)
    # A day was chosen (its number in the month view): show its week (a date).
    day_activated = Signal(object)
    # The wheel asks for the previous (-1) or next (+1) period.
    step_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoFillBackground(False)
        self.period: CalendarPeriod | None = None
        self.conflicts: dict[int, list[Conflict]] = {}
        self.now = datetime.now()
        self._by_id: dict[int, CalendarSeance] = {}
        self._items: list[ViewItem] = []
        self._focus = -1
        self.overflow_menu: QMenu | None = None
        self._wheel = 0

    # -- data ---------------------------------------------------------------------------------

    def set_period(self, period: CalendarPeriod, now: datetime) -> None:
        """Show ``period``; conflicts are cleared until ``set_conflicts`` brings them."""
        previous = self.focused_session()
        self.period, self.now = period, now
        self.conflicts = {}
        self._by_id = {seance.id: seance for seance in period.seances}
        self.relayout()
        ids = [item.session_id for item in self._items]
        self._focus = ids.index(previous) if previous is not None and previous in ids else -1
        self._announce()

    def set_conflicts(self, conflicts: dict[int, list[Conflict]]) -> None:
        self.conflicts = conflicts
        self.update()

    def seance(self, session_id: int) -> CalendarSeance:
        return self._by_id[session_id]

    def items(self) -> list[tuple[int, QRectF, QColor]]:
        """Visible séances: (id, rectangle in the widget, colour of their type or grey)."""
        return [
            (
                item.session_id,
                item.rect,
                colours.swatch_for(
                    self._by_id[item.session_id].kind, self._by_id[item.session_id].cancelled
                ).strong,
            )
            for item in self._items
            if item.session_id is not None
        ]

    def view_items(self) -> list[ViewItem]:
        """Every item, chips included, in reading order (the keyboard's order)."""
        return list(self._items)

    def focused_session(self) -> int | None:
        if 0 <= self._focus < len(self._items):
            return self._items[self._focus].session_id
        return None

    # -- layout, to implement -------------------------------------------------------------------

    def layout_items(self) -> list[ViewItem]:
        raise NotImplementedError

    def slot_at(self, pos: QPointF) -> datetime | None:
        """The moment a double-click at ``pos`` proposes for a new séance (None: not a slot)."""
        raise NotImplementedError

    def day_at(self, pos: QPointF) -> date | None:
        """The day whose header (or number) is at ``pos``, if any."""
        return None

    def relayout(self) -> None:
        self._items = self.layout_items() if self.period is not None else []
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.relayout()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.FontChange:
            self.relayout()
        super().changeEvent(event)

    # -- mouse and keyboard ---------------------------------------------------------------------

    def item_at(self, pos: QPointF) -> int:
        for index in range(len(self._items) - 1, -1, -1):  # last painted is on top
            if self._items[index].rect.contains(pos):
                return index
        return -1

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        index = self.item_at(event.position())
        if index >= 0:
            self._focus = index
            self._announce()
            self.update()
            self._activate(index, event.position().toPoint())
            return
        day = self.day_at(event.position())
        if day is not None:
            self.day_activated.emit(day)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton and self.item_at(event.position()) < 0:
            moment = self.slot_at(event.position())
            if moment is not None:
                self.slot_activated.emit(moment)
                return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = Qt.Key(event.key())
        count = len(self._items)
        moves = {
            Qt.Key.Key_Down: self._focus + 1,
            Qt.Key.Key_Up: self._focus - 1 if self._focus >= 0 else count - 1,
            Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: count - 1,
        }
        if key in moves and count:
            self._focus = max(0, min(count - 1, moves[key]))
            self._announce()
            self.update()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self._focus >= 0:
            rect = self._items[self._focus].rect
            self._activate(self._focus, rect.bottomLeft().toPoint())
            return
        event.ignore()  # ←, →, T, W, M… are the page's

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt API
        # A notch is 120; touchpads send smaller steps that add up to one.
        delta = event.angleDelta()
        self._wheel += delta.y() or delta.x()
        while abs(self._wheel) >= 120:
            self.step_requested.emit(-1 if self._wheel > 0 else 1)
            self._wheel -= 120 if self._wheel > 0 else -120
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusOutEvent(event)
        self.update()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.item_at(QPointF(event.pos()))
            text = self._item_text(self._items[index]) if index >= 0 else self._slot_hint(event)
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def _activate(self, index: int, pos: QPoint) -> None:
        item = self._items[index]
        if item.session_id is not None:
            self.session_activated.emit(item.session_id)
            return
        menu = QMenu(self)
        menu.setAccessibleName("Séances masquées")
        for session_id in item.hidden:
            seance = self._by_id[session_id]
            warning = "⚠ " if self.conflicts.get(session_id) and not seance.cancelled else ""
            action = menu.addAction(warning + one_line(seance))
            action.triggered.connect(
                lambda _checked=False, i=session_id: self.session_activated.emit(i)
            )
        self.overflow_menu = menu
        menu.popup(self.mapToGlobal(pos))  # not exec(): the event loop stays free

    def _slot_hint(self, event: QHelpEvent) -> str:
        moment = self.slot_at(QPointF(event.pos()))
        if moment is None:
            return ""
        return (
            f"Double-cliquez pour planifier une séance le {formatting.long_date(moment.date())} "
            f"à {formatting.clock_time(moment)}."
        )

    def _item_text(self, item: ViewItem) -> str:
        if item.session_id is not None:
            return describe_seance(
                self._by_id[item.session_id], self.conflicts.get(item.session_id, [])
            )
        lines = [f"{len(item.hidden)} autres séances ce jour-là (cliquez pour choisir) :"]
        lines += [one_line(self._by_id[i]) for i in item.hidden]
        return "\n".join(lines)

    def _announce(self) -> None:
        """Screen readers read the focused séance through the accessible description."""
        if 0 <= self._focus < len(self._items):
            self.setAccessibleDescription(self._item_text(self._items[self._focus]))
        else:
            self.setAccessibleDescription("")

    # -- painting helpers ------------------------------------------------------------------

    def paint_items(self, painter: QPainter) -> None:
        for index, item in enumerate(self._items):
            if item.session_id is None:
                self._paint_chip(painter, item)
            else:
                self._paint_seance(painter, item, self._by_id[item.session_id])
            if index == self._focus and self.hasFocus():
                painter.setPen(QPen(colours.FOCUS, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(item.rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)

    def _paint_seance(self, painter: QPainter, item: ViewItem, seance: CalendarSeance) -> None:
        swatch = colours.swatch_for(seance.kind, seance.cancelled)
        rect = item.rect.adjusted(1, 1, -1, -1)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(swatch.light)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setBrush(swatch.strong)
        painter.drawRect(QRectF(rect.left(), rect.top(), 4, rect.height()))
        metrics = self.fontMetrics()
        text = rect.adjusted(8, 1, -3, -1)
        if self.conflicts.get(seance.id) and not seance.cancelled:
            side = min(metrics.height() * 0.95, rect.height() - 2)
            colours.draw_warning(painter, QRectF(text.right() - side, rect.top() + 2, side, side))
            text.setRight(text.right() - side - 3)
        title_font = QFont(self.font())
        title_font.setBold(not seance.cancelled)
        title_font.setStrikeOut(seance.cancelled)
        time_text = formatting.time_range(seance.starts_at, seance.ends_at)
        if item.compact:
            # The start time first, unless it leaves no room for the title (narrow columns).
            wide = text.width() >= metrics.averageCharWidth() * 16
            line = (
                f"{formatting.clock_time(seance.starts_at)} {seance.title}"
                if wide
                else seance.title
            )
            self._text(
                painter, text, line, title_font, colours.MUTED if seance.cancelled else colours.TEXT
            )
            return
        plain = QFont(self.font())
        plain.setStrikeOut(seance.cancelled)
        lines: list[tuple[str, QFont, QColor]] = [
            (seance.title, title_font, colours.MUTED if seance.cancelled else colours.TEXT),
            (("Annulée · " if seance.cancelled else "") + time_text, plain, colours.MUTED),
            (seance.venue or "Lieu non renseigné", plain, colours.MUTED),
        ]
        if not seance.cancelled:
            places = f"/{seance.capacity}" if seance.capacity else ""
            lines.append((f"{seance.registered}{places} inscrits", plain, colours.MUTED))
        top = text.top()
        for words, font, colour in lines:
            if top + metrics.height() > text.bottom() + 1 and top > text.top():
                break
            self._text(
                painter,
                QRectF(text.left(), top, text.width(), metrics.height()),
                words,
                font,
                colour,
            )
            top += metrics.height()

    def _paint_chip(self, painter: QPainter, item: ViewItem) -> None:
        rect = item.rect.adjusted(1, 1, -1, -1)
        painter.setPen(QPen(colours.GRID_STRONG, 1))
        painter.setBrush(colours.BACKGROUND)
        painter.drawRoundedRect(rect, 3, 3)
        font = QFont(self.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        count = len(item.hidden)
        every = count == len(self._seances_of(item.day))
        label = f"{count} séances" if every else f"+ {count} autres"
        conflicted = any(
            self.conflicts.get(i) and not self._by_id[i].cancelled for i in item.hidden
        )
        text = rect.adjusted(8, 0, -3, 0)
        side = min(self.fontMetrics().height() * 0.95, rect.height() - 2)
        if conflicted and metrics.horizontalAdvance(label) + side + 3 <= text.width():
            colours.draw_warning(painter, QRectF(text.right() - side, rect.top() + 1, side, side))
            text.setRight(text.right() - side - 3)
        elif conflicted:  # narrow: a small sign on the corner leaves the words their room
            small = side * 0.6
            colours.draw_warning(
                painter, QRectF(rect.right() - small, rect.top() - 2, small, small)
            )
        if metrics.horizontalAdvance(label) > text.width() and not every:
            label = f"+{count}"
        self._text(painter, text, label, font, colours.TODAY)

    def _seances_of(self, day: date) -> list[CalendarSeance]:
        if self.period is None:
            return []
        return [s for s in self.period.seances if s.starts_at.date() == day]

    def _text(
        self, painter: QPainter, rect: QRectF, text: str, font: QFont, colour: QColor
    ) -> None:
        painter.setFont(font)
        painter.setPen(colour)
        elided = painter.fontMetrics().elidedText(
            text, Qt.TextElideMode.ElideRight, max(0, int(rect.width()))
        )
        painter.drawText(
            rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), elided
        )

    def text_centred(
        self, painter: QPainter, rect: QRectF, text: str, font: QFont, colour: QColor
    ) -> None:
        painter.setFont(font)
        painter.setPen(colour)
        elided = painter.fontMetrics().elidedText(
            text, Qt.TextElideMode.ElideRight, max(0, int(rect.width()))
        )
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), elided)
