"""The ledger store behind an interface: DuckDB today, PostgreSQL can stand in later.

Ingest talks only to `LedgerStore` / `LedgerWriter`; rows cross the interface as Arrow tables
already validated and normalised (UTC timestamps, integer paise), so a backend only stores,
deduplicates and answers queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

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


class LedgerWriter(Protocol):
    """Writes inside the one transaction of an `ingest` invocation."""

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

    def accounts_by_id(self, account_ids: Iterable[str]) -> list[Account]: ...

    def close(self) -> None: ...
