"""What the dialogs' forms share: French problems beside their fields (:class:`FieldErrors`),
check lists with a filter (:class:`ChoiceList`), a banner offering to reload a fiche someone
else saved (:class:`Banner`), date and time fields written the French way, a niveau picker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, time
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from cites_app.models.vocabulary import COLLEGE_NIVEAUX, NIVEAUX, PRIMARY_NIVEAUX
from cites_app.registers.programme import Choice
from cites_app.registers.text import fold, matches, search_terms
from cites_app.school_calendar import parse_date_fr

ERROR_STYLE = "color: #b3261e;"
PRIMARY_STYLE = (
    "QPushButton { background: #2f6db5; color: #ffffff; border-color: #2f6db5;"
    " font-weight: bold; }"
    "QPushButton:hover { background: #285f9e; }"
    "QPushButton:disabled { background: #9db8d9; border-color: #9db8d9; }"
)
GOOD_STYLE = "color: #1e6b34;"
WARN_STYLE = "color: #a84a00;"


def error_label() -> QLabel:
    """An empty, hidden label that shows a French problem in red when it has one."""
    label = QLabel("")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def row(*parts: QWidget | str, stretch: bool = True) -> QHBoxLayout:
    """Widgets (and words between them) side by side: « [14h00] à [16h30] »."""
    layout = QHBoxLayout()
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        layout.addWidget(QLabel(part) if isinstance(part, str) else part)
    if stretch:
        layout.addStretch(1)
    return layout


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def time_edit(value: time) -> QTimeEdit:
    """A time field written the French way: « 14h30 »."""
    edit = QTimeEdit(QTime(value.hour, value.minute))
    edit.setDisplayFormat("HH'h'mm")
    return edit


def date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(to_qdate(value))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dddd d MMMM yyyy")
    return edit


def combo(accessible_name: str, items: Iterable[tuple[str, object]]) -> QComboBox:
    """A combo box of (label, value) items, named for screen readers."""
    box = QComboBox()
    box.setAccessibleName(accessible_name)
    for text, value in items:
        box.addItem(text, value)
    return box


def searchable_combo(items: Sequence[tuple[str, int]], placeholder: str) -> QComboBox:
    """A combo box of many items that filters as the user types any part of a label."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for text, value in items:
        combo.addItem(text, value)
    completer = combo.completer()
    if completer is not None:
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCurrentIndex(-1)
    line = combo.lineEdit()
    if line is not None:
        line.setPlaceholderText(placeholder)
        # Show the start of a long label (the activity), not its end.
        combo.currentIndexChanged.connect(lambda _index: line.setCursorPosition(0))
    combo.setMinimumContentsLength(20)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


def combo_value(combo: QComboBox) -> int | None:
    """The id of the item whose label is typed in an editable combo (None if none matches)."""
    index = combo.currentIndex()
    if index < 0 or combo.itemText(index) != combo.currentText():
        index = combo.findText(combo.currentText())
    value = combo.itemData(index) if index >= 0 else None
    return int(value) if value is not None else None


class FieldErrors:
    """The error labels of a form, by field name; unknown fields go to the general label."""

    def __init__(self, general: QLabel) -> None:
        self.general = general
        self.labels: dict[str, QLabel] = {}

    def add(self, *names: str) -> QLabel:
        """A new error label for the fields ``names`` (one label may serve several fields)."""
        label = error_label()
        for name in names:
            self.labels[name] = label
        return label

    def clear(self) -> None:
        for label in {*self.labels.values(), self.general}:
            label.clear()
            label.setVisible(False)

    def show(self, problems: Mapping[str, str]) -> None:
        """Show each problem beside its field (others in the general label)."""
        self.clear()
        for field, message in problems.items():
            label = self.labels.get(field, self.general)
            text = f"{label.text()} {message}".strip()
            label.setText(text)
            label.setVisible(True)

    def show_general(self, message: str) -> None:
        self.show({"": message})

    def text(self, field: str) -> str:
        """What is shown for ``field`` (tests, screen readers)."""
        return self.labels.get(field, self.general).text()


def add_field(
    form: QFormLayout,
    caption: str | QLabel,
    field: QWidget | QLayout,
    errors: FieldErrors | None = None,
    *names: str,
    buddy: QWidget | None = None,
) -> QLabel:
    """A row of ``form``: its caption (with an Alt+letter reaching ``buddy``), the field, and
    under it the label showing the problems of the fields ``names``."""
    label = caption if isinstance(caption, QLabel) else QLabel(caption)
    target = buddy if buddy is not None else field if isinstance(field, QWidget) else None
    if target is not None:
        label.setBuddy(target)
    box = QVBoxLayout()
    box.setSpacing(2)
    if isinstance(field, QLayout):
        box.addLayout(field)
    else:
        box.addWidget(field)
    if errors is not None and names:
        box.addWidget(errors.add(*names))
    form.addRow(label, box)
    return label


