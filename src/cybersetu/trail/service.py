"""Tracing against the ledger store: the steps the command line and the desk share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from cybersetu.errors import InputError
from cybersetu.interchange import Channel
from cybersetu.ledger import DuckDBLedgerStore
from cybersetu.trail.engine import trace
from cybersetu.trail.index import Progress, open_source
from cybersetu.trail.model import Policy, TraceLimits, Trail
from cybersetu.trail.source import TxnSource

#: A seed on these channels is the account holder taking cash, not a payment out of the victim.
#: (AePS is allowed: in biometric-cloning fraud the victim's money leaves by AePS.)
NOT_A_PAYMENT = frozenset({str(Channel.ATM), str(Channel.CASH)})


def index_dir_for(store_path: Path) -> Path:
    return store_path.with_name(store_path.stem + ".trail-index")


def ledger_source(store: DuckDBLedgerStore, progress: Progress | None = None) -> TxnSource:
    if store.path is None:
        raise InputError("Tracing needs a store on disk.")
    return open_source(store.connection, index_dir_for(store.path), progress)


def ledger_end(store: DuckDBLedgerStore) -> datetime:
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
