"""The generated city: format, determinism, ground truth and the rules the truth relies on."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

from cybersetu.interchange import (
    ACCOUNT_COLUMNS,
    LABEL_COLUMNS,
    TRANSACTION_COLUMNS,
    AccountType,
    Channel,
    ComplaintSource,
    KycMode,
    Language,
    ModusOperandi,
)
from cybersetu.synth import SynthConfig, generate
from tests.synth.conftest import TINY, City

FILES = (
    "accounts.csv",
    "transactions.csv",
    "complaints.jsonl",
    "labels.csv",
    "truth_trails.jsonl",
    "manifest.json",
)
KYC_FIELDS = ("phone", "email", "address", "device_id", "pan")
CASH_OUT = {Channel.ATM.value, Channel.CASH.value, Channel.AEPS.value}


def _paise(amount: str) -> int:
    rupees, paise = amount.split(".")
    return int(rupees) * 100 + int(paise)


def test_same_seed_gives_same_bytes_even_with_another_hash_seed(
    city_dir: Path, tmp_path: Path
) -> None:
    # A separate interpreter with a different string-hash seed must write identical files.
    code = (
        "import sys, datetime; from pathlib import Path; from cybersetu.synth import SynthConfig, generate; "
        f"generate(SynthConfig(accounts={TINY.accounts}, days={TINY.days}, seed={TINY.seed}), Path(sys.argv[1]))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, env=env)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (city_dir / name).read_bytes(), name


def test_another_seed_gives_another_city(city_dir: Path, tmp_path: Path) -> None:
    generate(SynthConfig(accounts=TINY.accounts, days=2, seed=TINY.seed + 1), tmp_path)
    assert (tmp_path / "accounts.csv").read_bytes() != (city_dir / "accounts.csv").read_bytes()


def test_files_use_the_interchange_columns_and_vocabularies(city: City) -> None:
    assert tuple(city.transactions[0]) == TRANSACTION_COLUMNS
    assert tuple(city.accounts[0])[: len(ACCOUNT_COLUMNS)] == ACCOUNT_COLUMNS
    assert tuple(city.labels[0])[: len(LABEL_COLUMNS)] == LABEL_COLUMNS
    ts_re = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:30$")
    amount_re = re.compile(r"^\d+\.\d\d$")
    channels = {c.value for c in Channel}
    for t in city.transactions:
        assert ts_re.match(t["ts"]), t
        assert amount_re.match(t["amount"]), t
        assert t["channel"] in channels
        assert _paise(t["amount"]) > 0
    ids = [t["txn_id"] for t in city.transactions]
    assert len(set(ids)) == len(ids)
    times = [t["ts"] for t in city.transactions]
    assert times == sorted(times)
    for a in city.accounts:
        assert a["account_type"] in {x.value for x in AccountType}
        assert a["kyc_mode"] in {x.value for x in KycMode}
        assert a["opened_at"].endswith("+05:30")
        if a["account_type"] == AccountType.WALLET:
            assert "@" in a["account_id"]
            assert not a["ifsc"]
        else:
            assert a["account_id"] == f"{a['ifsc']}:{a['account_id'].split(':')[1]}"
    assert len({a["account_id"] for a in city.accounts}) == len(city.accounts) == TINY.accounts


def test_manifest_counts_match_the_files(city: City) -> None:
    counts = city.manifest["counts"]
    assert city.manifest["seed"] == TINY.seed
    assert counts["transactions"] == len(city.transactions)
    assert counts["complaints"] == len(city.complaints)
    assert counts["accounts"] == len(city.accounts)


def test_labels_cover_every_account_once(city: City) -> None:
    assert [lab["account_id"] for lab in city.labels] == [a["account_id"] for a in city.accounts]
    assert {lab["is_mule"] for lab in city.labels} == {"0", "1"}
    for lab in city.labels:
        if lab["hard"] == "1":
            assert lab["is_mule"] == "1"
        if lab["is_mule"] == "1":
            assert lab["ring_id"]
            assert lab["persona"].startswith("mule_")
        if lab["takeover"] == "1":  # an honest holder whose credentials were stolen
            assert lab["is_mule"] == "0"
            assert not lab["ring_id"]
            assert lab["layer"] == "1"
            assert not lab["persona"].startswith(("mule_", "merchant_"))
    takeovers = sum(lab["takeover"] == "1" for lab in city.labels)
    assert takeovers == city.manifest["counts"]["takeover_accounts"] >= 3  # one per ring at least


def test_cash_terminals_and_outside_counterparties_are_not_accounts(city: City) -> None:
    accounts = {a["account_id"] for a in city.accounts}
    assert not any(a.startswith(("ATM-", "AEPS-", "CDM-")) for a in accounts)
    for t in city.transactions:
        if t["channel"] in CASH_OUT and t["src_account"] in accounts:
            assert t["dst_account"] not in accounts
    # Counterparties outside the city's data exist (billers, other cities, terminals).
    assert any(t["dst_account"] not in accounts for t in city.transactions)


def test_ordinary_life_has_salaries_on_month_start_and_quiet_nights(city: City) -> None:
    hours = Counter(int(t["ts"][11:13]) for t in city.transactions)
    assert hours[3] * 10 < hours[12]
    salaries = [t for t in city.transactions if t["remarks"].startswith("SALARY")]
    days = Counter(int(t["ts"][8:10]) for t in salaries)
    assert days[1] > len(salaries) / 2
    assert all(d <= 7 or d >= 28 for d in days)
    assert sum(1 for t in city.transactions if t["remarks"]) > 100


def test_every_mo_and_source_and_language_appears(city: City) -> None:
    assert {c["mo"] for c in city.complaints} == {m.value for m in ModusOperandi}
    assert {c["source"] for c in city.complaints} == {s.value for s in ComplaintSource}
    assert {c["language"] for c in city.complaints} == {x.value for x in Language}


def test_mules_share_kyc_in_groups_but_hard_mules_share_nothing(city: City) -> None:
    mules = {lab["account_id"] for lab in city.labels if lab["is_mule"] == "1"}
    hard = {lab["account_id"] for lab in city.labels if lab["hard"] == "1"}
    assert hard
    holders: dict[tuple[str, str], list[str]] = defaultdict(list)
    for a in city.accounts:
        for f in KYC_FIELDS:
            if a[f]:
                holders[(f, a[f])].append(a["account_id"])
    mule_groups = [ids for ids in holders.values() if len(ids) > 1 and all(i in mules for i in ids)]
    assert any(k[0] in ("phone", "device_id") for k, ids in holders.items() if ids in mule_groups)
    for ids in holders.values():
        if len(ids) > 1:
            assert not hard & set(ids), ids
    # Opening bursts: one BC agent opened several mule accounts within a few days.
    by_agent: dict[str, list[str]] = defaultdict(list)
    for a in city.accounts:
        if a["opening_agent"] and a["account_id"] in mules:
            by_agent[a["opening_agent"]].append(a["opened_at"][:10])
    assert any(len(days) >= 2 and len(set(days)) <= 3 for days in by_agent.values())


def test_truth_is_conserved_per_complaint(city: City) -> None:
    amount = {t["txn_id"]: _paise(t["amount"]) for t in city.transactions}
    assert len(city.truth) == len(city.complaints)
    for tr in city.truth:
        seeds = sum(amount[x] for x in tr["seed_txn_ids"])
        assert tr["amount_paise"] == seeds
        assert sum(e["amount_paise"] for e in tr["endpoints"]) == seeds, tr["complaint_id"]
    kinds = {e["kind"] for tr in city.truth for e in tr["endpoints"]}
    assert kinds == {"hold", "cash_out", "merchant", "frontier"}


def test_every_truth_account_and_txn_is_in_the_ledger(city: City) -> None:
    seen = {t["src_account"] for t in city.transactions} | {
        t["dst_account"] for t in city.transactions
    }
    by_id = {t["txn_id"]: t for t in city.transactions}
    accounts = {a["account_id"]: a for a in city.accounts}
    payers = {t["src_account"] for t in city.transactions}
    for tr in city.truth:
        for hop in tr["accounts"]:
            assert hop["account_id"] in seen
            assert hop["layer"] >= 1
        for e in tr["endpoints"]:
            assert e["account_id"] in seen
            if e["kind"] == "hold":  # in our data, or outside it but paying (so followed)
                assert e["account_id"] in accounts or e["account_id"] in payers
                continue
            t = by_id[e["txn_id"]]
            assert (t["src_account"], t["dst_account"]) == (e["from_account"], e["account_id"])
            if e["kind"] == "cash_out":
                assert t["channel"] in CASH_OUT
            elif e["kind"] == "merchant":
                assert accounts[e["account_id"]]["account_type"] == AccountType.MERCHANT
            else:  # frontier: outside our data and never pays anything out
                assert e["account_id"] not in accounts
                assert e["account_id"] not in payers


def test_innocent_merchants_received_fraud_money(city: City) -> None:
    labels = {lab["account_id"]: lab for lab in city.labels}
    paid = {
        e["account_id"] for tr in city.truth for e in tr["endpoints"] if e["kind"] == "merchant"
    }
    assert paid
    for m in paid:
        assert labels[m]["is_mule"] == "0"
        assert labels[m]["persona"].startswith("merchant_")
        assert labels[m]["fraud_receiver"] == "1"


def test_mules_after_first_fraud_credit_pay_the_ring_shops_cash_or_their_own_people(
    city: City,
) -> None:
    """The ring's money goes to the ring, shops, cash or outside accounts; a mule's own life
    (rent, money to family) reaches at most two honest people of the city: its landlord and its
    family."""
    labels = {lab["account_id"]: lab for lab in city.labels}
    accounts = {a["account_id"]: a for a in city.accounts}
    seeds = {x for tr in city.truth for x in tr["seed_txn_ids"]}
    mules = {a for a, lab in labels.items() if lab["is_mule"] == "1"}
    first: dict[str, str] = {}
    for t in city.transactions:
        if t["dst_account"] in mules and (t["txn_id"] in seeds or t["src_account"] in mules):
            first.setdefault(t["dst_account"], t["ts"])
    assert first
    own_people: dict[str, set[str]] = defaultdict(set)
    for t in city.transactions:
        src, dst = t["src_account"], t["dst_account"]
        if src in first and t["ts"] > first[src]:
            ok = (
                t["channel"] in CASH_OUT
                or dst not in accounts
                or accounts[dst]["account_type"] == AccountType.MERCHANT
                or labels[dst]["ring_id"] == labels[src]["ring_id"]
            )
            if not ok:
                assert labels[dst]["is_mule"] == "0", t
                assert labels[dst]["takeover"] == "0", t
                own_people[src].add(dst)
    assert own_people  # mules live ordinary lives
    assert max(len(people) for people in own_people.values()) <= 2


def test_stolen_money_reaches_honest_people_and_the_truth_says_so(city: City) -> None:
    labels = {lab["account_id"]: lab for lab in city.labels}
    honest_holds = 0
    for tr in city.truth:
        for hop in tr["accounts"]:
            lab = labels.get(hop["account_id"])
            if lab is None:  # outside our data (family in another city): honest
                assert hop["holder"] == "honest", hop
            elif lab["is_mule"] == "1":
                assert hop["holder"] == "mule", hop
            else:
                assert hop["holder"] == ("takeover" if lab["takeover"] == "1" else "honest"), hop
                assert lab["fraud_receiver"] == "1", hop
        for e in tr["endpoints"]:
            assert e["honest"] == (e["holder"] in ("honest", "takeover"))
            who = e["from_account"] if e["kind"] == "cash_out" else e["account_id"]
            lab = labels.get(who)
            if e["kind"] == "frontier":
                assert lab is None
            elif lab is not None:
                assert (lab["is_mule"] == "1") == (e["holder"] == "mule"), e
            if e["kind"] == "merchant":
                assert e["holder"] == "honest"
            honest_holds += e["kind"] == "hold" and e["honest"] and not tr["duplicate_of"]
    assert honest_holds == city.manifest["counts"]["hold_ends_at_honest_accounts"] > 0


def test_taken_over_accounts_are_honest_but_carry_victims_money_like_mules(city: City) -> None:
    labels = {lab["account_id"]: lab for lab in city.labels}
    taken = {a for a, lab in labels.items() if lab["takeover"] == "1"}
    by_victim = [hop for tr in city.truth for hop in tr["accounts"] if hop["account_id"] in taken]
    assert by_victim
    assert all(hop["layer"] == 1 and hop["holder"] == "takeover" for hop in by_victim)
    # They pass the money on to the ring's other mules, within minutes to hours.
    mules = {a for a, lab in labels.items() if lab["is_mule"] == "1"}
    assert any(t["src_account"] in taken and t["dst_account"] in mules for t in city.transactions)


def test_big_frauds_are_big_and_small_ones_small(city: City) -> None:
    totals: dict[str, list[float]] = defaultdict(list)
    for tr in city.truth:
        totals[tr["mo"]].append(tr["amount"])
    assert max(totals["digital_arrest"] + totals["investment_trading"]) >= 100_000
    assert min(totals["upi_qr_scam"]) < 100_000


def test_duplicates_and_truth_lines_match_complaints(city: City) -> None:
    by_id = {c["complaint_id"]: c for c in city.complaints}
    dups = [tr for tr in city.truth if tr["duplicate_of"]]
    assert dups
    for tr in dups:
        original = by_id[tr["duplicate_of"]]
        assert [t["txn_id"] for t in original["transactions"]] == tr["seed_txn_ids"]
    for c, tr in zip(city.complaints, city.truth, strict=True):
        assert c["complaint_id"] == tr["complaint_id"]
        assert [t["txn_id"] for t in c["transactions"]] == tr["seed_txn_ids"]
        assert c["received_at"] >= max(t["ts"] for t in c["transactions"])
    # The same ring is complained about at more than one police station.
    stations: dict[str, set[str]] = defaultdict(set)
    for c, tr in zip(city.complaints, city.truth, strict=True):
        stations[tr["ring_id"]].add(c["police_station"]["code"])
    assert max(len(s) for s in stations.values()) >= 2


def _one_digit_off(a: str, b: str) -> bool:
    """`b` is `a` with one digit replaced by another, or two neighbouring digits swapped."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diff) == 1:
        return a[diff[0]].isdigit() and b[diff[0]].isdigit()
    i, j = diff if len(diff) == 2 else (0, 0)
    return j == i + 1 and a[i] == b[j] and a[j] == b[i] and a[i].isdigit() and a[j].isdigit()