class Banner(QFrame):
    """An orange message across a form, with an optional button (« Recharger »)."""

    def __init__(self, button_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertCard")  # the style sheet's orange frame
        self.label = QLabel("")
        self.label.setWordWrap(True)
        self.button = QPushButton(button_text)
        self.button.setVisible(bool(button_text))
        # A second choice, shown only when a caller offers one (« Enregistrer mes valeurs »).
        self.second_button = QPushButton("")
        self.second_button.setVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.second_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setVisible(False)

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.setVisible(True)


class ChoiceList(QWidget):
    """Check boxes over a short list of choices, with a filter field when the list is long."""

    changed = Signal()

    FILTER_FROM = 8  # items from which typing to filter is worth a field

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filtrer la liste…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(f"Filtrer : {accessible_name}")
        self.list = QListWidget()
        self.list.setAccessibleName(accessible_name)
        self.list.setUniformItemSizes(True)
        self.list.setMinimumHeight(self.fontMetrics().height() * 6)
        self.summary = QLabel("")
        self.summary.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.summary)
        self.filter.textChanged.connect(self._apply_filter)
        self.list.itemChanged.connect(self._item_changed)

    def set_choices(self, choices: Sequence[Choice], checked: Iterable[int] = ()) -> None:
        wanted = set(checked)
        self.list.blockSignals(True)
        self.list.clear()
        for choice in choices:
            text = f"{choice.label}  —  {choice.detail}" if choice.detail else choice.label
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, fold(text))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if choice.id in wanted else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.filter.setVisible(len(choices) >= self.FILTER_FROM)
        self._update_summary()

    def checked_ids(self) -> list[int]:
        return [
            int(self.list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, ids: Iterable[int]) -> None:
        """Check exactly ``ids``; they move to the top, where the user sees them."""
        wanted = set(ids)
        self.list.blockSignals(True)
        items = [self.list.takeItem(0) for _ in range(self.list.count())]
        items.sort(key=lambda item: item.data(Qt.ItemDataRole.UserRole) not in wanted)
        for item in items:
            chosen = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.list.scrollToTop()
        self._update_summary()
        self.changed.emit()

    def _apply_filter(self, text: str) -> None:
        terms = search_terms(text)
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(not matches(terms, str(item.data(Qt.ItemDataRole.UserRole + 1))))

    def _item_changed(self, _item: QListWidgetItem) -> None:
        self._update_summary()
        self.changed.emit()

    def _update_summary(self) -> None:
        names = [
            str(self.list.item(row).text()).split("  —  ")[0]
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]
        if not names:
            self.summary.setText("Aucun choisi")
        elif len(names) <= 3:
            self.summary.setText(
                "Choisi" + ("s" if len(names) > 1 else "") + " : " + ", ".join(names)
            )
        else:
            self.summary.setText(f"{len(names)} choisis : {', '.join(names[:2])}…")
        self.summary.setToolTip("\n".join(names))


def text_or_none(edit: QLineEdit | QPlainTextEdit) -> str | None:
    text = edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
    return text.strip() or None


def count_spin(special: str, maximum: int = 9999, suffix: str = "") -> QSpinBox:
    """A number where 0 shows ``special`` and means "none" (capacity not limited…)."""
    spin = QSpinBox()
    spin.setRange(0, maximum)
    spin.setSpecialValueText(special)
    spin.setSuffix(suffix)
    return spin


def notes_field() -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)  # Tab leaves the field, as in every other field
    edit.setFixedHeight(edit.fontMetrics().height() * 4)
    return edit


def parse_amount(text: str, field: str, problems: dict[str, str]) -> Decimal | None:
    """ "12 500,50 €" → Decimal("12500.50"); a problem for ``field`` if unreadable."""
    cleaned = re.sub(r"[\s\u00a0\u202f€]", "", text).replace(",", ".")
    if not cleaned:
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        problems[field] = f"Montant illisible : « {text} » (exemple : 12 500,50)."
        return None


def parse_day(text: str, field: str, problems: dict[str, str]) -> date | None:
    if not text.strip():
        return None
    try:
        return parse_date_fr(text)
    except ValueError as exc:
        problems[field] = str(exc)
        return None


def choice_combo(name: str, choices: Sequence[Choice], none: str) -> QComboBox:
    return combo(name, [(none, None), *((c.label, c.id) for c in choices)])


def select_data(box: QComboBox, value: object) -> None:
    box.setCurrentIndex(max(0, box.findData(value)))


class NiveauPicker(QWidget):
    """A check box per niveau, one line per school stage."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        stages = (
            ("École", [n for n in NIVEAUX if n in PRIMARY_NIVEAUX]),
            ("Collège", [n for n in NIVEAUX if n in COLLEGE_NIVEAUX]),
            ("Lycée", [n for n in NIVEAUX if n not in PRIMARY_NIVEAUX | COLLEGE_NIVEAUX]),
        )
        line = 0
        for stage, niveaux in stages:
            label = QLabel(stage)
            label.setObjectName("muted")
            grid.addWidget(label, line, 0)
            for position, niveau in enumerate(niveaux):
                self.boxes[niveau] = QCheckBox(niveau)
                # Five a line: the picker stays narrow enough for a second form column.
                grid.addWidget(self.boxes[niveau], line + position // 5, 1 + position % 5)
            line += (len(niveaux) + 4) // 5

    def checked(self) -> tuple[str, ...]:
        return tuple(n for n, box in self.boxes.items() if box.isChecked())

    def set_checked(self, niveaux: Sequence[str]) -> None:
        for niveau, box in self.boxes.items():
            box.setChecked(niveau in niveaux)
