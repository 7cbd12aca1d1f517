"""What the three list pages share: a title, a search field, filters, a count, a table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from cites_app.registers import formatting
from cites_app.ui.models.lazy_table import LazyTableModel
from cites_app.ui.style import scaled_font
from cites_app.ui.widgets.search_field import SearchField
from cites_app.ui.widgets.table_view import ListTableView


class ListPage(QWidget):
    """A page whose table is ``model``; subclasses add their filters with ``add_filter()``."""

    # Key of the page in QSettings ("pupils" → "pages/pupils/header").
    settings_key = ""

    def __init__(
        self,
        title: str,
        placeholder: str,
        model: LazyTableModel[Any],
        nouns: tuple[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._nouns = nouns  # ("élève", "élèves"): for the count line
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        heading.setFont(scaled_font(self.font(), 1.6, bold=True))
        self.search = SearchField(placeholder)
        # Narrow enough for a 1366×768 laptop at 150 % (about 900 logical pixels for the window).
        self.search.setMinimumWidth(self.fontMetrics().averageCharWidth() * 18)
        self.search.setMaximumWidth(self.fontMetrics().averageCharWidth() * 40)
        self.search.search_changed.connect(self.model.set_search)
        self.count_label = QLabel("")
        self.count_label.setObjectName("countLabel")
        self.table = ListTableView()
        self.table.setModel(model)
        self.table.setAccessibleName(title)
        self.table.apply_default_widths()
        model.reloaded.connect(self._show_count)

        self._tab_chain: list[QWidget] = [self.search]
        self.filters = QHBoxLayout()
        self.filters.setSpacing(8)
        self.filters.addWidget(self.search, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        title_row = QHBoxLayout()
        title_row.addWidget(heading)
        title_row.addStretch(1)
        title_row.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(title_row)
        self.filters.addStretch(1)
        layout.addLayout(self.filters)
        layout.addWidget(self.table, 1)

        # Sorting is set up last: enabling it makes the view ask the model to sort, which only
        # records the order until the page is first shown (or a filter is used).
        model.defer_loading()
        header = self.table.horizontalHeader()
        header.setSortIndicator(model.sort_column, model.sort_order)
        self.table.setSortingEnabled(True)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        self.model.ensure_loaded()
        super().showEvent(event)

    def add_filter(self, label: str, combo: QComboBox, width_chars: int = 0) -> None:
        """Add ``combo`` after the search field; ``width_chars`` caps combos of long names."""
        caption = QLabel(label)
        caption.setBuddy(combo)
        if width_chars:
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(width_chars)
        else:
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        stretch = self.filters.count() - 1  # filters go before the trailing stretch
        self.filters.insertSpacing(stretch, 8)
        self.filters.insertWidget(stretch + 1, caption)
        self.filters.insertWidget(stretch + 2, combo)
        # Tab goes search → filters (in reading order) → table, whatever the creation order.
        QWidget.setTabOrder(self._tab_chain[-1], combo)
        QWidget.setTabOrder(combo, self.table)
        self._tab_chain.append(combo)

    def search_for(self, text: str) -> None:
        """Show the rows matching ``text`` at once (another page pointed at one of them)."""
        self.search.setText(text)
        self.model.set_search(text)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def refresh(self) -> None:
        self.model.reload()

    def first_focus_widget(self) -> QWidget:
        return self.search

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(
            f"pages/{self.settings_key}/header", self.table.horizontalHeader().saveState()
        )

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value(f"pages/{self.settings_key}/header")
        if isinstance(state, QByteArray) and not state.isEmpty():
            # Restoring the sort indicator makes the view sort the model again: one query.
            self.table.horizontalHeader().restoreState(state)

    def _show_count(self, shown: int, total: int) -> None:
        singular, plural = self._nouns
        noun = singular if total == 1 else plural
        if shown == total:
            text = f"{formatting.integer(total)} {noun}"
        else:
            text = f"{formatting.integer(shown)} sur {formatting.integer(total)} {noun}"
        self.count_label.setText(text)
