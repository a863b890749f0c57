"""The versioned schema of a ledger store: every table, created here and nowhere else.

A store records its version in `ledger_meta`. Opening a store for writing applies the missing
migrations in order, inside one transaction; a store newer than this code is refused. The SQL is
shared by DuckDB and PostgreSQL (both speak VARCHAR, BIGINT, TIMESTAMPTZ, JSON, sequences); where
they differ (keys and indexes, which PostgreSQL needs for concurrent loads and DuckDB does not)
the dialect says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any, Final

from cybersetu.errors import InputError
from cybersetu.ledger.schema import SPECS, KindSpec

Execute = Callable[[str], Sequence[tuple[Any, ...]]]
"""Run one statement on the store's connection, returning its rows (empty for DDL)."""


class Dialect(StrEnum):
    DUCKDB = "duckdb"
    POSTGRES = "postgres"


def data_columns(spec: KindSpec) -> list[str]:
    return [f.store_name for f in spec.fields]


def table_ddl(spec: KindSpec, dialect: Dialect, *, name: str | None = None) -> str:
    cols = [
        f"{f.store_name} {f.sql_type}{' NOT NULL' if f.required or f.default is not None else ''}"
        for f in spec.fields
    ]
    cols += ["extra JSON", "load_id BIGINT NOT NULL", "source_line BIGINT NOT NULL"]
    # DuckDB keeps keys unique in `merge` (an ART index over tens of millions of strings costs
    # memory and load time, and its file lock makes one process the only writer); PostgreSQL has
    # concurrent writers, so the key is the database's to enforce.
    if dialect is Dialect.POSTGRES and name is None:
        cols.append(f"PRIMARY KEY ({spec.key})")
    return f"CREATE TABLE {name or spec.table} ({', '.join(cols)})"


_LOADS: Final = """
CREATE TABLE loads (
    load_id BIGINT PRIMARY KEY,
    loaded_at TIMESTAMPTZ NOT NULL,
    file_name VARCHAR NOT NULL,
    file_path VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    format VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    rows BIGINT NOT NULL,
    loaded BIGINT NOT NULL,
    duplicates BIGINT NOT NULL,
    conflicts BIGINT NOT NULL,
    rejected BIGINT NOT NULL,
    errors_file VARCHAR
)"""

_TRAIL_REQUESTS: Final = """
CREATE TABLE IF NOT EXISTS trail_requests (
    request_ref VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    bank VARCHAR NOT NULL,
    account_id VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    amount_paise BIGINT NOT NULL,
    seeds VARCHAR NOT NULL,
    policy VARCHAR NOT NULL
)"""

_TRAIL_RESPONSES: Final = """
CREATE TABLE IF NOT EXISTS trail_responses (
    received_at TIMESTAMPTZ NOT NULL,
    responded_at TIMESTAMPTZ,
    bank VARCHAR NOT NULL,
    account_id VARCHAR NOT NULL,
    held_paise BIGINT,
    status VARCHAR,
    note VARCHAR,
    file_sha256 VARCHAR NOT NULL,
    transactions BIGINT NOT NULL
)"""

_TRAIL_ANSWERS: Final = """
CREATE TABLE trail_answers (
    digest VARCHAR PRIMARY KEY,
    received_at TIMESTAMPTZ NOT NULL,
    responded_at TIMESTAMPTZ,
    bank VARCHAR NOT NULL,
    transactions BIGINT NOT NULL,
    loaded BIGINT NOT NULL
)"""


def _v1(run: Execute, dialect: Dialect) -> None:
    run("CREATE TABLE ledger_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    run("INSERT INTO ledger_meta VALUES ('schema_version', '1')")
    run(_LOADS)
    for spec in SPECS.values():
        run(table_ddl(spec, dialect))
    if dialect is Dialect.POSTGRES:
        # The trail's step (money out of an account after a time) and its way back.
        run("CREATE INDEX transactions_src_ts ON transactions (src_account, ts)")
        run("CREATE INDEX transactions_dst_ts ON transactions (dst_account, ts)")
        run("CREATE INDEX transactions_load ON transactions (load_id)")
        run("CREATE INDEX accounts_load ON accounts (load_id)")


def _v2(run: Execute, dialect: Dialect) -> None:
    """Load ids from a sequence (concurrent loads never share one); the trail's own tables."""
    (first,) = run("SELECT coalesce(max(load_id), 0) + 1 FROM loads")[0]
    run(f"CREATE SEQUENCE load_ids START WITH {int(first)}")
    # Stores written before version 2 may already hold the two trail tables (they were created
    # on first use then): keep their rows, add what is new.
    run(_TRAIL_REQUESTS)
    run("ALTER TABLE trail_requests ADD COLUMN IF NOT EXISTS layer INTEGER")
    run(_TRAIL_RESPONSES)
    run(_TRAIL_ANSWERS)
    if dialect is Dialect.POSTGRES:
        run("CREATE INDEX trail_requests_account ON trail_requests (account_id)")


MIGRATIONS: Final[tuple[Callable[[Execute, Dialect], None], ...]] = (_v1, _v2)
#: The newest schema: version n is what the first n migrations make.
SCHEMA_VERSION: Final = len(MIGRATIONS)


def current_version(run: Execute, tables: set[str], location: str) -> int:
    """The store's schema version: 0 for an empty database; refuse what is not a ledger store."""
    if "ledger_meta" not in tables:
        if tables - {"trail_requests", "trail_responses"}:
            raise InputError(f"{location} is not a CyberSetu ledger store.")
        return 0
    rows = run("SELECT value FROM ledger_meta WHERE key = 'schema_version'")
    found = str(rows[0][0]) if rows else "unknown"
    if not found.isdigit():
        raise InputError(f"The store {location} has an unknown schema version ({found}).")
    version = int(found)
    if version < 1:
        raise InputError(
            f"The store {location} has schema version {version}, which no CyberSetu wrote."
        )
    if version > SCHEMA_VERSION:
        raise InputError(
            f"The store {location} has schema version {version}, newer than this CyberSetu "
            f"({SCHEMA_VERSION}); upgrade CyberSetu."
        )
    return version


def migrate(run: Execute, dialect: Dialect, version: int) -> int:
    """Apply the migrations after `version` (the caller holds a transaction); the new version."""
    for number in range(version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[number - 1](run, dialect)
        run(f"UPDATE ledger_meta SET value = '{number}' WHERE key = 'schema_version'")
    return SCHEMA_VERSION
