from alembic import context

from server.db import make_engine
from server.models import Base, include_name

config = context.config
url = config.get_main_option("sqlalchemy.url")


def run() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        engine = make_engine(url)
        try:
            with engine.connect() as conn:
                _migrate(conn)
        finally:
            engine.dispose()
    else:
        _migrate(connectable)


def _migrate(conn) -> None:
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        # SQLite alters a table by building it anew and dropping the old one, which the other tables' foreign keys
        # to it would refuse; they are checked all at once before the migration commits instead
        _pragma(conn, "foreign_keys=OFF")
    try:
        context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=sqlite, compare_type=True,
                          include_name=include_name)
        with context.begin_transaction():
            context.run_migrations()
            if sqlite and (broken := conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()):
                raise RuntimeError(f"the migration leaves rows whose foreign keys lead nowhere: {broken[:5]}")
    finally:
        if sqlite:
            _pragma(conn, "foreign_keys=ON")


def _pragma(conn, setting: str) -> None:
    """A pragma that SQLite takes only outside a transaction: on the driver's connection, which does not begin one
    (server/db.py leaves BEGIN to SQLAlchemy)."""
    if conn.in_transaction():
        conn.commit()
    conn.connection.dbapi_connection.execute(f"PRAGMA {setting}")


run()
