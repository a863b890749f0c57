"""Small real files and a real DuckDB store for the ledger tests."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pytest

from cybersetu.ledger import DuckDBLedgerStore, IngestReport, ingest

TXN_HEADER = "txn_id,ts,src_account,dst_account,amount,channel"


def write_text(path: Path, text: str) -> Path:
    """Write exactly these bytes (no newline translation): line numbers are what we test."""
    path.write_bytes(text.encode("utf-8"))
    return path


def read_report(path: Path | None) -> list[dict[str, str]]:
    assert path is not None, "expected an error report"
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[DuckDBLedgerStore]:
    with DuckDBLedgerStore(tmp_path / "var" / "ledger.duckdb") as s:
        yield s


class Loader(Protocol):
    """What the `load` fixture gives: ingest these files into the test's store."""

    def __call__(self, *files: Path, chunk_rows: int = 1000) -> IngestReport: ...


@pytest.fixture
def load(store: DuckDBLedgerStore, tmp_path: Path) -> Loader:
    def run(*files: Path, chunk_rows: int = 1000) -> IngestReport:
        return ingest(store, list(files), errors_dir=tmp_path / "errors", chunk_rows=chunk_rows)

    return run