def test_victims_slips_are_in_the_complaint_and_the_truth_says_what_is_true(city: City) -> None:
    ledger = {t["txn_id"]: t for t in city.transactions}
    accounts = {a["account_id"] for a in city.accounts}
    kinds = set()
    for c, tr in zip(city.complaints, city.truth, strict=True):
        slips = {s["txn_id"]: s for s in tr["slips"]}
        for t in c["transactions"]:
            true_dst = ledger[t["txn_id"]]["dst_account"]  # the txn_id itself is always right
            s = slips.get(t["txn_id"])
            if s is None or s["field"] != "beneficiary":
                assert t["beneficiary"] == true_dst
                continue
            kinds.add("beneficiary")
            assert s["in_record"]
            assert s["actual"] == true_dst
            assert t["beneficiary"] == s["stated"] != true_dst
            assert _one_digit_off(true_dst, s["stated"])
            assert s["stated"] not in accounts  # it names nobody, or nobody we know
            number = s["stated"].split(":", 1)[-1]
            written = number in c["entities"]["accounts"] or number in c["entities"]["upi_ids"]
            assert s["in_narrative"] == written
        for s in tr["slips"]:
            if s["field"] == "utr":
                kinds.add("utr")
                assert s["in_narrative"]
                assert not s["in_record"]
                assert s["actual"] == s["txn_id"]
                assert _one_digit_off(s["actual"], s["stated"])
                assert s["stated"] in c["entities"]["utrs"]
                assert s["actual"] not in c["entities"]["utrs"]
    assert kinds == {"beneficiary", "utr"}


_DEV = str.maketrans("०१२३४५६७८९", "0123456789")


def test_narratives_contain_their_entities(city: City) -> None:
    for c in city.complaints:
        text = c["narrative"]
        digits = re.sub(r"\D", "", text.translate(_DEV))
        e = c["entities"]
        for key in ("utrs", "upi_ids", "urls", "ifsc", "accounts"):
            for value in e[key]:
                assert value in text, (key, value, text)
        for phone in e["phones"]:
            assert re.fullmatch(r"[6-9]\d{9}", phone)
            assert phone in digits, (phone, text)
        assert e["amounts"], text
        # Every transaction amount the victim lost is in the structured record.
        assert all(t["amount"] > 0 for t in c["transactions"])
