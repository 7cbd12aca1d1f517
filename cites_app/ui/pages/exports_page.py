"""Page « Exports »: the prefecture workbook, a porteur's report, the attendance matrix."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QThreadPool, QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from cites_app.db.database import Database
from cites_app.models import Activity, Partner
from cites_app.registers.overview import default_school_year, school_years
from cites_app.ui.pages.form_page import FormPage
from cites_app.ui.tasks import TaskGroup

Clock = Callable[[], datetime]
# (suggested file name) -> chosen path, or None when the user cancelled; injectable for tests.
ChooseSaveFile = Callable[[str], Path | None]


class ExportsPage(FormPage):
    """Each export is written in the background; the page says where and what it holds."""

    def __init__(
        self,
        database: Database,
        clock: Clock = datetime.now,
        parent: QWidget | None = None,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__("Exports", parent)
        self._database = database
        self._clock = clock
        self._tasks = TaskGroup(pool, owner=self)
        self.choose_save_file: ChooseSaveFile = self._ask_save_file
        self.last_file: Path | None = None
        layout = self.content
        self.year_combo = QComboBox()
        year_row = QFormLayout()
        year_row.addRow("Année scolaire :", self.year_combo)
        layout.addLayout(year_row)
        layout.addWidget(self._revue_box())
        layout.addWidget(self._porteur_box())
        layout.addWidget(self._matrix_box())
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.open_folder_button = QPushButton("Ouvrir le dossier du fichier")
        self.open_folder_button.setVisible(False)
        self.open_folder_button.clicked.connect(self._open_folder)
        layout.addWidget(self.open_folder_button)
        layout.addStretch(1)
        self._loaded = False

    # -- page protocol --------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        if not self._loaded:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        """Reload the choices (years, partners, activities)."""
        self._loaded = True
        today = self._clock().date()
        self.year_combo.clear()
        for year in school_years(self._database, today):
            self.year_combo.addItem(year.label, year.label)
        chosen = default_school_year(self._database, today).label
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(chosen)))
        with self._database.read_session() as session:
            partners = session.execute(select(Partner.id, Partner.name).order_by(Partner.name))
            self.partner_combo.clear()
            for partner_id, name in partners:
                self.partner_combo.addItem(name, partner_id)
            activities = session.execute(
                select(Activity.id, Activity.title).order_by(Activity.title, Activity.id)
            )
            self.activity_combo.clear()
            self.activity_combo.addItem("Toutes les activités", None)
            for activity_id, title in activities:
                self.activity_combo.addItem(f"{title} (n° {activity_id})", activity_id)

    def first_focus_widget(self) -> QWidget:
        return self.year_combo

    def focus_search(self) -> None:
        self.year_combo.setFocus()

    # -- the three exports ----------------------------------------------------------------------

    def _revue_box(self) -> QGroupBox:
        box = QGroupBox("Revue de projet (préfecture)")
        layout = QVBoxLayout(box)
        text = QLabel(
            "Le classeur annuel : synthèse, actions, établissements, séances, mixité et "
            "méthodologie. Données agrégées uniquement : aucun nom d'élève ; les effectifs "
            "inférieurs au seuil de masquage apparaissent « < 5 »."
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.revue_button = QPushButton("Enregistrer la revue de projet…")
        self.revue_button.clicked.connect(self.export_revue)
        layout.addWidget(self.revue_button)
        return box

    def _porteur_box(self) -> QGroupBox:
        box = QGroupBox("Rapport pour un porteur")
        form = QFormLayout(box)
        self.partner_combo = QComboBox()
        form.addRow("Porteur :", self.partner_combo)
        self.porteur_button = QPushButton("Enregistrer le rapport du porteur…")
        self.porteur_button.clicked.connect(self.export_porteur)
        form.addRow(self.porteur_button)
        return box

    def _matrix_box(self) -> QGroupBox:
        box = QGroupBox("Matrice des présences (usage interne)")
        form = QFormLayout(box)
        warning = QLabel(
            "Données nominatives : élèves × séances. À garder dans l'équipe ; l'export est "
            "inscrit au journal."
        )
        warning.setObjectName("warningLabel")
        warning.setWordWrap(True)
        form.addRow(warning)
        self.activity_combo = QComboBox()
        form.addRow("Activité :", self.activity_combo)
        self.matrix_button = QPushButton("Enregistrer la matrice des présences…")
        self.matrix_button.clicked.connect(self.export_matrix)
        form.addRow(self.matrix_button)
        return box

    def export_revue(self) -> None:
        year = self._year()
        path = self.choose_save_file(f"revue-de-projet-{year}.xlsx")
        if path is None:
            return
        from cites_app.exports.revue import write_revue  # noqa: PLC0415 - openpyxl on demand

        database = self._database

        def describe(result: object) -> str:
            return (
                f"Revue de projet enregistrée : {path}. "
                f"{getattr(result, 'sessions', '?')} séances, "
                f"{getattr(result, 'beneficiaries', '?')} bénéficiaires."
            )

        self._run(
            self.revue_button,
            lambda: write_revue(database, path, year=year, today=self._clock().date()),
            path,
            describe,
        )

    def export_porteur(self) -> None:
        partner_id = self.partner_combo.currentData()
        if partner_id is None:
            self.status.setText("Choisissez d'abord un porteur.")
            return
        year = self._year()
        path = self.choose_save_file(f"rapport-porteur-{partner_id}-{year}.xlsx")
        if path is None:
            return
        from cites_app.exports.porteur import write_porteur_report  # noqa: PLC0415

        database = self._database
        self._run(
            self.porteur_button,
            lambda: write_porteur_report(
                database, path, int(partner_id), year=year, today=self._clock().date()
            ),
            path,
            lambda result: f"Rapport de « {getattr(result, 'partner', '')} » enregistré : {path}.",
        )

    def export_matrix(self) -> None:
        activity_id = self.activity_combo.currentData()
        year = self._year()
        path = self.choose_save_file(f"presences-{year}.xlsx")
        if path is None:
            return
        from cites_app.exports.attendance_matrix import write_attendance_matrix  # noqa: PLC0415

        database = self._database
        self._run(
            self.matrix_button,
            lambda: write_attendance_matrix(database, path, activity_id=activity_id, year=year),
            path,
            lambda result: (
                f"Matrice des présences enregistrée : {path} "
                f"({getattr(result, 'pupils', '?')} élèves × {getattr(result, 'sessions', '?')} "
                "séances). Données nominatives : ne pas diffuser."
            ),
        )

    # -- helpers --------------------------------------------------------------------------------

    def _year(self) -> str:
        data = self.year_combo.currentData()
        return str(data) if data else f"{date.today().year - 1}-{date.today().year}"

    def _run(
        self,
        button: QPushButton,
        work: Callable[[], object],
        path: Path,
        describe: Callable[[object], str],
    ) -> None:
        button.setEnabled(False)
        self.status.setText("Écriture en cours…")
        self.open_folder_button.setVisible(False)

        def done(result: object) -> None:
            button.setEnabled(True)
            self.last_file = path
            self.status.setText(describe(result))
            self.open_folder_button.setVisible(True)

        def failed(message: str) -> None:
            button.setEnabled(True)
            self.status.setText(f"L'export n'a pas pu être écrit : {message}")

        self._tasks.run(work, done, failed)

    def _ask_save_file(self, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Enregistrer sous", str(Path.home() / suggested), "Classeur Excel (*.xlsx)"
        )
        return Path(name) if name else None

    def _open_folder(self) -> None:
        if self.last_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_file.parent)))
