"""The embedded DuckDB ledger store (one file, one writer process at a time).

Keys (`txn_id`, `account_id`) are kept unique by `merge`, not by a PRIMARY KEY: an ART index over
tens of millions of strings costs memory and load time, and DuckDB's file lock already makes this
process the only writer. This module is one of the few that import `duckdb` (see
`tests/test_layering.py`): it is this backend.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Final

import duckdb
import pyarrow as pa

from cybersetu.errors import InputError
from cybersetu.ledger.migrations import (
    SCHEMA_VERSION,
    Dialect,
    current_version,
    data_columns,
    migrate,
)
from cybersetu.ledger.schema import SPECS, Kind
from cybersetu.ledger.sql_store import Row, SqlReads, SqlWrites, export_columns, merge_sql
from cybersetu.ledger.store import LoadSource, MergeOutcome
from cybersetu.ledger.validate import sql_literal

DEFAULT_MEMORY_LIMIT: Final = "2GB"


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    if read_only and not path.exists():
        raise InputError(f"There is no store at {path}; load files with `cybersetu ingest` first.")
    try:
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        return duckdb.connect(str(path), read_only=read_only)
    except (duckdb.Error, OSError) as exc:
        message = str(exc)
        if "lock" in message.lower():
            pid = re.search(r"PID (\d+)", message)
            who = f" (PID {pid.group(1)})" if pid else ""
            raise InputError(
                f"The store {path} is in use by another process{who}; "
                "try again when it has finished."
            ) from None
        # DuckDB's own text names its internals, not what the user can do.
        if re.search(r"permission denied|read-only file system", message, re.I):
            raise InputError(
                f"The store {path} cannot be opened{'' if read_only else ' for writing'}: "
                "permission denied or a read-only folder."
            ) from None
        raise InputError(
            f"{path} cannot be opened as a DuckDB store: it is not a database file of this "
            "DuckDB version, or it is damaged."
        ) from None


class DuckDBLedgerStore(SqlReads):
    """`LedgerStore` on an embedded DuckDB file (or in memory when `path` is None).

    `memory_limit` caps DuckDB's own memory (beyond it, big joins and aggregates spill to
    `<store>.tmp`), so that loading a 10-million-row file does not need memory in proportion;
    None leaves DuckDB's default (80% of RAM).
    """

    def __init__(
        self,
        path: Path | None = None,
        *,
        read_only: bool = False,
        memory_limit: str | None = DEFAULT_MEMORY_LIMIT,
    ) -> None:
        self._path = path
        self.location = str(path) if path is not None else ":memory:"
        self._con = duckdb.connect() if path is None else _connect(path, read_only)
        if memory_limit is not None:
            self._con.execute(f"SET memory_limit = {sql_literal(memory_limit)}")
        self._con.execute("SET TimeZone = 'UTC'")
        # Rows carry their source line; physical order is never relied on, and keeping it makes
        # appends single-threaded (about 2.5x slower loads).
        self._con.execute("SET preserve_insertion_order = false")
        self._open_schema(read_only=read_only)

    def _open_schema(self, *, read_only: bool) -> None:
        tables = {str(row[0]) for row in self._con.execute("SHOW TABLES").fetchall()}
        version = current_version(self._query, tables, self.location)
        if version == SCHEMA_VERSION:
            return
        if read_only:
            if version == 0:
                raise InputError(f"{self.location} is not a CyberSetu ledger store.")
            raise InputError(
                f"The store {self.location} has schema version {version}; upgrade it once with "
                "`cybersetu store upgrade` (or any command that writes to it)."
            )
        self._con.execute("BEGIN TRANSACTION")
        try:
            migrate(self._query, Dialect.DUCKDB, version)
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        self._con.execute("COMMIT")

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        return [tuple(r) for r in self._con.execute(sql, list(params)).fetchall()]

    def _in(self, column: str) -> str:
        return f"{column} IN (SELECT unnest(?))"

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        self._con.close()

    @contextmanager
    def writer(self) -> Iterator[DuckDBLedgerWriter]:
        self._con.execute("BEGIN TRANSACTION")
        try:
            yield DuckDBLedgerWriter(self._con)
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        self._con.execute("COMMIT")

    def derived_dir(self, name: str) -> Path:
        if self._path is None:
            raise InputError("This needs a ledger store on disk, not one in memory.")
        return self._path.with_name(f"{self._path.stem}.{name}")

    def export_parquet(self, kind: Kind, path: Path, *, upto: int | None = None) -> int:
        spec = SPECS[kind]
        where = "" if upto is None else f" WHERE load_id <= {int(upto)}"
        select = f"SELECT {', '.join(export_columns(spec))} FROM {spec.table}{where}"
        self._con.execute(
            f"COPY ({select}) TO {sql_literal(str(path))} (FORMAT parquet, COMPRESSION zstd)"
        )
        return int(self._query(f"SELECT count(*) FROM {spec.table}{where}")[0][0])

    # -- analytics ---------------------------------------------------------------------------

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for the ledger's own tests only: everything else goes through
        the typed reads and `export_parquet` (enforced by `tests/test_layering.py`)."""
        return self._con


