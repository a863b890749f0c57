"""The `LedgerStore` contract, run against both backends: a DuckDB file and a real PostgreSQL
(the test session's own server). Whatever runs on the embedded default runs on PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cybersetu.errors import InputError
from cybersetu.ledger import IngestReport, Kind, LedgerStore, ingest, open_store
from cybersetu.ledger.store import AnsweredAccount, AnswerRecord, SentRequest
from tests.ledger.conftest import TXN_HEADER, read_report, write_text
from tests.pgcluster import PgCluster

TRAIL = f"""{TXN_HEADER},remarks,branch
V1,2026-01-06T10:00:00,VICTIM,MULE1,50000,UPI,fraud,
M1,2026-01-06T10:05:00,MULE1,MULE2,30000,IMPS,,KNP-01
M2,2026-01-06T10:06:00,MULE1,MULE3,19000,IMPS,"says ""hi"" ok",
M3,2026-01-06T11:00:00.123456+05:30,MULE1,ATM-1,1000,ATM,,
X1,2026-01-06T09:00:00,OTHER,MULE1,10,UPI,,
"""
ACCOUNTS = """account_id,account_type,opened_at,declared_monthly_income,vpa
MULE1,savings,2025-12-30,15000.50,mule1@ybl
MULE2,,,,
"""


@pytest.fixture(params=["duckdb", "postgres"])
def spec(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "duckdb":
        return str(tmp_path / "var" / "ledger.duckdb")
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def store(spec: str, tmp_path: Path) -> Iterator[LedgerStore]:
    with open_store(spec, derived_root=tmp_path / "derived") as s:
        yield s


def _load(store: LedgerStore, tmp_path: Path, *files: Path, chunk_rows: int = 1000) -> IngestReport:
    return ingest(store, list(files), errors_dir=tmp_path / "errors", chunk_rows=chunk_rows)


def test_rows_are_validated_loaded_once_and_conflicts_reported(
    store: LedgerStore, tmp_path: Path
) -> None:
    first = write_text(tmp_path / "t.csv", TRAIL)
    report = _load(store, tmp_path, first)
    assert (report.loaded, report.duplicates, report.conflicts, report.rejected) == (5, 0, 0, 0)
    again = _load(store, tmp_path, first)
    assert (again.loaded, again.duplicates) == (0, 5)
    assert store.stats().transactions == 5
    changed = write_text(
        tmp_path / "changed.csv",
        f"{TXN_HEADER}\n"
        "M1,2026-01-06T10:05:00,MULE1,MULE2,30001,IMPS\n"  # known key, other amount
        "N1,2026-01-06T12:00:00,MULE2,MULE4,100,UPI\n"
        "N1,2026-01-06T12:00:00,MULE2,MULE4,100,UPI\n"  # repeated in the file
        "N2,2026-01-06T12:01:00,MULE2,MULE4,0,UPI\n"  # rejected
        "N3,2026-01-06T12:02:00,MULE2,MULE4,5,UPI\n"
        "N3,2026-01-06T12:02:00,MULE2,MULE5,5,UPI\n",  # repeated with other content
    )
    third = _load(store, tmp_path, changed, chunk_rows=2)
    assert (third.loaded, third.duplicates, third.conflicts, third.rejected) == (2, 1, 2, 1)
    rows = read_report(third.errors_file)
    reasons = {int(r["line"]): r["reason"] for r in rows}
    assert sorted(reasons) == [2, 5, 7]
    assert "already loaded with different amount" in reasons[2]
    assert "is not positive" in reasons[5]
    assert "appears again with different dst_account (first at line 6)" in reasons[7]
    assert store.stats().transactions == 7


def test_typed_reads(store: LedgerStore, tmp_path: Path) -> None:
    _load(store, tmp_path, write_text(tmp_path / "t.csv", TRAIL))
    _load(store, tmp_path, write_text(tmp_path / "a.csv", ACCOUNTS))
    out = store.transactions_from(["MULE1"], since=datetime(2026, 1, 6, 4, 30, tzinfo=UTC))
    assert [t.txn_id for t in out] == ["M1", "M2", "M3"]  # oldest first
    assert out[2].ts == datetime(2026, 1, 6, 5, 30, 0, 123456, tzinfo=UTC)
    assert out[0].extra == {"branch": "KNP-01"}
    assert out[1].remarks == 'says "hi" ok'
    early = store.transactions_from(
        ["MULE1", "VICTIM"], until=datetime(2026, 1, 6, 4, 36, tzinfo=UTC)
    )
    assert [t.txn_id for t in early] == ["V1", "M1"]
    assert store.transactions_from([]) == []
    assert [t.remarks for t in store.transactions_by_id(["V1", "nope"])] == ["fraud"]
    touching = store.transactions_touching(["MULE1"], until=datetime(2026, 1, 6, 4, 35, tzinfo=UTC))
    assert [t.txn_id for t in touching] == ["X1", "V1", "M1"]
    assert store.accounts_with_debits(["MULE1", "MULE2", "VICTIM", "NOBODY"]) == {"MULE1", "VICTIM"}
    [mule1, mule2] = store.accounts_by_id(["MULE2", "MULE1", "NOBODY"])
    assert mule1.account_id == "MULE1"
    assert mule1.declared_monthly_income_paise == 1_500_050
    assert str(mule1.account_type) == "savings"
    assert mule1.extra == {"vpa": "mule1@ybl"}
    assert mule2.account_type is None
    assert mule2.extra == {"vpa": None}


def test_stats_loads_versions_and_what_arrived_later(store: LedgerStore, tmp_path: Path) -> None:
    empty = store.stats()
    assert (empty.transactions, empty.accounts, empty.loads, empty.first_ts) == (0, 0, 0, None)
    assert store.version() == 0
    assert store.loads() == []
    _load(store, tmp_path, write_text(tmp_path / "t.csv", TRAIL))
    v1 = store.version()
    print_before = store.fingerprint(v1)
    _load(store, tmp_path, write_text(tmp_path / "a.csv", ACCOUNTS))
    stats = store.stats()
    assert (stats.transactions, stats.accounts, stats.loads) == (5, 2, 2)
    assert stats.first_ts == datetime(2026, 1, 6, 3, 30, tzinfo=UTC)
    assert stats.total_paise == {"INR": 10_001_000}
    loads = store.loads()
    assert [(x.file_name, x.kind, x.rows, x.loaded) for x in loads] == [
        ("t.csv", Kind.TRANSACTIONS, 5, 5),
        ("a.csv", Kind.ACCOUNTS, 2, 2),
    ]
    assert loads[1].load_id > loads[0].load_id == v1
    assert store.fingerprint(v1) == print_before != store.fingerprint(store.version())
    assert store.rows_loaded_after(0) == 5
    assert store.rows_loaded_after(v1) == 0
    assert [a.account_id for a in store.accounts_loaded_after(v1)] == ["MULE1", "MULE2"]
    assert store.transactions_loaded_after(v1) == []


def test_export_parquet(store: LedgerStore, tmp_path: Path) -> None:
    _load(store, tmp_path, write_text(tmp_path / "t.csv", TRAIL))
    v1 = store.version()
    _load(
        store,
        tmp_path,
        write_text(tmp_path / "t2.csv", f"{TXN_HEADER}\nN1,2026-01-07T10:00:00,A,B,1.5,UPI\n"),
    )
    out = tmp_path / "t.parquet"
    assert store.export_parquet(Kind.TRANSACTIONS, out, upto=v1) == 5
    table = pq.read_table(out).sort_by("txn_id")
    assert table.column_names[:6] == [
        "txn_id",
        "ts",
        "src_account",
        "dst_account",
        "amount_paise",
        "channel",
    ]
    assert {"extra", "load_id"} <= set(table.column_names)
    rows = {r["txn_id"]: r for r in table.to_pylist()}
    assert rows["M3"]["ts"] == datetime(2026, 1, 6, 5, 30, 0, 123456, tzinfo=UTC)
    assert rows["M2"]["remarks"] == 'says "hi" ok'
    assert rows["V1"]["src_bank"] is None
    assert rows["V1"]["amount_paise"] == 5_000_000
    assert store.export_parquet(Kind.TRANSACTIONS, out) == 6
    assert store.export_parquet(Kind.ACCOUNTS, tmp_path / "a.parquet") == 0


def test_trail_records_live_in_the_same_transaction(store: LedgerStore) -> None:
    at = datetime(2026, 1, 6, 6, 0, tzinfo=UTC)
    sent = [
        SentRequest(
            "CYBER/X/1/HDFC", "HDFC", "HDFC0000001:1", "hold", 1, 30_000, ("V1",), "taint-first", at
        ),
        SentRequest(
            "CYBER/X/1/SBIN",
            "SBIN",
            "SBIN0000001:2",
            "information",
            2,
            1_000,
            ("V1",),
            "taint-first",
            at,
        ),
    ]

    def crash() -> None:
        with store.writer() as w:
            w.record_requests(sent)
            raise RuntimeError("crash before commit")

    with pytest.raises(RuntimeError):
        crash()
    assert store.sent_requests() == []
    with store.writer() as w:
        w.record_requests(sent)
    assert store.sent_requests() == sent
    answer = AnswerRecord(
        "d" * 64, "HDFC", at + timedelta(minutes=5), None,
        (AnsweredAccount("HDFC0000001:1", 30_000, "held", "lien marked"),), 0, 0,
    )  # fmt: skip
    with store.writer() as w:
        assert [r.bank for r in w.requests_for(["HDFC0000001:1", "NOBODY"])] == ["HDFC"]
        assert w.answer(answer.digest) is None
        w.record_answer(answer)
        assert w.answer(answer.digest) == answer
    with store.writer() as w:
        assert w.answer(answer.digest) == answer


KILLER = """
import os, signal, sys
from pathlib import Path
from cybersetu.ledger import ingest, open_store

