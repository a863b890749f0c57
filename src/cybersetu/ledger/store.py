"""The ledger store behind an interface: an embedded DuckDB file, or PostgreSQL.

Everything outside `ledger/` reaches the ledger only through `LedgerStore` / `LedgerWriter`: rows
cross the interface as Arrow tables already validated and normalised (UTC timestamps, integer
paise) or as the typed rows below, so a backend only stores, deduplicates and answers queries.
The trail's records (hold requests sent, bank answers received) live in the same store and the
same transactions, so that an answer and the rows it brings are committed together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self

import pyarrow as pa

from cybersetu.interchange import AccountType, Channel, KycMode
from cybersetu.ledger.money import rupees
from cybersetu.ledger.schema import Kind


@dataclass(frozen=True)
class LoadSource:
    """Where a load came from (provenance kept in the `loads` table)."""

    file_name: str
    file_path: str
    kind: Kind
    format: str
    size_bytes: int
    loaded_at: datetime


@dataclass(frozen=True)
class LoadCounts:
    rows: int
    loaded: int
    duplicates: int
    conflicts: int
    rejected: int


@dataclass(frozen=True)
class MergeOutcome:
    loaded: int
    duplicates: int
    conflicts: pa.Table
    """Rows not loaded because their key is known with other content: source_line, id, reason."""


@dataclass(frozen=True)
class StoreStats:
    location: str
    accounts: int
    transactions: int
    loads: int
    first_ts: datetime | None
    last_ts: datetime | None
    total_paise: Mapping[str, int]
    """Sum of transaction amounts in paise (minor units), per currency."""

    def to_json(self) -> dict[str, object]:
        return {
            "store": self.location,
            "accounts": self.accounts,
            "transactions": self.transactions,
            "loads": self.loads,
            "first_ts": self.first_ts.isoformat() if self.first_ts else None,
            "last_ts": self.last_ts.isoformat() if self.last_ts else None,
            "total_paise": dict(self.total_paise),
            "total": {c: rupees(p) for c, p in self.total_paise.items()},
        }


@dataclass(frozen=True)
class Transaction:
    txn_id: str
    ts: datetime
    """UTC."""
    src_account: str
    dst_account: str
    amount_paise: int
    channel: Channel
    src_bank: str | None
    dst_bank: str | None
    currency: str
    remarks: str | None
    extra: Mapping[str, object]
    """Columns of the source file we do not know, as given."""
    load_id: int
    source_line: int


@dataclass(frozen=True)
class Account:
    account_id: str
    bank: str | None
    ifsc: str | None
    holder_name: str | None
    account_type: AccountType | None
    opened_at: datetime | None
    kyc_mode: KycMode | None
    phone: str | None
    email: str | None
    address: str | None
    device_id: str | None
    pan: str | None
    opening_branch: str | None
    opening_agent: str | None
    status: str | None
    declared_monthly_income_paise: int | None
    extra: Mapping[str, object]
    load_id: int
    source_line: int


@dataclass(frozen=True)
class LoadRecord:
    """One row of the `loads` table: a file loaded, with its digest and counts."""

    load_id: int
    loaded_at: datetime
    file_name: str
    sha256: str
    kind: Kind
    rows: int
    loaded: int
    rejected: int


@dataclass(frozen=True)
class SentRequest:
    """One account of a hold request (or request for information) sent to a bank."""

    request_ref: str
    bank: str
    """The bank asked: IFSC prefix (e.g. `HDFC`) or `UNKNOWN`."""
    account_id: str
    action: str
    """`hold` or `information`."""
    layer: int
    amount_paise: int
    """Traced amount at the account: what to hold, or (information) what reached it."""
    seeds: tuple[str, ...]
    """The victims' payments (UTRs) of the trail that asked."""
    policy: str
    created_at: datetime


@dataclass(frozen=True)
class AnsweredAccount:
    account_id: str
    held_paise: int | None
    status: str | None
    note: str | None


