"""The same migration rules on a PostgreSQL server: refuse unknown, back up (pg_dump), upgrade."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from cites_app.cli.main import main
from cites_app.db.engine import make_engine
from cites_app.db.migrate import (
    DatabaseRefusedError,
    DatabaseState,
    inspect_database,
    run_migrations,
    upgrade_database,
)
from tests.conftest import PostgresServer

pytestmark = pytest.mark.postgresql


def test_models_and_migrations_agree_on_postgresql(pg_server: PostgresServer) -> None:
    url = pg_server.create("cites_mig_agree")
    upgrade_database(url, backup=False)
    engine = make_engine(url)
    with engine.connect() as conn:
        from cites_app.models import Base  # noqa: PLC0415

        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    pg_server.drop("cites_mig_agree")
    assert diff == []


def test_unknown_revision_on_the_server_is_refused_untouched(pg_server: PostgresServer) -> None:
    url = pg_server.create("cites_mig_future")
    upgrade_database(url, backup=False)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_futur'"))
        tables_before = conn.execute(
            text("SELECT count(*) FROM information_schema.tables WHERE table_schema='public'")
        ).scalar()
    with pytest.raises(DatabaseRefusedError, match="9999_futur"):
        upgrade_database(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "9999_futur"
        )
        assert (
            conn.execute(
                text("SELECT count(*) FROM information_schema.tables WHERE table_schema='public'")
            ).scalar()
            == tables_before
        )
    engine.dispose()
    pg_server.drop("cites_mig_future")


def test_older_server_database_is_dumped_then_upgraded(
    pg_server: PostgresServer, _isolated_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = pg_server.create("cites_mig_old")
    engine = make_engine(url)
    run_migrations(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO establishment (uai, name, kind, in_territory, uuid, version, "
                "created_at, updated_at) VALUES ('0930616P', 'COLLEGE ROMAIN ROLLAND', 'college', "
                "true, gen_random_uuid(), 1, now(), now())"
            )
        )
    engine.dispose()
    assert inspect_database(url).state is DatabaseState.OUTDATED

    assert main(["db", "upgrade", "--db", url.render_as_string(hide_password=False)]) == 0
    assert "Sauvegarde" in capsys.readouterr().out

    assert inspect_database(url).state is DatabaseState.CURRENT
    dumps = list((_isolated_data_dir / "sauvegardes-serveur").glob("cites_mig_old-*.dump"))
    assert len(dumps) == 1
    assert dumps[0].stat().st_size > 1000
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT uai FROM establishment")).scalars().all() == ["0930616P"]
    engine.dispose()
    pg_server.drop("cites_mig_old")
