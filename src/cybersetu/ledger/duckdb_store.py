"""The embedded DuckDB ledger store (one file, one writer process at a time).

Keys (`txn_id`, `account_id`) are kept unique by `merge`, not by a PRIMARY KEY: an ART index over
tens of millions of strings costs memory and load time, and DuckDB's file lock already makes this
process the only writer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Final

import duckdb
import pyarrow as pa

from cybersetu.errors import InputError
from cybersetu.interchange import AccountType, Channel, KycMode
from cybersetu.ledger.schema import ACCOUNTS, SPECS, TRANSACTIONS, Kind, KindSpec
from cybersetu.ledger.store import (
    Account,
    LoadCounts,
    LoadSource,
    MergeOutcome,
    StoreStats,
    Transaction,
)
from cybersetu.ledger.validate import sql_literal

SCHEMA_VERSION: Final = "1"
DEFAULT_MEMORY_LIMIT: Final = "2GB"

_LOADS_DDL: Final = """
CREATE TABLE IF NOT EXISTS loads (
    load_id BIGINT NOT NULL,
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
)
"""


def _data_columns(spec: KindSpec) -> list[str]:
    return [f.store_name for f in spec.fields]


def _table_ddl(spec: KindSpec) -> str:
    cols = [
        f"{f.store_name} {f.sql_type}{' NOT NULL' if f.required or f.default is not None else ''}"
        for f in spec.fields
    ]
    cols += ["extra JSON", "load_id BIGINT NOT NULL", "source_line BIGINT NOT NULL"]
    return f"CREATE TABLE IF NOT EXISTS {spec.table} ({', '.join(cols)})"


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


class DuckDBLedgerStore:
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
        self.path = path
        self.location = str(path) if path is not None else ":memory:"
        self._con = duckdb.connect() if path is None else _connect(path, read_only)
        if memory_limit is not None:
            self._con.execute(f"SET memory_limit = {sql_literal(memory_limit)}")
        self._con.execute("SET TimeZone = 'UTC'")
        # Rows carry their source line; physical order is never relied on, and keeping it makes
        # appends single-threaded (about 2.5x slower loads).
        self._con.execute("SET preserve_insertion_order = false")
        self._check_or_create_schema(create=not read_only)

    def _check_or_create_schema(self, *, create: bool) -> None:
        tables = {row[0] for row in self._con.execute("SHOW TABLES").fetchall()}
        if "ledger_meta" in tables:
            rows = self._con.execute(
                "SELECT value FROM ledger_meta WHERE key = 'schema_version'"
            ).fetchall()
            row = rows[0] if rows else None
            if row is None or row[0] != SCHEMA_VERSION:
                found = row[0] if row else "unknown"
                raise InputError(
                    f"The store {self.location} has schema version {found}, this CyberSetu "
                    f"needs {SCHEMA_VERSION}."
                )
            return
        if tables or not create:
            raise InputError(f"{self.location} is not a CyberSetu ledger store.")
        self._con.execute("BEGIN TRANSACTION")
        self._con.execute("CREATE TABLE ledger_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        self._con.execute("INSERT INTO ledger_meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
        self._con.execute(_LOADS_DDL)
        for spec in SPECS.values():
            self._con.execute(_table_ddl(spec))
        self._con.execute("COMMIT")

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> DuckDBLedgerStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def writer(self) -> Iterator[DuckDBLedgerWriter]:
        self._con.execute("BEGIN TRANSACTION")
        try:
            yield DuckDBLedgerWriter(self._con)
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        self._con.execute("COMMIT")

    # -- analytics ---------------------------------------------------------------------------

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for analytics (features, trails) over the stored tables.

        Read from it; write only through `writer()` so that loads keep their provenance.
        """
        return self._con

    def relation(self, table: str) -> duckdb.DuckDBPyRelation:
        """A lazy DuckDB relation over `transactions`, `accounts` or `loads`."""
        if table not in ("transactions", "accounts", "loads"):
            raise ValueError(f"no ledger table {table!r}")
        return self._con.table(table)

    # -- typed reads -------------------------------------------------------------------------

    def stats(self) -> StoreStats:
        row = _one(
            self._con,
            "SELECT (SELECT count(*) FROM accounts), (SELECT count(*) FROM transactions), "
            "(SELECT count(*) FROM loads), (SELECT min(ts) FROM transactions), "
            "(SELECT max(ts) FROM transactions)",
        )
        totals = self._con.execute(
            "SELECT currency, sum(amount_paise) FROM transactions GROUP BY currency "
            "ORDER BY currency"
        ).fetchall()
        return StoreStats(
            location=self.location,
            accounts=int(row[0]),
            transactions=int(row[1]),
            loads=int(row[2]),
            first_ts=row[3],
            last_ts=row[4],
            total_paise={str(c): int(t) for c, t in totals},
        )

    def transactions_by_id(self, txn_ids: Iterable[str]) -> list[Transaction]:
        return self._transactions("txn_id IN (SELECT unnest(?))", [list(txn_ids)])

    def transactions_from(
        self,
        account_ids: Iterable[str],
        *,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[Transaction]:
        where = "src_account IN (SELECT unnest(?))"
        params: list[object] = [list(account_ids)]
        if since is not None:
            where += " AND ts >= ?"
            params.append(since)
        if until is not None:
            where += " AND ts < ?"
            params.append(until)
        return self._transactions(where, params)

    def _transactions(self, where: str, params: list[object]) -> list[Transaction]:
        cols = [*_data_columns(TRANSACTIONS), "extra", "load_id", "source_line"]
        rows = self._con.execute(
            f"SELECT {', '.join(cols)} FROM transactions WHERE {where} ORDER BY ts, txn_id",
            params,
        ).fetchall()
        out = []
        for r in rows:
            d = dict(zip(cols, r, strict=True))
            d["channel"] = Channel(d["channel"])
            d["extra"] = _extra(d["extra"])
            out.append(Transaction(**d))
        return out

    def accounts_by_id(self, account_ids: Iterable[str]) -> list[Account]:
        cols = [*_data_columns(ACCOUNTS), "extra", "load_id", "source_line"]
        rows = self._con.execute(
            f"SELECT {', '.join(cols)} FROM accounts WHERE account_id IN (SELECT unnest(?)) "
            "ORDER BY account_id",
            [list(account_ids)],
        ).fetchall()
        out = []
        for r in rows:
            d = dict(zip(cols, r, strict=True))
            d["account_type"] = AccountType(d["account_type"]) if d["account_type"] else None
            d["kyc_mode"] = KycMode(d["kyc_mode"]) if d["kyc_mode"] else None
            d["extra"] = _extra(d["extra"])
            out.append(Account(**d))
        return out


def _extra(text: str | None) -> dict[str, object]:
    if text is None:
        return {}
    value: Any = json.loads(text)
    return dict(value)


class DuckDBLedgerWriter:
    """`LedgerWriter` inside the store connection's open transaction.

    Rows are appended straight to their table under the new load id (written once: a separate
    staging table cost a second full write), and `merge` then deletes the ones that repeat a
    key: later occurrences within the file, and rows whose key an earlier load already has.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self._sources: dict[int, LoadSource] = {}

    def begin_load(self, source: LoadSource) -> int:
        row = _one(self._con, "SELECT coalesce(max(load_id), 0) FROM loads")
        load_id = max([int(row[0]), *self._sources]) + 1
        self._sources[load_id] = source
        return load_id

    def stage(self, kind: Kind, load_id: int, rows: pa.Table) -> None:
        if rows.num_rows == 0:
            return
        spec = SPECS[kind]
        # Not register(): inside a transaction an unregistered view (and its Arrow table) stays
        # alive until commit, which made memory grow with the file.
        relation = self._con.from_arrow(rows).project(
            ", ".join([*_data_columns(spec), "extra", str(int(load_id)), "source_line"])
        )
        relation.insert_into(spec.table)

    def merge(self, kind: Kind, load_id: int) -> MergeOutcome:
        spec = SPECS[kind]
        table, key, load = spec.table, spec.key, int(load_id)
        unit = "row" if self._sources[load_id].format == "parquet" else "line"

        def diff(a: str, b: str) -> str:
            parts = [
                f"CASE WHEN {a}.{f.store_name} IS DISTINCT FROM {b}.{f.store_name} "
                f"THEN {sql_literal(f.name)} END"
                for f in spec.fields
                if f.name != key
            ]
            return f"concat_ws(', ', {', '.join(parts)})"

        def drop_repeats(work: str) -> None:
            if _count(self._con, work):
                self._con.execute(
                    f"DELETE FROM {table} WHERE load_id = {load} "
                    f"AND source_line IN (SELECT source_line FROM {work})"
                )

        con = self._con
        con.execute(f"""
            CREATE OR REPLACE TABLE _later AS
            WITH mine AS (SELECT * FROM {table} WHERE load_id = {load}),
            firsts AS (
                SELECT {key}, min(source_line) AS first_line FROM mine
                GROUP BY {key} HAVING count(*) > 1
            )
            SELECT s.source_line, s.{key} AS id, d.first_line, {diff("s", "f")} AS diff
            FROM mine s
            JOIN firsts d ON s.{key} = d.{key} AND s.source_line > d.first_line
            JOIN mine f ON f.{key} = d.{key} AND f.source_line = d.first_line
        """)
        drop_repeats("_later")
        con.execute(f"""
            CREATE OR REPLACE TABLE _known AS
            SELECT s.source_line, s.{key} AS id, t.load_id AS first_load,
                t.source_line AS first_line, {diff("s", "t")} AS diff
            FROM (SELECT * FROM {table} WHERE load_id = {load}) s
            JOIN (SELECT * FROM {table} WHERE load_id <> {load}) t ON s.{key} = t.{key}
        """)
        drop_repeats("_known")
        loaded = int(_one(con, f"SELECT count(*) FROM {table} WHERE load_id = {load}")[0])
        row = _one(
            con,
            "SELECT (SELECT count(*) FROM _later WHERE diff = '') "
            "+ (SELECT count(*) FROM _known WHERE diff = '')",
        )
        quoted_key = f"{sql_literal(key + ' ' + chr(34))} || id || '\"'"
        conflicts = con.sql(f"""
            SELECT source_line, id, {quoted_key} || ' appears again with different ' || diff
                || ' (first at {unit} ' || first_line || ')' AS reason
            FROM _later WHERE diff <> ''
            UNION ALL
            SELECT k.source_line, k.id, {quoted_key} || ' is already loaded with different '
                || k.diff || ' (load ' || k.first_load || ': ' || l.file_name
                || CASE WHEN l.format = 'parquet' THEN ' row ' ELSE ' line ' END
                || k.first_line || ')' AS reason
            FROM _known k JOIN loads l ON l.load_id = k.first_load
            WHERE k.diff <> ''
        """).to_arrow_table()
        con.execute("DROP TABLE _later")
        con.execute("DROP TABLE _known")
        return MergeOutcome(loaded=loaded, duplicates=int(row[0]), conflicts=conflicts)

    def finish_load(
        self, load_id: int, *, sha256: str, counts: LoadCounts, errors_file: str | None
    ) -> None:
        s = self._sources[load_id]
        self._con.execute(
            "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                load_id,
                s.loaded_at,
                s.file_name,
                s.file_path,
                sha256,
                s.kind.value,
                s.format,
                s.size_bytes,
                counts.rows,
                counts.loaded,
                counts.duplicates,
                counts.conflicts,
                counts.rejected,
                errors_file,
            ],
        )


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[Any, ...]:
    """The single row of a query (fetched completely: DuckDB 2 refuses new work on a
    connection with a half-read result)."""
    rows = con.execute(sql).fetchall()
    return tuple(rows[0])


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(_one(con, f"SELECT count(*) FROM {table}")[0])
