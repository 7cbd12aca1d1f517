"""Team server settings: saved without the password, password in the keyring, URL resolution."""

from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest

from cites_app.connection_settings import (
    ConnectionSettings,
    ConnectionSettingsError,
    ServerSettings,
    load_connection_settings,
    save_connection_settings,
    store_password,
    stored_password,
)
from cites_app.db.url import resolve_database_url
from tests.settings.keyring_double import MemoryKeyring, NoKeyring

SERVER = ServerSettings(host="db.mairie.local", port=5433, database="cites", user="coord1")


def test_password_goes_to_the_keyring_never_to_the_file(
    memory_keyring: MemoryKeyring, _isolated_data_dir: Path
) -> None:
    _isolated_data_dir.mkdir(parents=True, exist_ok=True)
    path = save_connection_settings(ConnectionSettings("server", SERVER))
    store_password(SERVER, "s3cret-Éé")
    assert "s3cret" not in path.read_text(encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8"))["server"]["host"] == "db.mairie.local"
    assert stored_password(SERVER) == "s3cret-Éé"
    assert load_connection_settings() == ConnectionSettings("server", SERVER)


def test_the_default_database_follows_the_settings(
    memory_keyring: MemoryKeyring, _isolated_data_dir: Path
) -> None:
    _isolated_data_dir.mkdir(parents=True, exist_ok=True)
    local = resolve_database_url()
    assert local.get_backend_name() == "sqlite"
    save_connection_settings(ConnectionSettings("server", SERVER))
    store_password(SERVER, "pw")
    url = resolve_database_url()
    assert (url.get_backend_name(), url.host, url.port, url.username, url.password) == (
        "postgresql", "db.mairie.local", 5433, "coord1", "pw",
    )  # fmt: skip
    assert url.query["sslmode"] == "prefer"
    assert resolve_database_url("/tmp/autre.sqlite").get_backend_name() == "sqlite"  # --db wins
    save_connection_settings(ConnectionSettings("local", SERVER))  # "revenir à la base locale"
    assert resolve_database_url() == local


def test_no_keyring_is_explained_in_french(_isolated_data_dir: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        with pytest.raises(ConnectionSettingsError, match="trousseau de mots de passe"):
            store_password(SERVER, "pw")
    finally:
        keyring.set_keyring(previous)


def test_invalid_server_settings_name_each_field() -> None:
    problems = ServerSettings(host=" ", port=0, database="", user="").validate()
    assert set(problems) == {"host", "port", "database", "user"}
    assert problems["port"].startswith("Le port")
