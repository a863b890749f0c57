from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cybersetu.trail.export import requests_csv, trail_to_dict, write_requests
from cybersetu.trail.letters import money, render_letter
from cybersetu.trail.requests import chains_to, hold_requests
from cybersetu.trail.source import MemorySource
from cybersetu.trail.tracer import trace
from cybersetu.trail.trails import Trail
from tests.trail.ledgers import at, txn

VICTIM = "PUNB0123400:0412000100023456"
V2 = "CNRB0001234:1100220033"
L1 = "SBIN0001234:30012345678"
L2A = "HDFC0000456:50100123456789"
L2B = "HDFC0000999:50100999888777"
L3 = "AIRP0000001:9935012345"
CRYPTO = "payout@exchangepay"

TYPES = {
    VICTIM: "savings",
    V2: "savings",
    L1: "savings",
    L2A: "current",
    L2B: "savings",
    L3: "wallet",
}


@pytest.fixture
def trail() -> Trail:
    src = MemorySource(
        [
            txn("600000000001", 0, VICTIM, L1, 80_000),
            txn("600000000002", 2, V2, L1, 20_000),
            txn("600000000011", 10, L1, L2A, 50_000, "IMPS"),
            txn("600000000012", 11, L1, L2B, 45_000, "IMPS"),
            txn("600000000021", 30, L2A, L3, 20_000),
            txn("600000000022", 31, L2B, CRYPTO, 25_000),
            txn("600000000031", 45, L3, "ATM-KNP-0101", 10_000, "ATM"),
        ],
        TYPES,
    )
    return trace(src, ["600000000001", "600000000002"], as_of=at(60))


def test_one_request_per_bank_for_exactly_the_traced_amounts(trail: Trail) -> None:
    reqs = {
        r.bank_code: r
        for r in hold_requests(trail, {"600000000001": "NCRP-1", "600000000002": "NCRP-2"})
    }
    assert set(reqs) == {"SBIN", "HDFC", "AIRP", "UNKNOWN"}
    assert reqs["SBIN"].total == 500_000  # 100,000 in, 95,000 out
    assert reqs["HDFC"].total == 3_000_000 + 2_000_000
    assert reqs["AIRP"].total == 1_000_000
    # the crypto exchange is a frontier: information, not a hold
    unknown = reqs["UNKNOWN"]
    assert unknown.total == 0
    assert [(a.account_id, a.action, a.amount) for a in unknown.accounts] == [
        (CRYPTO, "information", 2_500_000)
    ]
    # several complaints in one account: each complaint's share
    sbi = reqs["SBIN"].accounts[0]
    assert sbi.by_complaint == {"NCRP-2": 500_000}
    l2b = next(a for a in reqs["HDFC"].accounts if a.account_id == L2B)
    assert l2b.by_complaint == {"NCRP-1": 500_000, "NCRP-2": 1_500_000}
    assert reqs["HDFC"].complaints == ["NCRP-1", "NCRP-2"]
    assert reqs["AIRP"].elapsed.total_seconds() == 3600


def test_the_utr_chain_leads_from_the_victims_payment_to_the_account(trail: Trail) -> None:
    assert chains_to(trail, L3, ["600000000001"]) == [
        ["600000000001", "600000000011", "600000000021"]
    ]


def test_json_contract_has_every_key_in_rupees(trail: Trail) -> None:
    d = trail_to_dict(trail, hold_requests(trail))
    for key in (
        "seed_amount",
        "policy",
        "edges",
        "holds",
        "cash_out",
        "merchants",
        "frontier",
        "untraced",
        "hold_requests",
    ):
        assert key in d
    assert d["seed_amount"] == 100_000.0
    assert d["policy"] == "taint-first"
    edge = d["edges"][0]
    assert set(edge) >= {"txn_id", "from", "to", "ts", "amount", "tainted", "layer"}
    hold = next(h for h in d["holds"] if h["account_id"] == L3)
    assert hold == {
        "account_id": L3,
        "bank": "AIRP",
        "layer": 3,
        "amount": 10_000.0,
        "by_seed": {"600000000001": 10_000.0},
    }
    assert d["cash_out"][0]["channel"] == "ATM"
    assert d["frontier"] == [
        {
            "account_id": CRYPTO,
            "bank": "UNKNOWN",
            "amount": 25_000.0,
            "by_seed": {"600000000001": 25_000.0},
        }
    ]
    total = (
        sum(x["amount"] for k in ("holds", "cash_out", "merchants", "frontier") for x in d[k])
        + d["untraced"]
    )
    assert total == d["seed_amount"]
    json.dumps(d)  # serialisable


def test_csv_and_files_for_bank_systems(trail: Trail, tmp_path: Path) -> None:
    reqs = hold_requests(trail)
    rows = list(csv.DictReader(io.StringIO(requests_csv(reqs))))
    assert {r["account_id"] for r in rows} == {L1, L2A, L2B, L3, CRYPTO}
    assert next(r for r in rows if r["account_id"] == L3)["amount"] == "10000.00"
    files = write_requests(reqs, tmp_path)
    assert sorted(p.name for p in files)[:2] == ["AIRP.csv", "AIRP.json"]
    assert json.loads((tmp_path / "HDFC.json").read_text("utf-8"))["total"] == 50_000.0


