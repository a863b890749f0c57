"""Hold (lien) requests: one per bank on the trail, for exactly the traced amounts.

A request names each account, the amount to hold on it (never the whole account), its layer,
the chain of UTRs from the victim's payment that justifies it, and each complaint's share.
Accounts at the frontier (money went there, we have none of their rows) get a request for
information from the same bank. A merchant account is never asked to be frozen or held outright:
the merchant may be an innocent trader paid for a real sale, so its line is a `lien` — verify the
sale first, and only if it was not genuine mark a lien of the traced amount, nothing more.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cybersetu.identifiers.account import account_bank
from cybersetu.trail.trails import Edge, End, EndKind, Trail

HOLD = "hold"
LIEN = "lien"
INFORMATION = "information"

UNKNOWN_BANK = ("UNKNOWN", "Bank not known from the account id", "बैंक खाता संख्या से ज्ञात नहीं")


@functools.lru_cache(maxsize=65_536)
def bank_of(account_id: str) -> tuple[str, str, str]:
    """(IFSC prefix, bank name, Hindi name) of an account id, or UNKNOWN_BANK (kept: every
    trace asks again for the accounts of the last ones)."""
    bank = account_bank(account_id)
    return (bank.ifsc_prefix, bank.name, bank.name_hi) if bank else UNKNOWN_BANK


@dataclass(slots=True)
class RequestedAccount:
    account_id: str
    action: str  # "hold", "lien" (a merchant: verify the sale first) or "information"
    layer: int
    amount: int  # paise to hold; for a lien, its most; for information, the amount that reached it
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
        """The amount to hold at this bank (information requests hold nothing). A merchant's
        lien is not in it: it depends on the bank finding the sale not genuine (`lien_total`)."""
        return sum(a.amount for a in self.accounts if a.action == HOLD)

    @property
    def lien_total(self) -> int:
        """The most the merchants' liens at this bank can hold: the traced amounts."""
        return sum(a.amount for a in self.accounts if a.action == LIEN)

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


#: A step of the walk back: (account, seed, the key the next edge must come before).
_Step = tuple[str, str, tuple[datetime, str] | None]


def chains_to(
    trail: Trail,
    account_id: str,
    seeds: list[str],
    into: Mapping[str, list[Edge]] | None = None,
    memo: dict[_Step, list[str]] | None = None,
) -> list[list[str]]:
    """For each seed whose money reached the account, one chain of UTRs that carried it there.

    Walking back, each step takes the largest earlier edge into the account that carried that
    seed's money (the strongest justification for the bank). `memo` (shared by the calls for
    one trail) keeps where each step leads: accounts of one trail share their chains' ends.
    """
    if into is None:
        into = edges_into(trail)
    if memo is None:
        memo = {}
    chains: list[list[str]] = []
    for seed in seeds:
        taken: list[tuple[_Step, str]] = []
        rest: list[str] = []
        here, before = account_id, None
        # Each step goes to an earlier edge, so the walk ends within len(edges) steps.
        for _ in range(len(trail.edges) + 1):
            step = (here, seed, before)
            known = memo.get(step)
            if known is not None:
                rest = known
                break
            options = [
                e
                for e in into.get(here, [])
                if seed in e.by_seed and (before is None or e.txn.key < before)
            ]
            if not options:
                break
            best = max(options, key=lambda e: (e.by_seed[seed], e.txn.key))
            taken.append((step, best.txn.txn_id))
            if best.txn.txn_id == seed:
                break
            here, before = best.txn.src, best.txn.key
        walked = rest  # from the account back to the seed
        for step, txn_id in reversed(taken):
            walked = [txn_id, *walked]
            memo[step] = walked
        chains.append(list(reversed(walked)))
    return chains


def merchant_ends(trail: Trail) -> list[End]:
    """The merchant ends, one per merchant account: the trail ends once per payment to a
    merchant, but the bank is asked once per account, for all the traced money it received."""
    by_account: dict[str, End] = {}
    for end in trail.ends_of(EndKind.MERCHANT):
        one = by_account.get(end.account_id)
        if one is None:
            by_account[end.account_id] = End(
                EndKind.MERCHANT, end.account_id, end.layer, dict(end.by_seed)
            )
            continue
        one.layer = min(one.layer, end.layer)
        for seed, amount in end.by_seed.items():
            one.by_seed[seed] = one.by_seed.get(seed, 0) + amount
    return list(by_account.values())


def hold_requests(trail: Trail, complaint_of: Mapping[str, str] | None = None) -> list[BankRequest]:
    """One request per bank: holds for money still there, a lien line (verify the sale first)
    for each merchant paid with it, information for the frontier.

    Each account's amount is shared out by complaint (`complaint_of` maps a seed UTR to its
    complaint); without it, by the victims' payments themselves.
    """
    cited_as = "payment" if complaint_of is None else "complaint"
    complaint_of = complaint_of or {}
    first = min(s.ts for s in trail.seeds)
    banks: dict[str, BankRequest] = {}
    into = edges_into(trail)
    memo: dict[_Step, list[str]] = {}

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
                chains_to(trail, end.account_id, sorted(end.by_seed), into, memo),
            )
        )

    for end in trail.ends_of(EndKind.HOLD):
        add(end, HOLD)
    for end in merchant_ends(trail):
        add(end, LIEN)
    for end in trail.ends_of(EndKind.FRONTIER):
        add(end, INFORMATION)
    for req in banks.values():
        req.accounts.sort(key=lambda a: (a.action, a.layer, -a.amount, a.account_id))
    return sorted(banks.values(), key=lambda r: (-r.total, r.bank_code))
