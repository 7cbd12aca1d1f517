"""The table view every list uses: alternating rows, widths in characters, an empty-state text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from cites_app.ui.models.lazy_table import LazyTableModel


class ListTableView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        self.setCornerButtonEnabled(False)
        self.verticalHeader().hide()
        # Fixed row height from the font: the view never asks a 25,000-row model for sizes.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(round(self.fontMetrics().height() * 1.75))
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setSortIndicatorShown(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def lazy_model(self) -> LazyTableModel[Any] | None:
        model = self.model()
        return model if isinstance(model, LazyTableModel) else None

    def apply_default_widths(self) -> None:
        """Column widths from each column's width in characters, for the user's font."""
        model = self.lazy_model()
        if model is None:
            return
        char = self.fontMetrics().averageCharWidth()
        for section, column in enumerate(model.columns):
            self.setColumnWidth(section, char * column.width + 24)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        model = self.lazy_model()
        if model is None or model.rowCount() > 0:
            return
        painter = QPainter(self.viewport())
        try:
            painter.setPen(self.palette().placeholderText().color())
            font = self.font()
            font.setPointSizeF(font.pointSizeF() * 1.15)
            painter.setFont(font)
            area = QRect(self.viewport().rect()).adjusted(24, 48, -24, -24)
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            painter.drawText(
                area, int(flags) | int(Qt.TextFlag.TextWordWrap), model.empty_message()
            )
        finally:
            painter.end()