@dataclass(frozen=True)
class AnswerRecord:
    """A bank's answer as recorded: the same digest is never recorded twice."""

    digest: str
    """SHA-256 of the answer's canonical content: a replay has the same digest."""
    bank: str
    received_at: datetime
    responded_at: datetime | None
    accounts: tuple[AnsweredAccount, ...]
    transactions: int
    """Onward rows the answer carried."""
    loaded: int
    """Of those, rows new to the ledger (the others were already there, unchanged)."""


class LedgerWriter(Protocol):
    """Writes inside one all-or-nothing store transaction (an `ingest`, a bank answer)."""

    def begin_load(self, source: LoadSource) -> int:
        """Register a load and return its id; its rows are staged until `merge`."""
        ...

    def stage(self, kind: Kind, load_id: int, rows: pa.Table) -> None:
        """Add validated rows (store columns, `extra`, `source_line`) of the load's file."""
        ...

    def merge(self, kind: Kind, load_id: int) -> MergeOutcome:
        """Move staged rows into the store: new keys are loaded, a key already present (in the
        store or earlier in the file) is a duplicate if its content is equal, else a conflict
        (the first stays)."""
        ...

    def finish_load(
        self, load_id: int, *, sha256: str, counts: LoadCounts, errors_file: str | None
    ) -> None:
        """Record the load with its file digest and counts."""
        ...

    def record_requests(self, requests: Sequence[SentRequest]) -> None:
        """Remember what was asked of which bank, so that answers can be checked."""
        ...

    def requests_for(self, account_ids: Iterable[str]) -> list[SentRequest]:
        """Every request sent about these accounts (read inside this transaction)."""
        ...

    def answer(self, digest: str) -> AnswerRecord | None:
        """The answer recorded with this digest, if any (read inside this transaction; on a
        multi-process store, answers with the same digest are serialised here)."""
        ...

    def record_answer(self, answer: AnswerRecord) -> None: ...


class LedgerStore(Protocol):
    location: str
    """Human-readable place of the store, for messages."""

    def writer(self) -> AbstractContextManager[LedgerWriter]:
        """One all-or-nothing transaction: committed when the block ends, else rolled back."""
        ...

    def stats(self) -> StoreStats: ...

    def transactions_by_id(self, txn_ids: Iterable[str]) -> list[Transaction]: ...

    def transactions_from(
        self,
        account_ids: Iterable[str],
        *,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[Transaction]:
        """Money leaving these accounts in [since, until), oldest first (the trail's step)."""
        ...

    def transactions_touching(
        self, account_ids: Iterable[str], *, until: datetime | None = None
    ) -> list[Transaction]:
        """Money into or out of these accounts with `ts <= until`, oldest first."""
        ...

    def accounts_with_debits(self, account_ids: Iterable[str]) -> set[str]:
        """Those of these accounts that have at least one outgoing row."""
        ...

    def accounts_by_id(self, account_ids: Iterable[str]) -> list[Account]: ...

    def loads(self) -> list[LoadRecord]:
        """Every load, oldest first."""
        ...

    def version(self) -> int:
        """The highest load id: what a snapshot (e.g. the trail index) says it includes."""
        ...

    def fingerprint(self, upto: int) -> str:
        """A digest of the loads up to `upto`: another store, or loads that are gone, differ."""
        ...

    def rows_loaded_after(self, load_id: int) -> int:
        """How many transactions arrived in loads after `load_id`."""
        ...

    def transactions_loaded_after(self, load_id: int) -> list[Transaction]: ...

    def accounts_loaded_after(self, load_id: int) -> list[Account]: ...

    def sent_requests(self) -> list[SentRequest]:
        """Every hold request sent, oldest first."""
        ...

    def derived_dir(self, name: str) -> Path:
        """A folder for data derived from this store (e.g. `trail-index`), one per store."""
        ...

    def export_parquet(self, kind: Kind, path: Path, *, upto: int | None = None) -> int:
        """Write the stored rows of a kind (loads up to `upto`) to one Parquet file, for analytics
        (the trail index, mule scoring); returns the number of rows.

        Columns: the stored data columns (`ts` as UTC timestamps, money as `*_paise` int64),
        `extra` (JSON text or null) and `load_id`.
        """
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
