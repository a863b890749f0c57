"""`TxnSource` straight over the store's tables: every lookup filters the whole table.

The straightforward way to trace, kept as the baseline the index is measured against (see
benchmarks/bench_trail.py) and as a cross-check in tests.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

import duckdb

from cybersetu.trail.model import Txn

COLUMNS = "txn_id, ts, src_account, dst_account, amount_paise, channel"


def txn_from_row(r: tuple[Any, ...]) -> Txn:
    """A `SELECT {COLUMNS}` row of the transactions table as a trail `Txn`."""
    return Txn(str(r[0]), r[1].astimezone(UTC), str(r[2]), str(r[3]), int(r[4]), str(r[5]))


class ScanSource:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def _rows(self, where: str, params: list[object]) -> list[Txn]:
        sql = f"SELECT {COLUMNS} FROM transactions WHERE {where}"
        return [txn_from_row(r) for r in self.con.execute(sql, params).fetchall()]

    def get_txns(self, txn_ids: Collection[str]) -> dict[str, Txn]:
        return {t.txn_id: t for t in self._rows("txn_id IN (SELECT unnest(?))", [list(txn_ids)])}

    def debits(self, accounts: Collection[str], since: datetime) -> list[Txn]:
        return self._rows("src_account IN (SELECT unnest(?)) AND ts >= ?", [list(accounts), since])

    def history(self, accounts: Collection[str], until: datetime) -> list[Txn]:
        a = list(accounts)
        return self._rows(
            "(src_account IN (SELECT unnest(?)) OR dst_account IN (SELECT unnest(?))) AND ts <= ?",
            [a, a, until],
        )

    def account_types(self, accounts: Collection[str]) -> dict[str, str | None]:
        rows = self.con.execute(
            "SELECT account_id, account_type FROM accounts WHERE account_id IN (SELECT unnest(?))",
            [list(accounts)],
        ).fetchall()
        return {str(a): (str(t) if t is not None else None) for a, t in rows}

    def with_debits(self, accounts: Collection[str]) -> set[str]:
        rows = self.con.execute(
            "SELECT DISTINCT src_account FROM transactions WHERE src_account IN (SELECT unnest(?))",
            [list(accounts)],
        ).fetchall()
        return {str(r[0]) for r in rows}
