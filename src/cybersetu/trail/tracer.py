"""The trail engine: follow the victims' money forward in time, through every layer the ledger
allows, and say where each paisa of each seed ended up.

The engine is a discrete-event simulation over only the accounts the money reaches. Events are
ledger rows, processed in global `(ts, txn_id)` order from a heap; an account's rows are fetched
the first time tainted money arrives in it. Because the processing order is global, money arriving
later in an account always meets rows that are still waiting in the heap, so every debit at or
after a tainted credit is seen exactly once.

Two attribution policies (see docs/trail.md):
- taint-first: tainted money leaves an account before any clean money, in the order it arrived
  (FIFO across seeds); a debit carries `min(debit, tainted balance left)`.
- proportional: a debit carries the tainted share of the balance just before it; the opening
  balance is the smallest one that keeps the account's running balance from going negative.
"""

from __future__ import annotations

import heapq
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from cybersetu.errors import InputError
from cybersetu.interchange import CASH_OUT_CHANNELS, AccountType
from cybersetu.trail.source import TxnSource
from cybersetu.trail.trails import (
    Edge,
    End,
    EndKind,
    Policy,
    TraceLimits,
    Trail,
    Txn,
    UntracedReason,
)

_CASH = frozenset(str(c) for c in CASH_OUT_CHANNELS)

# (seed txn_id, layer) -> paise. The layer is the hop count of the account holding the money
# (the victim's first beneficiary is layer 1).
Parcel = tuple[str, int]


@dataclass(frozen=True, slots=True)
class _Part:
    seed: str
    layer: int
    amount: int


def trace(
    source: TxnSource,
    seed_ids: Sequence[str],
    *,
    as_of: datetime,
    policy: Policy = Policy.TAINT_FIRST,
    limits: TraceLimits | None = None,
    victims: Mapping[str, str] | None = None,
) -> Trail:
    """Trace the money of the seed transactions (the victims' payments) up to `as_of`.

    `victims` optionally maps a seed txn_id to the victim's account: the seed must be a payment
    out of that account.
    """
    if not seed_ids:
        raise InputError("Give at least one transaction reference (UTR) to trace.")
    limits = limits or TraceLimits()
    found = source.get_txns(list(dict.fromkeys(seed_ids)))
    missing = [s for s in seed_ids if s not in found]
    if missing:
        raise InputError(f"No transaction with reference {', '.join(missing)} is in the ledger.")
    seeds = sorted(found.values(), key=lambda t: t.key)
    for s in seeds:
        victim = (victims or {}).get(s.txn_id)
        if victim is not None and s.src != victim:
            raise InputError(
                f"Transaction {s.txn_id} is not a payment out of the victim's account {victim} "
                f"(it was paid from {s.src})."
            )
        if s.ts > as_of:
            raise InputError(
                f"Transaction {s.txn_id} is later ({s.ts.isoformat()}) than the time traced to "
                f"({as_of.isoformat()})."
            )
    run = _Run(source, seeds, as_of, policy, limits)
    return run.execute()


