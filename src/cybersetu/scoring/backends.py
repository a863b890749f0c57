"""Where the feature pipeline runs: an embedded DuckDB (default) or Spark, both through Ibis.

The pipeline is written once as Ibis expressions; this module only opens a backend and reads the
interchange files into it, so the same expressions compile to DuckDB SQL or Spark SQL.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend

from cybersetu.errors import InputError
from cybersetu.ledger.validate import sql_literal
from cybersetu.settings import get_settings

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


class Engine(StrEnum):
    DUCKDB = "duckdb"
    SPARK = "spark"


def duckdb_backend(
    threads: int | None = None, *, memory_limit: str | None = None, spill_dir: Path | None = None
) -> BaseBackend:
    """An in-memory DuckDB; the session time zone is UTC so no timestamp depends on the machine.

    With `memory_limit`, what does not fit spills to `spill_dir` (by default DuckDB would write a
    `.tmp` folder into the current directory).
    """
    con = ibis.duckdb.connect()
    con.raw_sql("SET TimeZone = 'UTC'")
    # DuckDB draws its own progress bar on long queries; the CLI shows ours.
    con.raw_sql("SET enable_progress_bar = false")
    if threads is not None:
        con.raw_sql(f"SET threads = {int(threads)}")
    if spill_dir is not None:
        con.raw_sql(f"SET temp_directory = {sql_literal(str(spill_dir))}")
    if memory_limit is not None:
        try:
            con.raw_sql(f"SET memory_limit = {sql_literal(memory_limit)}")
        except duckdb.Error:
            con.disconnect()
            raise InputError(
                f"The memory limit {memory_limit!r} is not a size DuckDB understands (e.g. 4GB)."
            ) from None
    return con


def local_spark_session(
    *, cores: int = 2, driver_memory: str | None = None, warehouse: Path | None = None
) -> SparkSession:
    """A Spark session in local mode, configured for a laptop: no UI, UTC, a few partitions.

    The driver gets `CYBERSETU_SPARK_MEMORY` (default 4g): with 2g the window sorts of a
    1M-transaction ledger ran out of memory. On a cluster, build the session the cluster's way
    and pass it to `spark_backend`.
    """
    driver_memory = driver_memory or get_settings().spark_memory
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    # A leftover ./spark-warehouse breaks the next run: keep Spark's files in a temporary folder.
    where = warehouse or Path(tempfile.mkdtemp(prefix="cybersetu-spark-"))
    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("cybersetu-scoring")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        # Several partitions per core keep each task's sort within its share of memory.
        .config("spark.sql.shuffle.partitions", str(max(2, 4 * cores)))
        .config("spark.default.parallelism", str(max(2, cores)))
        .config("spark.driver.memory", driver_memory)
        .config("spark.sql.warehouse.dir", str(where / "warehouse"))
        .config("spark.local.dir", str(where / "tmp"))
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={where / 'derby'}")
        .config("spark.sql.adaptive.enabled", "true")
        .getOrCreate()
    )


def spark_backend(session: SparkSession) -> BaseBackend:
    session.sparkContext.setLogLevel("ERROR")
    return ibis.pyspark.connect(session)


def engine_named(name: Engine | str) -> Engine:
    """The engine by name, or a clear error naming the choices."""
    try:
        return Engine(name)
    except ValueError:
        names = ", ".join(e.value for e in Engine)
        raise InputError(f"There is no engine {name!r}; choose one of {names}.") from None


@contextmanager
def open_backend(engine: Engine | str) -> Iterator[BaseBackend]:
    """A backend for one command run; a local Spark session is stopped afterwards."""
    engine = engine_named(engine)
    if engine is Engine.DUCKDB:
        with tempfile.TemporaryDirectory(prefix="cybersetu-duckdb-") as spill:
            con = duckdb_backend(memory_limit=get_settings().scoring_memory, spill_dir=Path(spill))
            try:
                yield con
            finally:
                con.disconnect()
        return
    from pyspark.sql import SparkSession

    # A session already running (a notebook's, a cluster job's, a test's) is used and left open.
    existing = SparkSession.getActiveSession()
    session = existing or local_spark_session()
    try:
        yield spark_backend(session)
    finally:
        if existing is None:
            session.stop()


def engine_of(con: BaseBackend) -> Engine:
    return Engine.SPARK if con.name == "pyspark" else Engine.DUCKDB


class Materializer:
    """Computes an intermediate table once and gives it back as a named table of the engine.

    DuckDB: a temporary table. Spark: a cached DataFrame behind a temporary view. Unlike Ibis's
    `.cache()` nothing is dropped by a finalizer later (which fails once the connection is
    closed), and Spark never writes a warehouse folder.
    """

    def __init__(self, con: BaseBackend) -> None:
        self.con = con
        self.prefix = f"_cs_{uuid.uuid4().hex[:8]}_"
        self.count = 0

    def __call__(self, t: ir.Table) -> ir.Table:
        self.count += 1
        name = f"{self.prefix}{self.count}"
        if engine_of(self.con) is Engine.SPARK:
            session = self.con._session
            session.sql(self.con.compile(t)).cache().createOrReplaceTempView(name)
            return self.con.table(name)
        return self.con.create_table(name, t, temp=True)
