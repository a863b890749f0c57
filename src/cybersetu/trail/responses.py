"""Bank answers grow the trail.

Every hold request sent is recorded in the store. A bank answers for the accounts it was asked
about: what it held, and the onward transactions (rows like `transactions.csv`). Applying an
answer is one store transaction: the answer is checked against the requests sent (an account
nobody asked about, an account asked of another bank, or more held than was traced there is
refused), its rows are validated and loaded exactly as `ingest` would, and the answer is
recorded; any problem rolls all of it back. The same answer again is recognised by its digest and
recorded once.

Answer file (JSON):

    {"bank": "HDFC", "responded_at": "2026-01-06T13:10:00+05:30",
     "accounts": [{"account_id": "HDFC0000456:50100123456789", "held": "30000.00",
                   "status": "held", "note": "lien marked"}],
     "transactions": [{"txn_id": "...", "ts": "...", "src_account": "...",
                       "dst_account": "...", "amount": "1200.00", "channel": "IMPS"}]}
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from cybersetu.clock import parse_when
from cybersetu.errors import InputError
from cybersetu.ledger import LedgerStore
from cybersetu.ledger.ingest import load_transaction_rows
from cybersetu.ledger.money import format_inr, parse_rupees
from cybersetu.ledger.store import AnsweredAccount, AnswerRecord, SentRequest
from cybersetu.trail.trails import Policy

STATUSES: Final = ("held", "partly_held", "withdrawn", "moved_on", "no_funds", "not_found")
MAX_ANSWER_BYTES: Final = 16 << 20
MAX_ROWS: Final = 50_000


@dataclass(frozen=True)
class BankAnswer:
    bank: str
    """The answering bank's IFSC prefix, upper case."""
    responded_at: datetime | None
    accounts: tuple[AnsweredAccount, ...]
    transactions: tuple[dict[str, str], ...]
    """Onward rows, interchange columns as text (validated when applied)."""

    @property
    def digest(self) -> str:
        """SHA-256 of the answer's content in a canonical form: a replay has the same digest,
        however its JSON is spaced or ordered."""
        content = {
            "bank": self.bank,
            "responded_at": self.responded_at.isoformat() if self.responded_at else None,
            "accounts": sorted(
                [a.account_id, a.held_paise, a.status, a.note] for a in self.accounts
            ),
            "transactions": sorted(json.dumps(t, sort_keys=True) for t in self.transactions),
        }
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def parse_answer(data: object, source: str) -> BankAnswer:
    """Check an answer (a JSON object); every problem is one clear sentence naming `source`."""
    if not isinstance(data, dict):
        raise InputError(f"The answer {source} must be one JSON object.")
    bank = data.get("bank")
    if not isinstance(bank, str) or not bank.strip() or len(bank) > 20:
        raise InputError(f'The answer {source} does not say which bank answers ("bank").')
    accounts = data.get("accounts")
    if not isinstance(accounts, list) or not accounts:
        raise InputError(f'The answer {source} names no accounts ("accounts" list).')
    answers = []
    for i, item in enumerate(accounts, 1):
        where = f"accounts[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("account_id"), str):
            raise InputError(f'{where} in {source} must be an object with an "account_id".')
        status = item.get("status")
        if status is not None and status not in STATUSES:
            raise InputError(f"{where}: the status is not one of {', '.join(STATUSES)}.")
        held = item.get("held")
        note = item.get("note")
        answers.append(
            AnsweredAccount(
                item["account_id"].strip(),
                None if held is None else parse_rupees(held, f"{where}: held"),
                status,
                str(note)[:500] if note is not None else None,
            )
        )
    txns = data.get("transactions", [])
    if not isinstance(txns, list) or not all(isinstance(t, dict) for t in txns):
        raise InputError(f'"transactions" in {source} must be a list of objects.')
    if len(txns) > MAX_ROWS:
        raise InputError(f"The answer {source} has more than {MAX_ROWS:,} transactions.")
    named = {a.account_id for a in answers}
    for i, t in enumerate(txns, 1):
        if t.get("src_account") not in named and t.get("dst_account") not in named:
            raise InputError(
                f"transactions[{i}] of {source} involves none of the accounts the answer is about."
            )
    when = data.get("responded_at")
    return BankAnswer(
        bank.strip().upper(),
        parse_when(str(when), "responded_at") if when else None,
        tuple(answers),
        tuple({k: "" if v is None else str(v) for k, v in t.items()} for t in txns),
    )


