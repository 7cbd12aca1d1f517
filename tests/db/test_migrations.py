"""The schema comes from the migrations, and upgrading never loses or damages data."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from cites_app.cli.main import main
from cites_app.db.engine import make_engine
from cites_app.db.migrate import (
    DatabaseRefusedError,
    DatabaseState,
    head_revision,
    inspect_database,
    run_migrations,
    upgrade_database,
)
from cites_app.db.url import sqlite_url
from cites_app.models import Base


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_models_and_migrations_agree(template_db_file: Path) -> None:
    engine = make_engine(sqlite_url(template_db_file))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_creates_a_missing_database_at_head(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nouveau" / "cites.sqlite"
    assert main(["db", "upgrade", "--db", str(target)]) == 0
    out = capsys.readouterr().out
    assert "Base créée à la dernière révision" in out
    status = inspect_database(sqlite_url(target))
    assert status.state is DatabaseState.CURRENT
    assert status.revision == head_revision()
    conn = sqlite3.connect(target)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert {"establishment", "pupil", "activity_session", "attendance", "audit_log"} <= tables


def test_unknown_revision_is_refused_and_left_byte_for_byte(
    tmp_path: Path, db_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "futur"
    folder.mkdir()
    future = folder / "cites.sqlite"
    shutil.copy(db_file, future)
    conn = sqlite3.connect(future)
    conn.execute("PRAGMA journal_mode=DELETE")  # a file as another version would leave it
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    before = _digest(folder)

    with pytest.raises(DatabaseRefusedError, match="version plus récente"):
        upgrade_database(sqlite_url(future))
    assert main(["db", "upgrade", "--db", str(future)]) == 2
    err = capsys.readouterr().err
    assert "9999_from_the_future" in err
    assert "n'a pas été modifiée" in err
    assert _digest(folder) == before  # same bytes, and no -wal, -shm or backup file created


def test_older_database_is_backed_up_then_upgraded_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "ancienne.sqlite"
    engine = make_engine(sqlite_url(path))
    run_migrations(engine, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO establishment (uai, name, kind, in_territory, uuid, version, "
            "created_at, updated_at) VALUES ('0930616P', 'COLLEGE ROMAIN ROLLAND', 'college', 1, "
            "'0123456789abcdef0123456789abcdef', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        )
    engine.dispose()
    assert inspect_database(sqlite_url(path)).state is DatabaseState.OUTDATED

    assert main(["db", "upgrade", "--db", str(path)]) == 0

    assert inspect_database(sqlite_url(path)).state is DatabaseState.CURRENT
    backups = list((tmp_path / "sauvegardes").glob("ancienne-*-avant-migration.sqlite"))
    assert len(backups) == 1
    saved = sqlite3.connect(backups[0])
    assert saved.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert saved.execute("SELECT name FROM establishment").fetchall() == [
        ("COLLEGE ROMAIN ROLLAND",)
    ]
    saved.close()
    live = sqlite3.connect(path)
    assert live.execute("SELECT uai FROM establishment").fetchall() == [("0930616P",)]
    live.close()


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"ceci n'est pas une base SQLite" * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseRefusedError, match="n'est pas une base"):
        upgrade_database(sqlite_url(path))
    assert path.read_bytes() == before


def test_a_failing_migration_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All revisions run in one transaction: a crash in the second undoes the first."""
    path = tmp_path / "crash.sqlite"
    from alembic.operations import Operations  # noqa: PLC0415

    real_create_table = Operations.create_table
    calls = {"n": 0}

    def failing_create_table(self: Operations, name: str, *args: object, **kw: object) -> object:
        calls["n"] += 1
        if name == "import_mapping":
            raise RuntimeError("panne simulée pendant la migration")
        return real_create_table(self, name, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Operations, "create_table", failing_create_table)
    with pytest.raises(RuntimeError, match="panne simulée"):
        upgrade_database(sqlite_url(path))
    assert calls["n"] > 5
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    conn.close()
    assert tables == []


def test_command_line_speaks_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["demo", "--size", "X"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "erreur : argument --size : choix invalide : 'X'" in err
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("utilisation : cites-app") and "afficher cette aide" in out
