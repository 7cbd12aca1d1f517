"""Moving a local database to a team server, and a server that does not answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from cites_app.cli.main import main
from cites_app.db.copy import CopyError, copy_database
from cites_app.db.database import Database
from cites_app.db.migrate import DatabaseUnavailableError, upgrade_database
from cites_app.db.url import sqlite_url
from cites_app.models import Attendance, Establishment, Pupil
from tests.conftest import PostgresServer

UNREACHABLE = "postgresql+psycopg://coordinatrice@127.0.0.1:1/cites"


def _fingerprint(database: Database) -> tuple[int, int, int, list[str]]:
    with database.read_session() as session:
        return (
            session.scalar(select(func.count()).select_from(Pupil)) or 0,
            session.scalar(select(func.count()).select_from(Attendance)) or 0,
            session.scalar(select(func.max(Attendance.id))) or 0,
            [
                str(u)
                for u in session.scalars(select(Establishment.uuid).order_by(Establishment.id))
            ],
        )


def test_copy_keeps_every_row_with_its_ids_and_uuids(demo_db: Database, tmp_path: Path) -> None:
    target_url = sqlite_url(tmp_path / "copie.sqlite")
    report = copy_database(demo_db, target_url)
    target = Database(target_url)
    assert _fingerprint(target) == _fingerprint(demo_db)
    assert report.rows["attendance"] == _fingerprint(demo_db)[1]
    # The copy is a working database: new rows get fresh ids after the copied ones.
    with target.session() as session:
        session.add(Establishment(uai="0930616P", name="Collège Romain Rolland", kind="college"))
    with target.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Establishment)) == 26
    target.dispose()


def test_copy_refuses_a_target_that_holds_data(demo_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "occupee.sqlite"
    upgrade_database(sqlite_url(path), backup=False)
    occupied = Database(sqlite_url(path))
    with occupied.session() as session:
        session.add(Establishment(uai="0930616P", name="Collège Romain Rolland", kind="college"))
    with pytest.raises(CopyError, match="contient déjà des données"):
        copy_database(demo_db, sqlite_url(path))
    with occupied.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Establishment)) == 1
    occupied.dispose()


@pytest.mark.postgresql
def test_db_copy_command_moves_a_local_file_to_postgresql(
    pg_server: PostgresServer,
    demo_db_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    local = tmp_path / "local.sqlite"
    local.write_bytes(demo_db_file.read_bytes())
    target = pg_server.create("cites_copy_target")
    code = main(["db", "copy", "--db", str(local), "--to", target.render_as_string(False)])
    assert code == 0, capsys.readouterr().err
    assert "lignes copiées" in capsys.readouterr().out
    source, copied = Database(sqlite_url(local)), Database(target)
    assert _fingerprint(copied) == _fingerprint(source)
    with copied.session() as session:  # sequences were moved past the copied ids
        session.add(Establishment(uai="0930616P", name="Collège Romain Rolland", kind="college"))
    with copied.engine.connect() as conn:
        assert conn.scalar(text("SELECT max(id) FROM establishment")) == 26
    source.dispose()
    copied.dispose()
    pg_server.drop("cites_copy_target")


def test_an_unreachable_server_is_said_plainly(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(DatabaseUnavailableError, match="ne répond pas"):
        upgrade_database(Database(sqlite_url(Path("/nonexistent/x.sqlite"))).url.set(
            drivername="postgresql+psycopg", host="127.0.0.1", port=1, database="cites",
            username="coordinatrice",
        ))  # fmt: skip
    assert main(["db", "upgrade", "--db", UNREACHABLE]) == 2
    err = capsys.readouterr().err
    assert "ne répond pas" in err and "Rien n'a été lu ni enregistré" in err
