"""Page « Accueil »: the territory and its key figures for one school year."""

from __future__ import annotations

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cites_app.db.database import Database
from cites_app.registers import formatting
from cites_app.registers.overview import (
    Overview,
    SchoolYear,
    default_school_year,
    load_overview,
    school_years,
)
from cites_app.registers.sessions import Clock, SessionPeriod, SessionRow
from cites_app.ui.style import scaled_font
from cites_app.ui.tasks import TaskGroup
from cites_app.ui.widgets.figure_card import FigureCard


class HomePage(QScrollArea):
    # Asks the window to open the séances page on a period (a SessionPeriod value).
    open_sessions = Signal(str)
    # The figures of the chosen year are on screen.
    figures_shown = Signal()

    def __init__(
        self,
        database: Database,
        clock: Clock,
        pool: QThreadPool | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._clock = clock
        # The figures are SQL aggregates (0.3 s at tier M): computed off the UI thread, so the
        # window paints at once and stays responsive.
        self._tasks = TaskGroup(pool, owner=self)
        self._generation = 0
        self.is_loading = False
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("homeBody")
        self.setWidget(body)

        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        layout.addLayout(self._build_header())
        layout.addSpacing(6)
        self.year_heading = QLabel("")
        self.year_heading.setFont(scaled_font(self.font(), 1.25, bold=True))
        layout.addWidget(self.year_heading)
        layout.addLayout(self._build_cards())
        layout.addSpacing(6)
        next_heading = QLabel("Prochaines séances")
        next_heading.setFont(scaled_font(self.font(), 1.25, bold=True))
        layout.addWidget(next_heading)
        layout.addWidget(self._build_next_box())
        layout.addStretch(1)

        self._fill_years()
        self.year_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh()

    def first_focus_widget(self) -> QWidget:
        return self.year_combo

    def focus_search(self) -> None:
        """The home page has no search field: Ctrl+F goes to the year choice instead."""
        self.year_combo.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def refresh(self) -> None:
        """Recompute the figures in the background; the newest request wins."""
        year = self.year_combo.currentData()
        school_year = SchoolYear(year) if year is not None else None
        database, now = self._database, self._clock()
        self._generation += 1
        generation = self._generation
        self.is_loading = True
        if not self.title.text():
            self.year_heading.setText("Calcul des chiffres clés…")

        def done(result: object) -> None:
            if generation != self._generation:
                return  # the user chose another year meanwhile
            assert isinstance(result, Overview)
            self.show_overview(result)
            self.is_loading = False
            self.figures_shown.emit()

        def failed(message: str) -> None:
            if generation == self._generation:
                self.year_heading.setText(f"Les chiffres n'ont pas pu être calculés : {message}")
                self.is_loading = False

        self._tasks.run(lambda: load_overview(database, now, school_year), done, failed)

    def show_overview(self, o: Overview) -> None:
        territory = o.territory
        self.title.setText(territory.name if territory else "Aucun territoire")
        self.subtitle.setText(_subtitle(o))
        self.demo_note.setVisible(bool(territory and territory.is_demo))
        self.year_heading.setText(f"Année scolaire {o.school_year.label}")
        c = self.cards
        c["establishments"].set_figure(
            formatting.integer(o.establishments),
            " · ".join(
                (
                    formatting.count(o.ecoles, "école", "écoles"),
                    formatting.count(o.colleges, "collège", "collèges"),
                    formatting.count(o.lycees, "lycée", "lycées"),
                )
            ),
        )
        c["pupils"].set_figure(
            formatting.integer(o.pupils),
            f"dont {formatting.count(o.pupils_registered, 'inscrit', 'inscrits')} à une activité",
        )
        c["sessions"].set_figure(
            formatting.integer(o.sessions_total),
            " · ".join(
                (
                    formatting.count(o.sessions_done, "réalisée", "réalisées"),
                    f"{formatting.integer(o.sessions_upcoming)} à venir",
                    formatting.count(o.sessions_cancelled, "annulée", "annulées"),
                )
            ),
        )
        c["presences"].set_figure(
            formatting.integer(o.presences),
            f"élèves présents, sur {formatting.count(o.attendance_records, 'élève appelé', 'élèves appelés')}",
        )
        c["hours"].set_figure(formatting.hours(o.hours), "passées en séance par les élèves")
        rate = o.attendance_rate
        c["rate"].set_figure(
            "—" if rate is None else formatting.percent(rate),
            "aucun appel enregistré" if rate is None else "des élèves appelés étaient présents",
        )
        c["schools"].set_figure(
            formatting.integer(o.schools_brought_together),
            "établissements dont des élèves se sont retrouvés en séance",
        )
        missing = o.missing_attendance_all_years
        self.missing_value.setText(formatting.integer(missing))
        if missing == 0:
            detail = "Tous les appels des séances passées sont faits."
        elif missing == 1:
            detail = "séance passée dont l'appel n'a pas été fait (toutes années)"
        else:
            detail = "séances passées dont l'appel n'a pas été fait (toutes années)"
        self.missing_detail.setText(detail)
        self.missing_card.setObjectName("alertCard" if missing else "card")
        self.missing_card.style().unpolish(self.missing_card)
        self.missing_card.style().polish(self.missing_card)
        self.see_missing.setVisible(missing > 0)
        self._show_next_sessions(o.next_sessions)

    def _build_header(self) -> QHBoxLayout:
        self.title = QLabel("")
        self.title.setObjectName("pageTitle")
        self.title.setFont(scaled_font(self.font(), 1.9, bold=True))
        self.title.setWordWrap(True)
        self.subtitle = QLabel("")
        self.subtitle.setObjectName("pageSubtitle")
        self.subtitle.setWordWrap(True)
        self.demo_note = QLabel(
            "Territoire de démonstration : établissements réels, élèves et séances fictifs."
        )
        self.demo_note.setObjectName("muted")
        self.demo_note.setWordWrap(True)
        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName("Année scolaire")
        year_caption = QLabel("&Année scolaire")
        year_caption.setBuddy(self.year_combo)
        titles = QVBoxLayout()
        titles.setSpacing(4)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        titles.addWidget(self.demo_note)
        top = QHBoxLayout()
        top.addLayout(titles, 1)
        top.addWidget(year_caption, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.year_combo, 0, Qt.AlignmentFlag.AlignTop)
        return top

    def _build_cards(self) -> QGridLayout:
        self.cards = {
            key: FigureCard(title)
            for key, title in (
                ("establishments", "Établissements du territoire"),
                ("pupils", "Élèves"),
                ("sessions", "Séances"),
                ("presences", "Présences"),
                ("hours", "Heures de présence"),
                ("rate", "Taux de présence"),
                ("schools", "Établissements réunis"),
            )
        }
        grid = QGridLayout()
        grid.setSpacing(12)
        for position, card in enumerate(self.cards.values()):
            grid.addWidget(card, position // 4, position % 4)
        self.missing_card = self._missing_attendance_card()
        grid.addWidget(self.missing_card, 1, 3)
        for column in range(4):
            grid.setColumnStretch(column, 1)
        return grid

    def _build_next_box(self) -> QFrame:
        self.next_box = QFrame()
        self.next_box.setObjectName("card")
        self.next_layout = QGridLayout(self.next_box)
        self.next_layout.setContentsMargins(16, 12, 16, 14)
        self.next_layout.setHorizontalSpacing(18)
        self.next_layout.setVerticalSpacing(6)
        self.next_layout.setColumnStretch(2, 1)
        self.see_upcoming = QPushButton("Voir toutes les séances à venir")
        self.see_upcoming.clicked.connect(
            lambda: self.open_sessions.emit(SessionPeriod.UPCOMING.value)
        )
        return self.next_box

    def _missing_attendance_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("card")
        self.missing_value = QLabel("0")
        self.missing_value.setObjectName("cardValue")
        self.missing_value.setFont(scaled_font(self.font(), 1.9, bold=True))
        title = QLabel("Séances sans appel")
        title.setObjectName("cardTitle")
        title.setWordWrap(True)
        title.setFont(scaled_font(self.font(), 1.0, bold=True))
        self.missing_detail = QLabel("")
        self.missing_detail.setObjectName("cardDetail")
        self.missing_detail.setWordWrap(True)
        self.see_missing = QPushButton("Voir ces séances")
        self.see_missing.clicked.connect(
            lambda: self.open_sessions.emit(SessionPeriod.MISSING_ATTENDANCE.value)
        )
        layout = QVBoxLayout(card)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(2)
        for widget in (self.missing_value, title, self.missing_detail):
            layout.addWidget(widget)
        layout.addSpacing(6)
        layout.addWidget(self.see_missing, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return card

    def _fill_years(self) -> None:
        today = self._clock().date()
        chosen = default_school_year(self._database, today)
        for year in school_years(self._database, today):
            self.year_combo.addItem(year.label, year.first_year)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(chosen.first_year)))

    def _show_next_sessions(self, rows: list[SessionRow]) -> None:
        while self.next_layout.count():
            item = self.next_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.see_upcoming:
                widget.deleteLater()
        if not rows:
            empty = QLabel("Aucune séance prévue pour l'instant.")
            empty.setObjectName("muted")
            self.next_layout.addWidget(empty, 0, 0, 1, 4)
        for line, row in enumerate(rows):
            when = QLabel(
                f"<b>{formatting.short_date(row.starts_at.date())}</b>"
                f"  {formatting.time_range(row.starts_at, row.ends_at)}"
            )
            self.next_layout.addWidget(when, line, 0)
            self.next_layout.addWidget(QLabel(row.activity), line, 1)
            place = QLabel(row.venue or "lieu non renseigné")
            place.setObjectName("muted")
            self.next_layout.addWidget(place, line, 2)
            self.next_layout.addWidget(
                QLabel(formatting.count(row.registered, "inscrit", "inscrits")), line, 3
            )
        self.next_layout.addWidget(
            self.see_upcoming, len(rows) + 1, 0, 1, 4, Qt.AlignmentFlag.AlignLeft
        )


def _subtitle(o: Overview) -> str:
    territory = o.territory
    if territory is None:
        return "La base ne contient encore aucun territoire."
    parts = []
    if territory.communes:
        label = "Commune" if len(territory.communes) == 1 else "Communes"
        parts.append(f"{label} : {', '.join(territory.communes)}")
    if territory.academie:
        parts.append(f"Académie de {territory.academie}")
    parts.append(f"zone {territory.holiday_zone}")
    return " · ".join(parts)