spec, chunk_rows, files = sys.argv[1], int(sys.argv[2]), [Path(p) for p in sys.argv[3:]]
chunks = 0

def progress(n_bytes):
    global chunks
    chunks += 1
    if chunks == 3:  # half-way through the first file
        os.kill(os.getpid(), signal.SIGKILL)

with open_store(spec, derived_root=Path(files[0]).parent) as ledger:
    ingest(ledger, files, errors_dir=Path(files[0]).parent / "errors", chunk_rows=chunk_rows,
           progress=progress)
print("not killed")
"""


def _rows(path: Path, prefix: str, n: int, start: int = 0) -> Path:
    lines = [
        f"{prefix}{i},2026-01-06T10:{i % 60:02d}:00,SRC{i % 97},DST{i % 89},{i % 5000 + 1}.25,UPI"
        for i in range(start, start + n)
    ]
    return write_text(path, TXN_HEADER + "\n" + "\n".join(lines) + "\n")


def test_a_load_killed_half_way_leaves_the_store_unchanged(
    spec: str, store: LedgerStore, tmp_path: Path
) -> None:
    _load(store, tmp_path, _rows(tmp_path / "base.csv", "B", 50))
    before = (store.stats(), store.loads(), store.version())
    store.close()
    big = _rows(tmp_path / "big.csv", "F", 1000)
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, spec, "100", str(big)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr
    with open_store(spec, derived_root=tmp_path) as again:
        assert (again.stats(), again.loads(), again.version()) == before
        assert _load(again, tmp_path, big).loaded == 1000


CONCURRENT = """
import sys
from pathlib import Path
from cybersetu.ledger import ingest, open_store

