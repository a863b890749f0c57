"""The PostgreSQL ledger store: many processes load and read at once.

Same tables and guarantees as the DuckDB store, plus what concurrent writers need: the keys are
primary keys, load ids come from a sequence, and the merge step of a load takes a transaction
lock per kind, so two processes loading overlapping files classify every row against what the
other committed (no duplicate, no lost row). Rows are staged with COPY into a temporary table,
so the bulk of a load runs in parallel and only the merge is serialised. This module is the only
one that imports `psycopg` (see `tests/test_layering.py`).
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from cybersetu.errors import InputError
from cybersetu.ledger.migrations import (
    SCHEMA_VERSION,
    Dialect,
    current_version,
    data_columns,
    migrate,
)
from cybersetu.ledger.schema import SPECS, FieldType, Kind
from cybersetu.ledger.sql_store import (
    Row,
    SqlReads,
    SqlWrites,
    export_columns,
    export_schema,
    merge_sql,
)
from cybersetu.ledger.store import LoadSource, MergeOutcome

#: Transaction-level advisory lock keys (any fixed numbers; one per purpose).
_SCHEMA_LOCK: Final = 720_193_001
_MERGE_LOCK: Final = {Kind.TRANSACTIONS: 720_193_002, Kind.ACCOUNTS: 720_193_003}
_ANSWER_LOCK: Final = 720_193_004
_COPY_BATCH: Final = 100_000


def safe_location(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, host = netloc.rsplit("@", 1)
        netloc = f"{user.split(':', 1)[0]}@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _libpq_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _pg(sql: str) -> str:
    """`?` placeholders (the shared SQL) as psycopg's `%s`."""
    return sql.replace("%", "%%").replace("?", "%s")


class _Runs:
    _con: psycopg.Connection[Any]

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        with self._con.cursor() as cur:
            cur.execute(_pg(sql), list(params))
            return [tuple(r) for r in cur.fetchall()] if cur.description else []

    def _in(self, column: str) -> str:
        return f"{column} = ANY(CAST(? AS VARCHAR[]))"


class PostgresLedgerStore(_Runs, SqlReads):
    """`LedgerStore` on a PostgreSQL database (`postgresql://user:pass@host:port/db`).

    `derived_root` is where folders of data derived from the store (the trail index) are kept;
    they are named by the database, so two databases never share one.
    """

    def __init__(self, url: str, *, derived_root: Path, read_only: bool = False) -> None:
        self.location = safe_location(url)
        self._derived = derived_root / (
            "postgres-" + hashlib.sha256(self.location.encode()).hexdigest()[:12]
        )
        try:
            self._con = psycopg.connect(_libpq_url(url), autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(
                f"Cannot connect to the PostgreSQL store {self.location}: {first}."
            ) from None
        self._con.execute("SET TIME ZONE 'UTC'")
        self._open_schema(read_only=read_only)

    def _tables(self) -> set[str]:
        rows = self._query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        return {str(r[0]) for r in rows}

    def _open_schema(self, *, read_only: bool) -> None:
        version = current_version(self._query, self._tables(), self.location)
        if version == SCHEMA_VERSION:
            return
        if read_only and version > 0:
            raise InputError(
                f"The store {self.location} has schema version {version}; upgrade it once with "
                "`cybersetu store upgrade`."
            )
        with self._con.transaction():
            # Two processes opening a fresh database at once: one creates, the other waits.
            self._query(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK})")
            version = current_version(self._query, self._tables(), self.location)
            migrate(self._query, Dialect.POSTGRES, version)

    def close(self) -> None:
        self._con.close()

    @contextmanager
    def writer(self) -> Iterator[PostgresLedgerWriter]:
        with self._con.transaction():
            yield PostgresLedgerWriter(self._con)

    def derived_dir(self, name: str) -> Path:
        return self._derived / name

    def export_parquet(self, kind: Kind, path: Path, *, upto: int | None = None) -> int:
        spec = SPECS[kind]
        schema = export_schema(spec)
        columns = []
        for f in spec.fields:
            if f.type is FieldType.TIMESTAMP:
                # Exact microseconds as an integer: no text form of a time to parse back.
                columns.append(f"CAST(extract(epoch FROM {f.store_name}) * 1000000 AS BIGINT)")
            else:
                columns.append(f.store_name)
        columns += ["CAST(extra AS VARCHAR)", "load_id"]
        where = "" if upto is None else f" WHERE load_id <= {int(upto)}"
        select = f"SELECT {', '.join(columns)} FROM {spec.table}{where}"
        read_types = {
            field.name: (pa.int64() if pa.types.is_timestamp(field.type) else field.type)
            for field in schema
        }
        rows = 0
        with tempfile.TemporaryDirectory(prefix="cybersetu-export-") as tmp:
            raw = Path(tmp) / "rows.csv"
            with (
                raw.open("wb") as fh,
                self._con.cursor() as cur,
                cur.copy(f"COPY ({select}) TO STDOUT (FORMAT csv)") as copy,
            ):
                for block in copy:
                    fh.write(block)
            if raw.stat().st_size == 0:
                pq.write_table(schema.empty_table(), path, compression="zstd")
                return 0
            reader = pacsv.open_csv(
                raw,
                read_options=pacsv.ReadOptions(column_names=export_columns(spec)),
                convert_options=pacsv.ConvertOptions(
                    column_types=read_types,
                    strings_can_be_null=True,
                    quoted_strings_can_be_null=False,
                ),
                parse_options=pacsv.ParseOptions(newlines_in_values=True),
            )
            with pq.ParquetWriter(path, schema, compression="zstd") as out:
                for batch in reader:
                    table = pa.Table.from_batches([batch]).cast(schema)
                    out.write_table(table)
                    rows += table.num_rows
        return rows


