"""The trail's workflows against the ledger store, as the command line, the demo and the desk use
them: trace complaints and draft their hold requests, record the requests sent, and apply a
bank's answer. Typed in, typed out; no printing, no files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from cybersetu.complaints import Complaint
from cybersetu.errors import InputError
from cybersetu.interchange import Channel
from cybersetu.ledger import LedgerStore
from cybersetu.ledger.store import SentRequest
from cybersetu.trail.index import Progress, open_source
from cybersetu.trail.requests import BankRequest, hold_requests
from cybersetu.trail.source import TxnSource
from cybersetu.trail.tracer import trace
from cybersetu.trail.trails import Policy, TraceLimits, Trail

#: A seed on these channels is the account holder taking cash, not a payment out of the victim.
#: (AePS is allowed: in biometric-cloning fraud the victim's money leaves by AePS.)
NOT_A_PAYMENT = frozenset({str(Channel.ATM), str(Channel.CASH)})

INDEX_NAME = "trail-index"


def ledger_source(
    store: LedgerStore, progress: Progress | None = None, *, rebuild_when_behind: bool = True
) -> TxnSource:
    """The store as a trail source: its index (built when missing or stale) plus newer rows."""
    return open_source(
        store, store.derived_dir(INDEX_NAME), progress, rebuild_when_behind=rebuild_when_behind
    )


def ledger_end(store: LedgerStore) -> datetime:
    last = store.stats().last_ts
    if last is None:
        raise InputError("The ledger is empty: load transactions first with `cybersetu ingest`.")
    return last


def trace_seeds(
    source: TxnSource,
    seeds: Sequence[str],
    *,
    as_of: datetime,
    policy: Policy = Policy.TAINT_FIRST,
    limits: TraceLimits | None = None,
    victims: Mapping[str, str] | None = None,
) -> Trail:
    """Check that each seed is a payment out of a victim, then trace."""
    found = source.get_txns(seeds)
    for s in seeds:
        t = found.get(s)
        if t is not None and t.channel in NOT_A_PAYMENT:
            raise InputError(
                f"Transaction {s} is a cash withdrawal ({t.channel}) by the account holder, "
                "not a payment out of the victim."
            )
        if t is not None and t.src == t.dst:
            raise InputError(f"Transaction {s} moves money within one account; nothing to trace.")
    return trace(source, seeds, as_of=as_of, policy=policy, limits=limits, victims=victims)


_SLUG = re.compile(r"[^A-Za-z0-9-]+")


def slug(text: str) -> str:
    """A safe file or reference part from any text (an id from input): letters, digits and
    hyphens only, never empty, never a path."""
    cleaned = _SLUG.sub("-", text).strip("-")[:60]
    return cleaned or "x"


def request_reference(case: str, as_of: datetime) -> str:
    """The one reference format of hold requests: `CYBER/<case>/<YYYYMMDDHHMM UTC>`; a letter
    adds `/<BANK>`."""
    return f"CYBER/{slug(case)}/{as_of.astimezone(UTC):%Y%m%d%H%M}"


@dataclass(frozen=True)
class ComplaintTrail:
    """One complaint's share of a joint trace, and the requests drafted for it."""

    complaint: Complaint
    trail: Trail
    requests: list[BankRequest]
    reference: str


@dataclass(frozen=True)
class TraceOutcome:
    trail: Trail
    """All the complaints traced together (linked complaints share mule accounts first-in
    first-out, so no rupee is counted for two complaints)."""
    requests: list[BankRequest]
    """Requests for the joint trail: one per bank, each account with every complaint's share."""
    complaints: list[ComplaintTrail]
    """One per complaint traced (duplicates left out)."""
    reference: str
    duplicates: dict[str, str] = field(default_factory=dict)
    """Complaint -> the earlier complaint that already names all of its payments."""
    horizon_cut: bool = False
    """Some money is untraced only because the trace stopped at the horizon."""


@dataclass(frozen=True)
class TraceOptions:
    as_of: datetime | None = None
    """Trace up to this time (default: the end of the ledger)."""
    policy: Policy = Policy.TAINT_FIRST
    limits: TraceLimits = field(default_factory=TraceLimits)


def trace_complaints(
    store: LedgerStore,
    complaints: Sequence[Complaint],
    options: TraceOptions | None = None,
    *,
    source: TxnSource | None = None,
    progress: Progress | None = None,
    by_payment: bool = False,
) -> TraceOutcome:
    """Trace the complaints' payments together and draft the hold requests, joint and per
    complaint. A payment the ledger does not have is refused with its reference.

    `by_payment`: the "complaints" are bare payment references (a trace from the command line),
    so requests share amounts out by UTR and say so.
    """
    from cybersetu.trail.trails import UntracedReason

    options = options or TraceOptions()
    if not complaints:
        raise InputError("Give at least one complaint to trace.")
    source = source or ledger_source(store, progress)
    as_of = options.as_of or ledger_end(store)
    owner: dict[str, str] = {}
    victims: dict[str, str] = {}
    duplicates: dict[str, str] = {}
    for c in complaints:
        if not c.payments:
            raise InputError(f"Complaint {c.complaint_id} names no payment (UTR) to trace.")
        new = [p for p in c.payments if p.txn_id not in owner]
        if not new:
            # Every payment is already another complaint's (the same fraud reported twice,
            # e.g. a 1930 call and then a help-desk visit): the money is that complaint's.
            duplicates[c.complaint_id] = owner[c.payments[0].txn_id]
        for p in new:
            owner[p.txn_id] = c.complaint_id
            if p.victim_account:
                victims[p.txn_id] = p.victim_account
    joint = trace_seeds(
        source,
        list(owner),
        as_of=as_of,
        policy=options.policy,
        limits=options.limits,
        victims=victims,
    )
    shares = None if by_payment else owner
    parts = joint.partition(owner)
    mine = []
    for c in complaints:
        if c.complaint_id in duplicates:
            continue
        part = parts[c.complaint_id]
        mine.append(
            ComplaintTrail(
                c, part, hold_requests(part, shares), request_reference(c.complaint_id, as_of)
            )
        )
    key = complaints[0].complaint_id if len(complaints) == 1 else f"{len(complaints)}-linked"
    return TraceOutcome(
        trail=joint,
        requests=hold_requests(joint, shares),
        complaints=mine,
        reference=request_reference(key, as_of),
        duplicates=duplicates,
        horizon_cut=bool(joint.untraced.get(UntracedReason.HORIZON)),
    )


def sent_rows(
    trail: Trail, requests: Sequence[BankRequest], reference: str, *, at: datetime | None = None
) -> list[SentRequest]:
    seeds = tuple(s.txn_id for s in trail.seeds)
    when = at or datetime.now(UTC)
    return [
        SentRequest(
            request_ref=f"{reference}/{r.bank_code}",
            bank=r.bank_code,
            account_id=a.account_id,
            action=a.action,
            layer=a.layer,
            amount_paise=a.amount,
            seeds=seeds,
            policy=str(trail.policy),
            created_at=when,
        )
        for r in requests
        for a in r.accounts
    ]


def record_sent(
    store: LedgerStore,
    trail: Trail,
    requests: Sequence[BankRequest],
    reference: str,
    *,
    at: datetime | None = None,
) -> list[SentRequest]:
    """Remember what was asked of which bank (so that answers can be checked), in one
    transaction; returns the rows recorded."""
    rows = sent_rows(trail, requests, reference, at=at)
    with store.writer() as w:
        w.record_requests(rows)
    return rows
