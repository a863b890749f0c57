"""Bank responses grow the trail.

Every hold request sent is recorded in the store. A bank answers for the accounts it was asked
about: what it held, and the onward transactions (rows like `transactions.csv`). The rows are
validated by the ledger and loaded like any feed, so the accounts become covered, and the trails
that asked about them are recomputed. A response about an account nobody asked about is refused:
it is either a mistake or not ours to act on.

Response file (JSON):

    {"bank": "HDFC", "responded_at": "2026-01-06T13:10:00+05:30",
     "accounts": [{"account_id": "HDFC0000456:50100123456789", "held": 30000.00,
                   "status": "held", "note": "lien marked"}],
     "transactions": [{"txn_id": "...", "ts": "...", "src_account": "...",
                       "dst_account": "...", "amount": "1200.00", "channel": "IMPS"}]}
"""

from __future__ import annotations

import csv
import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final

import duckdb

from cybersetu.clock import parse_when
from cybersetu.errors import InputError
from cybersetu.interchange import TRANSACTION_COLUMNS
from cybersetu.ledger import DuckDBLedgerStore, ingest
from cybersetu.trail.model import Trail
from cybersetu.trail.requests import BankRequest

STATUSES: Final = ("held", "partly_held", "withdrawn", "moved_on", "no_funds", "not_found")

_DDL: Final = (
    """
    CREATE TABLE IF NOT EXISTS trail_requests (
        request_ref VARCHAR NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        bank VARCHAR NOT NULL,
        account_id VARCHAR NOT NULL,
        action VARCHAR NOT NULL,
        amount_paise BIGINT NOT NULL,
        seeds VARCHAR NOT NULL,
        policy VARCHAR NOT NULL
    )""",
    """
    CREATE TABLE IF NOT EXISTS trail_responses (
        received_at TIMESTAMPTZ NOT NULL,
        responded_at TIMESTAMPTZ,
        bank VARCHAR NOT NULL,
        account_id VARCHAR NOT NULL,
        held_paise BIGINT,
        status VARCHAR,
        note VARCHAR,
        file_sha256 VARCHAR NOT NULL,
        transactions BIGINT NOT NULL
    )""",
)


def _ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    for ddl in _DDL:
        con.execute(ddl)


def record_requests(
    con: duckdb.DuckDBPyConnection, trail: Trail, requests: list[BankRequest], ref: str
) -> None:
    """Remember what was asked of which bank, so that answers can be checked and applied."""
    _ensure_tables(con)
    seeds = json.dumps([s.txn_id for s in trail.seeds])
    now = datetime.now(UTC)
    rows = [
        (ref, now, r.bank_code, a.account_id, a.action, a.amount, seeds, str(trail.policy))
        for r in requests
        for a in r.accounts
    ]
    if rows:
        con.executemany("INSERT INTO trail_requests VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


@dataclass
class AccountAnswer:
    account_id: str
    held: int | None  # paise
    status: str | None
    note: str | None


@dataclass
class BankResponse:
    bank: str
    responded_at: datetime | None
    accounts: list[AccountAnswer]
    transactions: list[dict[str, str]]
    sha256: str
    traces: list[tuple[list[str], str]] = field(default_factory=list)  # (seeds, policy) to redo


def _money(value: Any, where: str) -> int:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise InputError(f"{where}: {value!r} is not an amount in rupees.") from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise InputError(
            f"{where}: {value!r} must be a non-negative amount with at most 2 decimals."
        )
    return int(amount * 100)


def parse_response(path: Path) -> BankResponse:
    """Read and check a response file; every problem is one clear sentence."""
    try:
        raw = path.read_bytes()
    except OSError:
        raise InputError(f"The response file {path} cannot be read.") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"The response file {path} is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"The response file {path} is not valid JSON: line {exc.lineno}, column "
            f"{exc.colno}: {exc.msg}."
        ) from None
    if not isinstance(data, dict):
        raise InputError(f"The response file {path} must hold one JSON object.")
    bank = data.get("bank")
    if not isinstance(bank, str) or not bank.strip():
        raise InputError(f'The response file {path} does not say which bank answers ("bank").')
    accounts = data.get("accounts")
    if not isinstance(accounts, list) or not accounts:
        raise InputError(f'The response file {path} names no accounts ("accounts" list).')
    answers = []
    for i, item in enumerate(accounts, 1):
        where = f"accounts[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("account_id"), str):
            raise InputError(f'{where} in {path} must be an object with an "account_id".')
        status = item.get("status")
        if status is not None and status not in STATUSES:
            raise InputError(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}.")
        held = item.get("held")
        answers.append(
            AccountAnswer(
                item["account_id"].strip(),
                None if held is None else _money(held, where),
                status,
                str(item["note"]) if item.get("note") is not None else None,
            )
        )
    txns = data.get("transactions", [])
    if not isinstance(txns, list) or not all(isinstance(t, dict) for t in txns):
        raise InputError(f'"transactions" in {path} must be a list of objects.')
    named = {a.account_id for a in answers}
    for i, t in enumerate(txns, 1):
        if t.get("src_account") not in named and t.get("dst_account") not in named:
            raise InputError(
                f"transactions[{i}] ({t.get('txn_id', 'no txn_id')}) involves none of the "
                "accounts this response is about."
            )
    when = data.get("responded_at")
    return BankResponse(
        bank.strip().upper(),
        parse_when(str(when), "responded_at") if when else None,
        answers,
        [{k: "" if v is None else str(v) for k, v in t.items()} for t in txns],
        hashlib.sha256(raw).hexdigest(),
    )


