"""Loading transactions files: validation reasons, exact line numbers, IST, extras, idempotence."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cybersetu.ledger import DuckDBLedgerStore
from tests.ledger.conftest import TXN_HEADER, Loader, read_report, write_text

GOOD = f"""{TXN_HEADER}
T1,2026-01-06T10:15:00,SBIN0001234:30012345678,HDFC0000001:50100012345,100.50,UPI
T2,2026-01-06T10:20:00+05:30,HDFC0000001:50100012345,ICIC0000002:000123,99.5,IMPS
T3,2026-01-06T05:00:00Z,ICIC0000002:000123,ATM-KNP-0042,2000,ATM
"""


def test_good_file_is_loaded_with_utc_times_and_integer_paise(
    tmp_path: Path, store: DuckDBLedgerStore, load: Loader
) -> None:
    report = load(write_text(tmp_path / "good.csv", GOOD))
    assert (report.loaded, report.duplicates, report.conflicts, report.rejected) == (3, 0, 0, 0)
    assert report.errors_file is None
    assert not (tmp_path / "errors").exists()
    [t1] = store.transactions_by_id(["T1"])
    # No offset means IST: 10:15 IST is 04:45 UTC.
    assert t1.ts == datetime(2026, 1, 6, 4, 45, tzinfo=UTC)
    assert t1.amount_paise == 10050
    assert t1.currency == "INR"
    assert (t1.source_line, t1.load_id) == (2, 1)
    [t2] = store.transactions_by_id(["T2"])
    assert t2.ts == datetime(2026, 1, 6, 4, 50, tzinfo=UTC)
    assert t2.amount_paise == 9950
    [t3] = store.transactions_by_id(["T3"])
    assert t3.ts == datetime(2026, 1, 6, 5, 0, tzinfo=UTC)
    assert t3.amount_paise == 200000
    assert store.transactions_from(["HDFC0000001:50100012345"]) == [t2]


BAD_LINES = [
    # (line, id, file text of the record, reason)
    (
        3,
        "B1",
        "B1,06/01/2026 10:15,A,B,5,UPI,",
        'ts "06/01/2026 10:15" is not an ISO 8601 date-time',
    ),
    (4, "B2", "B2,2026-01-06T10:15:00+05:30,A,B,-5,UPI,", 'amount "-5" is not positive'),
    (5, "B3", "B3,2026-01-06T10:15:00+05:30,A,B,0.00,UPI,", 'amount "0.00" is not positive'),
    (
        6,
        "B4",
        "B4,2026-01-06T10:15:00+05:30,A,B,12.345,UPI,",
        'amount "12.345" has more than 2 decimals',
    ),
    (7, "B5", "B5,2026-01-06T10:15:00+05:30,A,B,12abc,UPI,", 'amount "12abc" is not a number'),
    (
        8,
        "B6",
        "B6,2026-01-06T10:15:00+05:30,A,B,5,PAYTM,",
        'channel "PAYTM" is not one of UPI, IMPS, NEFT, RTGS, CARD, ATM, CASH, AEPS, WALLET, CHEQUE, OTHER',
    ),
    (9, "B7", "B7,2026-01-06T10:15:00+05:30,,B,5,UPI,", "src_account is empty"),
    (10, "B8", "B8,2026-01-06T10:15:00+05:30,A,  ,5,UPI,", "dst_account is empty"),
    (11, "", ",2026-01-06T10:15:00+05:30,A,B,5,UPI,", "txn_id is empty"),
    (12, "B9", "B9,2026-01-06T10:15:00+05:30,A,B,5", "has 5 fields, expected 7"),
    # line 13-14: a good row whose quoted field holds a newline
    (
        15,
        "B10",
        "B10,2026-02-30T10:00:00,A,B,5,UPI,",
        'ts "2026-02-30T10:00:00" is not an ISO 8601 date-time',
    ),
    # line 16: good
    (17, "B11", "B11,2026-01-06,A,B,5,UPI,", 'ts "2026-01-06" is not an ISO 8601 date-time'),
    # line 18 is blank
    (19, "B12", "B12,2026-01-06T10:00:00,A,B,1e3,UPI,", 'amount "1e3" is not a number'),
    (
        20,
        "B13",
        "B13,2026-01-06T10:00:00,A,B,1234567890123456,UPI,",
        'amount "1234567890123456" is too large (more than 15 digits before the decimal point)',
    ),
    (21, "B14", "B14,2026-01-06T10:00:00,A,B,5,UPI,x,y", "has 8 fields, expected 7"),
    (22, "B15", "B15,2026-01-06T10:00:00,A,B,5,UPI,\ufffd", "is not valid UTF-8 text"),
    (23, "", "", ""),  # placeholder, replaced below by a record with an empty ts
]


def _bad_file(tmp_path: Path) -> Path:
    by_line = {line: text for line, _, text, _ in BAD_LINES}
    by_line[23] = "B16,,A,B,5,UPI,"
    by_line[2] = "G1,2026-01-06T10:15:00,SBIN0001234:111,HDFC0000001:222, 100.50 ,UPI,b1"
    by_line[13] = 'G2,2026-01-06T10:15:00Z,A,B,7.50,NEFT,"two'
    by_line[14] = 'lines"'
    by_line[16] = "G3,2026-01-06 23:59:59.5+00:00,A,B,12.340,upi,"
    by_line[18] = ""
    lines = [f"{TXN_HEADER},branch"] + [by_line[n] for n in range(2, 24)]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    # A byte sequence that is not UTF-8, in place of the replacement character on line 22.
    data = data.replace("\ufffd".encode(), b"\xff\xfe")
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    return path


def test_every_bad_row_is_reported_once_with_its_exact_line(
    tmp_path: Path, store: DuckDBLedgerStore, load: Loader
) -> None:
    report = load(_bad_file(tmp_path))
    rows = read_report(report.errors_file)
    expected = [
        {"file": str(tmp_path / "bad.csv"), "line": str(line), "id": key, "reason": reason}
        for line, key, _, reason in BAD_LINES[:-1]
    ] + [
        {
            "file": str(tmp_path / "bad.csv"),
            "line": "23",
            "id": "B16",
            "reason": "ts is empty",
        }
    ]
    assert rows == expected
    assert report.rejected == len(expected)
    assert report.loaded == 3
    [f] = report.files
    assert f.rows == 3 + len(expected)
    assert report.errors_file is not None
    assert report.errors_file.parent == tmp_path / "errors"
    assert report.errors_file.name.startswith("bad-")

    # The good rows are stored, normalised, with their own line numbers.
    by_id = {t.txn_id: t for t in store.transactions_by_id(["G1", "G2", "G3"])}
    assert by_id["G1"].amount_paise == 10050
    assert by_id["G1"].ts == datetime(2026, 1, 6, 4, 45, tzinfo=UTC)
    assert by_id["G2"].source_line == 13
    assert by_id["G2"].extra == {"branch": "two\nlines"}
    assert by_id["G3"].source_line == 16
    assert by_id["G3"].channel == "UPI"
    assert by_id["G3"].amount_paise == 1234
    assert by_id["G3"].ts == datetime(2026, 1, 6, 23, 59, 59, 500000, tzinfo=UTC)


def test_line_numbers_stay_exact_on_the_fast_path(tmp_path: Path, load: Loader) -> None:
    # No quotes, no blank lines, right field counts: parsed by pyarrow in one block.
    body = [f"G{i},2026-01-06T10:00:00,A,B,{i}.00,UPI" for i in range(1, 200)]
    body[41] = "X42,2026-01-06T10:00:00,A,B,0,UPI"
    body[150] = "X151,yesterday,A,B,5,UPI"
    path = write_text(tmp_path / "fast.csv", TXN_HEADER + "\r\n" + "\r\n".join(body) + "\r\n")
    report = load(path, chunk_rows=64)
    assert [(r["line"], r["id"]) for r in read_report(report.errors_file)] == [
        ("43", "X42"),
        ("152", "X151"),
    ]
    assert report.loaded == 197


def test_extra_columns_are_kept_and_missing_optional_columns_are_allowed(
    tmp_path: Path, store: DuckDBLedgerStore, load: Loader
) -> None:
    path = write_text(
        tmp_path / "extra.csv",
        "TXN_ID, ts ,src_account,dst_account,amount,channel,Remarks,branch_code,utr_type\n"
        "E1,2026-01-06T10:00:00,A,B,5,UPI,rent,KNP01,\n",
    )
    assert load(path).loaded == 1
    [t] = store.transactions_by_id(["E1"])
    assert t.remarks == "rent"
    assert t.src_bank is None
    assert t.extra == {"branch_code": "KNP01", "utr_type": None}
    row = store.connection.execute(
        "SELECT extra->>'branch_code' FROM transactions WHERE txn_id = 'E1'"
    ).fetchall()
    assert row == [("KNP01",)]


def test_loading_the_same_file_again_adds_nothing(
    tmp_path: Path, store: DuckDBLedgerStore, load: Loader
) -> None:
    path = write_text(tmp_path / "good.csv", GOOD)
    load(path)
    before = store.connection.execute("SELECT * FROM transactions ORDER BY txn_id").fetchall()
    again = load(path)
    assert (again.loaded, again.duplicates, again.conflicts, again.rejected) == (0, 3, 0, 0)
    assert again.errors_file is None
    after = store.connection.execute("SELECT * FROM transactions ORDER BY txn_id").fetchall()
    assert after == before
    assert store.stats().loads == 2


def test_same_instant_written_differently_is_a_duplicate(tmp_path: Path, load: Loader) -> None:
    load(write_text(tmp_path / "a.csv", GOOD))
    other = GOOD.replace("2026-01-06T10:15:00,", "2026-01-06T04:45:00Z,").replace("99.5,", "99.50,")
    report = load(write_text(tmp_path / "b.csv", other))
    assert (report.loaded, report.duplicates, report.conflicts) == (0, 3, 0)


def test_conflict_is_reported_and_the_first_version_stays(
    tmp_path: Path, store: DuckDBLedgerStore, load: Loader
) -> None:
    load(write_text(tmp_path / "first.csv", GOOD))
    changed = f"""{TXN_HEADER}