class _Run:
    def __init__(
        self,
        source: TxnSource,
        seeds: list[Txn],
        as_of: datetime,
        policy: Policy,
        limits: TraceLimits,
    ) -> None:
        self.source = source
        self.seeds = seeds
        self.policy = policy
        self.limits = limits
        horizon_end = seeds[0].ts + limits.horizon
        self.stop = min(as_of, horizon_end)
        self.cut_by_horizon = horizon_end < as_of
        self.as_of = as_of
        self.seed_ids = {s.txn_id for s in seeds}

        self.heap: list[tuple[datetime, str, Txn]] = []
        self.queued: set[str] = set()
        self.kind_cache: dict[str, EndKind | None] = {}
        self.edges: dict[str, Edge] = {}
        self.ends: dict[tuple[EndKind, str, str | None], End] = {}
        self.untraced: defaultdict[UntracedReason, defaultdict[str, int]] = defaultdict(
            lambda: defaultdict(int)
        )
        # taint-first state: FIFO of parcels per account, and its debits read one at a time
        self.lots: dict[str, deque[list[int | str]]] = {}
        self.debits: dict[str, Iterator[Txn]] = {}
        self.next_debit: dict[str, Txn | None] = {}
        # proportional state: balance and tainted parcels per account
        self.balance: dict[str, int] = {}
        self.tainted: dict[str, dict[Parcel, int]] = {}

    # -- driving -----------------------------------------------------------------------------

    def execute(self) -> Trail:
        for s in self.seeds:
            if s.ts <= self.stop:
                self._push(s)
            else:
                self._untrace(UntracedReason.HORIZON, _Part(s.txn_id, 1, s.amount))
        while self.heap:
            _, _, txn = heapq.heappop(self.heap)
            if txn.txn_id in self.seed_ids:
                self._arrive(txn, [_Part(txn.txn_id, 1, txn.amount)])
                if self.policy is Policy.PROPORTIONAL and txn.src in self.balance:
                    self.balance[txn.src] -= txn.amount
                continue
            if self.policy is Policy.TAINT_FIRST:
                self._debit_taint_first(txn)
            else:
                self._step_proportional(txn)
        self._settle()
        return Trail(
            policy=self.policy,
            seeds=self.seeds,
            as_of=self.as_of,
            edges=sorted(self.edges.values(), key=lambda e: e.txn.key),
            ends=sorted(self.ends.values(), key=lambda e: (e.kind, e.account_id, e.txn_id or "")),
            untraced={r: dict(v) for r, v in self.untraced.items() if any(v.values())},
        )

    def _push(self, txn: Txn) -> None:
        if txn.txn_id not in self.queued:
            self.queued.add(txn.txn_id)
            heapq.heappush(self.heap, (txn.ts, txn.txn_id, txn))

    def _push_all(self, txns: Iterable[Txn], after: tuple[datetime, str]) -> None:
        for t in txns:
            if t.key > after and t.ts <= self.stop:
                self._push(t)

    # -- where money lands ---------------------------------------------------------------------

    def _end_kind(self, account: str) -> EndKind | None:
        """Merchant or frontier (an end), or None: an account we can follow further."""
        if account not in self.kind_cache:
            types = self.source.account_types([account])
            if account in types:
                is_merchant = types[account] == AccountType.MERCHANT
                self.kind_cache[account] = EndKind.MERCHANT if is_merchant else None
            else:
                has_rows = bool(self.source.with_debits([account]))
                self.kind_cache[account] = None if has_rows else EndKind.FRONTIER
        return self.kind_cache[account]

    def _add_end(
        self, kind: EndKind, account: str, txn: Txn | None, parts: Iterable[_Part]
    ) -> None:
        key = (kind, account, txn.txn_id if txn and kind is not EndKind.FRONTIER else None)
        end = self.ends.get(key)
        for p in parts:
            if end is None:
                end = self.ends[key] = End(kind, account, p.layer, {}, key[2], None)
                if txn is not None and kind is not EndKind.FRONTIER:
                    end.channel = txn.channel
            end.layer = min(end.layer, p.layer)
            end.by_seed[p.seed] = end.by_seed.get(p.seed, 0) + p.amount

    def _record_edge(self, txn: Txn, parts: Sequence[_Part]) -> None:
        edge = self.edges.get(txn.txn_id)
        if edge is None:
            edge = self.edges[txn.txn_id] = Edge(txn, min(p.layer for p in parts))
        for p in parts:
            edge.by_seed[p.seed] = edge.by_seed.get(p.seed, 0) + p.amount

    def _arrive(self, txn: Txn, parts: list[_Part]) -> None:
        """Tainted parts reach `txn.dst` through `txn`: record the edge, then end or continue."""
        self._record_edge(txn, parts)
        if txn.channel in _CASH:
            self._add_end(EndKind.CASH_OUT, txn.dst, txn, parts)
            return
        kind = self._end_kind(txn.dst)
        if kind is not None:
            self._add_end(kind, txn.dst, txn, parts)
            return
        if self.policy is Policy.TAINT_FIRST:
            self._credit_taint_first(txn, parts)
        else:
            self._credit_proportional(txn, parts)

    def _untrace(self, reason: UntracedReason, part: _Part) -> None:
        self.untraced[reason][part.seed] += part.amount

    def _onward(self, parts: Iterable[_Part], txn: Txn) -> list[_Part]:
        """Parts that may travel one more hop; the rest are recorded as untraced.

        The minimum amount only stops money we would have to keep following: a small amount
        that ends at once (cash-out, merchant, frontier) is recorded where it ended.
        """
        ends_here = txn.channel in _CASH or self._end_kind(txn.dst) is not None
        moving: list[_Part] = []
        for p in parts:
            if p.amount <= 0:
                continue
            if p.layer >= self.limits.max_layers:
                self._untrace(UntracedReason.MAX_LAYERS, p)
            elif p.amount < self.limits.min_amount and not ends_here:
                self._untrace(UntracedReason.BELOW_MINIMUM, p)
            else:
                moving.append(_Part(p.seed, p.layer + 1, p.amount))
        return moving

    # -- taint-first ---------------------------------------------------------------------------

    def _credit_taint_first(self, txn: Txn, parts: list[_Part]) -> None:
        account = txn.dst
        if account not in self.lots:
            self.lots[account] = deque()
            self.debits[account] = iter(self.source.debits([account], txn.ts))
            self.next_debit[account] = None
        queue = self.lots[account]
        for p in parts:
            queue.append([p.seed, p.layer, p.amount])
        self._queue_next_debit(account, txn.key)

    def _queue_next_debit(self, account: str, after: tuple[datetime, str]) -> None:
        """Put the account's next debit after `after` on the heap, unless one is there. An
        account's debits are read one at a time, and only while it holds tainted money: a
        debit of an account without any carries nothing, so the rest of a busy account's month
        is never read (a later tainted credit resumes from its own time)."""
        if self.next_debit[account] is not None:
            return  # still in the heap, so later than anything processed so far
        for t in self.debits[account]:
            if t.ts > self.stop:
                break
            if t.key > after and t.txn_id not in self.seed_ids:
                self.next_debit[account] = t
                heapq.heappush(self.heap, (t.ts, t.txn_id, t))
                return
        self.debits[account] = iter(())

    def _debit_taint_first(self, txn: Txn) -> None:
        queue = self.lots.get(txn.src)
        if queue is None:
            return
        self.next_debit[txn.src] = None
        if queue:
            self._take_taint_first(txn, queue)
        if self.lots[txn.src]:
            self._queue_next_debit(txn.src, txn.key)

    def _take_taint_first(self, txn: Txn, queue: deque[list[int | str]]) -> None:
        left = txn.amount
        taken: list[_Part] = []
        while left and queue:
            lot = queue[0]
            seed, layer, amount = str(lot[0]), int(lot[1]), int(lot[2])
            x = min(amount, left)
            taken.append(_Part(seed, layer, x))
            left -= x
            if x == amount:
                queue.popleft()
            else:
                lot[2] = amount - x
        moving = self._onward(taken, txn)
        if moving:
            self._arrive(txn, moving)

    # -- proportional --------------------------------------------------------------------------

    def _activate(self, account: str, at: Txn) -> None:
        """Start following an account: its balance just before `at`, then its later rows."""
        rows = sorted(self.source.history([account], self.as_of), key=lambda t: t.key)
        running = lowest = 0
        before = 0
        for t in rows:
            delta = (t.amount if t.dst == account else 0) - (t.amount if t.src == account else 0)
            running += delta
            lowest = min(lowest, running)
            if t.key < at.key:
                before = running
        self.balance[account] = -lowest + before
        self.tainted[account] = {}
        self._push_all(rows, at.key)

    def _credit_proportional(self, txn: Txn, parts: list[_Part]) -> None:
        account = txn.dst
        if account not in self.balance:
            self._activate(account, txn)
        self.balance[account] += txn.amount
        held = self.tainted[account]
        for p in parts:
            held[(p.seed, p.layer)] = held.get((p.seed, p.layer), 0) + p.amount

    def _step_proportional(self, txn: Txn) -> None:
        """Apply one row to whichever of its two accounts we follow."""
        moving: list[_Part] = []
        if txn.src in self.balance:
            before = self.balance[txn.src]
            held = self.tainted[txn.src]
            taken: list[_Part] = []
            for parcel, amount in held.items():
                # floor keeps the carried sum within the debit; the remainder stays put
                x = min(amount, txn.amount * amount // before) if before > 0 else 0
                if x:
                    taken.append(_Part(parcel[0], parcel[1], x))
            for p in taken:
                held[(p.seed, p.layer)] -= p.amount
            # ...but never more tainted money than balance may stay: the floors of many small
            # debits would otherwise leave the account "holding" taint it no longer has, and a
            # later debit would carry more than its own amount. The excess leaves now.
            excess = sum(held.values()) - (before - txn.amount)
            for parcel, amount in held.items():
                if excess <= 0:
                    break
                x = min(amount, excess)
                if x:
                    taken.append(_Part(parcel[0], parcel[1], x))
                    held[parcel] = amount - x
                    excess -= x
            self.tainted[txn.src] = {k: v for k, v in held.items() if v}
            self.balance[txn.src] = before - txn.amount
            moving = self._onward(taken, txn)
        if moving:
            self._arrive(txn, moving)
        elif txn.dst in self.balance:
            self.balance[txn.dst] += txn.amount

    # -- the end -------------------------------------------------------------------------------

    def _settle(self) -> None:
        """Whatever is still in an account at the end is to be held (or untraced past horizon)."""
        remaining: dict[str, list[_Part]] = defaultdict(list)
        if self.policy is Policy.TAINT_FIRST:
            for account, queue in self.lots.items():
                for seed, layer, amount in queue:
                    remaining[account].append(_Part(str(seed), int(layer), int(amount)))
        else:
            for account, held in self.tainted.items():
                for (seed, layer), amount in held.items():
                    remaining[account].append(_Part(seed, layer, amount))
        for account, parts in remaining.items():
            parts = [p for p in parts if p.amount > 0]
            if not parts:
                continue
            if sum(p.amount for p in parts) < self.limits.min_amount:
                for p in parts:
                    self._untrace(UntracedReason.BELOW_MINIMUM, p)
            elif self.cut_by_horizon:
                for p in parts:
                    self._untrace(UntracedReason.HORIZON, p)
            else:
                self._add_end(EndKind.HOLD, account, None, parts)
