"""Dialog « Inscrire des élèves »: candidates from the invited schools on the left, the group
on the right with its mix, live, against the activity's mix targets.

Selecting candidates shows at once what the mix would become with them; « Inscrire » writes
through :class:`RegistrationService` (places, then the waiting list), « Retirer » frees a place
and promotes the first waiting pupil.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cites_app.db.database import Database
from cites_app.models.vocabulary import NIVEAUX, QPV_FLAGS
from cites_app.registers import formatting
from cites_app.registers.programme import ProgrammeRegister
from cites_app.scheduling import (
    CandidateFilter,
    ProgrammeService,
    PupilRow,
    RegistrationOutcome,
    RegistrationService,
    SchedulingError,
    group_mix,
)
from cites_app.ui.dialogs.form_fields import (
    GOOD_STYLE,
    PRIMARY_STYLE,
    WARN_STYLE,
    combo,
    error_label,
)
from cites_app.ui.dialogs.mix_panel import MixPanel
from cites_app.ui.models.registration import PupilListModel
from cites_app.ui.style import scaled_font
from cites_app.ui.widgets.search_field import SearchField
from cites_app.ui.widgets.table_view import ListTableView

Clock = Callable[[], datetime]
TARGET_NIVEAUX, ALL_NIVEAUX = "__target__", "__all__"


def pupil_table(model: PupilListModel, name: str) -> ListTableView:
    """A table of pupils where several rows can be selected (Ctrl or Maj + clic)."""
    table = ListTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.apply_default_widths()
    # Never squeezed to a single line by the panels around it.
    table.setMinimumHeight(table.verticalHeader().defaultSectionSize() * 4)
    return table


class RegistrationDialog(QDialog):
    """Register pupils to an activity (all its séances) or to one séance."""

    def __init__(
        self,
        database: Database,
        *,
        activity_id: int | None = None,
        session_id: int | None = None,
        clock: Clock = datetime.now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Inscrire des élèves")
        self._service = RegistrationService(database)
        self._register = ProgrammeRegister(database)
        self.session_id = session_id
        self._resolve_activity(database, activity_id, session_id)
        self._filter = CandidateFilter()
        self._day = self._register.next_day(self.activity_id, clock(), session_id) or clock().date()
        self.candidates = PupilListModel(
            self._fetch_candidates, self._flag, compact=False, sort_key="school", parent=self
        )
        self.candidates.search_handler = self._search
        self.members = PupilListModel(
            self._fetch_members, self._flag, compact=True, sort_key="status", parent=self
        )
        self._build()
        self.candidates.reload()
        self.members.reload()
        self._refresh_group()

    def _resolve_activity(
        self, database: Database, activity_id: int | None, session_id: int | None
    ) -> None:
        from cites_app.registers.calendar import CalendarRegister  # noqa: PLC0415

        detail = None
        if session_id is not None:
            detail = CalendarRegister(database).session_detail(session_id)
            if detail is None:
                raise SchedulingError(f"Séance n° {session_id} introuvable.")
            activity_id = detail.activity_id
            when = f"{formatting.long_date(detail.starts_at.date())}, {formatting.time_range(detail.starts_at, detail.ends_at)}"
            self.scope_text = f"à la séance du {when} seulement"
        else:
            self.scope_text = "à toute l'activité (toutes ses séances)"
        assert activity_id is not None
        self.activity_id = activity_id
        record = ProgrammeService(database).activities.get(activity_id)
        self.activity = record.data
        self.capacity = self.activity.capacity
        if detail is not None and detail.capacity is not None:
            self.capacity = detail.capacity

    # -- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        title = QLabel(f"Inscrire des élèves — {self.activity.title}")
        title.setFont(scaled_font(self.font(), 1.35, bold=True))
        title.setWordWrap(True)
        scope = QLabel(f"Inscription {self.scope_text}.")
        scope.setWordWrap(True)
        scope.setObjectName("muted")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_candidates())
        splitter.addWidget(self._build_group())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([650, 350])
        splitter.setChildrenCollapsible(False)
        self.outcome = QLabel("")
        self.outcome.setWordWrap(True)
        self.outcome.setStyleSheet(GOOD_STYLE)
        self.error = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        heading = QHBoxLayout()
        heading.addWidget(title, 1)
        heading.addWidget(scope, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(heading)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.mix)
        layout.addWidget(self.outcome)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        char = self.fontMetrics().averageCharWidth()
        self.resize(char * 190, self.fontMetrics().height() * 44)

    def _build_candidates(self) -> QWidget:
        box = QGroupBox("Élèves des établissements invités")
        self.search = SearchField("Nom ou prénom…")
        self.search.search_changed.connect(self._search)
        schools = self._register.invited_schools(self.activity_id, self.session_id)
        self.school_combo = combo(
            "Établissement",
            [("Tous les établissements invités", None), *((c.label, c.id) for c in schools)],
        )
        targets = ", ".join(self.activity.target_niveaux)
        niveaux = [(f"Niveaux visés ({targets})", TARGET_NIVEAUX)] if targets else []
        niveaux += [("Tous les niveaux", ALL_NIVEAUX), *((n, n) for n in NIVEAUX)]
        self.niveau_combo = combo("Niveau", niveaux)
        self.class_combo = combo("Classe", [])
        qpv = [(f"QPV : {label.lower()}", code) for code, label in QPV_FLAGS.items()]
        self.qpv_combo = combo("Résidence en QPV", [("QPV : tous", None), *qpv])
        self._fill_classes()
        for filter_combo in (
            self.school_combo,
            self.niveau_combo,
            self.class_combo,
            self.qpv_combo,
        ):
            filter_combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            filter_combo.setMinimumContentsLength(8)
            filter_combo.currentIndexChanged.connect(self._filters_changed)
        self.school_combo.currentIndexChanged.connect(self._fill_classes)
        self.candidate_table = pupil_table(self.candidates, "Élèves candidats")
        # The indicator first: enabling sorting sorts by it (school, niveau, class, name).
        self.candidate_table.horizontalHeader().setSortIndicator(
            self.candidates.sort_column, self.candidates.sort_order
        )
        self.candidate_table.setSortingEnabled(True)
        self.candidate_table.selectionModel().selectionChanged.connect(self._refresh_group)
        self.candidate_table.doubleClicked.connect(lambda _index: self.register_selected())
        self.candidate_count = QLabel("")
        self.candidate_count.setObjectName("muted")
        self.candidates.reloaded.connect(self._show_candidate_count)
        self.add_button = QPushButton("Inscrire la sélection  →")
        self.add_button.setStyleSheet(PRIMARY_STYLE)
        self.add_button.clicked.connect(self.register_selected)
        filters = QGridLayout()
        filters.addWidget(self.search, 0, 0, 1, 2)
        filters.addWidget(self.school_combo, 0, 2, 1, 2)
        filters.addWidget(self.niveau_combo, 1, 0)
        filters.addWidget(self.class_combo, 1, 1)
        filters.addWidget(self.qpv_combo, 1, 2)
        layout = QVBoxLayout(box)
        layout.addLayout(filters)
        layout.addWidget(self.candidate_table, 1)
        line = QHBoxLayout()
        line.addWidget(self.candidate_count, 1)
        line.addWidget(self.add_button)
        layout.addLayout(line)
        return box

    def _build_group(self) -> QWidget:
        box = QGroupBox("Groupe")
        self.capacity_label = QLabel("")
        self.capacity_label.setWordWrap(True)
        self.capacity_bar = QProgressBar()
        self.capacity_bar.setTextVisible(False)
        self.capacity_bar.setMaximumHeight(self.fontMetrics().height() // 2)
        self.member_table = pupil_table(self.members, "Élèves du groupe")
        self.remove_button = QPushButton("←  Retirer du groupe")
        self.remove_button.clicked.connect(self.unregister_selected)
        self.missing_label = QLabel("")
        self.missing_label.setStyleSheet(WARN_STYLE)
        self.missing_label.setWordWrap(True)
        self.mix = MixPanel(self.activity.max_school_share, self.activity.min_schools)
        layout = QVBoxLayout(box)
        layout.addWidget(self.capacity_label)
        layout.addWidget(self.capacity_bar)
        layout.addWidget(self.member_table, 1)
        line = QHBoxLayout()
        line.addWidget(self.missing_label, 1)
        line.addWidget(self.remove_button)
        layout.addLayout(line)
        return box

    # -- filters ------------------------------------------------------------------------------

    def _fill_classes(self) -> None:
        school = self.school_combo.currentData()
        schools = (
            [school]
            if school is not None
            else [self.school_combo.itemData(i) for i in range(1, self.school_combo.count())]
        )
        self.class_combo.blockSignals(True)
        self.class_combo.clear()
        self.class_combo.addItem("Toutes les classes", None)
        for label in self._register.class_labels(schools):
            self.class_combo.addItem(label, label)
        self.class_combo.blockSignals(False)

    def _filters_changed(self) -> None:
        niveau = self.niveau_combo.currentData()
        self._filter = CandidateFilter(
            establishment_id=self.school_combo.currentData(),
            niveau=None if niveau in (TARGET_NIVEAUX, ALL_NIVEAUX) else niveau,
            class_label=self.class_combo.currentData(),
            qpv=self.qpv_combo.currentData(),
            search=self.search.text().strip() or None,
            only_target_niveaux=niveau == TARGET_NIVEAUX,
        )
        self.candidates.reload()
        self._refresh_group()

    def _search(self, _text: str) -> None:
        self._filters_changed()

    # Every call names the target: the séance when there is one, else the whole activity.

    def _fetch_candidates(self) -> list[PupilRow]:
        if self.session_id is not None:
            return self._service.candidates(self._filter, session_id=self.session_id)
        return self._service.candidates(self._filter, activity_id=self.activity_id)

    def _fetch_members(self) -> list[PupilRow]:
        if self.session_id is not None:
            return self._service.members(session_id=self.session_id)
        return self._service.members(activity_id=self.activity_id)

    def _register_pupils(self, ids: list[int]) -> RegistrationOutcome:
        if self.session_id is not None:
            return self._service.register(ids, session_id=self.session_id)
        return self._service.register(ids, activity_id=self.activity_id)

    def _unregister_pupil(self, pupil_id: int) -> list[int]:
        if self.session_id is not None:
            return self._service.unregister(pupil_id, session_id=self.session_id)
        return self._service.unregister(pupil_id, activity_id=self.activity_id)

    def _flag(self, ids: list[int]) -> set[int]:
        return self._register.without_participation(ids, self._day)

    def _show_candidate_count(self, shown: int, _total: int) -> None:
        self.candidate_count.setText(formatting.count(shown, "élève", "élèves"))

    # -- the group ----------------------------------------------------------------------------

    def selected_candidates(self) -> list[PupilRow]:
        rows = sorted(
            {index.row() for index in self.candidate_table.selectionModel().selectedRows()}
        )
        found = [self.candidates.row_at(r) for r in rows]
        return [r for r in found if r is not None]

    def _refresh_group(self) -> None:
        members = self.members.rows()
        registered = [m for m in members if m.status == "inscrit"]
        waiting = [m for m in members if m.status == "attente"]
        active = {m.id for m in members}
        new = [r for r in self.selected_candidates() if r.id not in active]
        group = group_mix(registered)
        # Only those who would get a place join the group; the others would wait.
        free_places = None if self.capacity is None else max(0, self.capacity - len(registered))
        joining = new if free_places is None else new[:free_places]
        projected = group_mix([*registered, *joining]) if new else None
        self.mix.show_mix(group, projected, len(joining), len(new) - len(joining))
        count = formatting.count(len(registered), "inscrit", "inscrits")
        if self.capacity is None:
            text = f"{count} (places non limitées)"
            self.capacity_bar.setVisible(False)
        else:
            free = max(0, self.capacity - len(registered))
            text = f"{count} sur {self.capacity} places · {formatting.count(free, 'place libre', 'places libres')}"
            self.capacity_bar.setRange(0, self.capacity)
            self.capacity_bar.setValue(min(self.capacity, len(registered)))
            if new and len(new) > free:
                text += f" · {len(new) - free} des élèves sélectionnés iraient en liste d'attente"
        if waiting:
            text += f" · {len(waiting)} en liste d'attente"
        self.capacity_label.setText(text)
        missing = [m for m in registered if m.id in self.members.missing]
        self.missing_label.setText(
            f"⚠ {formatting.count(len(missing), 'inscrit', 'inscrits')} sans autorisation de participation valable le {formatting.long_date(self._day)}."
            if missing
            else ""
        )
        self.add_button.setEnabled(bool(new))

    def register_selected(self) -> None:
        """Register the selected candidates (beyond the places: the waiting list)."""
        chosen = [r.id for r in self.selected_candidates() if r.status is None]
        if not chosen:
            return
        self.error.setVisible(False)
        try:
            outcome = self._register_pupils(chosen)
        except SchedulingError as exc:
            self._fail(str(exc))
            return
        self.outcome.setText(outcome.summary_fr())
        self._reload()

    def unregister_selected(self) -> None:
        """Remove the selected members; waiting pupils are promoted into the freed places."""
        rows = sorted({i.row() for i in self.member_table.selectionModel().selectedRows()})
        chosen = [m for m in (self.members.row_at(r) for r in rows) if m is not None]
        promoted: list[int] = []
        kept = [m for m in chosen if m.whole_activity]
        self.error.setVisible(False)
        try:
            for member in chosen:
                if not member.whole_activity:
                    promoted += self._unregister_pupil(member.id)
        except SchedulingError as exc:
            self._fail(str(exc))
        names = {m.id: m.full_name for m in self.members.rows()}
        removed = len(chosen) - len(kept)
        parts = [formatting.count(removed, "élève retiré", "élèves retirés")] if removed else []
        if promoted:
            parts.append(
                "passe(nt) de la liste d'attente aux inscrits : "
                + ", ".join(names.get(p, f"n° {p}") for p in promoted)
            )
        if kept:
            parts.append(
                f"{len(kept)} inscrit(s) à toute l'activité : retirez-les depuis l'activité"
            )
        self.outcome.setText(" · ".join(parts) + ("." if parts else ""))
        self._reload()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)

    def _reload(self) -> None:
        self.candidate_table.clearSelection()
        self.candidates.reload()
        self.members.reload()
        self._refresh_group()
