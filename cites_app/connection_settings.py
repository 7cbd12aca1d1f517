"""Where the application finds its data: the local file, or a team server.

The choice lives in ``connexion.json`` in the user's data folder (no password there); the
server password lives in the operating system's keyring (Windows Credential Manager, macOS
Keychain, Secret Service on Linux). ``--db`` and ``CITES_APP_DB`` still override everything.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

import keyring
from keyring.errors import KeyringError
from sqlalchemy.engine import URL

from cites_app.paths import data_dir

KEYRING_SERVICE = "cites-app"
SETTINGS_FILE = "connexion.json"
TLS_MODES: dict[str, str] = {
    "prefer": "Chiffrée si possible",
    "require": "Toujours chiffrée",
    "verify-full": "Chiffrée, certificat du serveur vérifié",
    "disable": "Jamais chiffrée (réseau de confiance uniquement)",
}


class ConnectionSettingsError(RuntimeError):
    """A French message for the user (bad file, no keyring…)."""


@dataclass(frozen=True)
class ServerSettings:
    host: str = ""
    port: int = 5432
    database: str = "cites"
    user: str = ""
    tls_mode: str = "prefer"

    def validate(self) -> dict[str, str]:
        """Field → French problem; empty when the settings can be used."""
        problems: dict[str, str] = {}
        if not self.host.strip():
            problems["host"] = "Indiquez l'adresse du serveur."
        if not 1 <= self.port <= 65535:
            problems["port"] = "Le port est un nombre entre 1 et 65535 (souvent 5432)."
        if not self.database.strip():
            problems["database"] = "Indiquez le nom de la base."
        if not self.user.strip():
            problems["user"] = "Indiquez votre identifiant sur le serveur."
        if self.tls_mode not in TLS_MODES:
            problems["tls_mode"] = "Mode de chiffrement inconnu."
        return problems

    @property
    def keyring_user(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def url(self, password: str | None) -> URL:
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            password=password or None,
            host=self.host,
            port=self.port,
            database=self.database,
            query={"sslmode": self.tls_mode},
        )


@dataclass(frozen=True)
class ConnectionSettings:
    mode: Literal["local", "server"] = "local"
    server: ServerSettings = field(default_factory=ServerSettings)


def settings_path(folder: Path | None = None) -> Path:
    return (folder or data_dir()) / SETTINGS_FILE


def load_connection_settings(folder: Path | None = None) -> ConnectionSettings:
    path = settings_path(folder)
    if not path.exists():
        return ConnectionSettings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        server = ServerSettings(**raw.get("server", {}))
        mode = raw.get("mode", "local")
    except (ValueError, TypeError) as exc:
        raise ConnectionSettingsError(
            f"Le fichier de connexion {path} est illisible ({exc}). Supprimez-le pour revenir "
            "à la base locale."
        ) from exc
    return ConnectionSettings(mode="server" if mode == "server" else "local", server=server)


def save_connection_settings(settings: ConnectionSettings, folder: Path | None = None) -> Path:
    path = settings_path(folder)
    payload = {"mode": settings.mode, "server": asdict(settings.server)}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def store_password(server: ServerSettings, password: str) -> None:
    """Keep the password in the OS keyring (never in a file)."""
    try:
        keyring.set_password(KEYRING_SERVICE, server.keyring_user, password)
    except KeyringError as exc:
        raise ConnectionSettingsError(_no_keyring_message(exc)) from exc


def stored_password(server: ServerSettings) -> str | None:
    try:
        password: str | None = keyring.get_password(KEYRING_SERVICE, server.keyring_user)
    except KeyringError as exc:
        raise ConnectionSettingsError(_no_keyring_message(exc)) from exc
    return password


def server_url(settings: ConnectionSettings) -> URL | None:
    """The team server's URL with its password from the keyring, or None in local mode."""
    if settings.mode != "server":
        return None
    return settings.server.url(stored_password(settings.server))


def _no_keyring_message(exc: Exception) -> str:
    return (
        "Le trousseau de mots de passe du système n'est pas disponible "
        f"({exc}). Le mot de passe du serveur n'est jamais écrit dans un fichier : "
        "demandez à votre service informatique d'activer le trousseau de votre session."
    )
