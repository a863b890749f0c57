"""Reasons in plain words: the account's value, and for amounts and counts a yardstick."""

from __future__ import annotations

import math

from cybersetu.scoring.reasons import describe, points_to_risk, rupees


def test_amounts_are_set_against_a_typical_account_in_both_languages() -> None:
    assert describe("mean_in", 28_796.4, "en", 1_450.0) == (
        "average credit ₹28,796 (typical account: ₹1,450)"
    )
    assert describe("amt_in", 670_000.0, "hi", 42_000.0) == "₹6.7 लाख प्राप्त (सामान्य खाता: ₹42,000)"


def test_shares_and_kyc_matches_speak_for_themselves() -> None:
    assert describe("passthrough_1h", 0.94, "en", 0.0) == (
        "94% of the money received left again within an hour"
    )
    assert describe("shared_phone", 6.0, "en", 0.0) == "shares a phone number with 6 other accounts"


def test_without_a_typical_value_the_reason_stands_alone() -> None:
    assert describe("mean_in", 28_796.0, "en") == "average credit ₹28,796"
    assert describe("mean_in", 28_796.0, "en", math.nan) == "average credit ₹28,796"


def test_reasons_only_on_the_suspicious_side_of_typical() -> None:
    assert points_to_risk("n_senders", 9.0, 2.0)
    assert not points_to_risk("n_senders", 1.0, 2.0)
    assert points_to_risk("dwell_mean_h", 0.5, 30.0)  # money that does not stay
    assert not points_to_risk("dwell_mean_h", 90.0, 30.0)


def test_rupees_in_lakh_and_crore() -> None:
    assert rupees(45_000) == "₹45,000"
    assert rupees(320_000) == "₹3.2 lakh"
    assert rupees(15_000_000, "hi") == "₹1.5 करोड़"


def test_neighbourhood_reasons_set_the_share_against_the_typical_account() -> None:
    en = describe("cp_one_time_mean", 0.44, typical=0.2)
    assert en == (
        "its counterparties deal only once with 44% of their own partners, on average "
        "(typical account: 20%)"
    )
    hi = describe("cp_one_time_mean", 0.44, "hi", typical=0.2)
    assert hi.startswith("इसके साथी खाते अपने औसतन 44% साथियों")
    assert hi.endswith("(सामान्य खाता: 20%)")
    assert describe("relay_7d", 3).startswith("passed money from a one-time sender")
