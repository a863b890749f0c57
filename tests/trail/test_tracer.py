from __future__ import annotations

import pytest

from cybersetu.errors import InputError
from cybersetu.trail.source import MemorySource
from cybersetu.trail.tracer import trace
from cybersetu.trail.trails import EndKind, Policy, TraceLimits, Trail, UntracedReason
from tests.trail.ledgers import at, txn

KNOWN = {"M1": "savings", "M2": "savings", "M3": "current", "SHOP": "merchant", "V": "savings"}


def ends(trail: Trail, kind: EndKind) -> dict[str, int]:
    return {e.account_id: e.amount for e in trail.ends_of(kind)}


def test_money_left_in_the_first_mule_is_a_hold_for_exactly_that_amount() -> None:
    src = MemorySource(
        [
            txn("S1", 0, "V", "M1", 50_000),
            txn("A", 5, "M1", "M2", 20_000),
        ],
        KNOWN,
    )
    trail = trace(src, ["S1"], as_of=at(60))
    assert ends(trail, EndKind.HOLD) == {"M1": 3_000_000, "M2": 2_000_000}
    assert trail.accounted() == trail.seed_amount == 5_000_000


def test_a_debit_before_the_tainted_credit_does_not_carry_taint() -> None:
    src = MemorySource(
        [
            txn("A0", -1, "M1", "M2", 10_000),  # earlier: M1's own money
            txn("S1", 0, "V", "M1", 10_000),
        ],
        KNOWN,
    )
    trail = trace(src, ["S1"], as_of=at(60))
    assert [e.txn.txn_id for e in trail.edges] == ["S1"]
    assert ends(trail, EndKind.HOLD) == {"M1": 1_000_000}


def test_same_timestamp_is_ordered_by_reference() -> None:
    src = MemorySource(
        [
            txn("B100", 0, "V", "M1", 1_000),
            txn("B050", 0, "M1", "M2", 1_000),  # same second, smaller reference: before
            txn("B200", 0, "M1", "M3", 1_000),  # same second, larger reference: after
        ],
        KNOWN,
    )
    trail = trace(src, ["B100"], as_of=at(1))
    assert ends(trail, EndKind.HOLD) == {"M3": 100_000}


def test_cash_out_merchant_and_frontier_end_the_trail() -> None:
    src = MemorySource(
        [
            txn("S1", 0, "V", "M1", 90_000),
            txn("C1", 5, "M1", "ATM-KNP-0042", 30_000, "ATM"),
            txn("P1", 6, "M1", "SHOP", 25_000),
            txn("F1", 7, "M1", "crypto@exch", 35_000),  # unknown account, no rows of its own
            txn("P2", 9, "SHOP", "M2", 25_000),  # the merchant's own business: not followed
        ],
        KNOWN,
    )
    trail = trace(src, ["S1"], as_of=at(60))
    assert ends(trail, EndKind.CASH_OUT) == {"ATM-KNP-0042": 3_000_000}
    assert ends(trail, EndKind.MERCHANT) == {"SHOP": 2_500_000}
    assert ends(trail, EndKind.FRONTIER) == {"crypto@exch": 3_500_000}
    assert ends(trail, EndKind.HOLD) == {}
    assert "P2" not in {e.txn.txn_id for e in trail.edges}
    cash = trail.ends_of(EndKind.CASH_OUT)[0]
    assert (cash.txn_id, cash.channel) == ("C1", "ATM")


def test_an_unknown_account_with_rows_of_its_own_is_followed() -> None:
    src = MemorySource(
        [
            txn("S1", 0, "V", "OTHERBANK:1", 10_000),
            txn("X", 3, "OTHERBANK:1", "M2", 4_000),
        ],
        KNOWN,
    )
    trail = trace(src, ["S1"], as_of=at(60))
    assert ends(trail, EndKind.HOLD) == {"OTHERBANK:1": 600_000, "M2": 400_000}


def test_taint_first_takes_tainted_money_before_clean_money() -> None:
    src = MemorySource(
        [
            txn("CLEAN", -30, "SALARY", "M1", 100_000),
            txn("S1", 0, "V", "M1", 10_000),
            txn("A", 5, "M1", "M2", 8_000),
            txn("B", 6, "M1", "M3", 8_000),
        ],
        {**KNOWN, "SALARY": "current"},
    )
    trail = trace(src, ["S1"], as_of=at(60))
    assert ends(trail, EndKind.HOLD) == {"M2": 800_000, "M3": 200_000}


