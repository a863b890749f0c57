"""The trail convention on hand-made ledgers (accounts 0-4 are in the data, 3 is a merchant)."""

from __future__ import annotations

import pytest

from cybersetu.interchange import Channel
from cybersetu.synth.truth import LedgerRow, TaintLeakError, replay

CH = {c: i for i, c in enumerate(Channel)}
N = 5  # ids >= 5 are outside the data: 5 a frontier account, 6 an ATM
MERCHANT = [False, False, False, True, False]
MAY_HOLD = [False, True, True, False, False]  # 1 and 2 are mules; 0 and 4 are honest


def row(
    ts: int, txn: str, src: int, dst: int, amount: int, ch: Channel = Channel.IMPS
) -> LedgerRow:
    return LedgerRow(ts, txn, src, dst, amount, CH[ch])


def test_taint_first_fifo_across_complaints() -> None:
    rows = [
        row(10, "A", 0, 1, 1_000),  # complaint 0 pays 1,000 to mule 1
        row(20, "B", 4, 1, 500),  # complaint 1 pays 500
        row(
            30, "C", 1, 2, 1_200
        ),  # mule 1 moves 1,200: all of complaint 0, then 200 of complaint 1
        row(40, "D", 2, 6, 700, Channel.ATM),  # cash: FIFO takes complaint 0 first
        row(
            50, "E", 2, 3, 900
        ),  # merchant: 300 left of complaint 0 and 200 of complaint 1 (taint only)
        row(60, "F", 1, 5, 100),  # frontier: 100 of complaint 1
    ]
    t0, t1 = replay(rows, {"A": 0, "B": 1}, N, MERCHANT, MAY_HOLD, 2)
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
    # Same second: (ts, txn_id) order puts X before Y, so X is clean.
    (t,) = replay(rows, {"Y": 0}, N, MERCHANT, MAY_HOLD, 1)
    assert t.endpoints == {("frontier", 5, "Z", 1): 100, ("hold", 1, "", 1): 200}


def test_taint_reaching_an_honest_account_is_a_generator_bug() -> None:
    with pytest.raises(TaintLeakError):
        replay([row(1, "A", 0, 1, 10), row(2, "B", 1, 4, 10)], {"A": 0}, N, MERCHANT, MAY_HOLD, 1)
