"""The roll call's table: the keys P, E, A, M and Suppr, and the minutes editor."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from cites_app.attendance import EXCUSED, PRESENT, UNEXCUSED

_KEY_STATUS = {Qt.Key.Key_P: PRESENT, Qt.Key.Key_E: EXCUSED, Qt.Key.Key_A: UNEXCUSED}


class RollCallView(QTableView):
    """The table; turns the roll-call keys into requests for the page."""

    mark_requested = Signal(int, str)
    minutes_requested = Signal(int)
    clear_requested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        row = self.currentIndex().row()
        key = Qt.Key(event.key())
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.ShiftModifier,
        )
        if plain and row >= 0 and key in _KEY_STATUS:
            self.mark_requested.emit(row, _KEY_STATUS[key])
        elif plain and row >= 0 and key == Qt.Key.Key_M:
            self.minutes_requested.emit(row)
        elif row >= 0 and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear_requested.emit(row)
        else:
            super().keyPressEvent(event)


class MinutesDelegate(QStyledItemDelegate):
    """A spin box from 1 to the séance's length, in minutes."""

    def __init__(self, maximum: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._maximum = maximum

    def createEditor(  # noqa: N802 - Qt API
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QSpinBox(parent)
        editor.setRange(1, max(1, self._maximum()))
        editor.setSuffix(" min")
        editor.setAccessibleName("Minutes de présence")
        return editor
