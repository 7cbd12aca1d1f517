"""The drill-down beside the mix charts: one establishment or one séance, in detail."""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cites_app.registers import formatting
from cites_app.ui.charts.mix_figures import CATEGORY_CHOICES
from cites_app.ui.models.indicator_models import (
    POSITION_TEXTS,
    MixResult,
    SessionMixModel,
    decimal_or_dash,
    kind_label,
    percent_or_dash,
)
from cites_app.ui.style import scaled_font
from cites_app.ui.widgets.table_view import ListTableView

# Columns of the séances table kept in the narrow panel: date, activité, enfants.
_PANEL_COLUMNS = (0, 1, 2)


def _rows(pairs: list[tuple[str, str]]) -> str:
    """A two-column HTML table: label, value (QLabel rich text)."""
    cells = "".join(
        f"<tr><td style='padding-right:10px'>{escape(label)}</td><td><b>{value}</b></td></tr>"
        for label, value in pairs
    )
    return f"<table cellspacing='0' cellpadding='2'>{cells}</table>"


class DetailsPanel(QFrame):
    """Shows what :meth:`show_school` or :meth:`show_session` chose; hidden until then."""

    open_session = Signal(int)
    open_school = Signal(str)
    session_chosen = Signal(int)  # a séance picked in the establishment's list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.kind: str | None = None  # "school" or "session"
        self.key: str | int | None = None
        line = self.fontMetrics().height()
        self.setMinimumWidth(line * 18)
        self.title = QLabel("")
        self.title.setFont(scaled_font(self.font(), 1.2, bold=True))
        self.title.setWordWrap(True)
        self.subtitle = QLabel("")
        self.subtitle.setObjectName("muted")
        self.subtitle.setWordWrap(True)
        close = QPushButton("Fermer")
        close.setToolTip("Fermer le détail")
        close.clicked.connect(self.hide)
        self.figures = QLabel("")
        self.figures.setWordWrap(True)
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        self.others = QLabel("")
        self.others.setWordWrap(True)
        self.others.setTextFormat(Qt.TextFormat.RichText)
        self.sessions_model = SessionMixModel(self)
        self.sessions_table = ListTableView()
        self.sessions_table.setModel(self.sessions_model)
        self.sessions_table.setSortingEnabled(True)
        self.sessions_table.setAccessibleName("Séances de l'établissement")
        for column in range(self.sessions_model.columnCount()):
            self.sessions_table.setColumnHidden(column, column not in _PANEL_COLUMNS)
        header = self.sessions_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.sessions_table.activated.connect(self._session_activated)
        self.sessions_table.clicked.connect(self._session_activated)
        self.action = QPushButton("")
        self.action.clicked.connect(self._act)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addLayout(head)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.figures)
        layout.addWidget(self.others)
        layout.addWidget(self.sessions_table, 1)
        layout.addWidget(self.action, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(0)

    def refresh(self, result: MixResult) -> None:
        """The same selection on new figures (another category, weight or year)."""
        if self.kind == "school" and isinstance(self.key, str) and result.school(self.key):
            self.show_school(result, self.key)
        elif self.kind == "session" and isinstance(self.key, int) and result.session(self.key):
            self.show_session(result, self.key)
        else:
            self.hide()

    def show_school(self, result: MixResult, uai: str) -> None:
        school = result.school(uai)
        if school is None:
            return
        self.kind, self.key = "school", uai
        self.title.setText(school.name)
        self.subtitle.setText(
            " · ".join(
                part for part in (kind_label(school.kind), school.commune, school.uai) if part
            )
        )
        rate = (
            f" ({percent_or_dash(school.participation_rate)} de ses "
            f"{formatting.integer(school.enrolment)} élèves)"
            if school.enrolment
            else ""
        )
        ips = decimal_or_dash(school.ips, 1)
        if school.ips is not None:
            ips += f" ({school.ips_band}"
            ips += f", écart-type {decimal_or_dash(school.ips_sd, 1)})" if school.ips_sd else ")"
        self.figures.setText(
            _rows(
                [
                    ("Enfants venus", formatting.integer(school.participants) + rate),
                    ("Séances", formatting.integer(school.sessions)),
                    ("Heures de présence", formatting.hours(school.hours)),
                    (
                        "Camarades d'autres écoles",
                        percent_or_dash(school.exposure_to_other_schools),
                    ),
                    ("IPS", ips),
                    ("Éducation prioritaire", school.education_prioritaire or "non renseignée"),
                ]
            )
        )
        met = result.schools_met(uai)
        self.others.setText(
            f"<b>Autres établissements rencontrés ({len(met)})</b> : "
            + (escape(", ".join(met)) if met else "aucun")
        )
        sessions = result.sessions_of_school(uai)
        self.sessions_model.set_context(result.loaded.contact_chance, result.loaded.small_group)
        self.sessions_model.set_rows(sessions)
        self.sessions_table.setVisible(bool(sessions))
        self.action.setText("Voir dans la liste des établissements")
        self.show()

    def show_session(self, result: MixResult, session_id: int) -> None:
        session = result.session(session_id)
        if session is None:
            return
        self.kind, self.key = "session", session_id
        mix = session.mix
        starts = datetime.fromisoformat(session.starts_at)
        self.title.setText(session.activity or "Séance")
        self.subtitle.setText(
            f"{formatting.long_date(date.fromisoformat(session.date))}, "
            f"{formatting.clock_time(starts)} · {formatting.hours(session.duration_hours)}"
        )
        chance = result.loaded.contact_chance.get(mix.participants)
        contact = percent_or_dash(mix.contact_rate)
        if chance is not None and mix.contact_rate is not None:
            contact += (
                f" (au hasard : {formatting.percent(chance.low)} à "
                f"{formatting.percent(chance.high)})"
            )
        size = formatting.integer(mix.participants)
        if mix.small_group:
            size += " — petit groupe : chiffres à lire avec prudence"
        phrase = CATEGORY_CHOICES[result.frame.category][1]
        position = POSITION_TEXTS.get(mix.L_position or "", "—")
        ips = decimal_or_dash(mix.ips_mean, 1)
        if mix.ips_sd is not None:
            ips += f" (écart-type {decimal_or_dash(mix.ips_sd, 1)})"
        self.figures.setText(
            _rows(
                [
                    ("Enfants présents", size),
                    ("Écoles représentées", formatting.integer(mix.schools)),
                    ("Part de la 1re école", percent_or_dash(mix.largest_school_share)),
                    ("Camarades d'autres écoles", contact),
                    (f"Selon {phrase}", position),
                    (
                        "Résidence en QPV",
                        percent_or_dash(mix.qpv_share)
                        + (f" ({mix.qpv_unknown} inconnue(s))" if mix.qpv_unknown else ""),
                    ),
                    ("Filles / garçons", f"{mix.girls} / {mix.boys}"),
                    ("IPS moyen des écoles", ips),
                ]
            )
        )
        schools = result.schools_of_session(session_id)
        self.others.setText(
            "<b>Établissements présents</b><br>"
            + "<br>".join(
                f"{escape(name)} : {formatting.count(n, 'enfant', 'enfants')}"
                for name, n in schools
            )
        )
        self.sessions_table.hide()
        self.action.setText("Ouvrir la séance")
        self.show()

    def _session_activated(self, index: QModelIndex) -> None:
        key = self.sessions_model.key_at(index.row())
        if isinstance(key, int):
            self.session_chosen.emit(key)

    def _act(self) -> None:
        if self.kind == "session" and isinstance(self.key, int):
            self.open_session.emit(self.key)
        elif self.kind == "school" and isinstance(self.key, str):
            self.open_school.emit(self.key)
