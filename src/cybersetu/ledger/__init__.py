"""The ledger: transactions and accounts from bank feeds and statements, validated, idempotent.

`ingest` loads CSV/Parquet interchange files into a `LedgerStore` (DuckDB by default); the store's
typed reads (`transactions_from`, `transactions_by_id`, `accounts_by_id`) and, on DuckDB, its
connection serve the trail engine and mule scoring.
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
]
