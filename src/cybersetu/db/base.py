"""The declarative base every desk model derives from, and the column types they share."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar, cast

from sqlalchemy import JSON, DateTime, MetaData, Table, TypeDecorator
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import DeclarativeBase, Session, SessionTransaction

#: Constraint names that Alembic migrations and every backend agree on.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    # SQLAlchemy's TypeDecorator hooks take the dialect; UTC is the same on every one of them.
    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the desk database")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        dict[str, Any]: JSON(),
    }


def core(session: Session) -> Connection:
    """The connection of the session's transaction, for plain statements: the ORM's
    per-statement work (autoflush, object bookkeeping) costs more than the database where no
    object is read back. Unlike the session's own statements, it does not flush first."""
    return session.connection()


def table_of(model: type[Base]) -> Table:
    """A model's table, for plain statements on a session's connection (they skip the ORM's
    per-statement work where no object is read back)."""
    return cast(Table, model.__table__)


def insert_for(session: Session, table: Any) -> Any:
    """An INSERT into `table` in the session's dialect, so that `on_conflict_do_nothing` and
    `on_conflict_do_update` are there (PostgreSQL and SQLite spell them the same)."""
    if session.get_bind().dialect.name == "postgresql":
        return pg_insert(table)
    return sqlite_insert(table)


def utcnow() -> datetime:
    return datetime.now(UTC)


def begin(session: Session) -> SessionTransaction:
    """The transaction of one action. A transaction the session opened by itself for reading
    (SQLAlchemy begins one on first use) is ended first: an action's reads and writes happen
    in its own transaction, under its own locks."""
    if session.in_transaction():
        session.rollback()
    return session.begin()
