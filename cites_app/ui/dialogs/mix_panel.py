"""The mix of the group being composed on the registration screen, with the selection's
effect beside it and the verdict on the activity's mix targets (green or orange)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout

from cites_app.registers import formatting
from cites_app.scheduling import GroupMix, check_mix_targets
from cites_app.ui.dialogs.form_fields import GOOD_STYLE, WARN_STYLE
from cites_app.ui.models.group_mix import GroupMixModel
from cites_app.ui.style import scaled_font

TOOLTIP = Qt.ItemDataRole.ToolTipRole


class ElidedLabel(QLabel):
    """One line whatever the width: cut with « … », the whole text in the tooltip."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self.fontMetrics().averageCharWidth() * 4, self.fontMetrics().height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self.fontMetrics().horizontalAdvance(self.text()), self.fontMetrics().height())

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        try:
            painter.setFont(self.font())
            painter.setPen(self.palette().windowText().color())
            text = self.fontMetrics().elidedText(
                self.text(), Qt.TextElideMode.ElideRight, self.width()
            )
            painter.drawText(self.rect(), int(self.alignment()), text)
        finally:
            painter.end()


class MixPanel(QGroupBox):
    """The group's mix, the mix with the selection under it, and the verdict on the targets.

    One column per indicator keeps the panel three lines high, so that the two lists above it
    keep their room on a laptop at 150 %; the texts come from a :class:`GroupMixModel`.
    """

    def __init__(self, max_share: float | None, min_schools: int | None) -> None:
        super().__init__("Mixité du groupe")
        self.max_share, self.min_schools = max_share, min_schools
        self.model = GroupMixModel(self)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        self.headers = [QLabel(""), QLabel("")]
        for line, header in enumerate(self.headers, start=1):
            header.setFont(scaled_font(self.font(), 1.0, bold=True))
            grid.addWidget(header, line, 0, Qt.AlignmentFlag.AlignTop)
        self.cells: dict[tuple[int, int], QLabel] = {}
        for indicator in range(self.model.rowCount()):
            caption = QLabel(str(self.model.headerData(indicator, Qt.Orientation.Vertical)))
            caption.setToolTip(
                str(self.model.headerData(indicator, Qt.Orientation.Vertical, TOOLTIP) or "")
            )
            caption.setObjectName("muted")
            grid.addWidget(caption, 0, indicator + 1)
            for column in (0, 1):
                cell = ElidedLabel("")
                self.cells[(indicator, column)] = cell
                grid.addWidget(cell, column + 1, indicator + 1)
            # The school's name and the niveaux are the long ones.
            grid.setColumnStretch(indicator + 1, 3 if indicator in (2, 5) else 2)
        self.model.dataChanged.connect(self._show_model)
        self.targets = QLabel(self._targets_text())
        self.targets.setObjectName("muted")
        self.targets.setWordWrap(True)
        self.verdict = QLabel("")
        self.verdict.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addLayout(grid)
        layout.addWidget(self.targets)
        layout.addWidget(self.verdict)

    def _show_model(self) -> None:
        for (line, column), cell in self.cells.items():
            text = str(self.model.data(self.model.index(line, column)) or "")
            cell.setText(text)
            # What the selection would change stands out.
            font = cell.font()
            font.setBold(column == 1 and text != self.cells[(line, 0)].text())
            cell.setFont(font)
        for column, header in enumerate(self.headers):
            header.setText(str(self.model.headerData(column, Qt.Orientation.Horizontal) or ""))

    def _targets_text(self) -> str:
        parts = []
        if self.max_share is not None:
            parts.append(f"aucun établissement au-dessus de {formatting.percent(self.max_share)}")
        if self.min_schools is not None:
            parts.append(f"au moins {self.min_schools} établissements")
        if not parts:
            return "Aucun objectif de mixité n'est fixé pour cette activité."
        return "Objectifs de l'activité : " + " ; ".join(parts) + "."

    def value(self, key: str, column: int = 0) -> str:
        return self.model.text(key, column)

    def show_mix(
        self, group: GroupMix, projected: GroupMix | None, added: int, waiting: int = 0
    ) -> None:
        self.model.set_mix(group, projected, added, waiting)
        lines = [
            f"⚠ {message}" for message in check_mix_targets(group, self.max_share, self.min_schools)
        ]
        if projected is not None:
            lines += [
                f"⚠ Avec la sélection : {message}"
                for message in check_mix_targets(projected, self.max_share, self.min_schools)
            ]
        has_targets = self.max_share is not None or self.min_schools is not None
        if lines:
            self.verdict.setStyleSheet(WARN_STYLE)
            self.verdict.setText("\n".join(lines))
        elif has_targets and (group.size or projected is not None):
            self.verdict.setStyleSheet(GOOD_STYLE)
            where = " avec la sélection" if projected is not None else ""
            self.verdict.setText(f"✓ Objectifs de mixité atteints{where}.")
        else:
            self.verdict.setText("")
