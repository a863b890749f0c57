"""Hold (lien) requests: one per bank on the trail, for exactly the traced amounts.

A request names each account, the amount to hold on it (never the whole account), its layer,
the chain of UTRs from the victim's payment that justifies it, and each complaint's share.
Accounts at the frontier (money went there, we have none of their rows) get a request for
information from the same bank.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cybersetu.identifiers.account import account_bank
from cybersetu.trail.trails import Edge, End, EndKind, Trail

UNKNOWN_BANK = ("UNKNOWN", "Bank not known from the account id", "बैंक खाता संख्या से ज्ञात नहीं")


def bank_of(account_id: str) -> tuple[str, str, str]:
    """(IFSC prefix, bank name, Hindi name) of an account id, or UNKNOWN_BANK."""
    bank = account_bank(account_id)
    return (bank.ifsc_prefix, bank.name, bank.name_hi) if bank else UNKNOWN_BANK


@dataclass(slots=True)
class RequestedAccount:
    account_id: str
    action: str  # "hold" or "information"
    layer: int
    amount: int  # paise to hold; for information requests, the amount that reached it
    by_complaint: dict[str, int]
    chains: list[list[str]]  # each a list of UTRs from a victim's payment to this account


@dataclass(slots=True)
class BankRequest:
    bank_code: str
    bank_name: str
    bank_name_hi: str
    first_fraud_at: datetime
    as_of: datetime
    accounts: list[RequestedAccount] = field(default_factory=list)
    cited_as: str = "complaint"
    """What the shares are keyed by: `complaint` ids, or `payment` UTRs when no complaint is
    known (a trace of bare references)."""

    @property
    def total(self) -> int:
        """The amount to hold at this bank (information requests hold nothing)."""
        return sum(a.amount for a in self.accounts if a.action == "hold")

    @property
    def complaints(self) -> list[str]:
        return sorted({c for a in self.accounts for c in a.by_complaint})

    @property
    def elapsed(self) -> timedelta:
        """The golden-hour clock: time since the first fraudulent payment."""
        return self.as_of - self.first_fraud_at


def edges_into(trail: Trail) -> dict[str, list[Edge]]:
    """The trail's edges by the account they pay into (built once per set of requests)."""
    into: defaultdict[str, list[Edge]] = defaultdict(list)
    for e in trail.edges:
        into[e.txn.dst].append(e)
    return into


def chains_to(
    trail: Trail,
    account_id: str,
    seeds: list[str],
    into: Mapping[str, list[Edge]] | None = None,
) -> list[list[str]]:
    """For each seed whose money reached the account, one chain of UTRs that carried it there.

    Walking back, each step takes the largest earlier edge into the account that carried that
    seed's money (the strongest justification for the bank).
    """
    if into is None:
        into = edges_into(trail)
    chains: list[list[str]] = []
    for seed in seeds:
        chain: list[str] = []
        here, before = account_id, None
        for _ in range(len(trail.edges) + 1):
            options = [
                e
                for e in into.get(here, [])
                if seed in e.by_seed and (before is None or e.txn.key < before)
            ]
            if not options:
                break
            best = max(options, key=lambda e: (e.by_seed[seed], e.txn.key))
            chain.append(best.txn.txn_id)
            if best.txn.txn_id == seed:
                break
            here, before = best.txn.src, best.txn.key
        chains.append(list(reversed(chain)))
    return chains


def hold_requests(trail: Trail, complaint_of: Mapping[str, str] | None = None) -> list[BankRequest]:
    """One request per bank: holds for money still there, information for the frontier.

    Each account's amount is shared out by complaint (`complaint_of` maps a seed UTR to its
    complaint); without it, by the victims' payments themselves.
    """
    cited_as = "payment" if complaint_of is None else "complaint"
    complaint_of = complaint_of or {}
    first = min(s.ts for s in trail.seeds)
    banks: dict[str, BankRequest] = {}
    into = edges_into(trail)

    def add(end: End, action: str) -> None:
        code, name, name_hi = bank_of(end.account_id)
        req = banks.setdefault(
            code, BankRequest(code, name, name_hi, first, trail.as_of, cited_as=cited_as)
        )
        by_complaint: defaultdict[str, int] = defaultdict(int)
        for seed, amount in end.by_seed.items():
            by_complaint[complaint_of.get(seed, seed)] += amount
        req.accounts.append(
            RequestedAccount(
                end.account_id,
                action,
                end.layer,
                end.amount,
                dict(sorted(by_complaint.items())),
                chains_to(trail, end.account_id, sorted(end.by_seed), into),
            )
        )

    for end in trail.ends_of(EndKind.HOLD):
        add(end, "hold")
    for end in trail.ends_of(EndKind.FRONTIER):
        add(end, "information")
    for req in banks.values():
        req.accounts.sort(key=lambda a: (a.action, a.layer, -a.amount, a.account_id))
    return sorted(banks.values(), key=lambda r: (-r.total, r.bank_code))
