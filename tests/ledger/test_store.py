"""The store: opening rules, locking, recognition errors, typed reads and stats."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from cybersetu.errors import InputError
from cybersetu.ledger import DuckDBLedgerStore, LedgerStore, ingest
from tests.ledger.conftest import TXN_HEADER, Loader, write_text

TRAIL = f"""{TXN_HEADER},remarks
V1,2026-01-06T10:00:00,VICTIM,MULE1,50000,UPI,fraud
M1,2026-01-06T10:05:00,MULE1,MULE2,30000,IMPS,
M2,2026-01-06T10:06:00,MULE1,MULE3,19000,IMPS,
M3,2026-01-06T11:00:00,MULE1,ATM-1,1000,ATM,
X1,2026-01-06T09:00:00,OTHER,MULE1,10,UPI,
"""


def test_duckdb_store_satisfies_the_interface(store: DuckDBLedgerStore) -> None:
    ledger: LedgerStore = store
    assert ledger.location.endswith("ledger.duckdb")


def test_in_memory_store(tmp_path: Path) -> None:
    with DuckDBLedgerStore() as s:
        report = ingest(s, [write_text(tmp_path / "t.csv", TRAIL)], errors_dir=tmp_path)
        assert report.loaded == s.stats().transactions == 5


def test_loads_keep_provenance(tmp_path: Path, store: DuckDBLedgerStore, load: Loader) -> None:
    import hashlib

    path = write_text(tmp_path / "t.csv", TRAIL)
    load(path)
    [row] = store.connection.execute(
        "SELECT load_id, file_name, file_path, sha256, kind, format, size_bytes, rows, loaded, "
        "duplicates, conflicts, rejected, errors_file FROM loads"
    ).fetchall()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert row == (1, "t.csv", str(path.resolve()), digest, "transactions", "csv",
                   path.stat().st_size, 5, 5, 0, 0, 0, None)  # fmt: skip


def test_a_store_in_use_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    DuckDBLedgerStore(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                "print('ready', flush=True); time.sleep(60)"
            ),
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(InputError, match=rf"in use by another process \(PID {holder.pid}\)"):
            DuckDBLedgerStore(path)
        with pytest.raises(InputError, match="in use by another process"):
            DuckDBLedgerStore(path, read_only=True)
    finally:
        holder.kill()
        holder.communicate()
    DuckDBLedgerStore(path).close()


def test_what_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="There is no store at"):
        DuckDBLedgerStore(tmp_path / "missing.duckdb", read_only=True)
    assert not (tmp_path / "missing.duckdb").exists()

    text = write_text(tmp_path / "notes.duckdb", "hello, this is not a database\n")
    with pytest.raises(InputError, match="cannot be opened as a DuckDB store"):
        DuckDBLedgerStore(text)

    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    with pytest.raises(InputError, match="is not a CyberSetu ledger store"):
        DuckDBLedgerStore(other)

    old = tmp_path / "old.duckdb"
    DuckDBLedgerStore(old).close()
    con = duckdb.connect(str(old))
    con.execute("UPDATE ledger_meta SET value = '0'")
    con.close()
    with pytest.raises(InputError, match="schema version 0"):
        DuckDBLedgerStore(old)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("account_id,is_mule\nA,1\n", "is a labels file"),
        ("txn_id,ts,amount\nT,2026-01-06T10:00:00,5\n", "Cannot tell what .* holds"),
        ("a,b,a\n1,2,3\n", "has the column 'a' twice"),
    ],
)
def test_unrecognised_files_are_refused_before_anything_is_loaded(
    tmp_path: Path, store: DuckDBLedgerStore, load: Loader, text: str, message: str
) -> None:
    good = write_text(tmp_path / "good.csv", TRAIL)
    bad = write_text(tmp_path / "bad.csv", text)
    with pytest.raises(InputError, match=message):
        load(good, bad)
    assert store.stats().loads == 0


def test_missing_and_empty_files(tmp_path: Path, store: DuckDBLedgerStore, load: Loader) -> None:
    with pytest.raises(InputError, match=r"^File .*nope.csv does not exist\.$"):
        load(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="is empty: it has no header row"):
        load(write_text(tmp_path / "empty.csv", ""))
    with pytest.raises(InputError, match="at least one file"):
        load()
    assert store.stats().loads == 0
