"""Properties of every trail, on random ledgers, for both policies."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cybersetu.trail.source import MemorySource
from cybersetu.trail.tracer import trace
from cybersetu.trail.trails import Policy, TraceLimits, Txn
from tests.trail.ledgers import T0

ACCOUNTS = [f"A{i}" for i in range(5)] + ["SHOP", "EXT1", "EXT2"]
VICTIMS = ["V0", "V1"]
TYPES = dict.fromkeys(ACCOUNTS[:5], "savings") | {
    "SHOP": "merchant",
    "V0": "savings",
    "V1": "savings",
}
CHANNELS = ["UPI", "UPI", "UPI", "IMPS", "NEFT", "ATM", "AEPS"]

row = st.tuples(
    st.sampled_from(ACCOUNTS + VICTIMS),
    st.sampled_from([*ACCOUNTS, "ATM1"]),
    st.integers(0, 200),  # minute
    st.integers(1, 500_000),  # paise
    st.sampled_from(CHANNELS),
)


@st.composite
def ledgers(draw: st.DrawFn) -> tuple[list[Txn], list[str]]:
    rows = draw(st.lists(row, min_size=1, max_size=60))
    seeds = draw(
        st.lists(
            st.tuples(
                st.sampled_from(VICTIMS),
                st.sampled_from(ACCOUNTS[:7]),
                st.integers(0, 300),
                st.integers(100, 900_000),
            ),
            min_size=1,
            max_size=4,
        )
    )
    txns = [
        Txn(f"T{i:03d}", T0 + timedelta(minutes=m), s, d, a, c)
        for i, (s, d, m, a, c) in enumerate(rows)
        if s != d
    ]
    seed_txns = [
        Txn(f"S{i:03d}", T0 + timedelta(minutes=m), v, d, a, "UPI")
        for i, (v, d, m, a) in enumerate(seeds)
    ]
    return txns + seed_txns, [s.txn_id for s in seed_txns]


@settings(max_examples=300)
@given(
    ledgers(),
    st.sampled_from(list(Policy)),
    st.integers(2, 10),
    st.sampled_from([1, 100, 10_000]),
)
def test_every_paisa_is_accounted_for_and_flows_forward(
    ledger: tuple[list[Txn], list[str]], policy: Policy, max_layers: int, min_amount: int
) -> None:
    txns, seeds = ledger
    limits = TraceLimits(max_layers=max_layers, min_amount=min_amount, horizon=timedelta(hours=3))
    trail = trace(
        MemorySource(txns, TYPES),
        seeds,
        as_of=T0 + timedelta(hours=6),
        policy=policy,
        limits=limits,
    )
    by_id = {t.txn_id: t for t in txns}

    # conservation per seed, to the paisa
    per_seed: defaultdict[str, int] = defaultdict(int)
    for end in trail.ends:
        for s, a in end.by_seed.items():
            per_seed[s] += a
    for reason in trail.untraced.values():
        for s, a in reason.items():
            per_seed[s] += a
    assert dict(per_seed) == {s: by_id[s].amount for s in seeds}
    assert trail.accounted() == trail.seed_amount

    # no edge carries more than its transaction; nothing is negative
    for edge in trail.edges:
        assert 0 < edge.tainted <= edge.txn.amount
        assert all(a > 0 for a in edge.by_seed.values())
    for end in trail.ends:
        assert all(a > 0 for a in end.by_seed.values())

    # every edge is fed by an earlier edge into its source (or is a seed)
    for edge in trail.edges:
        if edge.txn.txn_id in seeds:
            continue
        feeders = [f for f in trail.edges if f.txn.dst == edge.txn.src and f.txn.key < edge.txn.key]
        assert feeders, edge
        assert edge.layer >= min(f.layer for f in feeders) + 1


@settings(max_examples=200)
@given(ledgers(), st.sampled_from(list(Policy)))
def test_chains_shared_across_a_trails_accounts_are_the_ones_walked_alone(
    ledger: tuple[list[Txn], list[str]], policy: Policy
) -> None:
    from cybersetu.trail.requests import chains_to

    txns, seeds = ledger
    trail = trace(MemorySource(txns, TYPES), seeds, as_of=T0 + timedelta(hours=6), policy=policy)
    memo: dict[tuple[str, str, tuple[datetime, str] | None], list[str]] = {}
    walked = 0
    for end in trail.ends:
        ordered = sorted(end.by_seed)
        alone = chains_to(trail, end.account_id, ordered)
        assert chains_to(trail, end.account_id, ordered, memo=memo) == alone
        walked += sum(map(len, alone))
    assert walked == 0 or memo  # the shared walks were remembered
