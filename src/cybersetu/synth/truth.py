"""Where each complaint's money ended up: a replay of the ledger under the trail convention.

The convention (the money-trail engine is compared against it):
- money is integer paise; rows are taken in `(ts, txn_id)` order;
- the seed transactions of every (non-duplicate) complaint are traced together;
- taint-first, FIFO: in each account tainted money leaves before clean money, and tainted lots
  leave in the order they arrived, each lot remembering its complaint; a debit carries
  `min(debit, tainted balance left)`;
- a debit on ATM/CASH/AEPS is a cash-out; a payment to an account whose `account_type` is
  `merchant` ends there (merchant); money reaching an account that is not in accounts.csv (and
  never pays anything out) is at the frontier; whatever is still in an account at the end of the
  ledger is a hold.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Final

from cybersetu.interchange import CASH_OUT_CHANNELS, Channel

_CASH_OUT_CODES: Final = frozenset(i for i, c in enumerate(Channel) if c in CASH_OUT_CHANNELS)


@dataclass(frozen=True)
class LedgerRow:
    ts: int
    txn_id: str
    src: int
    dst: int
    amount: int
    channel: int


@dataclass
class Trail:
    """The truth of one traced complaint, amounts in paise, ids as table indices."""

    seed_amount: int = 0
    endpoints: dict[tuple[str, int, str, int], int] = field(default_factory=dict)
    path: dict[int, list[int]] = field(default_factory=dict)  # account -> [layer, amount_in]

    def end(self, kind: str, account: int, txn_id: str, src: int, layer: int, amount: int) -> None:
        key = (kind, account, txn_id, src)
        self.endpoints[key] = self.endpoints.get(key, 0) + amount
        self._layer.setdefault(key, layer)

    def reach(self, account: int, layer: int, amount: int) -> None:
        entry = self.path.setdefault(account, [layer, 0])
        entry[0] = min(entry[0], layer)
        entry[1] += amount

    def __post_init__(self) -> None:
        self._layer: dict[tuple[str, int, str, int], int] = {}

    def layer_of(self, key: tuple[str, int, str, int]) -> int:
        return self._layer[key]


class TaintLeakError(RuntimeError):
    """Tainted money reached an honest account: the generator broke its own rule."""


def replay(
    rows: list[LedgerRow],
    seeds: dict[str, int],
    n_accounts: int,
    is_merchant: list[bool],
    may_hold: list[bool],
    n_complaints: int,
) -> list[Trail]:
    """Trace the complaints' seed transactions (`seeds`: txn_id -> complaint index) through
    `rows` (every row whose source can hold taint, plus the seed rows)."""
    trails = [Trail() for _ in range(n_complaints)]
    lots: dict[int, deque[list[int]]] = {}
    for row in sorted(rows, key=lambda r: (r.ts, r.txn_id)):
        comp = seeds.get(row.txn_id, -1)
        if comp >= 0:
            trails[comp].seed_amount += row.amount
            pieces = [(comp, row.amount, 0)]
        else:
            q = lots.get(row.src)
            if not q:
                continue
            pieces = []
            left = row.amount
            while left > 0 and q:
                lot = q[0]
                x = min(left, lot[1])
                pieces.append((lot[0], x, lot[2]))
                lot[1] -= x
                left -= x
                if lot[1] == 0:
                    q.popleft()
        for c, amount, layer in pieces:
            t = trails[c]
            if row.channel in _CASH_OUT_CODES:
                t.end("cash_out", row.dst, row.txn_id, row.src, layer + 1, amount)
            elif row.dst < n_accounts and is_merchant[row.dst]:
                t.end("merchant", row.dst, row.txn_id, row.src, layer + 1, amount)
            elif row.dst >= n_accounts:
                t.end("frontier", row.dst, row.txn_id, row.src, layer + 1, amount)
            elif may_hold[row.dst]:
                t.reach(row.dst, layer + 1, amount)
                lots.setdefault(row.dst, deque()).append([c, amount, layer + 1])
            else:
                raise TaintLeakError(f"taint from {row.txn_id} reached an honest account")
    for account, q in lots.items():
        for c, amount, layer in q:
            if amount:
                trails[c].end("hold", account, "", account, layer, amount)
    return trails