T4,2026-01-07T09:00:00,A,B,1,UPI
T1,2026-01-06T10:15:00,SBIN0001234:30012345678,MULE:1,100.51,UPI
"""
    report = load(write_text(tmp_path / "second.csv", changed))
    assert (report.loaded, report.duplicates, report.conflicts, report.rejected) == (1, 0, 1, 0)
    [row] = read_report(report.errors_file)
    assert row == {
        "file": str(tmp_path / "second.csv"),
        "line": "3",
        "id": "T1",
        "reason": 'txn_id "T1" is already loaded with different dst_account, amount '
        "(load 1: first.csv line 2)",
    }
    [t1] = store.transactions_by_id(["T1"])
    assert (t1.dst_account, t1.amount_paise, t1.load_id) == ("HDFC0000001:50100012345", 10050, 1)


def test_duplicates_and_conflicts_inside_one_file(
    tmp_path: Path, store: DuckDBLedgerStore, load: Loader
) -> None:
    text = f"""{TXN_HEADER}
D1,2026-01-06T10:00:00,A,B,5,UPI
D1,2026-01-06T10:00:00,A,B,5.00,upi
D2,2026-01-06T10:00:00,A,B,5,UPI
D1,2026-01-06T10:00:00,A,B,6,UPI
"""
    report = load(write_text(tmp_path / "dups.csv", text))
    assert (report.loaded, report.duplicates, report.conflicts) == (2, 1, 1)
    [row] = read_report(report.errors_file)
    assert (row["line"], row["id"]) == ("5", "D1")
    assert row["reason"] == 'txn_id "D1" appears again with different amount (first at line 2)'
    [d1] = store.transactions_by_id(["D1"])
    assert (d1.amount_paise, d1.source_line) == (500, 2)


def test_header_only_file_gives_a_zero_summary(
    tmp_path: Path, store: DuckDBLedgerStore, load: Loader
) -> None:
    report = load(write_text(tmp_path / "empty.csv", TXN_HEADER + "\n"))
    assert (report.loaded, report.rejected) == (0, 0)
    assert report.files[0].rows == 0
    assert report.errors_file is None
    assert store.stats().loads == 1


def test_progress_reports_every_byte(tmp_path: Path, store: DuckDBLedgerStore) -> None:
    from cybersetu.ledger import ingest

    path = write_text(tmp_path / "good.csv", "\ufeff" + GOOD)
    seen: list[int] = []
    report = ingest(store, [path], errors_dir=tmp_path, chunk_rows=1, progress=seen.append)
    assert report.loaded == 3
    assert sum(seen) == path.stat().st_size
    assert len(seen) == 3


def test_error_report_goes_where_asked(tmp_path: Path, store: DuckDBLedgerStore) -> None:
    from cybersetu.ledger import ingest

    path = write_text(tmp_path / "one.csv", f"{TXN_HEADER}\nX,2026-01-06T10:00:00,A,B,0,UPI\n")
    wanted = tmp_path / "out" / "my-errors.csv"
    report = ingest(store, [path], errors_dir=tmp_path / "unused", errors_path=wanted)
    assert report.errors_file == wanted
    assert [r["reason"] for r in read_report(wanted)] == ['amount "0" is not positive']
    assert not (tmp_path / "unused").exists()
    assert not list(wanted.parent.glob("*.partial"))
    loads = store.connection.execute("SELECT errors_file, rejected FROM loads").fetchall()
    assert loads == [(str(wanted), 1)]


@pytest.mark.parametrize(
    ("value", "paise"),
    [("1", 100), ("0.01", 1), ("12.3", 1230), ("007.50", 750), (".5", 50), ("12.340000", 1234)],
)
def test_amount_forms(
    tmp_path: Path, store: DuckDBLedgerStore, load: Loader, value: str, paise: int
) -> None:
    load(write_text(tmp_path / "a.csv", f"{TXN_HEADER}\nA1,2026-01-06T10:00:00,A,B,{value},UPI\n"))
    assert store.transactions_by_id(["A1"])[0].amount_paise == paise


def test_stored_extra_is_valid_json(tmp_path: Path, store: DuckDBLedgerStore, load: Loader) -> None:
    path = write_text(
        tmp_path / "q.csv",
        f'{TXN_HEADER},note\nQ1,2026-01-06T10:00:00,A,B,5,UPI,"say ""hi"", ok"\n',
    )
    load(path)
    (extra,) = store.connection.execute("SELECT extra FROM transactions").fetchall()[0]
    assert json.loads(extra) == {"note": 'say "hi", ok'}