def test_proportional_takes_the_tainted_share_of_the_balance() -> None:
    src = MemorySource(
        [
            txn("CLEAN", -30, "SALARY", "M1", 30_000),
            txn("S1", 0, "V", "M1", 10_000),
            txn("A", 5, "M1", "M2", 8_000),  # balance 40,000 of which 10,000 tainted: 2,000
        ],
        {**KNOWN, "SALARY": "current"},
    )
    trail = trace(src, ["S1"], as_of=at(60), policy=Policy.PROPORTIONAL)
    assert ends(trail, EndKind.HOLD) == {"M1": 800_000, "M2": 200_000}
    assert trail.accounted() == trail.seed_amount


def test_proportional_opening_balance_is_the_smallest_that_keeps_balance_non_negative() -> None:
    # M1 pays out 5,000 before any credit we see: it must have opened with at least 5,000.
    src = MemorySource(
        [
            txn("EARLY", -60, "M1", "M3", 5_000),
            txn("S1", 0, "V", "M1", 5_000),
            txn("A", 5, "M1", "M2", 5_000),  # balance 5,000 (all tainted) -> carries 5,000
        ],
        KNOWN,
    )
    trail = trace(src, ["S1"], as_of=at(60), policy=Policy.PROPORTIONAL)
    assert ends(trail, EndKind.HOLD) == {"M2": 500_000}

    src2 = MemorySource(
        [
            txn("EARLY", -60, "M1", "M3", 5_000),
            txn("S1", 0, "V", "M1", 5_000),
            txn("LATE", 100, "M1", "M3", 5_000),  # after as_of?  no: inside; raises opening
            txn("A", 5, "M1", "M2", 5_000),
        ],
        KNOWN,
    )
    # History to as_of: -5000, +5000, -5000 (A), -5000 (LATE) -> lowest -10,000 -> opening 10,000
    trail2 = trace(src2, ["S1"], as_of=at(200), policy=Policy.PROPORTIONAL)
    # before A: 10,000 - 5,000 + 5,000 = 10,000 with 5,000 tainted -> A carries 2,500
    assert trail2.edges[1].tainted == 250_000


def test_several_seeds_leave_first_in_first_out_and_remember_their_complaint() -> None:
    src = MemorySource(
        [
            txn("S1", 0, "V", "M1", 10_000),
            txn("S2", 1, "V2", "M1", 10_000),
            txn("A", 5, "M1", "M2", 15_000),
        ],
        {**KNOWN, "V2": "savings"},
    )
    trail = trace(src, ["S2", "S1"], as_of=at(60))
    holds = {e.account_id: e.by_seed for e in trail.ends_of(EndKind.HOLD)}
    assert holds == {"M2": {"S1": 1_000_000, "S2": 500_000}, "M1": {"S2": 500_000}}
    assert trail.edges[-1].by_seed == {"S1": 1_000_000, "S2": 500_000}


def test_layers_count_hops_and_stop_at_the_maximum() -> None:
    rows = [txn("S1", 0, "V", "L1", 1_000)]
    rows += [txn(f"H{i}", i, f"L{i}", f"L{i + 1}", 1_000) for i in range(1, 6)]
    known = {f"L{i}": "savings" for i in range(1, 7)}
    full = trace(MemorySource(rows, known), ["S1"], as_of=at(60))
    assert [e.layer for e in full.edges] == [1, 2, 3, 4, 5, 6]
    assert full.ends_of(EndKind.HOLD)[0].layer == 6
    cut = trace(MemorySource(rows, known), ["S1"], as_of=at(60), limits=TraceLimits(max_layers=3))
    assert ends(cut, EndKind.HOLD) == {}
    assert cut.untraced == {UntracedReason.MAX_LAYERS: {"S1": 100_000}}


def test_amounts_below_the_minimum_are_untraced() -> None:
    src = MemorySource(
        [txn("S1", 0, "V", "M1", 1_000), txn("A", 1, "M1", "M2", 999.5)],
        KNOWN,
    )
    trail = trace(src, ["S1"], as_of=at(60))
    assert ends(trail, EndKind.HOLD) == {"M2": 99_950}
    assert trail.untraced == {UntracedReason.BELOW_MINIMUM: {"S1": 50}}


def test_the_horizon_stops_following_and_leftovers_are_untraced() -> None:
    src = MemorySource(
        [txn("S1", 0, "V", "M1", 1_000), txn("LATE", 60 * 24 * 40, "M1", "M2", 1_000)],
        KNOWN,
    )
    trail = trace(src, ["S1"], as_of=at(60 * 24 * 50))
    assert trail.edges[-1].txn.txn_id == "S1"
    assert trail.untraced == {UntracedReason.HORIZON: {"S1": 100_000}}


