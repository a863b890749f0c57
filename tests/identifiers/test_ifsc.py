import pytest
from hypothesis import given

from cybersetu.identifiers import BANKS, ifscs
from tests.identifiers.strategies import assert_idempotent, ifsc_values, noisy


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("SBIN0001234", "SBIN0001234"),
        ("sbin0001234", "SBIN0001234"),
        ("HDFC0000240", "HDFC0000240"),
        ("Punb 0123400", "PUNB0123400"),
        ("UTIB0-000-123", "UTIB0000123"),
        ("SBINO001234", "SBIN0001234"),  # letter O typed for the fixed zero
        ("UPCB0KNP001", "UPCB0KNP001"),  # branch codes may contain letters
        ("ABCD0123456", "ABCD0123456"),  # unknown bank, valid shape
    ],
)
def test_valid_ifsc(raw: str, clean: str) -> None:
    assert ifscs.clean(raw) == clean


@pytest.mark.parametrize(
    "raw",
    [
        "SBIN1001234",  # fifth character must be zero
        "SBIN000123",  # 10 characters
        "SBIN00012345",  # 12 characters
        "SB1N0001234",
        "1234SBIN000",
        "SBIN0001234X",
        "SBIN_0001234",
        "sbın0001234",  # dotless i must not sneak in as I
        "",
    ],
)
def test_not_ifsc(raw: str) -> None:
    assert ifscs.clean(raw) is None


def test_bank_from_prefix() -> None:
    bank = ifscs.bank("sbin0001234")
    assert bank is not None
    assert bank.name == "State Bank of India"
    assert bank.name_hi == "भारतीय स्टेट बैंक"
    assert ifscs.bank("ABCD0123456") is None
    assert ifscs.bank("not an ifsc") is None


def test_branch_code_and_identity_mask() -> None:
    assert ifscs.branch_code("sbin0001234") == "001234"
    assert ifscs.mask("sbin0001234") == "SBIN0001234"


@given(ifsc_values)
def test_generated_ifsc_round_trip(ifsc: str) -> None:
    assert ifscs.clean(ifsc.lower()) == ifsc
    bank = ifscs.bank(ifsc)
    assert bank is not None
    assert bank in BANKS
    assert_idempotent(ifscs, ifsc)


@given(noisy("SBINsbin0O123456789 -"))
def test_clean_is_idempotent_on_any_text(raw: str) -> None:
    assert_idempotent(ifscs, raw)
