"""The séance editor: move it, change its venue, facilitators or capacity (for this séance or
this one and the following ones of its series), cancel it with a reason or restore it; its
conflicts and its pupils' missing authorisations are listed beside.

Saving over a newer version (someone else saved meanwhile) is refused by the services; the
editor then says so in French and offers to reload the séance.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime, time

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cites_app.db.database import Database
from cites_app.models.vocabulary import ACTIVITY_KINDS
from cites_app.registers import formatting
from cites_app.registers.calendar import CalendarRegister, SessionDetail
from cites_app.registers.programme import ProgrammeRegister
from cites_app.scheduling import (
    UNSET,
    ClosedDayError,
    ConcurrentEditError,
    EditScope,
    RegistrationService,
    SchedulingError,
    SeriesService,
    SessionChanges,
    ValidationError,
)
from cites_app.school_calendar import SchoolCalendar
from cites_app.ui.dialogs.form_fields import (
    GOOD_STYLE,
    PRIMARY_STYLE,
    WARN_STYLE,
    Banner,
    ChoiceList,
    FieldErrors,
    add_field,
    date_edit,
    error_label,
    from_qdate,
    row,
    time_edit,
    to_qdate,
)
from cites_app.ui.style import scaled_font

Clock = Callable[[], datetime]
RegistrationFactory = Callable[[int, QWidget], QDialog]
WARNING = QColor("#a84a00")


class SessionEditor(QDialog):
    """Edits the séance ``session_id``; emits ``changed`` after every saved change."""

    changed = Signal()

    def __init__(
        self,
        database: Database,
        session_id: int,
        clock: Clock = datetime.now,
        parent: QWidget | None = None,
        *,
        calendar: SchoolCalendar | None = None,
        registration_factory: RegistrationFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Séance")
        self._database = database
        self._clock = clock
        self._series = SeriesService(database, calendar)
        self._register = CalendarRegister(database, calendar)
        self._registrations = RegistrationService(database)
        self._registration_factory = registration_factory or self._default_registration
        self.session_id = session_id
        self.detail: SessionDetail | None = None
        self.registration_dialog: QDialog | None = None
        self._build()
        self.load()

    # -- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        programme = ProgrammeRegister(self._database)
        self.title = QLabel("")
        self.title.setFont(scaled_font(self.font(), 1.35, bold=True))
        self.title.setWordWrap(True)
        self.subtitle = QLabel("")
        self.subtitle.setWordWrap(True)
        self.state = QLabel("")
        self.state.setWordWrap(True)
        self.banner = Banner("Recharger la séance")
        self.banner.button.clicked.connect(self.load)
        self.general_error = error_label()
        self.errors = FieldErrors(self.general_error)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self._build_edit_box(programme))
        left.addWidget(self._build_cancel_box())
        left.addStretch(1)
        columns.addLayout(left, 5)
        columns.addLayout(self._build_lists(), 4)
        buttons = QDialogButtonBox()
        self.register_button = buttons.addButton(
            "Inscrire des élèves à cette séance…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.register_button.clicked.connect(self.open_registration)
        buttons.addButton("Fermer", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        body = QWidget()
        body.setLayout(columns)
        scroll = QScrollArea()  # a laptop at 150 % is shorter than the whole form
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.state)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        char = self.fontMetrics().averageCharWidth()
        self.resize(char * 135, self.fontMetrics().height() * 41)

    def _build_edit_box(self, programme: ProgrammeRegister) -> QGroupBox:
        self.date = date_edit(date.today())
        self.start_time = time_edit(time(14, 0))
        self.end_time = time_edit(time(16, 0))
        self.closed_ok = QCheckBox("Déplacer quand même sur ce jour sans classe")
        self.closed_ok.setVisible(False)
        self.venue_combo = QComboBox()
        self.venue_combo.addItem("Aucun lieu", None)
        for choice in programme.venue_choices():
            text = f"{choice.label} ({choice.detail})" if choice.detail else choice.label
            self.venue_combo.addItem(text, choice.id)
        self.facilitators = ChoiceList("Animateurs")
        self.facilitators.set_choices(programme.facilitator_choices())
        self.facilitators.list.setMaximumHeight(self.fontMetrics().height() * 8)
        self.capacity = QSpinBox()
        self.capacity.setRange(0, 999)
        self.capacity.setSuffix(" places")
        self.this_radio = QRadioButton("Cette séance seulement")
        self.following_radio = QRadioButton("Cette séance et les suivantes")
        scope = QButtonGroup(self)
        scope.addButton(self.this_radio)
        scope.addButton(self.following_radio)
        self.this_radio.setChecked(True)
        self.following_radio.toggled.connect(self._scope_changed)
        self.save_button = QPushButton("Enregistrer les changements")
        self.save_button.setStyleSheet(PRIMARY_STYLE)
        self.save_button.clicked.connect(self.save)
        self.saved = QLabel("")
        self.saved.setStyleSheet(GOOD_STYLE)
        self.saved.setWordWrap(True)

        form = QFormLayout()
        errors = self.errors
        add_field(form, "&Date", self.date, errors, "date")
        times = row(self.start_time, "à", self.end_time)
        add_field(form, "&Horaire", times, errors, "ends_at", buddy=self.start_time)
        form.addRow("", self.closed_ok)
        add_field(form, "&Lieu", self.venue_combo, errors, "venue_id")
        add_field(
            form,
            "A&nimateurs",
            self.facilitators,
            errors,
            "facilitators",
            buddy=self.facilitators.list,
        )
        add_field(form, "&Capacité", self.capacity, errors, "capacity")
        scope_box = QVBoxLayout()
        scope_box.addWidget(self.this_radio)
        scope_box.addWidget(self.following_radio)
        add_field(form, "Appliquer à", scope_box, buddy=self.this_radio)
        editing = QGroupBox("Date, horaire, lieu et encadrement")
        editing_layout = QVBoxLayout(editing)
        editing_layout.addLayout(form)
        editing_layout.addWidget(self.general_error)
        editing_layout.addLayout(row(self.save_button))
        editing_layout.addWidget(self.saved)
        return editing

    def _build_cancel_box(self) -> QGroupBox:
        box = QGroupBox("Annulation")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Motif dit aux familles (ex. : intervenant malade)")
        self.cancel_button = QPushButton("Annuler la séance")
        self.cancel_button.clicked.connect(self.cancel_seance)
        self.restore_button = QPushButton("Rétablir la séance")
        self.restore_button.clicked.connect(self.restore_seance)
        form = QFormLayout(box)
        self.reason_caption = add_field(form, "&Motif", self.reason, self.errors, "cancel_reason")
        form.addRow("", row(self.cancel_button, self.restore_button))
        return box

    def _build_lists(self) -> QVBoxLayout:
        self.conflicts_title = QLabel("")
        self.conflicts_title.setFont(scaled_font(self.font(), 1.05, bold=True))
        self.conflicts_title.setWordWrap(True)
        self.conflict_list = QListWidget()
        self.conflict_list.setWordWrap(True)
        self.conflict_list.setAccessibleName("Conflits de la séance")
        self.missing_title = QLabel("")
        self.missing_title.setFont(scaled_font(self.font(), 1.05, bold=True))
        self.missing_title.setWordWrap(True)
        self.missing_list = QListWidget()
        self.missing_list.setWordWrap(True)
        self.missing_list.setAccessibleName("Autorisations manquantes")
        box = QVBoxLayout()
        box.addWidget(self.conflicts_title)
        box.addWidget(self.conflict_list, 1)
        box.addSpacing(8)
        box.addWidget(self.missing_title)
        box.addWidget(self.missing_list, 1)
        box.addStretch(1)  # keeps the titles at the top while both lists are empty
        self._lists = box
        return box

    # -- loading ------------------------------------------------------------------------------

    def load(self) -> None:
        """Read the séance again (after a change, or to see someone else's)."""
        self.banner.setVisible(False)
        self.errors.clear()
        detail = self._register.session_detail(self.session_id)
        self.detail = detail
        if detail is None:
            self.title.setText("Séance introuvable")
            self.subtitle.setText("Elle a peut-être été supprimée entre-temps.")
            self.save_button.setEnabled(False)
            return
        self.title.setText(detail.title)
        places = f" sur {detail.effective_capacity} places" if detail.effective_capacity else ""
        waiting = f", {detail.waiting} en liste d'attente" if detail.waiting else ""
        self.subtitle.setText(
            f"{ACTIVITY_KINDS.get(detail.kind, detail.kind)} · "
            f"{formatting.long_date(detail.starts_at.date())}, "
            f"{formatting.time_range(detail.starts_at, detail.ends_at)} · "
            f"{formatting.count(detail.registered, 'inscrit', 'inscrits')}{places}{waiting}"
        )
        if detail.cancelled:
            self.state.setText(f"Séance annulée : {detail.cancel_reason or 'motif non précisé'}.")
            self.state.setStyleSheet(WARN_STYLE)
        else:
            self.state.setText("")
        self.state.setVisible(detail.cancelled)
        self.date.setDate(to_qdate(detail.starts_at.date()))
        for edit, moment in ((self.start_time, detail.starts_at), (self.end_time, detail.ends_at)):
            edit.setTime(QTime(moment.hour, moment.minute))
        self.venue_combo.setCurrentIndex(max(0, self.venue_combo.findData(detail.venue_id)))
        self.facilitators.set_checked(detail.facilitator_ids)
        activity = detail.activity_capacity
        self.capacity.setSpecialValueText(
            f"Celle de l'activité ({activity} places)" if activity else "Non limitée"
        )
        self.capacity.setValue(detail.capacity or 0)
        following = detail.following - 1
        self.following_radio.setEnabled(following > 0)
        self.following_radio.setText(
            f"Cette séance et les {following} suivantes de la série"
            if following > 1
            else "Cette séance et la suivante de la série"
            if following == 1
            else "Cette séance et les suivantes (aucune : séance unique ou dernière)"
        )
        self.this_radio.setChecked(True)
        self.closed_ok.setChecked(False)
        self.closed_ok.setVisible(False)
        self.reason.setText("")
        for widget in (self.reason, self.cancel_button, self.reason_caption):
            widget.setVisible(not detail.cancelled)
        self.restore_button.setVisible(detail.cancelled)
        self._show_lists()

    def _show_lists(self) -> None:
        self.conflict_list.clear()
        conflicts = self._register.conflicts([self.session_id]).get(self.session_id, [])
        for conflict in conflicts:
            item = QListWidgetItem(f"⚠ {conflict.label} — {conflict.message}")
            item.setForeground(QBrush(WARNING))
            self.conflict_list.addItem(item)
        self.conflicts_title.setText(
            f"⚠ Conflits ({len(conflicts)})" if conflicts else "✓ Aucun conflit"
        )
        self.conflict_list.setVisible(bool(conflicts))
        self.missing_list.clear()
        missing = self._registrations.missing_authorisations(session_id=self.session_id)
        for problem in missing:
            self.missing_list.addItem(QListWidgetItem(problem.message))
        self.missing_title.setText(
            f"Autorisations manquantes ({len(missing)})"
            if missing
            else "✓ Toutes les autorisations des inscrits sont là"
        )
        self.missing_list.setVisible(bool(missing))
        self._lists.setStretch(self._lists.count() - 1, 0 if conflicts or missing else 1)

    def _scope_changed(self) -> None:
        following = self.following_radio.isChecked()
        if following and self.detail is not None:
            self.date.setDate(to_qdate(self.detail.starts_at.date()))
        self.date.setEnabled(not following)
        self.date.setToolTip(
            "Pour changer la date, choisissez « Cette séance seulement »." if following else ""
        )

    # -- changes ------------------------------------------------------------------------------

    def _changes(self, detail: SessionDetail) -> SessionChanges:
        start, end = self.start_time.time(), self.end_time.time()
        start_time, end_time = time(start.hour(), start.minute()), time(end.hour(), end.minute())
        venue = self.venue_combo.currentData()
        facilitators = tuple(sorted(self.facilitators.checked_ids()))
        capacity = self.capacity.value() or None
        return SessionChanges(
            venue_id=venue if venue != detail.venue_id else UNSET,
            start_time=start_time if start_time != detail.starts_at.time() else UNSET,
            end_time=end_time if end_time != detail.ends_at.time() else UNSET,
            facilitator_ids=facilitators if facilitators != detail.facilitator_ids else UNSET,
            capacity=capacity if capacity != detail.capacity else UNSET,
        )

    def save(self) -> None:
        """Save the form: a new date moves this séance; the rest follows the chosen scope."""
        detail = self.detail
        if detail is None:
            return
        self.errors.clear()
        self.saved.setText("")
        changes = self._changes(detail)
        day = from_qdate(self.date.date())
        scope = EditScope.FOLLOWING if self.following_radio.isChecked() else EditScope.THIS
        touched = 0
        try:
            version = detail.version
            if day != detail.starts_at.date():
                start = (
                    changes.start_time
                    if isinstance(changes.start_time, time)
                    else detail.starts_at.time()
                )
                end = (
                    changes.end_time
                    if isinstance(changes.end_time, time)
                    else detail.ends_at.time()
                )
                self._series.move_session(
                    detail.id,
                    datetime.combine(day, start),
                    datetime.combine(day, end),
                    version,
                    allow_closed=self.closed_ok.isChecked(),
                )
                touched = 1
                changes = dataclasses.replace(changes, start_time=UNSET, end_time=UNSET)
                moved = self._register.session_detail(detail.id)
                version = moved.version if moved is not None else version
            if changes != SessionChanges():
                touched = len(self._series.edit_sessions(detail.id, changes, scope, version))
        except ClosedDayError as exc:
            self.errors.show({"date": str(exc)})
            self.closed_ok.setVisible(True)
            return
        except ConcurrentEditError as exc:
            self._stale(str(exc))
            return
        except ValidationError as exc:
            self.errors.show(exc.problems)
            return
        except SchedulingError as exc:
            self.errors.show_general(str(exc))
            return
        self.load()
        if touched:
            self.saved.setText(
                "Changement enregistré."
                if touched == 1
                else f"Changements enregistrés sur {touched} séances."
            )
            self.changed.emit()
        else:
            self.saved.setText("Rien n'a changé.")

    def cancel_seance(self) -> None:
        """Cancel the séance with the reason typed (refused without one)."""
        detail = self.detail
        if detail is not None:
            self._apply(
                lambda: self._series.cancel_session(detail.id, self.reason.text(), detail.version)
            )

    def restore_seance(self) -> None:
        detail = self.detail
        if detail is not None:
            self._apply(lambda: self._series.restore_session(detail.id, detail.version))

    def _apply(self, change: Callable[[], object]) -> None:
        """Run ``change``; show its refusal in French, else reload and tell the calendar."""
        self.errors.clear()
        try:
            change()
        except ValidationError as exc:
            self.errors.show(exc.problems)
            return
        except ConcurrentEditError as exc:
            self._stale(str(exc))
            return
        except SchedulingError as exc:
            self.errors.show_general(str(exc))
            return
        self.load()
        self.changed.emit()

    def _stale(self, message: str) -> None:
        self.banner.show_message(message)
        self.banner.button.setFocus()

    # -- registrations ------------------------------------------------------------------------

    def open_registration(self) -> None:
        dialog = self._registration_factory(self.session_id, self)
        self.registration_dialog = dialog
        dialog.finished.connect(lambda _result: self.load())
        dialog.finished.connect(lambda _result: self.changed.emit())
        dialog.open()

    def _default_registration(self, session_id: int, parent: QWidget) -> QDialog:
        from cites_app.ui.dialogs.registration_dialog import RegistrationDialog  # noqa: PLC0415

        return RegistrationDialog(
            self._database, session_id=session_id, clock=self._clock, parent=parent
        )
