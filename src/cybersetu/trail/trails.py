"""What a money trail is made of. Amounts are integer paise; times are aware datetimes (UTC)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum


class Policy(StrEnum):
    TAINT_FIRST = "taint-first"
    PROPORTIONAL = "proportional"


@dataclass(frozen=True, slots=True)
class Txn:
    """One ledger row, as the trail engine needs it."""

    txn_id: str
    ts: datetime
    src: str
    dst: str
    amount: int  # paise
    channel: str

    @property
    def key(self) -> tuple[datetime, str]:
        """Events are ordered by (ts, txn_id): ties in time are broken by the reference."""
        return (self.ts, self.txn_id)


@dataclass(frozen=True, slots=True)
class TraceLimits:
    max_layers: int = 10
    horizon: timedelta = timedelta(days=30)
    min_amount: int = 100  # paise: amounts below ₹1 are not worth a request to a bank


@dataclass(slots=True)
class Edge:
    """A transaction that carried tainted money, and how much of it came from each seed."""

    txn: Txn
    layer: int
    by_seed: dict[str, int] = field(default_factory=dict)

    @property
    def tainted(self) -> int:
        return sum(self.by_seed.values())


class EndKind(StrEnum):
    HOLD = "hold"
    CASH_OUT = "cash_out"
    MERCHANT = "merchant"
    FRONTIER = "frontier"


@dataclass(slots=True)
class End:
    """Where tainted money stopped: still in an account (hold), gone as cash, at a merchant, or
    at an account whose own transactions we do not have (frontier)."""

    kind: EndKind
    account_id: str
    layer: int
    by_seed: dict[str, int] = field(default_factory=dict)
    txn_id: str | None = None  # the cash-out or merchant payment
    channel: str | None = None

    @property
    def amount(self) -> int:
        return sum(self.by_seed.values())


class UntracedReason(StrEnum):
    BELOW_MINIMUM = "below_minimum"
    MAX_LAYERS = "max_layers"
    HORIZON = "horizon"


@dataclass(slots=True)
class Trail:
    policy: Policy
    seeds: list[Txn]
    as_of: datetime
    edges: list[Edge]
    ends: list[End]
    untraced: dict[UntracedReason, dict[str, int]]  # reason -> seed txn_id -> paise

    @property
    def seed_amount(self) -> int:
        return sum(s.amount for s in self.seeds)

    def ends_of(self, kind: EndKind) -> list[End]:
        return [e for e in self.ends if e.kind is kind]

    def total(self, kind: EndKind) -> int:
        return sum(e.amount for e in self.ends_of(kind))

    @property
    def untraced_total(self) -> int:
        return sum(sum(v.values()) for v in self.untraced.values())

    def accounted(self) -> int:
        """Everything the seeds' money became; equals `seed_amount` to the paisa."""
        return sum(e.amount for e in self.ends) + self.untraced_total

    def restricted(self, seed_ids: Iterable[str]) -> Trail:
        """The part of this trail that carries these seeds' money, with only their shares.

        Tracing linked complaints together and then looking at one of them gives that complaint
        its fair (first-in first-out) share of shared mule accounts.
        """
        keep = set(seed_ids)

        def only(by_seed: dict[str, int]) -> dict[str, int]:
            return {s: a for s, a in by_seed.items() if s in keep}

        return Trail(
            policy=self.policy,
            seeds=[s for s in self.seeds if s.txn_id in keep],
            as_of=self.as_of,
            edges=[Edge(e.txn, e.layer, only(e.by_seed)) for e in self.edges if only(e.by_seed)],
            ends=[
                End(e.kind, e.account_id, e.layer, only(e.by_seed), e.txn_id, e.channel)
                for e in self.ends
                if only(e.by_seed)
            ],
            untraced={r: only(v) for r, v in self.untraced.items() if only(v)},
        )

    def partition(self, group_of: Mapping[str, str]) -> dict[str, Trail]:
        """`restricted` for many groups of seeds at once (group_of: seed -> group), in one pass
        over the trail instead of one pass per group."""
        parts: dict[str, Trail] = {}
        seeds_of: dict[str, list[Txn]] = {}
        for s in self.seeds:
            if s.txn_id in group_of:
                seeds_of.setdefault(group_of[s.txn_id], []).append(s)
        for group, seeds in seeds_of.items():
            parts[group] = Trail(self.policy, seeds, self.as_of, [], [], {})

        def split(by_seed: dict[str, int]) -> dict[str, dict[str, int]]:
            out: dict[str, dict[str, int]] = {}
            for seed, amount in by_seed.items():
                group = group_of.get(seed)
                if group is not None:
                    out.setdefault(group, {})[seed] = amount
            return out

        for e in self.edges:
            for group, shares in split(e.by_seed).items():
                parts[group].edges.append(Edge(e.txn, e.layer, shares))
        for end in self.ends:
            for group, shares in split(end.by_seed).items():
                parts[group].ends.append(
                    End(end.kind, end.account_id, end.layer, shares, end.txn_id, end.channel)
                )
        for reason, by_seed in self.untraced.items():
            for group, shares in split(by_seed).items():
                parts[group].untraced[reason] = shares
        return parts
