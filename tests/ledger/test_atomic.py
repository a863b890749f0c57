"""All or nothing: an ingest killed with SIGKILL half-way leaves the store as it was."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cybersetu.ledger import DuckDBLedgerStore, ingest
from tests.ledger.conftest import TXN_HEADER, write_text

DRIVER = """
import os, signal, sys
from pathlib import Path
from cybersetu.ledger import DuckDBLedgerStore, ingest

store, chunk_rows = Path(sys.argv[1]), int(sys.argv[2])
skip_files, kill_after = int(sys.argv[3]), int(sys.argv[4])
files = [Path(p) for p in sys.argv[5:]]
skip_bytes = sum(f.stat().st_size for f in files[:skip_files])
seen = chunks = 0

def progress(n_bytes):
    # Count chunks from the first one past the skipped files; die after the `kill_after`-th.
    global seen, chunks
    seen += n_bytes
    if seen > skip_bytes:
        chunks += 1
        if chunks == kill_after:
            os.kill(os.getpid(), signal.SIGKILL)

with DuckDBLedgerStore(store) as ledger:
    ingest(ledger, files, errors_dir=store.parent / "errors", chunk_rows=chunk_rows,
           progress=progress)
print("not killed")
"""


def _transactions(path: Path, prefix: str, n: int, bad_every: int = 0) -> Path:
    rows = [
        f"{prefix}{i},2026-01-06T10:{i % 60:02d}:00,SRC{i % 97},DST{i % 89},"
        f"{'0.00' if bad_every and i % bad_every == 0 else f'{i % 5000 + 1}.25'},UPI"
        for i in range(n)
    ]
    return write_text(path, TXN_HEADER + "\n" + "\n".join(rows) + "\n")


def _snapshot(store_path: Path) -> tuple[object, ...]:
    with DuckDBLedgerStore(store_path, read_only=True) as s:
        con = s.connection
        return (
            con.execute("SELECT count(*), sum(amount_paise) FROM transactions").fetchall(),
            con.execute("SELECT * FROM loads ORDER BY load_id").fetchall(),
            con.execute("SELECT count(*) FROM accounts").fetchall(),
        )


@pytest.mark.parametrize(
    ("first_rows", "chunk_rows", "skip_files", "kill_after"),
    [
        # Killed after the 2nd chunk of the first file: nothing merged yet.
        (300, 50, 0, 2),
        # Killed after the 1st chunk of the second file: the first file is already merged into
        # the tables (uncommitted).
        (3000, 1000, 1, 1),
    ],
)
def test_killed_ingest_leaves_the_store_unchanged(
    tmp_path: Path, first_rows: int, chunk_rows: int, skip_files: int, kill_after: int
) -> None:
    store_path = tmp_path / "var" / "ledger.duckdb"
    base = _transactions(tmp_path / "base.csv", "B", 100)
    with DuckDBLedgerStore(store_path) as s:
        ingest(s, [base], errors_dir=tmp_path / "errors")
    before = _snapshot(store_path)

    first = _transactions(tmp_path / "first.csv", "F", first_rows, bad_every=7)
    second = _transactions(tmp_path / "second.csv", "S", 300)
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER]
        + [str(a) for a in (store_path, chunk_rows, skip_files, kill_after, first, second)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr

    assert _snapshot(store_path) == before
    assert not list((tmp_path / "var").glob("errors/*.csv"))

    # The store still works: the same load now goes through.
    with DuckDBLedgerStore(store_path) as s:
        report = ingest(s, [first, second], errors_dir=tmp_path / "errors")
        assert report.loaded == first_rows - len(range(0, first_rows, 7)) + 300
        assert s.stats().transactions == 100 + report.loaded
        assert s.stats().loads == 3
