"""The ledger: transactions and accounts from bank feeds and statements, validated, idempotent.

`ingest` loads CSV/Parquet interchange files into a `LedgerStore` (an embedded DuckDB file by
default, PostgreSQL for a multi-user deployment: `open_store`); the store's typed reads and its
Parquet export serve the trail engine and mule scoring, which never see the backend.
"""

from cybersetu.ledger.duckdb_store import DuckDBLedgerStore
from cybersetu.ledger.ingest import (
    DEFAULT_CHUNK_ROWS,
    FileReport,
    IngestReport,
    InputFile,
    default_errors_path,
    ingest,
)
from cybersetu.ledger.opening import open_store
from cybersetu.ledger.schema import Kind
from cybersetu.ledger.store import (
    Account,
    LedgerStore,
    LedgerWriter,
    StoreStats,
    Transaction,
)

__all__ = [
    "DEFAULT_CHUNK_ROWS",
    "Account",
    "DuckDBLedgerStore",
    "FileReport",
    "IngestReport",
    "InputFile",
    "Kind",
    "LedgerStore",
    "LedgerWriter",
    "StoreStats",
    "Transaction",
    "default_errors_path",
    "ingest",
    "open_store",
]
