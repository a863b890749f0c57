"""The trail convention on hand-made ledgers (accounts 0-4 are in the data, 3 is a merchant;
ids 5 and up are outside it: 5 never pays anything, 6 is an ATM, 7 pays someone)."""

from __future__ import annotations

import random
from collections.abc import Callable

import numpy as np

from cybersetu.interchange import Channel
from cybersetu.synth.truth import LedgerRow, Replay, replay

CH = {c: i for i, c in enumerate(Channel)}
N = 5
MERCHANT = [False, False, False, True, False]  # 1 and 2 act as mules; 0 and 4 are honest


def row(
    ts: int, txn: str, src: int, dst: int, amount: int, ch: Channel = Channel.IMPS
) -> LedgerRow:
    return LedgerRow(ts, txn, src, dst, amount, CH[ch])


def test_taint_first_fifo_across_complaints() -> None:
    rows = [
        row(10, "A", 0, 1, 1_000),  # complaint 0 pays 1,000 to mule 1
        row(20, "B", 4, 1, 500),  # complaint 1 pays 500
        row(30, "C", 1, 2, 1_200),  # all of complaint 0, then 200 of complaint 1
        row(40, "D", 2, 6, 700, Channel.ATM),  # cash: FIFO takes complaint 0 first
        row(50, "E", 2, 3, 900),  # merchant: 300 of complaint 0 and 200 of complaint 1
        row(60, "F", 1, 5, 100),  # frontier: 100 of complaint 1
    ]
    t0, t1 = replay(rows, {"A": 0, "B": 1}, N, MERCHANT, 2)
    assert t0.seed_amount == 1_000
    assert t1.seed_amount == 500
    assert t0.endpoints == {("cash_out", 6, "D", 2): 700, ("merchant", 3, "E", 2): 300}
    assert t1.endpoints == {
        ("merchant", 3, "E", 2): 200,
        ("frontier", 5, "F", 1): 100,
        ("hold", 1, "", 1): 200,
    }
    assert t0.path == {1: [1, 1_000], 2: [2, 1_000]}


def test_a_debit_before_the_tainted_credit_carries_nothing() -> None:
    rows = [row(10, "X", 1, 5, 400), row(10, "Y", 0, 1, 300), row(20, "Z", 1, 5, 100)]
    # Same second: (ts, txn_id) order puts X before Y, so X is clean. 5 pays nothing, but it
    # is paid twice: only the tainted 100 of Z ends there.
    (t,) = replay(rows, {"Y": 0}, N, MERCHANT, 1)
    assert t.endpoints == {("frontier", 5, "Z", 1): 100, ("hold", 1, "", 1): 200}


def test_taint_follows_the_money_into_honest_accounts() -> None:
    rows = [
        row(10, "A", 0, 1, 10_000),  # the victim pays mule 1
        row(20, "B", 1, 2, 9_000),  # onward to mule 2
        row(30, "C", 1, 4, 3_000, Channel.UPI),  # mule 1's rent to honest 4: 1,000 of it tainted
        row(40, "D", 4, 3, 400, Channel.UPI),  # the landlord buys groceries
        row(50, "E", 4, 6, 500, Channel.ATM),  # and withdraws cash
    ]
    (t,) = replay(rows, {"A": 0}, N, MERCHANT, 1)
    assert t.endpoints == {
        ("merchant", 3, "D", 4): 400,
        ("cash_out", 6, "E", 4): 500,
        ("hold", 4, "", 4): 100,  # still with the honest landlord
        ("hold", 2, "", 2): 9_000,
    }
    assert t.path == {1: [1, 10_000], 2: [2, 9_000], 4: [2, 1_000]}


def test_an_outside_account_that_pays_is_followed_not_a_frontier() -> None:
    rows = [
        row(10, "A", 0, 1, 5_000),
        row(20, "B", 1, 7, 2_000),  # money home to family in another city (outside the data)
        row(30, "C", 7, 4, 1_500),  # who send money to someone in the city
        row(40, "D", 1, 5, 3_000),  # and the rest leaves for an account that never pays
    ]
    (t,) = replay(rows, {"A": 0}, N, MERCHANT, 1)
    assert t.endpoints == {
        ("frontier", 5, "D", 1): 3_000,
        ("hold", 7, "", 7): 500,
        ("hold", 4, "", 4): 1_500,
    }
    assert set(t.path) == {1, 7, 4}


def _random_ledger(r: random.Random, days: int) -> list[LedgerRow]:
    rows = []
    for k in range(400):
        day = r.randrange(days)
        ts = day * 86_400 + r.choice((100, 200, 300, r.randrange(86_400)))  # many ties
        src = r.randrange(9)
        dst = r.choice([d for d in range(10) if d != src])
        ch = Channel.ATM if dst == 6 else r.choice((Channel.UPI, Channel.IMPS))
        rows.append(row(ts, f"T{k:04d}", src, dst, r.randrange(1, 5_000) * 100, ch))
    return rows


def _ids_of(ids: list[str]) -> Callable[[np.ndarray], list[str]]:
    return lambda idx: [ids[i] for i in idx.tolist()]


def test_day_by_day_gives_the_whole_ledger_replay() -> None:
    """`Replay.day` sees only rows of tainted accounts, found anew each day (money can pass
    through several accounts in one day): the result must equal a replay of every row."""
    for seed in range(20):
        r = random.Random(seed)
        days = 4
        rows = _random_ledger(r, days)
        seeds = {x.txn_id: k % 3 for k, x in enumerate(r.sample(rows, 6))}
        want = replay(rows, seeds, N, MERCHANT, 3)
        run = Replay(N, 10, np.array(MERCHANT), 3)
        pays = np.zeros(10, dtype=bool)
        for day in range(days):
            today = [x for x in rows if x.ts // 86_400 == day]
            r.shuffle(today)  # a day's rows come in any order
            ids = [x.txn_id for x in today]
            run.day(
                np.array([x.ts for x in today], dtype=np.int64),
                _ids_of(ids),
                np.array([x.src for x in today], dtype=np.int64),
                np.array([x.dst for x in today], dtype=np.int64),
                np.array([x.amount for x in today], dtype=np.int64),
                np.array([x.channel for x in today], dtype=np.int8),
                np.array([seeds.get(x.txn_id, -1) for x in today], dtype=np.int64),
            )
            pays[[x.src for x in today]] = True
        got = run.finish(pays)
        for g, w in zip(got, want, strict=True):
            assert (g.seed_amount, g.endpoints, g.path) == (w.seed_amount, w.endpoints, w.path)
            assert sum(g.endpoints.values()) == g.seed_amount