class DuckDBLedgerWriter(SqlWrites):
    """`LedgerWriter` inside the store connection's open transaction.

    Rows are appended straight to their table under the new load id (written once: a separate
    staging table cost a second full write), and `merge` then deletes the ones that repeat a
    key: later occurrences within the file, and rows whose key an earlier load already has.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self._sources: dict[int, LoadSource] = {}

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        return [tuple(r) for r in self._con.execute(sql, list(params)).fetchall()]

    def _in(self, column: str) -> str:
        return f"{column} IN (SELECT unnest(?))"

    def _many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        if rows:
            self._con.executemany(sql, [list(r) for r in rows])

    def begin_load(self, source: LoadSource) -> int:
        load_id = int(self._query("SELECT nextval('load_ids')")[0][0])
        self._sources[load_id] = source
        return load_id

    def stage(self, kind: Kind, load_id: int, rows: pa.Table) -> None:
        if rows.num_rows == 0:
            return
        spec = SPECS[kind]
        # Not register(): inside a transaction an unregistered view (and its Arrow table) stays
        # alive until commit, which made memory grow with the file.
        relation = self._con.from_arrow(rows).project(
            ", ".join([*data_columns(spec), "extra", str(int(load_id)), "source_line"])
        )
        relation.insert_into(spec.table)

    def merge(self, kind: Kind, load_id: int) -> MergeOutcome:
        spec = SPECS[kind]
        table, load = spec.table, int(load_id)
        unit = "row" if self._sources[load_id].format == "parquet" else "line"
        later, known, conflicts_sql = merge_sql(
            spec,
            mine=f"(SELECT * FROM {table} WHERE load_id = {load})",
            # Only the stored rows that share a key with this load: a bank's answer of a few
            # rows then reads a few rows' columns, not the whole ledger's.
            others=f"(SELECT * FROM {table} WHERE load_id <> {load} AND {spec.key} IN "
            f"(SELECT {spec.key} FROM {table} WHERE load_id = {load}))",
            unit=unit,
        )
        con = self._con

        def drop_repeats(work: str) -> None:
            if self._query(f"SELECT count(*) FROM {work}")[0][0]:
                con.execute(
                    f"DELETE FROM {table} WHERE load_id = {load} "
                    f"AND source_line IN (SELECT source_line FROM {work})"
                )

        con.execute(later)
        drop_repeats("_later")
        con.execute(known)
        drop_repeats("_known")
        loaded = int(self._query(f"SELECT count(*) FROM {table} WHERE load_id = {load}")[0][0])
        duplicates = self._query(
            "SELECT (SELECT count(*) FROM _later WHERE diff = '') "
            "+ (SELECT count(*) FROM _known WHERE diff = '')"
        )[0][0]
        conflicts = con.sql(conflicts_sql).to_arrow_table()
        con.execute("DROP TABLE _later")
        con.execute("DROP TABLE _known")
        return MergeOutcome(loaded=loaded, duplicates=int(duplicates), conflicts=conflicts)


def engine_error_sentence(exc: BaseException) -> str | None:
    """One sentence for a DuckDB error that reached the command line, or None for anything
    else; DuckDB's own text is never shown (it names internals, not the fix)."""
    if not isinstance(exc, duckdb.Error):
        return None
    low = str(exc).lower()
    if "permission denied" in low or "read-only file system" in low:
        return "The store or a file next to it cannot be written: permission denied."
    return "The ledger store stopped the command with an internal error; nothing more was done."