def read_answer(path: Path) -> BankAnswer:
    try:
        if path.is_dir():
            raise InputError(f"{path} is a directory, not an answer file.")
        if path.stat().st_size > MAX_ANSWER_BYTES:
            raise InputError(f"The answer file {path} is larger than {MAX_ANSWER_BYTES >> 20} MB.")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"The answer file {path} does not exist.") from None
    except OSError as exc:
        raise InputError(f"The answer file {path} cannot be read ({exc.strerror}).") from None
    try:
        data: Any = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"The answer file {path} is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"The answer file {path} is not valid JSON: line {exc.lineno}, column "
            f"{exc.colno}: {exc.msg}."
        ) from None
    return parse_answer(data, str(path))


@dataclass(frozen=True)
class AnswerOutcome:
    answer: BankAnswer
    replayed: bool
    """The same answer was applied before: nothing was recorded again."""
    loaded: int
    """Onward rows new to the ledger."""
    traces: tuple[tuple[tuple[str, ...], Policy], ...]
    """(seeds, policy) of every trail that asked about these accounts: trace them again."""


def _traced_at(asked: list[SentRequest]) -> dict[str, int]:
    """Per account, the amount traced there: the latest request of each trail that asked
    (a trail traced again asks again), summed over the trails."""
    latest: dict[tuple[str, tuple[str, ...]], SentRequest] = {}
    for r in asked:
        key = (r.account_id, r.seeds)
        if key not in latest or r.created_at >= latest[key].created_at:
            latest[key] = r
    out: defaultdict[str, int] = defaultdict(int)
    for (account, _), r in latest.items():
        out[account] += r.amount_paise
    return dict(out)


def _check(answer: BankAnswer, asked: list[SentRequest]) -> None:
    banks: defaultdict[str, set[str]] = defaultdict(set)
    for r in asked:
        banks[r.account_id].add(r.bank)
    traced = _traced_at(asked)
    for a in answer.accounts:
        if a.account_id not in banks:
            raise InputError(
                f"The answer names account {a.account_id}, which no hold request asked about."
            )
        if answer.bank not in banks[a.account_id]:
            raise InputError(
                f"Account {a.account_id} was asked of {', '.join(sorted(banks[a.account_id]))}, "
                f"not of {answer.bank}: only the bank asked can answer for it."
            )
        if a.held_paise is not None and a.held_paise > traced[a.account_id]:
            raise InputError(
                f"The answer says {format_inr(a.held_paise)} is held at {a.account_id}, more "
                f"than the {format_inr(traced[a.account_id])} traced there: hold only the traced "
                "amount."
            )


def apply_answer(
    store: LedgerStore, answer: BankAnswer, *, received_at: datetime | None = None
) -> AnswerOutcome:
    """Check, load and record a bank's answer, all or nothing (see the module docstring)."""
    now = received_at or datetime.now(UTC)
    digest = answer.digest
    with store.writer() as w:
        earlier = w.answer(digest)
        asked = w.requests_for([a.account_id for a in answer.accounts])
        traces = tuple(sorted({(r.seeds, Policy(r.policy)) for r in asked}))
        if earlier is not None:
            return AnswerOutcome(answer, True, 0, traces)
        _check(answer, asked)
        loaded = 0
        if answer.transactions:
            rows = load_transaction_rows(w, answer.transactions, label="answer", now=now)
            if rows.problems:
                shown = "; ".join(f"transactions[{n}]: {why}" for n, why in rows.problems[:5])
                more = len(rows.problems) - 5
                raise InputError(
                    f"The answer was not applied: {len(rows.problems)} of its transactions "
                    f"cannot be loaded ({shown}{f'; and {more} more' if more > 0 else ''})."
                )
            loaded = rows.loaded
        w.record_answer(
            AnswerRecord(
                digest=digest,
                bank=answer.bank,
                received_at=now,
                responded_at=answer.responded_at,
                accounts=answer.accounts,
                transactions=len(answer.transactions),
                loaded=loaded,
            )
        )
    return AnswerOutcome(answer, False, loaded, traces)
