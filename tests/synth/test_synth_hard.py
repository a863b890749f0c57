"""The harder city (`SynthConfig.hard`): slow laundering shapes in ordinary amounts, honest
look-alikes, and the default city untouched by the option."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from cybersetu.synth import SynthConfig, generate
from tests.synth import test_synth_city as base
from tests.synth.conftest import HARD, TINY, City

CASH_OUT = base.CASH_OUT
DAY = 86_400


def _seconds(ts: str) -> int:
    # Days since 2025-10-01 (the ledgers here stay in October) and the time of day.
    day = int(ts[8:10]) - 1
    return day * DAY + int(ts[11:13]) * 3_600 + int(ts[14:16]) * 60 + int(ts[17:19])


def _role(city: City, role: str) -> set[str]:
    return {lab["account_id"] for lab in city.labels if lab["lookalike"] == role}


def test_the_default_city_has_nothing_of_the_harder_one(city: City) -> None:
    assert "lookalike" not in city.labels[0]
    assert "hard" not in city.manifest["parameters"]
    assert "laundering" not in city.manifest["counts"]
    personas = {lab["persona"] for lab in city.labels}
    assert not any("chit" in p or "remittance" in p for p in personas)


def test_the_option_changes_the_ledger_but_not_the_accounts(hard_dir: Path, tmp_path: Path) -> None:
    generate(SynthConfig(accounts=HARD.accounts, days=HARD.days, seed=HARD.seed), tmp_path)
    assert (tmp_path / "accounts.csv").read_bytes() == (hard_dir / "accounts.csv").read_bytes()
    plain = (tmp_path / "transactions.csv").read_bytes()
    assert plain != (hard_dir / "transactions.csv").read_bytes()
    assert TINY.hard is False


def test_the_harder_city_is_reproducible(hard_dir: Path, tmp_path: Path) -> None:
    generate(HARD, tmp_path)
    for name in base.FILES:
        assert (tmp_path / name).read_bytes() == (hard_dir / name).read_bytes(), name


def test_manifest_records_the_option_and_the_labels_the_lookalikes(hard: City) -> None:
    assert hard.manifest["parameters"]["hard"] is True
    counts = hard.manifest["counts"]["lookalike_accounts"]
    seen: dict[str, int] = defaultdict(int)
    for lab in hard.labels:
        if lab["lookalike"]:
            seen[lab["lookalike"]] += 1
            # Honest people with ordinary lives: never a mule, a ring's or a taken-over account.
            assert lab["is_mule"] == "0", lab
            assert not lab["ring_id"]
            assert lab["takeover"] == "0"
            assert not lab["persona"].startswith("mule_")
    assert dict(seen) == {k: v for k, v in counts.items() if v}
    assert {r.split("_")[0] for r in seen} == {"remittance", "chit", "salary", "supplier"}
    assert 50 <= sum(seen.values()) <= 0.1 * HARD.accounts


def _mule_moves(city: City) -> list[tuple[int, str, str, int]]:
    ring = {lab["account_id"]: lab["ring_id"] for lab in city.labels if lab["is_mule"] == "1"}
    return [
        (_seconds(t["ts"]), t["src_account"], t["dst_account"], base._paise(t["amount"]))
        for t in city.transactions
        if ring.get(t["src_account"]) and ring.get(t["src_account"]) == ring.get(t["dst_account"])
    ]


def test_rings_move_money_round_a_cycle_over_days(hard: City) -> None:
    out: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for ts, src, dst, _ in _mule_moves(hard):
        out[src].append((ts, dst))

    def back_home(start: str, at: str, t: int, depth: int, t0: int) -> bool:
        for ts, nxt in out.get(at, []):
            if ts <= t:
                continue
            if nxt == start and depth >= 3 and ts - t0 >= 2 * DAY:
                return True
            if depth < 5 and nxt != start and back_home(start, nxt, ts, depth + 1, t0):
                return True
        return False

    assert any(back_home(src, dst, ts, 2, ts) for src, moves in out.items() for ts, dst in moves)


def test_rings_scatter_then_gather_and_gather_then_scatter(hard: City) -> None:
    # The shapes' own rows: the golden-hour layering only moves round hundreds.
    moves = [m for m in _mule_moves(hard) if m[3] % 10_000]
    paid: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    got: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for ts, src, dst, paise in moves:
        paid[src].append((ts, dst, paise))
        got[dst].append((ts, src, paise))
    scatter_gather = False
    for src, outs in paid.items():  # S pays several mules which all, days later, pay one C
        later: dict[str, set[str]] = defaultdict(set)
        for ts, mid, paise in outs:
            for ts2, c, paise2 in paid.get(mid, []):
                if ts2 - ts >= DAY and c != src and 0.95 * paise <= paise2 < paise:
                    later[c].add(mid)
        scatter_gather |= any(len(mids) >= 3 for mids in later.values())
    gather_scatter = False
    for hub, ins in got.items():  # several mules pay H, which days later pays it on to others
        for day in {ts // DAY for ts, _, _ in ins}:
            came = [(p, x) for ts, p, x in ins if day - 5 <= ts // DAY <= day]
            went = [(d, x) for ts, d, x in paid.get(hub, []) if day < ts // DAY <= day + 8]
            payers = {p for p, _ in came}
            gather_scatter |= (
                len(payers) >= 3
                and len({d for d, _ in went} - payers) >= 3
                and sum(x for _, x in went) <= sum(x for _, x in came)
            )
    assert scatter_gather
    assert gather_scatter


def test_some_mules_only_ever_see_the_slow_shapes(hard: City) -> None:
    laundering = hard.manifest["counts"]["laundering"]
    assert laundering["slow_mules"] > 0
    assert laundering["slow_mules_unused"] == 0
    seeds = {x for tr in hard.truth for x in tr["seed_txn_ids"]}
    mules = {lab["account_id"] for lab in hard.labels if lab["is_mule"] == "1"}
    fast: set[str] = set()  # paid by a victim or by the golden-hour layering (round sums)
    slow: set[str] = set()
    for t in hard.transactions:
        if t["dst_account"] in mules:
            if t["txn_id"] in seeds or (
                t["src_account"] in mules and base._paise(t["amount"]) % 10_000 == 0
            ):
                fast.add(t["dst_account"])
            elif t["src_account"] in mules:
                slow.add(t["dst_account"])
    assert len(slow - fast) >= laundering["slow_mules"] // 2
    labelled = {lab["account_id"] for lab in hard.labels if lab["slow"] == "1"}
    assert len(labelled) == laundering["slow_mules"]
    assert labelled <= mules
    assert not labelled & fast


def test_shape_amounts_are_inside_the_ordinary_range(hard: City) -> None:
    every = np.array(
        [base._paise(t["amount"]) for t in hard.transactions if t["channel"] not in CASH_OUT]
    )
    # The golden-hour layering moves round sums; the shapes' amounts are never round hundreds.
    shapes = np.array([a for _, _, _, a in _mule_moves(hard) if a % 10_000])
    assert shapes.size >= 20
    p25, p75, p99 = np.percentile(every, [25, 75, 99])
    assert p25 <= np.median(shapes) <= p75
    assert shapes.max() <= p99


def test_chit_funds_collect_equal_instalments_and_pay_one_member(hard: City) -> None:
    members = _role(hard, "chit_member")
    funds = 0
    for foreman in _role(hard, "chit_foreman"):
        ins = [t for t in hard.transactions if t["dst_account"] == foreman]
        # An equal instalment from every member (who may also pay the foreman for other things).
        instalment, _ = Counter(
            t["amount"] for t in ins if t["src_account"] in members
        ).most_common(1)[0]
        chit = [t for t in ins if t["src_account"] in members and t["amount"] == instalment]
        assert len({t["src_account"] for t in chit}) >= 10
        assert len({t["ts"][:10] for t in chit}) <= 3
        collected = sum(base._paise(t["amount"]) for t in chit)
        pots = [
            t
            for t in hard.transactions
            if t["src_account"] == foreman
            and t["dst_account"] in members
            and 0.9 * collected <= base._paise(t["amount"]) <= collected
        ]
        assert len(pots) == 1
        assert pots[0]["ts"] > max(t["ts"] for t in chit)
        funds += 1
    assert funds >= 2


def test_an_employer_pays_its_staff_on_one_day(hard: City) -> None:
    staff = _role(hard, "salary_staff")
    runs = 0
    for employer in _role(hard, "salary_employer"):
        pay = [
            t
            for t in hard.transactions
            if t["src_account"] == employer and t["dst_account"] in staff
        ]
        if not pay:  # pays on the last day of the month, after these two weeks
            continue
        runs += 1
        assert len(pay) >= 6
        assert len({t["ts"][:10] for t in pay}) == 1  # one payroll run in two weeks
        times = [_seconds(t["ts"]) for t in pay]
        assert max(times) - min(times) <= 5_400
        assert all(t["remarks"].startswith("SALARY") for t in pay)
    assert runs


def test_remittances_come_in_and_go_to_relatives_and_shops_pay_suppliers(hard: City) -> None:
    def fan(hub: str, sides: Callable[[dict[str, str]], tuple[str, str]]) -> dict[str, set[str]]:
        by_day: dict[str, set[str]] = defaultdict(set)
        for t in hard.transactions:
            me, other = sides(t)
            if me == hub:
                by_day[t["ts"][:10]].add(other)
        return by_day

    for parent in _role(hard, "remittance_parent"):
        ins = fan(parent, lambda t: (t["dst_account"], t["src_account"]))
        outs = fan(parent, lambda t: (t["src_account"], t["dst_account"]))
        assert sum(len(v) for v in ins.values()) >= 2
        assert sum(len(v) for v in outs.values()) >= 2
    shops = _role(hard, "supplier_shop")
    assert shops
    for shop in shops:
        outs = fan(shop, lambda t: (t["src_account"], t["dst_account"]))
        assert max(len(v) for v in outs.values()) >= 2  # a fan-out on its supplier day


INVARIANTS: tuple[Callable[[City], None], ...] = (
    base.test_files_use_the_interchange_columns_and_vocabularies,
    base.test_manifest_counts_match_the_files,
    base.test_labels_cover_every_account_once,
    base.test_truth_is_conserved_per_complaint,
    base.test_every_truth_account_and_txn_is_in_the_ledger,
    base.test_innocent_merchants_received_fraud_money,
    base.test_mules_after_first_fraud_credit_pay_the_ring_shops_cash_or_their_own_people,
    base.test_stolen_money_reaches_honest_people_and_the_truth_says_so,
    base.test_taken_over_accounts_are_honest_but_carry_victims_money_like_mules,
    base.test_duplicates_and_truth_lines_match_complaints,
)


@pytest.mark.parametrize("check", INVARIANTS, ids=lambda f: f.__name__.removeprefix("test_"))
def test_the_citys_rules_hold_in_the_harder_city(check: Callable[[City], None], hard: City) -> None:
    check(hard)
