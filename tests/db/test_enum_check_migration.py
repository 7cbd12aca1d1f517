"""Migration 0003 rewrites the enumeration CHECKs without touching the data or their meaning."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import CheckConstraint, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import IntegrityError

from cites_app.db.database import Database
from cites_app.db.engine import make_engine
from cites_app.db.migrate import alembic_config
from cites_app.db.url import sqlite_file, sqlite_url
from cites_app.models import Base

_COUNTED = ("pupil", "attendance", "registration", "establishment", "activity")


def _migrate(url: URL, revision: str, *, down: bool = False) -> None:
    engine = make_engine(url, sqlite_begin="BEGIN EXCLUSIVE")
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        if down:
            command.downgrade(config, revision)
        else:
            command.upgrade(config, revision)
    engine.dispose()


def _counts(database: Database) -> dict[str, int]:
    with database.engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in _COUNTED}


def _insert_pupil(database: Database, niveau: str, sex: str) -> None:
    with database.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO pupil (last_name, first_name, niveau, sex, ulis, segpa, qpv, "
                "uuid, version) VALUES ('Essai', 'Élève', :niveau, :sex, false, false, "
                "'inconnu', :uuid, 1)"
            ),
            {"niveau": niveau, "sex": sex, "uuid": "f" * 32},
        )


def test_down_and_up_again_keeps_every_row_and_still_refuses_bad_values(
    demo_db: Database,
) -> None:
    before = _counts(demo_db)
    assert before["attendance"] > 1000

    _migrate(demo_db.url, "0002", down=True)
    _migrate(demo_db.url, "head")

    assert _counts(demo_db) == before
    with pytest.raises(IntegrityError):
        _insert_pupil(demo_db, "CM3", "F")
    with pytest.raises(IntegrityError):
        _insert_pupil(demo_db, "CM2", "X")
    _insert_pupil(demo_db, "CAP2", "M")
    with demo_db.engine.connect() as conn:
        stored = conn.execute(text("SELECT niveau FROM pupil WHERE last_name = 'Essai'"))
        assert stored.scalars().all() == ["CAP2"]


def test_sqlite_tables_hold_the_models_check_text(demo_db: Database) -> None:
    """The stored CREATE TABLE texts say exactly what the models say, and the file is sound."""
    path = sqlite_file(demo_db.url)
    if path is None:
        # PostgreSQL keeps its own normalised text; the behaviour test above covers it.
        assert demo_db.backend == "postgresql"
        return
    conn = sqlite3.connect(path)
    tables = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    checked = 0
    for table in Base.metadata.sorted_tables:
        for constraint in table.constraints:
            if isinstance(constraint, CheckConstraint) and str(constraint.name).endswith("_values"):
                expected = f"CONSTRAINT {constraint.name} CHECK ({constraint.sqltext})"
                assert expected in tables[table.name]
                assert " IN (" not in str(constraint.sqltext)
                checked += 1
    assert checked == 16


def test_a_schema_the_migration_did_not_write_is_refused_untouched(db_file: Path) -> None:
    """A table whose CHECK text is not what 0002 left stops the migration; nothing changes."""
    url = sqlite_url(db_file)
    _migrate(url, "0002", down=True)
    conn = sqlite3.connect(db_file)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = replace(sql, \"'CAP2'\", \"'CAP3'\") WHERE name = 'pupil'"
    )
    conn.commit()
    conn.close()
    before = db_file.read_bytes()

    with pytest.raises(RuntimeError, match="ck_pupil_niveau_values"):
        _migrate(url, "head")

    conn = sqlite3.connect(db_file)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
    conn.close()
    assert db_file.read_bytes() == before
