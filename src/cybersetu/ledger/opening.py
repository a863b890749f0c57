"""Open the ledger store a setting or option names: a DuckDB file path or a PostgreSQL URL."""

from __future__ import annotations

from pathlib import Path

from cybersetu.ledger.store import LedgerStore


def is_postgres_url(spec: str | Path) -> bool:
    return str(spec).startswith(("postgresql://", "postgres://", "postgresql+psycopg://"))


def open_store(
    spec: str | Path, *, read_only: bool = False, derived_root: Path | None = None
) -> LedgerStore:
    """`postgresql://...` opens PostgreSQL; anything else is the path of a DuckDB file.

    `derived_root` (default: the settings' data folder) holds a PostgreSQL store's derived data;
    a DuckDB store keeps its derived data beside its file.
    """
    text = str(spec)
    if is_postgres_url(text):
        from cybersetu.ledger.postgres_store import PostgresLedgerStore
        from cybersetu.settings import get_settings

        root = derived_root if derived_root is not None else get_settings().data_dir
        return PostgresLedgerStore(text, derived_root=root, read_only=read_only)
    from cybersetu.ledger.duckdb_store import DuckDBLedgerStore

    return DuckDBLedgerStore(Path(text), read_only=read_only)
