"""Where the trail engine reads the ledger from.

The engine asks only for the rows of the accounts the money actually reached, so the cost of a
trace grows with the trail, not with the ledger. Stores implement `TxnSource`; `MemorySource`
serves tests and small ledgers (and bank responses before they are loaded).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, datetime
from typing import Protocol

from cybersetu.ledger import LedgerStore, Transaction
from cybersetu.trail.trails import Txn


class TxnSource(Protocol):
    def get_txns(self, txn_ids: Collection[str]) -> dict[str, Txn]:
        """The rows with these references (missing ones are simply absent)."""
        ...

    def debits(self, accounts: Collection[str], since: datetime) -> Iterable[Txn]:
        """Every row out of these accounts with `ts >= since`."""
        ...

    def history(self, accounts: Collection[str], until: datetime) -> Iterable[Txn]:
        """Every row into or out of these accounts with `ts <= until`."""
        ...

    def account_types(self, accounts: Collection[str]) -> dict[str, str | None]:
        """The accounts we hold KYC for (in the accounts file), with their type; others absent."""
        ...

    def with_debits(self, accounts: Collection[str]) -> set[str]:
        """Those of these accounts that have at least one outgoing row in the ledger."""
        ...


class MemorySource:
    """A ledger held in memory: for tests, and for small ledgers such as a bank's response."""

    def __init__(self, txns: Iterable[Txn], account_types: Mapping[str, str | None] | None = None):
        self._by_id: dict[str, Txn] = {}
        self._out: defaultdict[str, list[Txn]] = defaultdict(list)
        self._in: defaultdict[str, list[Txn]] = defaultdict(list)
        for t in txns:
            self._by_id[t.txn_id] = t
            self._out[t.src].append(t)
            self._in[t.dst].append(t)
        self._types = dict(account_types or {})

    def get_txns(self, txn_ids: Collection[str]) -> dict[str, Txn]:
        return {i: self._by_id[i] for i in txn_ids if i in self._by_id}

    def debits(self, accounts: Collection[str], since: datetime) -> Iterable[Txn]:
        for a in accounts:
            yield from (t for t in self._out.get(a, ()) if t.ts >= since)

    def history(self, accounts: Collection[str], until: datetime) -> Iterable[Txn]:
        seen: set[str] = set()
        for a in accounts:
            for t in (*self._out.get(a, ()), *self._in.get(a, ())):
                if t.ts <= until and t.txn_id not in seen:
                    seen.add(t.txn_id)
                    yield t

    def account_types(self, accounts: Collection[str]) -> dict[str, str | None]:
        return {a: self._types[a] for a in accounts if a in self._types}

    def with_debits(self, accounts: Collection[str]) -> set[str]:
        return {a for a in accounts if self._out.get(a)}


def txn_of(t: Transaction) -> Txn:
    """A ledger row as the trail engine needs it."""
    return Txn(
        t.txn_id, t.ts.astimezone(UTC), t.src_account, t.dst_account, t.amount_paise, str(t.channel)
    )


class StoreSource:
    """`TxnSource` straight over the store's typed reads: one query per step.

    Kept as the cross-check of the index in tests and as the baseline the index is measured
    against (on PostgreSQL its queries use the (src_account, ts) B-tree).
    """

    def __init__(self, store: LedgerStore) -> None:
        self.store = store

    def get_txns(self, txn_ids: Collection[str]) -> dict[str, Txn]:
        return {t.txn_id: txn_of(t) for t in self.store.transactions_by_id(txn_ids)}

    def debits(self, accounts: Collection[str], since: datetime) -> list[Txn]:
        return [txn_of(t) for t in self.store.transactions_from(accounts, since=since)]

    def history(self, accounts: Collection[str], until: datetime) -> list[Txn]:
        return [txn_of(t) for t in self.store.transactions_touching(accounts, until=until)]

    def account_types(self, accounts: Collection[str]) -> dict[str, str | None]:
        return {
            a.account_id: (str(a.account_type) if a.account_type is not None else None)
            for a in self.store.accounts_by_id(accounts)
        }

    def with_debits(self, accounts: Collection[str]) -> set[str]:
        return self.store.accounts_with_debits(accounts)
