"""Bank responses grow the trail; bad responses are refused whole with a clear reason."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cybersetu.cli import app
from cybersetu.errors import InputError
from cybersetu.ledger import DuckDBLedgerStore
from cybersetu.trail.responses import apply_response, parse_response
from cybersetu.trail.service import ledger_end
from tests.trail.test_ledger_trace import truths

NEXT = "KKBK0000123:7712345678"


@pytest.fixture
def asked(tiny_city: Path, tiny_store: Path, tmp_path: Path) -> dict[str, Any]:
    """A store in which a trail was traced and its requests sent; the case with a frontier."""
    store = tmp_path / "ledger.duckdb"
    shutil.copy(tiny_store, store)
    case = next(
        t for t in truths(tiny_city) if any(e["kind"] == "frontier" for e in t["endpoints"])
    )
    args = ["trace", "--store", str(store), "--requests", str(tmp_path / "req"), "--json"]
    for s in case["seed_txn_ids"]:
        args += ["--txn", s]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    with DuckDBLedgerStore(store, read_only=True) as ledger:
        end = ledger_end(ledger)
    return {"store": store, "trail": out, "end": end, "dir": tmp_path}


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_response_moves_the_frontier_on_and_the_trail_grows(asked: dict[str, Any]) -> None:
    frontier = asked["trail"]["frontier"][0]
    ts = (asked["end"] - timedelta(minutes=5)).isoformat()
    response = write(
        asked["dir"] / "resp.json",
        {
            "bank": frontier["bank"],
            "responded_at": asked["end"].isoformat(),
            "accounts": [{"account_id": frontier["account_id"], "held": 0, "status": "moved_on"}],
            "transactions": [
                {
                    "txn_id": "RESP000000000001",
                    "ts": ts,
                    "src_account": frontier["account_id"],
                    "dst_account": NEXT,
                    "amount": f"{frontier['amount']:.2f}",
                    "channel": "IMPS",
                }
            ],
        },
    )
    result = CliRunner().invoke(
        app, ["respond", str(response), "--store", str(asked["store"]), "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["transactions_loaded"] == 1
    [grown] = out["trails"]
    assert grown["seed_amount"] == asked["trail"]["seed_amount"]
    ask = {f["account_id"]: f["amount"] for f in grown["frontier"]}
    assert frontier["account_id"] not in ask
    assert ask[NEXT] >= frontier["amount"]
    assert any(e["txn_id"] == "RESP000000000001" for e in grown["edges"])
    # the same answer again adds nothing (the ledger is idempotent) and traces the same
    again = CliRunner().invoke(
        app, ["respond", str(response), "--store", str(asked["store"]), "--json"]
    )
    assert json.loads(again.output)["trails"][0]["frontier"] == grown["frontier"]


def test_a_response_about_an_account_never_asked_about_is_refused(asked: dict[str, Any]) -> None:
    response = write(
        asked["dir"] / "resp.json", {"bank": "SBIN", "accounts": [{"account_id": "SBIN0000001:1"}]}
    )
    with (
        DuckDBLedgerStore(asked["store"]) as ledger,
        pytest.raises(InputError, match="no hold request asked about"),
    ):
        apply_response(ledger, parse_response(response), asked["dir"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"bank": "SBIN", "accounts": [', "not valid JSON: line 1, column"),
        ("[]", "must hold one JSON object"),
        ('{"accounts": [{"account_id": "X"}]}', "which bank answers"),
        ('{"bank": "SBIN", "accounts": []}', "names no accounts"),
        (
            '{"bank": "SBIN", "accounts": [{"account_id": "X", "held": "12.345"}]}',
            "at most 2 decimals",
        ),
        (
            '{"bank": "SBIN", "accounts": [{"account_id": "X", "status": "frozen"}]}',
            "is not one of",
        ),
        (
            '{"bank": "SBIN", "accounts": [{"account_id": "X"}], "transactions": [{"txn_id": "T", "src_account": "A", "dst_account": "B"}]}',
            "involves none of the accounts",
        ),
    ],
)
def test_malformed_responses_are_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "resp.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        parse_response(path)


def test_an_invalid_onward_row_refuses_the_whole_response(asked: dict[str, Any]) -> None:
    frontier = asked["trail"]["frontier"][0]
    response = write(
        asked["dir"] / "resp.json",
        {
            "bank": frontier["bank"],
            "accounts": [{"account_id": frontier["account_id"]}],
            "transactions": [
                {
                    "txn_id": "R1",
                    "ts": asked["end"].isoformat(),
                    "src_account": frontier["account_id"],
                    "dst_account": NEXT,
                    "amount": "10.00",
                    "channel": "IMPS",
                },
                {
                    "txn_id": "R2",
                    "ts": "not a time",
                    "src_account": frontier["account_id"],
                    "dst_account": NEXT,
                    "amount": "10.00",
                    "channel": "IMPS",
                },
            ],
        },
    )
    with DuckDBLedgerStore(asked["store"]) as ledger:
        before = ledger.stats().transactions
        with pytest.raises(InputError, match=r"transactions\[2\] of the response is invalid"):
            apply_response(ledger, parse_response(response), asked["dir"])
        assert ledger.stats().transactions == before
