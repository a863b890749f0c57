"""Simulated banks: deterministic for a seed, money conserved, a late answer never holds more,
and requesting every layer at once holds at least as much as one layer at a time."""

from __future__ import annotations

import itertools
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybersetu.complaints import read_complaints
from cybersetu.complaints.model import linked
from cybersetu.demo import complaint_input
from cybersetu.holds.simulation import (
    DELAYS,
    Delays,
    Money,
    Policy,
    SimResult,
    simulate,
    still_there,
)
from cybersetu.identifiers.banks import BankCategory
from cybersetu.ledger import open_store
from cybersetu.trail.service import ComplaintTrail, trace_complaints

CASES = 6


@pytest.fixture(scope="module")
def trails(tiny_city: Path, tiny_store: Path) -> list[ComplaintTrail]:
    """The tiny city's latest complaints with money traced to an account, over its whole ledger
    (the truth the simulated banks answer from)."""
    with open_store(tiny_store) as store:
        traced = trace_complaints(store, linked(read_complaints(tiny_city / "complaints.jsonl")))
    return sorted(
        (ct for ct in traced.complaints if ct.requests and ct.complaint.received_at is not None),
        key=lambda ct: (ct.complaint.received_at, ct.complaint.complaint_id),
    )[-CASES:]


def _run(
    trails: list[ComplaintTrail], tiny_city: Path, tiny_store: Path, folder: Path, policy: Policy
) -> SimResult:
    with open_store(tiny_store) as store:
        return simulate(
            trails,
            city_store=store,
            accounts_csv=tiny_city / "accounts.csv",
            folder=folder,
            policy=policy,
            to_input=lambda c: complaint_input(c, "KTW"),
        )


@pytest.fixture(scope="module")
def runs(
    trails: list[ComplaintTrail],
    tiny_city: Path,
    tiny_store: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, SimResult]:
    work = tmp_path_factory.mktemp("banksim")
    return {
        "at_once": _run(trails, tiny_city, tiny_store, work / "a", Policy.AT_ONCE),
        "again": _run(trails, tiny_city, tiny_store, work / "b", Policy.AT_ONCE),
        "one_layer": _run(trails, tiny_city, tiny_store, work / "c", Policy.ONE_LAYER),
    }


def test_the_banks_answer_through_the_desk_and_the_next_layer_follows(
    runs: dict[str, SimResult],
) -> None:
    r = runs["at_once"]
    assert r.cases > 0
    assert r.refused == 0
    statuses = {a.status for a in r.answers}
    assert "moved_on" in statuses  # money moved on while a request waited
    assert max(a.layer for a in r.answers) > 1  # so the product asked the next layer
    assert r.held_paise > 0
    assert all(a.answered_at > a.sent_at for a in r.answers)
    lines = r.by_bank()
    assert sum(b.requests for b in lines) == len(r.answers)
    assert sum(b.held_paise for b in lines) == r.held_paise


def test_the_simulation_is_deterministic_for_a_seed(runs: dict[str, SimResult]) -> None:
    def seen(r: SimResult) -> list[tuple[str, int, str, int, object]]:
        return [(a.bank, a.layer, a.status, a.held_paise, a.answered_at) for a in r.answers]

    assert seen(runs["at_once"]) == seen(runs["again"])
    assert Delays(seed=7).answer("SBIN", "k") == Delays(seed=7).answer("SBIN", "k")
    assert Delays(seed=7).answer("SBIN", "k") != Delays(seed=8).answer("SBIN", "k")


def test_no_more_is_held_than_was_stolen(runs: dict[str, SimResult]) -> None:
    for r in runs.values():
        assert 0 < r.held_paise + r.withdrawn_paise <= r.stolen_paise


def test_every_layer_at_once_holds_at_least_one_layer_at_a_time(
    runs: dict[str, SimResult],
) -> None:
    a, b = runs["at_once"], runs["one_layer"]
    assert a.stolen_paise == b.stolen_paise
    assert a.held_paise >= b.held_paise
    # the same delays: the first layer's answers come at the same times under both policies
    first = {(x.bank, x.answered_at) for x in a.answers if x.layer == 1}
    assert first == {(x.bank, x.answered_at) for x in b.answers if x.layer == 1}


def test_delays_follow_the_kind_of_bank() -> None:
    assert DELAYS[BankCategory.PRIVATE].median < DELAYS[BankCategory.PUBLIC].median
    assert DELAYS[BankCategory.PUBLIC].median < DELAYS[BankCategory.COOPERATIVE].median
    d = Delays()
    private = sorted(d.answer("HDFC", str(i)) for i in range(201))[100]
    cooperative = sorted(d.answer("SVCB", str(i)) for i in range(201))[100]
    assert private < timedelta(hours=1) < timedelta(days=1) < cooperative


@given(
    pick=st.integers(0, CASES - 1),
    steps=st.lists(
        st.tuples(st.integers(0, 72 * 60), st.integers(0, 10**6), st.integers(0, 10**7)),
        max_size=12,
    ),
    at=st.integers(0, 10**6),
    share=st.floats(0.01, 1.5),
)
def test_money_is_conserved_and_a_late_answer_never_holds_more(
    trails: list[ComplaintTrail],
    pick: int,
    steps: list[tuple[int, int, int]],
    at: int,
    share: float,
) -> None:
    trail = trails[pick % len(trails)].trail
    start = min(s.ts for s in trail.seeds)
    money = Money(trail)
    accounts = sorted({e.txn.dst for e in trail.edges})
    account = accounts[at % len(accounts)]
    traced = 0
    found: list[tuple[int, int]] = []  # (money that reached the account so far, found)
    now = start
    for minutes, where, amount in sorted(steps):
        now = max(now, start + timedelta(minutes=minutes))
        money.advance(now)
        if not traced:
            # the desk asks for (about) what it traced there, once money has arrived
            traced = int(money.inflow[account] * share)
        else:
            found.append(
                (money.inflow[account], still_there([(account, traced)], money, {account}))
            )
        # a hold anywhere, the request's own account included
        money.freeze(accounts[where % len(accounts)], amount)
        assert money.accounted() == money.paid <= money.total
        assert all(v >= 0 for v in money.balance.values())
    for (arrived, early), (arrived_later, late) in itertools.pairwise(found):
        if arrived_later == arrived:  # no more money came: a later answer finds no more
            assert late <= early
    assert all(0 <= f <= traced for _, f in found)
