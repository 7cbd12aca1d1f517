"""Page « Paramètres »: where the data is, backups, the team server, the settings, À propos."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cites_app.about import about_info
from cites_app.connection_settings import (
    TLS_MODES,
    ConnectionSettings,
    ConnectionSettingsError,
    ServerSettings,
    load_connection_settings,
    save_connection_settings,
    store_password,
    stored_password,
)
from cites_app.db.database import Database
from cites_app.db.migrate import DatabaseRefusedError, backup_now, inspect_database
from cites_app.db.url import sqlite_file
from cites_app.paths import backups_dir_for, data_dir
from cites_app.privacy import apply_retention, expired_pupils
from cites_app.school_calendar import (
    CalendarFileError,
    default_calendar_path,
    import_user_calendar,
    load_default_calendar,
)
from cites_app.settings import ALL_OPTIONS, Option, get_setting, set_setting
from cites_app.ui.pages.form_page import FormPage
from cites_app.ui.tasks import TaskGroup

# French labels of the typed settings shown on the page (keys of cites_app.settings).
_OPTION_LABELS = {
    "export.masking_threshold": "Seuil de masquage des exports",
    "privacy.retention_years": "Conservation des données nominatives (années)",
    "staffing.ratio_under_6": "Enfants de moins de 6 ans par adulte",
    "staffing.ratio_6_and_over": "Enfants de 6 ans et plus par adulte",
    "indicators.random_shuffles": "Tirages aléatoires (référence « hasard »)",
    "indicators.small_group": "Petit groupe en dessous de",
}


class SettingsPage(FormPage):
    """Everything a coordinator or the IT staff may need to check or change."""

    def __init__(
        self,
        database: Database,
        pool: QThreadPool | None = None,
        parent: QWidget | None = None,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__("Paramètres", parent)
        self._database = database
        self._clock = clock
        self._tasks = TaskGroup(pool, owner=self)
        layout = self.content
        layout.addWidget(self._data_box())
        layout.addWidget(self._server_box())
        layout.addWidget(self._options_box())
        layout.addWidget(self._retention_box())
        layout.addWidget(self._calendar_box())
        layout.addWidget(self._about_box())
        layout.addStretch(1)

    def first_focus_widget(self) -> QWidget:
        return self.backup_button

    def focus_search(self) -> None:
        self.host.setFocus()

    def refresh(self) -> None:
        self._load_options()

    # -- Données ------------------------------------------------------------------------------

    def _data_box(self) -> QGroupBox:
        box = QGroupBox("Données")
        form = QFormLayout(box)
        file = sqlite_file(self._database.url)
        self.location_label = _selectable(self._database.location)
        form.addRow("Base utilisée :", self.location_label)
        self.backups_folder = backups_dir_for(file) if file else data_dir() / "sauvegardes-serveur"
        form.addRow("Sauvegardes :", _selectable(str(self.backups_folder)))
        form.addRow(
            "Rythme :",
            QLabel(
                "une copie à chaque démarrage et avant chaque mise à jour ; les dix plus "
                "récentes sont gardées."
            ),
        )
        buttons = QHBoxLayout()
        self.backup_button = QPushButton("Sauvegarder maintenant")
        self.backup_button.clicked.connect(self.backup)
        open_folder = QPushButton("Ouvrir le dossier des sauvegardes")
        open_folder.clicked.connect(self._open_backups)
        buttons.addWidget(self.backup_button)
        buttons.addWidget(open_folder)
        buttons.addStretch(1)
        form.addRow(buttons)
        self.backup_status = QLabel("")
        self.backup_status.setWordWrap(True)
        form.addRow(self.backup_status)
        return box

    def backup(self) -> None:
        """Copy the database now, off the UI thread."""
        self.backup_button.setEnabled(False)
        self.backup_status.setText("Sauvegarde en cours…")
        url = self._database.url

        def done(result: object) -> None:
            self.backup_button.setEnabled(True)
            self.backup_status.setText(f"Sauvegarde faite : {result}")

        def failed(message: str) -> None:
            self.backup_button.setEnabled(True)
            self.backup_status.setText(f"La sauvegarde a échoué : {message}")

        self._run(lambda: backup_now(url, "manuelle"), done, failed)

    def _open_backups(self) -> None:
        self.backups_folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.backups_folder)))

    # -- Serveur d'équipe ----------------------------------------------------------------------

    def _server_box(self) -> QGroupBox:
        box = QGroupBox("Serveur d'équipe (PostgreSQL)")
        outer = QVBoxLayout(box)
        explanation = QLabel(
            "Une équipe peut travailler sur une même base installée sur un serveur. Chacun se "
            "connecte avec son propre identifiant ; le mot de passe est gardé dans le trousseau "
            "du système, jamais dans un fichier."
        )
        explanation.setWordWrap(True)
        outer.addWidget(explanation)
        form = QFormLayout()
        self.host = QLineEdit()
        self.host.setPlaceholderText("ex. serveur.mairie.local")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.database_name = QLineEdit()
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.tls = QComboBox()
        for code, label in TLS_MODES.items():
            self.tls.addItem(label, code)
        for label, widget in (
            ("Serveur :", self.host),
            ("Port :", self.port),
            ("Base :", self.database_name),
            ("Identifiant :", self.user),
            ("Mot de passe :", self.password),
            ("Chiffrement :", self.tls),
        ):
            form.addRow(label, widget)
        outer.addLayout(form)
        buttons = QHBoxLayout()
        self.test_button = QPushButton("Tester la connexion")
        self.test_button.clicked.connect(self.test_connection)
        self.use_server_button = QPushButton("Utiliser ce serveur")
        self.use_server_button.clicked.connect(self.use_server)
        self.use_local_button = QPushButton("Revenir à la base locale")
        self.use_local_button.clicked.connect(self.use_local)
        for button in (self.test_button, self.use_server_button, self.use_local_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        self.server_status = QLabel("")
        self.server_status.setWordWrap(True)
        outer.addWidget(self.server_status)
        self._load_server()
        return box

    def _load_server(self) -> None:
        try:
            settings = load_connection_settings()
        except ConnectionSettingsError as exc:
            self.server_status.setText(str(exc))
            settings = ConnectionSettings()
        server = settings.server
        self.host.setText(server.host)
        self.port.setValue(server.port)
        self.database_name.setText(server.database)
        self.user.setText(server.user)
        self.tls.setCurrentIndex(max(0, self.tls.findData(server.tls_mode)))
        mode = "le serveur d'équipe" if settings.mode == "server" else "la base locale"
        self.mode_label = f"Au démarrage, l'application ouvre {mode}."
        if not self.server_status.text():
            self.server_status.setText(self.mode_label)

    def server_settings(self) -> ServerSettings:
        return ServerSettings(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database_name.text().strip(),
            user=self.user.text().strip(),
            tls_mode=str(self.tls.currentData()),
        )

    def _password(self, server: ServerSettings) -> str | None:
        if self.password.text():
            return self.password.text()
        try:
            return stored_password(server)
        except ConnectionSettingsError:
            return None

    def test_connection(self) -> None:
        server = self.server_settings()
        problems = server.validate()
        if problems:
            self.server_status.setText(" ".join(problems.values()))
            return
        url = server.url(self._password(server))
        self.test_button.setEnabled(False)
        self.server_status.setText("Connexion en cours…")

        def done(result: object) -> None:
            self.test_button.setEnabled(True)
            self.server_status.setText(str(result))

        def failed(message: str) -> None:
            self.test_button.setEnabled(True)
            self.server_status.setText(f"Connexion impossible : {message}")

        def probe() -> str:
            try:
                status = inspect_database(url)
            except DatabaseRefusedError as exc:
                return str(exc)
            states = {
                "missing": "Connexion réussie. La base est vide : elle sera créée au démarrage.",
                "current": "Connexion réussie. La base est à jour.",
                "outdated": "Connexion réussie. La base sera mise à jour au démarrage "
                "(après une sauvegarde).",
                "unknown_revision": "Connexion réussie, mais la base vient d'une version plus "
                "récente de l'application.",
                "foreign": "Connexion réussie, mais cette base contient d'autres données.",
            }
            return states[status.state.value]

        self._run(probe, done, failed)

    def use_server(self) -> None:
        server = self.server_settings()
        problems = server.validate()
        if problems:
            self.server_status.setText(" ".join(problems.values()))
            return
        try:
            if self.password.text():
                store_password(server, self.password.text())
            save_connection_settings(ConnectionSettings("server", server))
        except (ConnectionSettingsError, OSError) as exc:
            self.server_status.setText(str(exc))
            return
        self.password.clear()
        self.server_status.setText(
            "Enregistré. Le serveur d'équipe sera utilisé au prochain démarrage de "
            "l'application. Pour y copier vos données locales : cites-app db copy --to …"
        )

    def use_local(self) -> None:
        try:
            save_connection_settings(ConnectionSettings("local", self.server_settings()))
        except OSError as exc:
            self.server_status.setText(f"Enregistrement impossible : {exc}")
            return
        self.server_status.setText(
            "Enregistré. La base locale sera utilisée au prochain démarrage de l'application."
        )

    # -- Réglages ------------------------------------------------------------------------------

    def _options_box(self) -> QGroupBox:
        box = QGroupBox("Réglages")
        form = QFormLayout(box)
        self.option_fields: dict[str, QSpinBox] = {}
        for option in ALL_OPTIONS:
            field = QSpinBox()
            field.setRange(0, 100_000)
            field.setToolTip(option.description)
            self.option_fields[option.key] = field
            form.addRow(_OPTION_LABELS.get(option.key, option.key) + " :", field)
        save = QPushButton("Enregistrer les réglages")
        save.clicked.connect(self.save_options)
        self.options_status = QLabel("")
        form.addRow(save)
        form.addRow(self.options_status)
        self._load_options()
        return box

    def _load_options(self) -> None:
        with self._database.read_session() as session:
            for option in ALL_OPTIONS:
                self.option_fields[option.key].setValue(get_setting(session, option))

    def save_options(self) -> None:
        options: tuple[Option[int], ...] = ALL_OPTIONS
        with self._database.session() as session:
            for option in options:
                set_setting(session, option, self.option_fields[option.key].value())
        self.options_status.setText("Réglages enregistrés.")

    # -- Calendrier scolaire --------------------------------------------------------------------

    def _calendar_box(self) -> QGroupBox:
        box = QGroupBox("Calendrier scolaire officiel")
        layout = QVBoxLayout(box)
        self.calendar_label = QLabel("")
        self.calendar_label.setWordWrap(True)
        layout.addWidget(self.calendar_label)
        self.calendar_button = QPushButton("Importer un calendrier plus récent…")
        self.calendar_button.setToolTip(
            "Le fichier national fr-en-calendrier-scolaire (CSV) publié chaque année par le "
            "ministère ; il remplace le calendrier fourni avec l'application."
        )
        self.calendar_button.clicked.connect(self.import_calendar)
        layout.addWidget(self.calendar_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.choose_calendar_file: Callable[[], str | None] = self._ask_calendar_file
        self._show_calendar()
        return box

    def _show_calendar(self, message: str = "") -> None:
        try:
            path = default_calendar_path()
            coverage = load_default_calendar(path).coverage("C")
        except (OSError, CalendarFileError) as exc:
            self.calendar_label.setText(f"Calendrier illisible : {exc}")
            return
        span = (
            f" (zone C : du {coverage[0]:%d/%m/%Y} au {coverage[1]:%d/%m/%Y})" if coverage else ""
        )
        self.calendar_label.setText(
            (message + " " if message else "") + f"Utilisé : {path.name}{span}."
        )

    def import_calendar(self) -> None:
        chosen = self.choose_calendar_file()
        if not chosen:
            return
        try:
            import_user_calendar(chosen)
        except CalendarFileError as exc:
            self.calendar_label.setText(f"Fichier refusé : {exc}")
            return
        self._show_calendar("Calendrier importé.")

    def _ask_calendar_file(self) -> str | None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Calendrier scolaire officiel", str(Path.home()), "Fichier CSV (*.csv)"
        )
        return name or None

    # -- Conservation des données --------------------------------------------------------------

    def _retention_box(self) -> QGroupBox:
        box = QGroupBox("Conservation des données nominatives")
        layout = QVBoxLayout(box)
        text = QLabel(
            "Les données nominatives d'un élève sans activité depuis l'année scolaire plus la "
            "durée réglée ci-dessus sont anonymisées : nom, prénom, date de naissance, INE et "
            "autorisations disparaissent ; ses présences restent comptées sans nom dans les "
            "indicateurs et les exports déjà produits."
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        buttons = QHBoxLayout()
        self.retention_list_button = QPushButton("Lister les élèves concernés")
        self.retention_list_button.clicked.connect(self.list_expired)
        self.retention_apply_button = QPushButton("Anonymiser ces élèves")
        self.retention_apply_button.setEnabled(False)
        self.retention_apply_button.clicked.connect(self.anonymise_expired)
        buttons.addWidget(self.retention_list_button)
        buttons.addWidget(self.retention_apply_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.retention_status = QLabel("")
        self.retention_status.setWordWrap(True)
        layout.addWidget(self.retention_status)
        self.expired_ids: list[int] = []
        return box

    def list_expired(self) -> None:
        listing = expired_pupils(self._database, self._today())
        self.expired_ids = [pupil.id for pupil in listing.pupils]
        if not listing.pupils:
            self.retention_status.setText(
                f"Aucun élève sans activité depuis le {listing.cutoff:%d/%m/%Y} : rien à "
                "anonymiser."
            )
        else:
            names = ", ".join(f"{p.first_name} {p.last_name}" for p in listing.pupils[:10]) + (
                " …" if len(listing.pupils) > 10 else ""
            )
            self.retention_status.setText(
                f"{len(listing.pupils)} élève(s) sans activité depuis le "
                f"{listing.cutoff:%d/%m/%Y} : {names}"
            )
        self.retention_apply_button.setEnabled(bool(self.expired_ids))

    def anonymise_expired(self) -> None:
        if not self.expired_ids:
            return
        result = apply_retention(self._database, self._today(), self.expired_ids)
        self.expired_ids = []
        self.retention_apply_button.setEnabled(False)
        self.retention_status.setText(
            f"{len(result.anonymised)} élève(s) anonymisé(s) ; l'opération est inscrite au journal."
        )

    def _today(self) -> date:
        return self._clock().date()

    # -- À propos ------------------------------------------------------------------------------

    def _about_box(self) -> QGroupBox:
        box = QGroupBox("À propos")
        form = QFormLayout(box)
        info = about_info(self._database.url)
        version = f"Cités éducatives — coordination {info.version}"
        if info.build_date:
            version += f" (installée le {info.build_date})"
        form.addRow("Version :", _selectable(version))
        form.addRow(
            "Composants :",
            _selectable(
                f"Python {info.python_version}, Qt (PySide6) {info.qt_version or '—'}, "
                f"{info.platform}"
            ),
        )
        form.addRow("Dossier de données :", _selectable(str(info.data_dir)))
        form.addRow("Programme installé dans :", _selectable(str(info.install_dir)))
        form.addRow(
            "Réseau :",
            QLabel("aucun accès à Internet n'est nécessaire ; tout fonctionne hors connexion."),
        )
        return box

    # -- helpers -------------------------------------------------------------------------------

    def _run(
        self,
        work: Callable[[], object],
        done: Callable[[object], None],
        failed: Callable[[str], None],
    ) -> None:
        """``work`` on the pool; ``done``/``failed`` back on the UI thread."""
        self._tasks.run(work, done, failed)


def _selectable(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
