"""Alembic environment: the only way a schema is created or changed.

The application passes an open connection in ``config.attributes["connection"]`` so that the
whole upgrade runs in the transaction it opened. Developers may also run ``alembic upgrade head``
from the checkout; the URL then comes from ``-x db=…``, ``CITES_APP_DB`` or the user's database.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from cites_app.db.engine import make_engine
from cites_app.db.url import resolve_database_url
from cites_app.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
        render_as_batch=True,
        compare_type=True,
    )


def run_migrations_offline() -> None:
    url = resolve_database_url(context.get_x_argument(as_dictionary=True).get("db"))
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = resolve_database_url(context.get_x_argument(as_dictionary=True).get("db"))
    engine = make_engine(url)
    with engine.begin() as conn:
        _configure(conn)
        context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