def test_letter_is_bilingual_cites_bnss_and_holds_only_the_amount(trail: Trail) -> None:
    req = next(r for r in hold_requests(trail) if r.bank_code == "HDFC")
    html = render_letter(req, "KNP/CYBER/2026/17")
    assert "Section 106 of the Bharatiya Nagarik Suraksha Sanhita" in html
    assert "धारा 106" in html
    assert "₹50,000.00" in html
    assert "not</b> a freeze of the whole account" in html
    assert "पूरा खाता फ़्रीज़ न करें" in html
    assert "1 h" in html
    assert "1 घंटे" in html


def test_money_uses_indian_grouping() -> None:
    assert money(123_456_750) == "12,34,567.50"


def test_svg_distinguishes_the_ends(trail: Trail) -> None:
    from cybersetu.trail.draw import trail_svg

    svg = trail_svg(trail, "NCRP-1")
    assert svg.startswith("<?xml") or "<svg" in svg
    for word in ("HOLD", "CASH OUT", "ASK BANK", "Victim"):
        assert word in svg


def test_a_bank_with_only_frontier_accounts_gets_a_request_for_information(trail: Trail) -> None:
    req = next(r for r in hold_requests(trail) if r.bank_code == "UNKNOWN")
    html = render_letter(req, "KNP/CYBER/2026/18")
    assert "for the onward transactions" in html
    assert "to place a hold (lien) on the traced" not in html


# -- innocent merchants: verify the sale first, a lien of the traced amount only ------------------

SHOP = "ICIC0000777:777705001234"  # a kirana's current account, typed merchant


@pytest.fixture
def shop_trail() -> Trail:
    """The mule keeps ₹10,000 and pays a merchant twice (a phone, then its cover)."""
    src = MemorySource(
        [
            txn("600000000101", 0, VICTIM, L1, 50_000),
            txn("600000000111", 5, L1, SHOP, 38_000),
            txn("600000000112", 6, L1, SHOP, 2_000),
        ],
        {**TYPES, SHOP: "merchant"},
    )
    return trace(src, ["600000000101"], as_of=at(60))


def test_a_merchant_gets_one_lien_line_for_the_traced_amount_not_a_hold(shop_trail: Trail) -> None:
    reqs = {r.bank_code: r for r in hold_requests(shop_trail, {"600000000101": "NCRP-9"})}
    icici = reqs["ICIC"]
    # Two payments to the shop, one line: the bank is asked once per account.
    assert [(a.account_id, a.action, a.layer, a.amount) for a in icici.accounts] == [
        (SHOP, "lien", 2, 4_000_000)
    ]
    assert icici.accounts[0].by_complaint == {"NCRP-9": 4_000_000}
    assert icici.accounts[0].chains == [["600000000101", "600000000111"]]
    # `total` stays the money to hold outright; the lien is apart from it.
    assert icici.total == 0
    assert icici.lien_total == 4_000_000
    assert reqs["SBIN"].total == 1_000_000
    assert reqs["SBIN"].lien_total == 0


def test_merchant_lines_in_json_and_csv(shop_trail: Trail) -> None:
    reqs = hold_requests(shop_trail)
    d = trail_to_dict(shop_trail, reqs)
    icici = next(r for r in d["hold_requests"] if r["bank"] == "ICIC")
    assert icici["total"] == 0.0
    assert icici["lien_total"] == 40_000.0
    assert icici["accounts"][0]["action"] == "lien"
    assert d["totals"]["merchants"] == 40_000.0
    assert d["totals"]["hold"] == 10_000.0
    rows = list(csv.DictReader(io.StringIO(requests_csv(reqs))))
    shop = next(r for r in rows if r["account_id"] == SHOP)
    assert (shop["action"], shop["amount"]) == ("lien", "40000.00")


def test_the_merchants_letter_says_do_not_freeze_and_verify_the_sale(shop_trail: Trail) -> None:
    req = next(r for r in hold_requests(shop_trail) if r.bank_code == "ICIC")
    html = render_letter(req, "KNP/CYBER/2026/19")
    assert "to verify a sale by a merchant account" in html
    assert "do NOT freeze the account" in html
    assert "verify the sale first" in html
    assert "lien of the traced amount shown, and nothing more" in html
    assert "₹40,000.00" in html
    assert "खाता फ़्रीज़ न करें" in html
    assert "पहले बिक्री का सत्यापन करें" in html
    # Not a hold letter: no "hold exactly the amount" list for a merchant.
    assert "to place a hold (lien) on the traced" not in html
    assert "Total to hold" not in html


def test_a_mule_bank_letter_has_no_merchant_section(shop_trail: Trail) -> None:
    req = next(r for r in hold_requests(shop_trail) if r.bank_code == "SBIN")
    html = render_letter(req, "KNP/CYBER/2026/20")
    assert "to place a hold (lien) on the traced" in html
    assert "Merchant accounts: do NOT freeze" not in html


def test_the_command_line_shows_a_merchants_lien_apart_from_the_hold(
    shop_trail: Trail, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.console import Console

    from cybersetu.cli import trail as cli_trail

    out = Console(record=True, width=200)
    monkeypatch.setattr(cli_trail, "console", out)
    cli_trail._print_trail(shop_trail, hold_requests(shop_trail))
    text = out.export_text()
    assert "Lien if sale not genuine" in text
    assert "₹40,000.00" in text
    assert "Merchant accounts are never frozen" in text
