"""Dialog « Planifier des séances »: one séance or a weekly series, previewed before it is made.

The preview lists every date kept and every date skipped with its reason (holidays of the
zone, public holidays, Ascension bridge) and the conflicts the séances would have; it is
recomputed a moment after each change (a series previews in milliseconds: UI thread).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cites_app.db.database import Database
from cites_app.registers import formatting
from cites_app.registers.calendar import CalendarRegister
from cites_app.registers.programme import ProgrammeRegister
from cites_app.scheduling import (
    Conflict,
    PlannedSeances,
    SchedulingError,
    SeriesService,
    ValidationError,
)
from cites_app.school_calendar import SchoolCalendar, SeriesPlan
from cites_app.ui.dialogs.form_fields import (
    PRIMARY_STYLE,
    WARN_STYLE,
    ChoiceList,
    FieldErrors,
    add_field,
    combo_value,
    date_edit,
    error_label,
    from_qdate,
    row,
    searchable_combo,
    time_edit,
)
from cites_app.ui.style import scaled_font

Clock = Callable[[], datetime]
KEPT = QColor("#1e6b34")
SKIPPED = QColor("#8a5a00")
PREVIEW_DELAY_MS = 150


@dataclass(frozen=True)
class PlannerRequest:
    """What the planner opens on: an activity (programme page), a day and time (calendar)."""

    activity_id: int | None = None
    day: date | None = None
    start: time | None = None


class SessionPlanner(QDialog):
    """Choose the activity, the dates and times, the venue, facilitators and capacity."""

    # The séances were written (their ids).
    created = Signal(list)

    def __init__(
        self,
        database: Database,
        request: PlannerRequest | None = None,
        clock: Clock = datetime.now,
        parent: QWidget | None = None,
        *,
        calendar: SchoolCalendar | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Planifier des séances")
        self._series = SeriesService(database, calendar)
        self._register = ProgrammeRegister(database)
        self._calendar = CalendarRegister(database, self._series.calendar)
        request = request or PlannerRequest()
        self.plan: SeriesPlan | None = None
        self.conflicts: list[Conflict] = []
        self.created_ids: list[int] = []
        self._capacities: dict[int, int | None] = {
            row.id: row.capacity for row in self._register.activities()
        }
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)

        first = request.day or clock().date()
        start = request.start or time(14, 0)
        end = (datetime.combine(first, start) + timedelta(hours=2)).time()
        self._build(first, start, end if end > start else time(23, 59))
        if request.activity_id is not None:
            self.activity_combo.setCurrentIndex(self.activity_combo.findData(request.activity_id))
        (self.single_radio if request.day else self.weekly_radio).setChecked(True)
        self._repeat_changed()
        self.refresh_preview()

    # -- building -----------------------------------------------------------------------------

    def _build(self, first: date, start: time, end: time) -> None:
        self.general_error = error_label()
        self.errors = FieldErrors(self.general_error)
        self._build_fields(first, start, end)
        left = QVBoxLayout()
        left.addLayout(self._build_form())
        left.addWidget(self.general_error)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 4)
        columns.addSpacing(12)
        columns.addLayout(self._build_preview(), 6)
        self.buttons = QDialogButtonBox()
        self.create_button = QPushButton("Créer")
        self.create_button.setStyleSheet(PRIMARY_STYLE)
        self.create_button.setDefault(True)
        self.buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Fermer", QDialogButtonBox.ButtonRole.RejectRole)
        self.create_button.clicked.connect(self.create_seances)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.buttons)
        char = self.fontMetrics().averageCharWidth()
        self.resize(char * 150, self.fontMetrics().height() * 36)
        self._connect_signals()

    def _build_fields(self, first: date, start: time, end: time) -> None:
        self.activity_combo = searchable_combo(
            [
                (f"{choice.label}  —  {choice.detail}", choice.id)
                for choice in self._register.activity_choices()
            ],
            "Tapez quelques lettres de l'activité…",
        )
        self.weekly_radio = QRadioButton("Chaque semaine")
        self.single_radio = QRadioButton("Une seule séance")
        repeat = QButtonGroup(self)
        repeat.addButton(self.weekly_radio)
        repeat.addButton(self.single_radio)
        self.weekday_combo = QComboBox()
        for number, name in enumerate(formatting.WEEKDAYS[:6]):
            self.weekday_combo.addItem(name, number)
        self.weekday_combo.setCurrentIndex(min(first.weekday(), 5))
        self.from_date = date_edit(first)
        self.to_date = date_edit(self._calendar.term_end(first))
        self.start_time = time_edit(start)
        self.end_time = time_edit(end)
        self.venue_combo = QComboBox()
        self.venue_combo.addItem("Aucun lieu pour l'instant", None)
        for choice in self._register.venue_choices():
            text = f"{choice.label} ({choice.detail})" if choice.detail else choice.label
            self.venue_combo.addItem(text, choice.id)
        self.venue_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.venue_combo.setMinimumContentsLength(20)
        self.facilitators = ChoiceList("Animateurs")
        self.facilitators.set_choices(self._register.facilitator_choices())
        self.capacity = QSpinBox()
        self.capacity.setRange(0, 999)
        self.capacity.setSuffix(" places")
        self.closed_ok = QCheckBox("Créer quand même ce jour sans classe")
        self.closed_ok.setVisible(False)

    def _build_form(self) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        errors = self.errors
        add_field(form, "&Activité", self.activity_combo, errors, "activity_id")
        repeat = row(self.weekly_radio, self.single_radio)
        add_field(form, "Répétition", repeat, buddy=self.weekly_radio)
        self.weekday_caption = add_field(form, "&Jour", self.weekday_combo, errors, "weekday")
        self.from_caption = add_field(form, "&Du", self.from_date, errors, "start_date")
        self.to_caption = add_field(form, "A&u", self.to_date, errors, "end_date")
        times = row(self.start_time, "à", self.end_time)
        add_field(form, "&Horaire", times, errors, "end_time", "ends_at", buddy=self.start_time)
        add_field(form, "&Lieu", self.venue_combo, errors, "venue_id")
        add_field(
            form,
            "A&nimateurs",
            self.facilitators,
            errors,
            "facilitator_ids",
            buddy=self.facilitators.list,
        )
        add_field(form, "&Capacité", self.capacity, errors, "capacity")
        form.addRow("", self.closed_ok)
        return form

    def _connect_signals(self) -> None:
        for signal in (
            self.activity_combo.currentIndexChanged,
            self.weekday_combo.currentIndexChanged,
            self.from_date.dateChanged,
            self.to_date.dateChanged,
            self.start_time.timeChanged,
            self.end_time.timeChanged,
            self.venue_combo.currentIndexChanged,
            self.capacity.valueChanged,
            self.facilitators.changed,
            self.closed_ok.toggled,
        ):
            signal.connect(self._timer.start)
        self.weekly_radio.toggled.connect(self._repeat_changed)
        self.activity_combo.currentIndexChanged.connect(self._activity_changed)
        self.from_date.dateChanged.connect(self._from_changed)

    def _build_preview(self) -> QVBoxLayout:
        title = QLabel("Aperçu avant création")
        title.setFont(scaled_font(self.font(), 1.15, bold=True))
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.warnings = QLabel("")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(WARN_STYLE)
        self.dates = QListWidget()
        self.dates.setAccessibleName("Dates gardées et écartées")
        self.dates.setWordWrap(True)
        self.conflicts_title = QLabel("")
        self.conflicts_title.setFont(scaled_font(self.font(), 1.0, bold=True))
        self.conflicts_title.setWordWrap(True)
        self.conflict_list = QListWidget()
        self.conflict_list.setAccessibleName("Conflits")
        self.conflict_list.setWordWrap(True)
        box = QVBoxLayout()
        box.addWidget(title)
        box.addWidget(self.summary)
        box.addWidget(self.warnings)
        box.addWidget(self.dates, 3)
        box.addWidget(self.conflicts_title)
        box.addWidget(self.conflict_list, 2)
        return box

    def done(self, result: int) -> None:
        self._timer.stop()  # no preview of a closed dialog
        super().done(result)

    # -- reactions ----------------------------------------------------------------------------

    def _repeat_changed(self) -> None:
        weekly = self.weekly_radio.isChecked()
        for widget in (self.weekday_caption, self.weekday_combo, self.to_caption, self.to_date):
            widget.setVisible(weekly)
        self.from_caption.setText("&Du" if weekly else "&Le")
        self._timer.start()

    def _from_changed(self, value: QDate) -> None:
        day = from_qdate(value)
        if day.weekday() < 6:
            self.weekday_combo.setCurrentIndex(day.weekday())

    def _activity_changed(self) -> None:
        capacity = self._capacities.get(self.activity_id() or 0)
        self.capacity.setSpecialValueText(
            f"Celle de l'activité ({capacity} places)" if capacity else "Non limitée"
        )

    def activity_id(self) -> int | None:
        return combo_value(self.activity_combo)

    def _dates(self) -> tuple[int, date, date]:
        first = from_qdate(self.from_date.date())
        if self.single_radio.isChecked():
            return first.weekday(), first, first
        return int(self.weekday_combo.currentData()), first, from_qdate(self.to_date.date())

    def _times(self) -> tuple[time, time]:
        start, end = self.start_time.time(), self.end_time.time()
        return time(start.hour(), start.minute()), time(end.hour(), end.minute())

    def _planned(self, plan: SeriesPlan) -> PlannedSeances | None:
        activity = self.activity_id()
        if activity is None:
            return None
        slots = plan.slots()
        if not slots and self.single_radio.isChecked() and self.closed_ok.isChecked():
            day = plan.start_date
            slots = [(datetime.combine(day, plan.start_time), datetime.combine(day, plan.end_time))]
        return PlannedSeances(
            activity,
            slots,
            self.venue_combo.currentData(),
            self.facilitators.checked_ids(),
            self.capacity.value() or None,
        )

    # -- preview and creation -----------------------------------------------------------------

    def refresh_preview(self) -> None:
        """Recompute the dates and the conflicts; enable « Créer » when there is something."""
        self._timer.stop()
        self.errors.clear()
        self.plan, self.conflicts = None, []
        self.dates.clear()
        self.conflict_list.clear()
        self.warnings.clear()
        weekday, first, last = self._dates()
        start, end = self._times()
        try:
            self.plan = self._series.preview_series(weekday, first, last, start, end)
        except SchedulingError as exc:
            self._show_error(exc)
            self.summary.setText("")
            self._update_button(None)
            return
        plan = self.plan
        self._show_dates(plan)
        closed_single = self.single_radio.isChecked() and not plan.kept and bool(plan.skipped)
        self.closed_ok.setVisible(closed_single)
        planned = self._planned(plan)
        if planned is None:
            self.errors.show({"activity_id": "Choisissez l'activité dans la liste."})
        elif planned.slots:
            try:
                self.conflicts = self._series.preview_conflicts(planned)
            except SchedulingError as exc:
                self._show_error(exc)
        self._show_conflicts(planned is not None)
        self._update_button(planned)

    def _show_dates(self, plan: SeriesPlan) -> None:
        if self.single_radio.isChecked():
            day = plan.start_date
            self.summary.setText(
                f"Une séance le {formatting.long_date(day)} de "
                f"{formatting.clock_time(datetime.combine(day, plan.start_time))} à "
                f"{formatting.clock_time(datetime.combine(day, plan.end_time))}."
            )
        else:
            self.summary.setText(plan.describe_fr())
        self.warnings.setText("\n".join(plan.warnings))
        self.warnings.setVisible(bool(plan.warnings))
        skipped = {s.date: s.reason for s in plan.skipped}
        for day in sorted([*plan.kept, *skipped]):
            if day in skipped:
                item = QListWidgetItem(f"✗  {formatting.long_date(day)} — écartée : {skipped[day]}")
                item.setForeground(QBrush(SKIPPED))
            else:
                item = QListWidgetItem(f"✓  {formatting.long_date(day)}")
                item.setForeground(QBrush(KEPT))
            self.dates.addItem(item)

    def _show_conflicts(self, checked: bool) -> None:
        if not checked:
            self.conflicts_title.setText("Conflits : choisissez d'abord l'activité.")
        elif not self.conflicts:
            self.conflicts_title.setText("✓ Aucun conflit détecté.")
        else:
            count = len(self.conflicts)
            kinds = Counter(conflict.label for conflict in self.conflicts)
            self.conflicts_title.setText(
                f"⚠ {count} conflit{'s' if count > 1 else ''} détecté{'s' if count > 1 else ''} "
                "(vous pouvez créer quand même, puis corriger) : "
                + " ; ".join(f"{label} ({n})" for label, n in kinds.most_common())
            )
        for conflict in self.conflicts:
            item = QListWidgetItem(f"⚠ {conflict.label} — {conflict.message}")
            item.setForeground(QBrush(QColor("#a84a00")))
            self.conflict_list.addItem(item)
        self.conflict_list.setVisible(bool(self.conflicts))

    def _update_button(self, planned: PlannedSeances | None) -> None:
        count = len(planned.slots) if planned is not None else 0
        self.create_button.setEnabled(count > 0)
        if count <= 1:
            self.create_button.setText("Créer la séance")
        else:
            self.create_button.setText(f"Créer {count} séances")

    def _show_error(self, exc: SchedulingError) -> None:
        if isinstance(exc, ValidationError):
            self.errors.show(exc.problems)
            return
        message = str(exc)
        field = ""
        if message.startswith("L'heure de fin"):
            field = "end_time"
        elif message.startswith(("La date de fin", "La série va")):
            field = "end_date"
        self.errors.show({field: message})

    def create_seances(self) -> None:
        """Write the séances previewed; the dialog closes on success."""
        self.refresh_preview()
        plan = self.plan
        planned = self._planned(plan) if plan is not None else None
        if plan is None or planned is None or not planned.slots:
            return
        try:
            if plan.kept and not self.single_radio.isChecked():
                result = self._series.create_series(
                    planned.activity_id,
                    plan,
                    planned.venue_id,
                    planned.facilitator_ids,
                    planned.capacity,
                )
            else:
                result = self._series.create_session(
                    planned, allow_closed=self.closed_ok.isChecked()
                )
        except SchedulingError as exc:
            self._show_error(exc)
            return
        self.created_ids = result.session_ids
        self.created.emit(result.session_ids)
        self.accept()
