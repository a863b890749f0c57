"""Parquet input: typed columns go through the same rules; a row's "line" is its row number."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from cybersetu.ledger import DuckDBLedgerStore, Kind
from tests.ledger.conftest import TXN_HEADER, Loader, read_report, write_text


def _write(path: Path, table: pa.Table) -> Path:
    pq.write_table(table, path, row_group_size=2)
    return path


def test_parquet_transactions_with_typed_columns(
    tmp_path: Path, store: DuckDBLedgerStore, load: Loader
) -> None:
    table = pa.table(
        {
            "txn_id": ["P1", "P2", "P3", "P4", "P5"],
            # Naive timestamps mean IST, as in CSV.
            "ts": pa.array([datetime(2026, 1, 6, 10, 15, tzinfo=UTC)] * 5, pa.timestamp("us"))
            .cast(pa.int64())
            .cast(pa.timestamp("us")),  # wall time 10:15 with no zone
            "src_account": ["A", "A", "A", "A", None],
            "dst_account": ["B", "B", "B", "B", "B"],
            "amount": pa.array(
                [Decimal("100.50"), Decimal("0.01"), Decimal("2.345"), Decimal("7"), Decimal("1")],
                pa.decimal128(12, 3),
            ),
            "channel": ["UPI", "IMPS", "UPI", "CASH", "UPI"],
            "hop": pa.array([1, 2, 3, 4, 5], pa.int32()),
        }
    )
    report = load(_write(tmp_path / "t.parquet", table), chunk_rows=2)
    [f] = report.files
    assert (f.kind, f.format, f.rows, f.loaded, f.rejected) == (
        Kind.TRANSACTIONS,
        "parquet",
        5,
        3,
        2,
    )
    assert [(r["line"], r["id"], r["reason"]) for r in read_report(report.errors_file)] == [
        ("3", "P3", 'amount "2.345" has more than 2 decimals'),
        ("5", "P5", "src_account is empty"),
    ]
    p1, p2, p4 = store.transactions_by_id(["P1", "P2", "P4"])
    assert p1.ts == datetime(2026, 1, 6, 4, 45, tzinfo=UTC)
    assert (p1.amount_paise, p2.amount_paise, p4.amount_paise) == (10050, 1, 700)
    assert p4.extra == {"hop": 4}  # typed extras keep their JSON type
    assert p4.source_line == 4


def test_parquet_utc_timestamps_and_float_amounts(
    tmp_path: Path, store: DuckDBLedgerStore, load: Loader
) -> None:
    table = pa.table(
        {
            "txn_id": ["F1", "F2"],
            "ts": pa.array(
                [datetime(2026, 1, 6, 4, 45, tzinfo=UTC)] * 2, pa.timestamp("ms", "UTC")
            ),
            "src_account": ["A", "A"],
            "dst_account": ["B", "B"],
            "amount": [12.34, 0.1 + 0.2],
            "channel": ["UPI", "UPI"],
        }
    )
    report = load(_write(tmp_path / "f.parquet", table))
    assert report.loaded == 1
    [row] = read_report(report.errors_file)
    assert row["reason"] == 'amount "0.30000000000000004" has more than 2 decimals'
    [f1] = store.transactions_by_id(["F1"])
    assert (f1.ts, f1.amount_paise) == (datetime(2026, 1, 6, 4, 45, tzinfo=UTC), 1234)


def test_parquet_and_csv_of_the_same_rows_are_duplicates(tmp_path: Path, load: Loader) -> None:
    csv_path = write_text(
        tmp_path / "t.csv", f"{TXN_HEADER}\nS1,2026-01-06T10:15:00,A,B,100.50,UPI\n"
    )
    table = pa.table(
        {
            "txn_id": ["S1"],
            "ts": ["2026-01-06T10:15:00+05:30"],
            "src_account": ["A"],
            "dst_account": ["B"],
            "amount": ["100.5"],
            "channel": ["upi"],
        }
    )
    load(csv_path)
    report = load(_write(tmp_path / "t.parquet", table))
    assert (report.loaded, report.duplicates, report.conflicts) == (0, 1, 0)


def test_unreadable_parquet_is_a_clear_error(tmp_path: Path, load: Loader) -> None:
    import pytest

    from cybersetu.errors import InputError

    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 this is not really parquet")
    with pytest.raises(InputError, match="is not a readable Parquet file"):
        load(path)
