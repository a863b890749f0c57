"""Alembic environment: the desk's models, the URL from the config `migrate.py` builds."""

from __future__ import annotations

from alembic import context

from cybersetu.db.models import metadata
from cybersetu.db.session import make_engine

config = context.config


def run() -> None:
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("The Alembic configuration names no sqlalchemy.url.")
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