class PostgresLedgerWriter(_Runs, SqlWrites):
    """`LedgerWriter` inside the store connection's open transaction."""

    def __init__(self, con: psycopg.Connection[Any]) -> None:
        self._con = con
        self._sources: dict[int, LoadSource] = {}
        self._staged: set[int] = set()

    def _many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        if rows:
            with self._con.cursor() as cur:
                cur.executemany(_pg(sql), [list(r) for r in rows])

    def _lock_answer(self, digest: str) -> None:
        self._query(f"SELECT pg_advisory_xact_lock({_ANSWER_LOCK}, hashtext(?))", [digest])

    def begin_load(self, source: LoadSource) -> int:
        load_id = int(self._query("SELECT nextval('load_ids')")[0][0])
        self._sources[load_id] = source
        return load_id

    def _stage_table(self, kind: Kind, load_id: int) -> str:
        name = f"_stage_{int(load_id)}"
        if load_id not in self._staged:
            self._query(
                f"CREATE TEMP TABLE {name} (LIKE {SPECS[kind].table}) ON COMMIT DROP",
            )
            self._staged.add(load_id)
        return name

    def stage(self, kind: Kind, load_id: int, rows: pa.Table) -> None:
        spec = SPECS[kind]
        table = self._stage_table(kind, load_id)
        columns = [*data_columns(spec), "extra", "source_line"]
        if rows.num_rows == 0:
            return
        rows = rows.select(columns).append_column(
            "load_id", pa.array([int(load_id)] * rows.num_rows, pa.int64())
        )
        sql = f"COPY {table} ({', '.join([*columns, 'load_id'])}) FROM STDIN (FORMAT csv)"
        with self._con.cursor() as cur, cur.copy(sql) as copy:
            for start in range(0, rows.num_rows, _COPY_BATCH):
                buffer = io.BytesIO()
                pacsv.write_csv(
                    rows.slice(start, _COPY_BATCH),
                    buffer,
                    pacsv.WriteOptions(include_header=False),
                )
                copy.write(buffer.getvalue())

    def merge(self, kind: Kind, load_id: int) -> MergeOutcome:
        spec = SPECS[kind]
        stage = self._stage_table(kind, load_id)
        unit = "row" if self._sources[load_id].format == "parquet" else "line"
        # Serialise the merges of concurrent loads of this kind until commit: the second one
        # then sees the first one's rows and counts them as duplicates or conflicts.
        self._query(f"SELECT pg_advisory_xact_lock({_MERGE_LOCK[kind]})")
        # The merge sorts and hashes the whole file: in memory rather than in temporary files.
        self._query("SET LOCAL work_mem = '256MB'")
        self._query(f"ANALYZE {stage}")
        later, known, conflicts_sql = merge_sql(spec, mine=stage, others=spec.table, unit=unit)
        self._query(later)
        self._query(f"DELETE FROM {stage} WHERE source_line IN (SELECT source_line FROM _later)")
        self._query(known)
        self._query(f"DELETE FROM {stage} WHERE source_line IN (SELECT source_line FROM _known)")
        columns = ", ".join([*data_columns(spec), "extra", "load_id", "source_line"])
        with self._con.cursor() as cur:
            # In key order: the B-tree of the primary key fills page by page instead of at random.
            cur.execute(
                f"INSERT INTO {spec.table} ({columns}) SELECT {columns} FROM {stage} "
                f"ORDER BY {spec.key}"
            )
            loaded = cur.rowcount
        duplicates = self._query(
            "SELECT (SELECT count(*) FROM _later WHERE diff = '') "
            "+ (SELECT count(*) FROM _known WHERE diff = '')"
        )[0][0]
        rows = self._query(conflicts_sql)
        conflicts = pa.table(
            {
                "source_line": pa.array([int(r[0]) for r in rows], pa.int64()),
                "id": pa.array([r[1] for r in rows], pa.string()),
                "reason": pa.array([r[2] for r in rows], pa.string()),
            }
        )
        self._query("DROP TABLE _later")
        self._query("DROP TABLE _known")
        self._query(f"TRUNCATE {stage}")
        return MergeOutcome(loaded=int(loaded), duplicates=int(duplicates), conflicts=conflicts)
