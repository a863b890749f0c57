"""The migrations build exactly the tables the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from cybersetu.db.models import metadata
from tests.desk import engine_of


def test_the_migrated_schema_is_the_models_schema(desk_url: str) -> None:
    with engine_of(desk_url) as engine, engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    # alembic's own version table is not a model
    assert [d for d in diff if "alembic_version" not in repr(d)] == []
