"""The declarative base every desk model derives from, and the column types they share."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar, cast

import orjson
from sqlalchemy import (
    JSON,
    DateTime,
    MetaData,
    Table,
    Text,
    TypeDecorator,
    bindparam,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import DeclarativeBase, Session, SessionTransaction, defer
from sqlalchemy.orm.attributes import set_committed_value

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


M = TypeVar("M", bound=Base)


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


def insert_all(session: Session, model: type[M], rows: Sequence[Mapping[str, Any]]) -> list[M]:
    """Insert rows of one table in one statement; the objects, persistent in the session, in
    the order of the rows. Every row names the same columns (keys are column names, which are
    the attributes' names in the desk's models). On PostgreSQL a Python-side default is taken
    once for the statement: give each row its own value where they must differ."""
    if not rows:
        return []
    if session.get_bind().dialect.name != "postgresql":
        statement = insert(model).returning(model, sort_by_parameter_order=True)
        return list(session.scalars(statement, rows))
    # On PostgreSQL the rows go as one array per column through `unnest`: a short statement
    # that is the same for any number of rows, so the driver parses it once and the server
    # prepares it, where a multi-row VALUES list is a new statement with thousands of
    # parameters each time (it cost more CPU than everything else a registration writes).
    table = table_of(model)
    mapper = inspect(model)
    names = list(rows[0])
    json_names = [n for n in names if isinstance(table.c[n].type, JSON)]
    source = _unnest(table, names, rows, with_ordinality="n")
    columns = [_column(table, source, n) for n in names]
    # JSON does not come back to be parsed again: the objects are given the values written,
    # as the unit of work gives them.
    kept = [mapper.get_property_by_column(table.c[n]).key for n in json_names]
    statement = (
        insert(model)
        .from_select(names, select(*columns).order_by(source.c.n))
        .returning(model)
        .options(*[defer(getattr(model, k)) for k in kept])
    )
    found = list(session.scalars(statement))
    # PostgreSQL draws serial keys in the order the SELECT gives its rows (SQLAlchemy's own
    # ordered bulk insert on PostgreSQL rests on the same), not always the order RETURNING
    # gives them back: sorted by key, they are in the order of the rows.
    (column,) = mapper.primary_key
    key = mapper.get_property_by_column(column).key
    found.sort(key=lambda o: getattr(o, key))
    for obj, row in zip(found, rows, strict=True):
        for k, n in zip(kept, json_names, strict=True):
            set_committed_value(obj, k, row[n])
    return found


def update_all(
    session: Session, table: Table, rows: Sequence[Mapping[str, Any]], *, key: str = "id"
) -> None:
    """Set columns of many rows, each found by its `key` column, without reading them back.
    Every row names the same columns. On PostgreSQL one statement for all (`UPDATE ... FROM
    unnest(...)`), elsewhere one per row in one call."""
    if not rows:
        return
    names = list(rows[0])
    connection = core(session)
    if session.get_bind().dialect.name != "postgresql":
        # Bound names must not be column names in an UPDATE's SET and WHERE.
        connection.execute(
            update(table)
            .where(table.c[key] == bindparam(f"k_{key}"))
            .values({n: bindparam(f"k_{n}") for n in names if n != key}),
            [{f"k_{n}": row[n] for n in names} for row in rows],
        )
        return
    source = _unnest(table, names, rows)
    connection.execute(
        update(table)
        .where(table.c[key] == source.c[key])
        .values({n: _column(table, source, n) for n in names if n != key})
    )


def _unnest(
    table: Table, names: list[str], rows: Sequence[Mapping[str, Any]], **options: str
) -> Any:
    """The rows as a table: one array per column, through PostgreSQL's `unnest`."""
    arrays = [
        # JSON as text, cast back in the statement: a list-valued JSON cell would otherwise be
        # taken for one more dimension of the array. None is JSON null, as SQLAlchemy writes
        # it in an INSERT (`JSON.none_as_null` is off). orjson: a case's trail is kilobytes.
        bindparam(f"u_{n}", [_json_text(row[n]) for row in rows], type_=ARRAY(Text))
        if isinstance(table.c[n].type, JSON)
        else bindparam(f"u_{n}", [row[n] for row in rows], type_=ARRAY(table.c[n].type))
        for n in names
    ]
    return func.unnest(*arrays).table_valued(*names, **options).render_derived()


def _column(table: Table, source: Any, name: str) -> Any:
    """A column of `_unnest`'s rows, as the table's type (JSON came as text)."""
    column = source.c[name]
    return sql_cast(column, table.c[name].type) if isinstance(table.c[name].type, JSON) else column


def _json_text(value: Any) -> str:
    # Keys that are not strings become strings, as `json.dumps` makes them.
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def utcnow() -> datetime:
    return datetime.now(UTC)


def begin(session: Session) -> SessionTransaction:
    """The transaction of one action. A transaction the session opened by itself for reading
    (SQLAlchemy begins one on first use) is ended first: an action's reads and writes happen
    in its own transaction, under its own locks."""
    end_reading(session)
    return session.begin()


@contextmanager
def reading_alone(session: Session) -> Iterator[None]:
    """A read that needs no transaction (one query), on a session not yet in one. On
    PostgreSQL it runs in autocommit, without BEGIN and COMMIT around it: two round trips fewer
    for what every API call does first, looking up its token. (SQLite keeps its transaction:
    the desk's engine begins each there with BEGIN IMMEDIATE.)"""
    if session.in_transaction() or session.get_bind().dialect.name != "postgresql":
        yield
        return
    session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    try:
        yield
    finally:
        end_reading(session)


def end_reading(session: Session) -> None:
    """End the transaction SQLAlchemy began by itself for reading, if any. It is committed,
    which for a transaction that wrote nothing is what a rollback is, and its objects expired
    as a rollback expires them: psycopg forgets every prepared statement of the connection on
    ROLLBACK (a DEALLOCATE ALL round trip, and every statement parsed and planned anew until it
    is prepared again), on each request. Changes never flushed are discarded, as before."""
    if not session.in_transaction():
        return
    if session.new or session.dirty or session.deleted or session.info.get(_FLUSHED):
        session.rollback()  # it wrote (outside an action): nothing of it is kept, as before
        return
    session.commit()
    session.expire_all()


#: Set in `Session.info` when the session's transaction has flushed changes.
_FLUSHED = "cybersetu.flushed"


@event.listens_for(Session, "after_begin")
def _began(session: Session, _transaction: Any, _connection: Any) -> None:
    session.info[_FLUSHED] = False


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context: Any) -> None:
    session.info[_FLUSHED] = True
