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
    context.configure(connection=conn, target_metadata=Base.metadata,
                      render_as_batch=conn.dialect.name == "sqlite", compare_type=True,
                      include_name=include_name)
    with context.begin_transaction():
        context.run_migrations()


run()
