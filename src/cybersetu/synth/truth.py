"""Where each complaint's money ended up: a replay of the ledger under the trail convention.

The convention (the money-trail engine is compared against it):
- money is integer paise; rows are taken in `(ts, txn_id)` order;
- the seed transactions of every (non-duplicate) complaint are traced together;
- taint-first, FIFO: in each account tainted money leaves before clean money, and tainted lots
  leave in the order they arrived, each lot remembering its complaint; a debit carries
  `min(debit, tainted balance left)`;
- a debit on ATM/CASH/AEPS is a cash-out; a payment to an account whose `account_type` is
  `merchant` ends there (merchant); money reaching an account that is not in accounts.csv and
  never pays anything out in the whole ledger is at the frontier; whatever is still in an account
  at the end of the ledger is a hold.

Taint goes wherever the money goes: into honest people's accounts (a mule's rent, a taken-over
account's holder paying a bill) and on from them, as the engine follows it. The replay runs one
day at a time while the ledger is written (`Replay.day`), looking only at the rows of accounts
that have held taint, so it never needs the whole ledger in memory.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np

from cybersetu.interchange import CASH_OUT_CHANNELS, Channel

_CASH_OUT_CODES: Final = frozenset(i for i, c in enumerate(Channel) if c in CASH_OUT_CHANNELS)
_CASH_OUT_ARRAY: Final = np.array(sorted(_CASH_OUT_CODES), dtype=np.int8)


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


# A lot of tainted money in an account: [complaint, paise, layer, arriving txn_id, its payer].
_Lot = list[int | str]


class Replay:
    """The truth, computed while the ledger is written.

    `n_accounts` ids are the accounts of accounts.csv (`is_merchant` per account); higher ids are
    counterparties outside the data. Rows are fed day by day with `day` (or one at a time, in
    `(ts, txn_id)` order, with `apply`); `finish` needs to know which ids ever paid anything.
    """

    def __init__(self, n_accounts: int, n_ids: int, is_merchant: np.ndarray, n_complaints: int):
        self.n = n_accounts
        self.is_merchant = is_merchant
        self.trails = [Trail() for _ in range(n_complaints)]
        self.lots: dict[int, deque[_Lot]] = {}
        self.tainted = np.zeros(n_ids, dtype=bool)  # ever held taint: its rows matter

    def apply(self, row: LedgerRow, complaint: int = -1) -> None:
        """One row; `complaint` >= 0 when it is that complaint's seed (the victim's payment)."""
        if complaint >= 0:
            self.trails[complaint].seed_amount += row.amount
            pieces = [(complaint, row.amount, 0)]
        else:
            q = self.lots.get(row.src)
            if not q:
                return
            pieces = []
            left = row.amount
            while left > 0 and q:
                lot = q[0]
                x = min(left, int(lot[1]))
                pieces.append((int(lot[0]), x, int(lot[2])))
                lot[1] = int(lot[1]) - x
                left -= x
                if lot[1] == 0:
                    q.popleft()
        for c, amount, layer in pieces:
            t = self.trails[c]
            if row.channel in _CASH_OUT_CODES:
                t.end("cash_out", row.dst, row.txn_id, row.src, layer + 1, amount)
            elif row.dst < self.n and self.is_merchant[row.dst]:
                t.end("merchant", row.dst, row.txn_id, row.src, layer + 1, amount)
            else:
                # An outside account is a frontier only if it never pays: known at `finish`.
                t.reach(row.dst, layer + 1, amount)
                self.lots.setdefault(row.dst, deque()).append(
                    [c, amount, layer + 1, row.txn_id, row.src]
                )
                self.tainted[row.dst] = True

    def day(
        self,
        ts: np.ndarray,
        txn_ids: Callable[[np.ndarray], list[str]],
        src: np.ndarray,
        dst: np.ndarray,
        amount: np.ndarray,
        channel: np.ndarray,
        complaint: np.ndarray,
    ) -> None:
        """One day's rows in any order (`complaint`: the seed's complaint, else -1;
        `txn_ids(idx)`: the ids of those rows, only asked for the rows that matter)."""
        seed = complaint >= 0
        # Rows out of accounts that hold taint, or will by a row earlier the same day.
        reach = self.tainted.copy()
        passes = ~np.isin(channel, _CASH_OUT_ARRAY)
        while True:
            take = seed | reach[src]
            new = dst[take & passes]
            new = new[~reach[new]]
            if not new.size:
                break
            reach[new] = True
        idx = np.flatnonzero(take)
        rows = [
            (int(ts[i]), tid, int(src[i]), int(dst[i]), int(amount[i]), int(channel[i]))
            for i, tid in zip(idx.tolist(), txn_ids(idx), strict=True)
        ]
        comp = complaint[idx].tolist()
        for k in sorted(range(len(rows)), key=lambda j: (rows[j][0], rows[j][1])):
            self.apply(LedgerRow(*rows[k]), comp[k])

    def finish(self, pays: np.ndarray) -> list[Trail]:
        """The trails, once the ledger has ended; `pays[id]`: the id pays something in it."""
        for account, q in self.lots.items():
            frontier = account >= self.n and not pays[account]
            for c, amount, layer, txn_id, src in q:
                if not amount:
                    continue
                t = self.trails[int(c)]
                if frontier:
                    t.end("frontier", account, str(txn_id), int(src), int(layer), int(amount))
                else:
                    t.end("hold", account, "", account, int(layer), int(amount))
        for t in self.trails:  # a frontier account is an end, not a hop on the way
            t.path = {a: v for a, v in t.path.items() if a < self.n or pays[a]}
        return self.trails


def replay(
    rows: list[LedgerRow],
    seeds: Mapping[str, int],
    n_accounts: int,
    is_merchant: Sequence[bool],
    n_complaints: int,
) -> list[Trail]:
    """Trace the complaints' seed transactions (`seeds`: txn_id -> complaint index) through the
    whole ledger `rows`."""
    n_ids = 1 + max([n_accounts, *(max(r.src, r.dst) for r in rows)])
    pays = np.zeros(n_ids, dtype=bool)
    for r in rows:
        pays[r.src] = True
    run = Replay(n_accounts, n_ids, np.array(is_merchant, dtype=bool), n_complaints)
    for row in sorted(rows, key=lambda r: (r.ts, r.txn_id)):
        run.apply(row, seeds.get(row.txn_id, -1))
    return run.finish(pays)
