"""Money turned back into rupees: exact, and grouped the Indian way."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cybersetu.ledger.money import format_inr, group_digits, rupees


def test_indian_digit_grouping() -> None:
    assert group_digits(1_234_567) == "12,34,567"
    assert group_digits(999) == "999"
    assert group_digits(0) == "0"
    assert group_digits(100_000) == "1,00,000"
    assert group_digits(-12_34_56_789) == "-12,34,56,789"


def test_format_inr_and_rupees() -> None:
    assert format_inr(1_234_567_890) == "₹1,23,45,678.90"
    assert format_inr(-5) == "-₹0.05"
    assert rupees(123_456) == "1234.56"


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_grouping_keeps_the_number_and_groups_by_two_above_the_thousands(n: int) -> None:
    text = group_digits(n)
    assert int(text.replace(",", "")) == n
    groups = text.lstrip("-").split(",")
    assert len(groups[-1]) == min(3, len(str(abs(n))))
    assert all(len(g) == 2 for g in groups[1:-1])
    assert 1 <= len(groups[0]) <= (2 if len(groups) > 1 else 3)