spec, path = sys.argv[1], Path(sys.argv[2])
with open_store(spec, derived_root=path.parent) as ledger:
    r = ingest(ledger, [path], errors_dir=path.parent / "errors", chunk_rows=500)
print(r.loaded, r.duplicates, r.conflicts, r.rejected)
"""


def test_concurrent_overlapping_loads_give_no_duplicate_and_lose_no_row(
    pg_url: str, tmp_path: Path
) -> None:
    # Four processes at once, each file overlapping its neighbours by half.
    with open_store(pg_url, derived_root=tmp_path):
        pass  # create the schema first: the race under test is the loads, not the creation
    files = [_rows(tmp_path / f"f{k}.csv", "T", 2000, start=k * 1000) for k in range(4)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CONCURRENT, pg_url, str(f)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ},
        )
        for f in files
    ]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
        results.append([int(x) for x in out.split()])
    with open_store(pg_url, derived_root=tmp_path) as s:
        assert s.stats().transactions == 5000
        assert sum(r[0] for r in results) == 5000
        assert sum(r[1] for r in results) == 3000  # every overlapping row counted once as such
        assert all(r[2] == r[3] == 0 for r in results)


def test_schema_versions(tmp_path: Path) -> None:
    """A version-1 DuckDB store (as written before load ids had a sequence) is upgraded in place:
    its rows stay, the next load id follows the last one."""
    import duckdb

    from cybersetu.ledger.migrations import Dialect, _v1

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    _v1(lambda sql: con.execute(sql).fetchall(), Dialect.DUCKDB)
    con.execute(
        "INSERT INTO loads VALUES (7, now(), 'x.csv', '/x.csv', 'abc', 'transactions', 'csv', 1, "
        "0, 0, 0, 0, 0, NULL)"
    )
    con.close()
    with pytest.raises(InputError, match="store upgrade"):
        open_store(path, read_only=True)
    with open_store(path) as s:
        assert s.version() == 7
        report = _load(s, tmp_path, write_text(tmp_path / "t.csv", TRAIL))
        assert report.files[0].load_id == 8
    with open_store(path, read_only=True) as s:
        assert [x.load_id for x in s.loads()] == [7, 8]


def test_postgres_errors_are_one_sentence(tmp_path: Path, pg_cluster: PgCluster) -> None:
    with pytest.raises(InputError, match=r"^Cannot connect to the PostgreSQL store .*nosuchdb"):
        open_store(pg_cluster.url("nosuchdb"), derived_root=tmp_path)
    wrong = pg_cluster.url("postgres").replace("postgres@", "postgres:secret@")
    with (
        pytest.raises(InputError) as caught,
        open_store(wrong.replace("/postgres", "/nosuchdb"), derived_root=tmp_path),
    ):
        pass
    assert "secret" not in str(caught.value)
