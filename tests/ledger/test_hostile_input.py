"""Files a careless or hostile sender could hand the ledger: each is refused in one sentence or
loaded with every problem reported, never loaded wrongly."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cybersetu.errors import InputError
from cybersetu.interchange import KycMode
from cybersetu.ledger import DuckDBLedgerStore, IngestReport, ingest
from tests.ledger.conftest import TXN_HEADER, Loader, read_report, write_text


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("account_id,is_mule,persona,ring_id,hard", "is_mule"),
        ("account_id,bank,ifsc,is_mule", "is_mule"),
        ("account_id,holder_name,label", "label"),
        ("txn_id,ts,src_account,dst_account,amount,channel,Is Laundering", "Is Laundering"),
        ("txn_id,ts,src_account,dst_account,amount,channel,IS_FRAUD", "IS_FRAUD"),
    ],
)
def test_ground_truth_never_enters_the_ledger(
    tmp_path: Path, store: DuckDBLedgerStore, load: Loader, header: str, column: str
) -> None:
    values = ",".join(["1"] * len(header.split(",")))
    labels = write_text(tmp_path / "labels.csv", f"{header}\n{values}\n")
    with pytest.raises(InputError, match=f"ground-truth column {column}") as err:
        load(labels)
    assert "not loaded into the ledger" in str(err.value)
    assert store.stats().loads == 0


NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _load_at(store: DuckDBLedgerStore, tmp_path: Path, *files: Path) -> IngestReport:
    return ingest(store, list(files), errors_dir=tmp_path / "errors", now=NOW)


def test_timestamps_out_of_range_or_with_impossible_offsets_are_rejected(
    tmp_path: Path, store: DuckDBLedgerStore
) -> None:
    rows = [
        ("OK1", "2026-03-02T17:00:00+05:30"),  # 23 hours after the load: clock skew
        ("OK2", "1990-01-01T00:00:00"),  # midnight IST
        ("OK3", "2026-01-06T10:00:00+14:00"),
        ("OK4", "2026-01-06T10:00:00-1400"),
        ("F1", "2026-03-02T13:00:01Z"),
        ("F2", "2099-01-01T00:00:00"),
        ("F3", "9999-12-31T23:59:59-05:00"),
        ("E1", "1989-12-31T23:59:59"),
        ("E2", "0001-01-01T00:00:00"),
        ("O1", "2026-01-06T10:00:00+25:00"),
        ("O2", "2026-01-06T10:00:00-14:30"),
        ("O3", "2026-01-06T10:00:00+1500"),
        ("X1", "2026-01-06T10:00:00+05:99"),
    ]
    text = "".join(f"{i},{ts},A,B,10,UPI\n" for i, ts in rows)
    report = _load_at(store, tmp_path, write_text(tmp_path / "t.csv", f"{TXN_HEADER}\n{text}"))
    assert report.loaded == 4
    reasons = {r["id"]: r["reason"] for r in read_report(report.errors_file)}
    future = "is in the future (more than a day after the load)"
    assert reasons == {
        "F1": f'ts "2026-03-02T13:00:01Z" {future}',
        "F2": f'ts "2099-01-01T00:00:00" {future}',
        "F3": f'ts "9999-12-31T23:59:59-05:00" {future}',
        "E1": 'ts "1989-12-31T23:59:59" is before 1990-01-01',
        "E2": 'ts "0001-01-01T00:00:00" is before 1990-01-01',
        "O1": 'ts "2026-01-06T10:00:00+25:00" has a UTC offset beyond ±14:00',
        "O2": 'ts "2026-01-06T10:00:00-14:30" has a UTC offset beyond ±14:00',
        "O3": 'ts "2026-01-06T10:00:00+1500" has a UTC offset beyond ±14:00',
        "X1": 'ts "2026-01-06T10:00:00+05:99" is not an ISO 8601 date-time',
    }
    stats = store.stats()  # year 0001 would be 1 BC here, which Python cannot show
    assert stats.first_ts == datetime(1989, 12, 31, 18, 30, tzinfo=UTC)


def test_opening_dates_out_of_range_are_rejected(tmp_path: Path, store: DuckDBLedgerStore) -> None:
    accounts = write_text(
        tmp_path / "a.csv",
        "account_id,opened_at\nOLD,1985-06-01\nY1,0001-01-01\nY9,9999-12-31\nTZ,2020-01-01 10:00+25:00\n",
    )
    report = _load_at(store, tmp_path, accounts)
    assert report.loaded == 1
    assert [(r["id"], r["reason"]) for r in read_report(report.errors_file)] == [
        ("Y1", 'opened_at "0001-01-01" is before 1900-01-01'),
        ("Y9", 'opened_at "9999-12-31" is in the future (more than a day after the load)'),
        ("TZ", 'opened_at "2020-01-01 10:00+25:00" has a UTC offset beyond ±14:00'),
    ]
    [old] = store.accounts_by_id(["OLD"])
    assert old.opened_at == datetime(1985, 5, 31, 18, 30, tzinfo=UTC)


def test_control_characters_are_refused_but_tabs_and_quoted_line_breaks_kept(
    tmp_path: Path, store: DuckDBLedgerStore, load: Loader
) -> None:
    body = (
        f"{TXN_HEADER},remarks,branch\n"
        "T\x001,2026-01-06T10:00:00,A,B,10,UPI,,\n"
        "T2,2026-01-06T10:00:00,A\x1b[31m,B,10,UPI,,\n"
        "T3,2026-01-06T10:00:00,A,B,10,UPI,bell\x07,\n"
        "T4,2026-01-06T10:00:00,A,B,10,UPI,,x\x01\n"
        '"T5\n",2026-01-06T10:00:00,A,B,10,UPI,,\n'
        'OK,2026-01-06T10:00:00,A,B,10,UPI,"tab\there","two\nlines"\n'
    )
    report = load(write_text(tmp_path / "t.csv", body))
    assert report.loaded == 1
    assert [(r["line"], r["id"], r["reason"]) for r in read_report(report.errors_file)] == [
        ("2", "T\ufffd1", "txn_id contains the control character U+0000"),
        ("3", "T2", "src_account contains the control character U+001B"),
        ("4", "T3", "remarks contains the control character U+0007"),
        ("5", "T4", "branch contains the control character U+0001"),
        ("6", "T5\ufffd", "txn_id contains the control character U+000A"),
    ]
    [ok] = store.transactions_by_id(["OK"])
    assert ok.remarks == "tab\there"
    assert ok.extra == {"branch": "two\nlines"}


def test_control_characters_in_account_ids_are_refused(
    tmp_path: Path, store: DuckDBLedgerStore, load: Loader
) -> None:
    body = 'account_id,address\n"X\r",a\nY,"House 4\nKanpur"\nZ\x00,\n'
    report = load(write_text(tmp_path / "a.csv", body))
    assert report.loaded == 1
    assert [r["reason"] for r in read_report(report.errors_file)] == [
        "account_id contains the control character U+000D",
        "account_id contains the control character U+0000",
    ]
    assert store.accounts_by_id(["Y"])[0].address == "House 4\nKanpur"


def test_control_characters_in_parquet_are_refused(tmp_path: Path, load: Loader) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rest = ["2026-01-06T10:00:00", "A", "B", "1", "UPI"]
    rows = [["P\x001", *rest], ["P2", *rest]]
    table = pa.table({c: [r[i] for r in rows] for i, c in enumerate(TXN_HEADER.split(","))})
    pq.write_table(table, tmp_path / "t.parquet")
    report = load(tmp_path / "t.parquet")
    assert report.loaded == 1
    [row] = read_report(report.errors_file)
    assert row["reason"] == "txn_id contains the control character U+0000"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cybersetu.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_unknown_words_in_optional_columns_are_warnings_not_rejections(tmp_path: Path) -> None:
    # A simulator writes account_type "I" (individual) for every account.
    body = "account_id,account_type,kyc_mode\n" + "".join(
        f"A{i},I,{'branch' if i % 2 else 'aadhaar'}\n" for i in range(6)
    )
    accounts = write_text(tmp_path / "accounts.csv", body)
    store = tmp_path / "s.duckdb"
    out = _cli("ingest", "--json", "--store", str(store), str(accounts), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert (report["loaded"], report["rejected"]) == (6, 0)
    assert report["warnings"] == {"account_type": 6, "kyc_mode": 3}
    assert report["files"][0]["warnings"] == {"account_type": 6, "kyc_mode": 3}
    with DuckDBLedgerStore(store, read_only=True) as s:
        a0, a1 = s.accounts_by_id(["A0", "A1"])
    assert (a0.account_type, a0.kyc_mode, a1.kyc_mode) == (None, None, KycMode.BRANCH)

    again = write_text(tmp_path / "more.csv", "account_id,account_type\nB1,I\nB2,savings\n")
    human = _cli("ingest", "--store", str(store), str(again), cwd=tmp_path)
    assert human.returncode == 0, human.stderr
    assert (
        "Loaded 2, duplicates 0, conflicts 0, rejected 0; warnings: account_type 1 "
        "(unknown values, stored empty)." in " ".join(human.stdout.split())
    )


def test_a_file_with_every_row_rejected_fails_the_command(tmp_path: Path) -> None:
    good = write_text(tmp_path / "good.csv", f"{TXN_HEADER}\nT1,2026-01-06T10:00:00,A,B,1,UPI\n")
    bad = write_text(tmp_path / "bad.csv", "account_id,ifsc\nX1,nope\nX2,nope\n")
    store = tmp_path / "s.duckdb"
    out = _cli("ingest", "--json", "--store", str(store), str(good), str(bad), cwd=tmp_path)
    assert out.returncode == 1
    assert json.loads(out.stdout)["rejected"] == 2  # the summary is still printed
    assert out.stderr.startswith(f"Error: Every one of the 2 rows of {bad} was rejected; see")
    assert "Traceback" not in out.stderr
    header_only = write_text(tmp_path / "empty.csv", f"{TXN_HEADER}\n")
    assert _cli("ingest", "--store", str(store), str(header_only), cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("block", [1 << 21, 4096])
def test_an_unclosed_quote_loses_its_own_row_only(
    tmp_path: Path,
    store: DuckDBLedgerStore,
    load: Loader,
    monkeypatch: pytest.MonkeyPatch,
    block: int,
) -> None:
    from cybersetu.ledger import readers

    monkeypatch.setattr(readers, "BLOCK_BYTES", block)
    good = [f"G{i},2026-01-06T10:00:00,A,B,{i + 1},UPI,rent" for i in range(3_400)]
    lines = [
        f"{TXN_HEADER},remarks",
        'Q1,2026-01-06T10:00:00,A,B,5,UPI,"paid for ""rent',  # the quote never closes
        *good[:1_700],
        'Q2,2026-01-06T10:00:00,A,B,5,UPI,"fine, and closed"',
        'Q3,2026-01-06T10:00:00,A,B,5,UPI,"two',
        'lines"',
        'Q4,2026-01-06T10:00:00,A,B,5,UPI,"oops',
        *good[1_700:],
        'Q5,2026-01-06T10:00:00,A,B,5,UPI,"open at the end',
    ]
    report = load(write_text(tmp_path / "t.csv", "\n".join(lines) + "\n"), chunk_rows=1_000)
    assert report.loaded == 3_400 + 2
    assert [(r["line"], r["id"], r["reason"]) for r in read_report(report.errors_file)] == [
        ("2", "Q1", "has an unclosed quote"),
        ("1706", "Q4", "has an unclosed quote"),
        ("3407", "Q5", "has an unclosed quote"),  # a file cut short in a quoted field
    ]
    [q3] = store.transactions_by_id(["Q3"])
    assert q3.remarks == "two\nlines"
    assert q3.source_line == 1704
    [last] = store.transactions_by_id(["G3399"])
    assert last.source_line == 3_406


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("," * 20_000 + "account_id", "has 20,001 columns"),  # 20 KB: short enough
        ("account_id," + "x" * 70_000, "header of .* is longer than 64 KB"),
        ("\n" * 70_000 + "account_id", "header of .* is longer than 64 KB"),
    ],
)
def test_absurd_headers_are_refused_fast(
    tmp_path: Path, store: DuckDBLedgerStore, load: Loader, header: str, message: str
) -> None:
    wide = write_text(tmp_path / "wide.csv", header + "\n" + "1," * 5 + "\n")
    started = time.perf_counter()
    with pytest.raises(InputError, match=message):
        load(wide)
    assert time.perf_counter() - started < 5
    assert store.stats().loads == 0


def test_absurdly_wide_parquet_is_refused(tmp_path: Path, load: Loader) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({f"c{i}": [1] for i in range(1_001)}), tmp_path / "w.parquet")
    with pytest.raises(InputError, match="has 1,001 columns; a transactions, accounts or labels"):
        load(tmp_path / "w.parquet")


def test_scoring_readers_refuse_absurd_headers(tmp_path: Path) -> None:
    from cybersetu.scoring import evaluate_files
    from cybersetu.scoring.labels import read_labels

    wide = write_text(tmp_path / "wide.csv", "," * 4_999 + "\n")
    with pytest.raises(InputError, match=r"The labels file .* has 5,000 columns"):
        read_labels(wide)
    with pytest.raises(InputError, match=r"The scores file .* has 5,000 columns"):
        evaluate_files(wide, wide)
    import ibis

    from cybersetu.scoring.inputs import read_transactions

    with pytest.raises(InputError, match=r"The transactions file .* has 5,000 columns"):
        read_transactions(ibis.duckdb.connect(), wide)


def test_errors_option_never_overwrites_the_store_an_input_or_another_file(
    tmp_path: Path,
) -> None:
    store = tmp_path / "s.duckdb"
    bad = f"{TXN_HEADER}\nT1,2026-01-06T10:00:00,A,B,1.234,UPI\nT2,2026-01-06T10:00:00,A,B,1,UPI\n"
    data = write_text(tmp_path / "t.csv", bad)
    assert _cli("ingest", "--store", str(store), str(data), cwd=tmp_path).returncode == 0
    before = store.read_bytes()
    notes = write_text(tmp_path / "notes.txt", "my case notes\n")
    (tmp_path / "link.csv").symlink_to(data)
    for target, message in [
        (str(data), "would overwrite the store or a file being loaded"),
        ("./t.csv", "would overwrite the store or a file being loaded"),
        (str(tmp_path / "link.csv"), "would overwrite the store or a file being loaded"),
        (str(store), "would overwrite the store or a file being loaded"),
        (str(notes), "exists and is not an earlier error report"),
        (str(tmp_path), "is a directory"),
    ]:
        out = _cli("ingest", "--store", str(store), "--errors", target, str(data), cwd=tmp_path)
        assert out.returncode == 1, target
        assert message in out.stderr, out.stderr
        assert "Traceback" not in out.stderr
    assert data.read_text() == bad
    assert notes.read_text() == "my case notes\n"
    assert store.read_bytes() == before

    report = tmp_path / "report.csv"
    for _ in range(2):  # a new file, then the earlier report is replaced
        out = _cli(
            "ingest", "--store", str(store), "--errors", str(report), str(data), cwd=tmp_path
        )
        assert out.returncode == 0, out.stderr
        assert report.read_text().splitlines()[0] == "file,line,id,reason"
