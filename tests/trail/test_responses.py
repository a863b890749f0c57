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
from cybersetu.trail.responses import apply_answer, read_answer
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
        apply_answer(ledger, read_answer(response))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"bank": "SBIN", "accounts": [', "not valid JSON: line 1, column"),
        ("[]", "must be one JSON object"),
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
        read_answer(path)


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
        with pytest.raises(
            InputError, match=r"1 of its transactions cannot be loaded \(transactions\[2\]: ts"
        ):
            apply_answer(ledger, read_answer(response))
        assert ledger.stats().transactions == before


def _hold_case(asked: dict[str, Any]) -> tuple[str, str, float]:
    """(bank, account, amount traced there) of a request the fixture's trace sent."""
    req = asked["trail"]["hold_requests"][0]
    a = req["accounts"][0]
    return req["bank"], a["account_id"], a["amount"]


def test_an_answer_from_another_bank_is_refused(asked: dict[str, Any]) -> None:
    bank, account, _amount = _hold_case(asked)
    other = "SBIN" if bank != "SBIN" else "HDFC"
    answer = write(asked["dir"] / "a.json", {"bank": other, "accounts": [{"account_id": account}]})
    with (
        DuckDBLedgerStore(asked["store"]) as ledger,
        pytest.raises(InputError, match=f"was asked of {bank}, not of {other}"),
    ):
        apply_answer(ledger, read_answer(answer))


def test_holding_more_than_was_traced_is_refused(asked: dict[str, Any]) -> None:
    bank, account, amount = _hold_case(asked)
    too_much = write(
        asked["dir"] / "a.json",
        {"bank": bank, "accounts": [{"account_id": account, "held": f"{amount + 0.01:.2f}"}]},
    )
    with (
        DuckDBLedgerStore(asked["store"]) as ledger,
        pytest.raises(InputError, match=r"more than the .* traced there"),
    ):
        apply_answer(ledger, read_answer(too_much))
    exact = write(
        asked["dir"] / "b.json",
        {"bank": bank, "accounts": [{"account_id": account, "held": f"{amount:.2f}"}]},
    )
    with DuckDBLedgerStore(asked["store"]) as ledger:
        assert not apply_answer(ledger, read_answer(exact)).replayed


@pytest.mark.parametrize("held", ["NaN", "Infinity", "1e400", "1e20", "-5"])
def test_absurd_held_amounts_are_one_sentence(tmp_path: Path, held: str) -> None:
    path = tmp_path / "a.json"
    path.write_text(
        f'{{"bank": "SBIN", "accounts": [{{"account_id": "X", "held": {held}}}]}}', encoding="utf-8"
    )
    with pytest.raises(InputError, match="held must"):
        read_answer(path)


def test_a_replayed_answer_is_recorded_once(asked: dict[str, Any]) -> None:
    bank, account, _amount = _hold_case(asked)
    data = {"bank": bank, "accounts": [{"account_id": account, "held": "1.00", "status": "held"}]}
    first = write(asked["dir"] / "a.json", data)
    # the same answer, spaced and ordered differently
    second = asked["dir"] / "b.json"
    second.write_text(json.dumps(data, indent=4, sort_keys=True), encoding="utf-8")
    with DuckDBLedgerStore(asked["store"]) as ledger:
        one = apply_answer(ledger, read_answer(first))
        two = apply_answer(ledger, read_answer(second))
        assert (one.replayed, two.replayed) == (False, True)
        assert one.traces == two.traces
        assert one.traces
        rows = ledger.connection.execute(
            "SELECT count(*) FROM trail_responses WHERE account_id = ?", [account]
        ).fetchall()
        assert rows == [(1,)]


def test_a_conflicting_onward_row_rolls_the_whole_answer_back(asked: dict[str, Any]) -> None:
    frontier = asked["trail"]["frontier"][0]
    existing = asked["trail"]["edges"][0]  # a row the ledger has, claimed with other content
    rows = [
        {
            "txn_id": "R-NEW-1",
            "ts": asked["end"].isoformat(),
            "src_account": frontier["account_id"],
            "dst_account": NEXT,
            "amount": "10.00",
            "channel": "IMPS",
        },
        {
            "txn_id": existing["txn_id"],
            "ts": asked["end"].isoformat(),
            "src_account": frontier["account_id"],
            "dst_account": NEXT,
            "amount": "10.00",
            "channel": "IMPS",
        },
    ]
    answer = write(
        asked["dir"] / "a.json",
        {"bank": frontier["bank"], "accounts": [{"account_id": frontier["account_id"]}],
         "transactions": rows},
    )  # fmt: skip
    with DuckDBLedgerStore(asked["store"]) as ledger:
        before = (ledger.stats(), ledger.loads())
        with pytest.raises(InputError, match=r"transactions\[2\]: txn_id .* is already loaded"):
            apply_answer(ledger, read_answer(answer))
        assert (ledger.stats(), ledger.loads()) == before
        assert ledger.transactions_by_id(["R-NEW-1"]) == []
        answers = ledger.connection.execute("SELECT count(*) FROM trail_answers").fetchall()
        assert answers == [(0,)]