def _write_csv(rows: list[dict[str, str]], path: Path) -> None:
    columns = list(TRANSACTION_COLUMNS)
    columns += sorted({k for r in rows for k in r} - set(columns))
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, columns)
        writer.writeheader()
        writer.writerows(rows)


def apply_response(store: DuckDBLedgerStore, response: BankResponse, scratch: Path) -> BankResponse:
    """Check the response against the requests sent, load its rows, record it.

    Returns the response with the traces (seeds, policy) that must be recomputed.
    """
    con = store.connection
    _ensure_tables(con)
    asked = con.execute(
        "SELECT DISTINCT account_id, seeds, policy FROM trail_requests "
        "WHERE account_id IN (SELECT unnest(?))",
        [[a.account_id for a in response.accounts]],
    ).fetchall()
    asked_accounts = {str(r[0]) for r in asked}
    for a in response.accounts:
        if a.account_id not in asked_accounts:
            raise InputError(
                f"The response names account {a.account_id}, which no hold request asked about."
            )
    if response.transactions:
        rows = scratch / "response-transactions.csv"
        _write_csv(response.transactions, rows)
        # Check every row before touching the store: a bank answer is applied whole or not at all.
        with (
            tempfile.TemporaryDirectory() as tmp,
            DuckDBLedgerStore(Path(tmp) / "check.duckdb") as check,
        ):
            report = ingest(check, [rows], errors_dir=Path(tmp))
            if report.rejected:
                assert report.errors_file is not None
                with Path(report.errors_file).open(encoding="utf-8") as fh:
                    first = next(csv.DictReader(fh))
                number = int(first["line"]) - 1
                raise InputError(
                    f"transactions[{number}] of the response is invalid: {first['reason']}."
                )
        ingest(store, [rows], errors_dir=scratch)
    now = datetime.now(UTC)
    con.executemany(
        "INSERT INTO trail_responses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                now,
                response.responded_at,
                response.bank,
                a.account_id,
                a.held,
                a.status,
                a.note,
                response.sha256,
                len(response.transactions),
            )
            for a in response.accounts
        ],
    )
    pairs = sorted({(str(r[1]), str(r[2])) for r in asked})
    response.traces = [(list(json.loads(seeds)), policy) for seeds, policy in pairs]
    return response