def test_an_aeps_seed_is_cash_out_at_once() -> None:
    src = MemorySource([txn("S1", 0, "V", "BC-TERM-7", 9_999, "AEPS")], KNOWN)
    trail = trace(src, ["S1"], as_of=at(1))
    assert ends(trail, EndKind.CASH_OUT) == {"BC-TERM-7": 999_900}


def test_unknown_reference_is_a_clear_error() -> None:
    src = MemorySource([txn("S1", 0, "V", "M1", 1_000)], KNOWN)
    with pytest.raises(InputError, match="No transaction with reference 999999999999"):
        trace(src, ["S1", "999999999999"], as_of=at(1))


def test_a_seed_not_paid_by_the_victim_is_rejected() -> None:
    src = MemorySource([txn("S1", 0, "M1", "M2", 1_000)], KNOWN)
    with pytest.raises(InputError, match="not a payment out of the victim"):
        trace(src, ["S1"], as_of=at(1), victims={"S1": "V"})


def test_a_seed_after_the_time_traced_to_is_rejected() -> None:
    src = MemorySource([txn("S1", 10, "V", "M1", 1_000)], KNOWN)
    with pytest.raises(InputError, match="later"):
        trace(src, ["S1"], as_of=at(1))


def test_restricting_a_joint_trail_gives_each_complaint_its_share() -> None:
    src = MemorySource(
        [
            txn("S1", 0, "V", "M1", 10_000),
            txn("S2", 1, "V2", "M1", 10_000),
            txn("A", 5, "M1", "M2", 15_000),
        ],
        {**KNOWN, "V2": "savings"},
    )
    joint = trace(src, ["S1", "S2"], as_of=at(60))
    second = joint.restricted(["S2"])
    assert second.seed_amount == 1_000_000
    assert ends(second, EndKind.HOLD) == {"M1": 500_000, "M2": 500_000}
    assert [e.txn.txn_id for e in second.edges] == ["S2", "A"]
    assert second.accounted() == second.seed_amount


def test_a_small_amount_that_ends_at_once_is_recorded_where_it_ended() -> None:
    src = MemorySource(
        [txn("S1", 0, "V", "M1", 100), txn("A", 1, "M1", "ATM-1", 99.5, "ATM")],
        KNOWN,
    )
    trail = trace(src, ["S1"], as_of=at(60), limits=TraceLimits(min_amount=10_000))
    assert ends(trail, EndKind.CASH_OUT) == {"ATM-1": 9_950}
    assert trail.untraced == {UntracedReason.BELOW_MINIMUM: {"S1": 50}}


def test_partition_is_restricted_for_every_group_at_once() -> None:
    from cybersetu.trail.export import trail_to_dict

    src = MemorySource(
        [
            txn("S1", 0, "V1", "M1", 500),
            txn("S2", 1, "V2", "M1", 300),
            txn("S3", 2, "V3", "M9", 100),
            txn("M1a", 5, "M1", "M2", 600, "IMPS"),
            txn("M2a", 9, "M2", "ATM-1", 200, "ATM"),
        ],
        KNOWN,
    )
    trail = trace(src, ["S1", "S2", "S3"], as_of=at(60))
    parts = trail.partition({"S1": "A", "S2": "A", "S3": "B"})
    assert set(parts) == {"A", "B"}
    assert trail_to_dict(parts["A"], []) == trail_to_dict(trail.restricted(["S1", "S2"]), [])
    assert trail_to_dict(parts["B"], []) == trail_to_dict(trail.restricted(["S3"]), [])
    assert parts["A"].accounted() + parts["B"].accounted() == trail.seed_amount


def test_proportional_rounding_never_leaves_more_taint_than_balance() -> None:
    """Found by Hypothesis: two 1-paisa debits each carry a floor of 0 of two seeds' halves, so
    the account would keep ₹2.00 tainted in ₹1.98; the last debit then carried ₹1.00 out of a
    ₹0.99 payment. The excess leaves with the debit that makes it."""
    from datetime import timedelta

    from cybersetu.trail.trails import Txn
    from tests.trail.ledgers import T0

    def row(ref: str, src: str, dst: str, paise: int) -> Txn:
        return Txn(ref, T0, src, dst, paise, "UPI")

    src = MemorySource(
        [
            row("S000", "V", "M1", 100),
            row("S001", "V", "M1", 100),
            row("T005", "M1", "M2", 1),
            row("T006", "M1", "M2", 1),
            row("T007", "M1", "M2", 99),
        ],
        KNOWN,
    )
    trail = trace(src, ["S000", "S001"], as_of=T0 + timedelta(hours=1), policy=Policy.PROPORTIONAL)
    for e in trail.edges:
        assert 0 < e.tainted <= e.txn.amount
    assert trail.accounted() == trail.seed_amount == 200
