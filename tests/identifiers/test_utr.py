import pytest
from hypothesis import given

from cybersetu.errors import InputError
from cybersetu.identifiers import UtrKind, aadhaars, utrs
from tests.identifiers.strategies import aadhaar_numbers, assert_idempotent, noisy, rrn_values


@pytest.mark.parametrize(
    ("raw", "clean", "kind"),
    [
        ("501234567890", "501234567890", UtrKind.RRN),  # UPI RRN
        ("5012 3456 7890", "501234567890", UtrKind.RRN),
        ("५०१२३४५६७८९०", "501234567890", UtrKind.RRN),
        ("SBINN52025010612", "SBINN52025010612", UtrKind.NEFT),
        ("sbinn52025010612", "SBINN52025010612", UtrKind.NEFT),
        ("HDFCR52025010600012345", "HDFCR52025010600012345", UtrKind.RTGS),
        ("UTIBR6C2026010600004321", None, None),  # 23 characters
    ],
)
def test_utr_forms(raw: str, clean: str | None, kind: UtrKind | None) -> None:
    assert utrs.clean(raw) == clean
    if kind is not None:
        assert utrs.kind(raw) is kind


@pytest.mark.parametrize(
    "raw",
    [
        "50123456789",  # 11 digits
        "5012345678901",  # 13 digits
        "000000000000",
        "SBINX52025010612",  # 5th character neither N nor R
        "SBINN520250106AB",  # sequence must end in digits
        "SBIN0001234",  # an IFSC, not a UTR
        "T2501061234567890123",  # a PhonePe transaction id, not the UTR
        "५०१२३४५६७८९",
        "",
    ],
)
def test_not_utrs(raw: str) -> None:
    assert utrs.clean(raw) is None


def test_bank_of_neft_and_rtgs_but_not_rrn() -> None:
    neft = utrs.bank("SBINN52025010612")
    assert neft is not None
    assert neft.name == "State Bank of India"
    rtgs = utrs.bank("HDFCR52025010600012345")
    assert rtgs is not None
    assert rtgs.ifsc_prefix == "HDFC"
    assert utrs.bank("501234567890") is None


def test_kind_of_invalid_raises() -> None:
    with pytest.raises(InputError, match="UTR/RRN"):
        utrs.kind("12345")


def test_mask_is_identity() -> None:
    assert utrs.mask("5012 3456 7890") == "501234567890"


@given(aadhaar_numbers)
def test_an_aadhaar_number_has_the_shape_of_a_utr(number: str) -> None:
    # Shape alone cannot tell them apart: the intake decides from context.
    assert utrs.clean(number) == number
    assert aadhaars.clean(number) == f"XXXX-XXXX-{number[-4:]}"


@given(rrn_values)
def test_generated_rrns(rrn: str) -> None:
    assert utrs.clean(rrn) == rrn
    assert utrs.kind(rrn) is UtrKind.RRN
    assert_idempotent(utrs, rrn)


@given(noisy("0123456789 -SBINRHDFCn"))
def test_clean_is_idempotent_on_any_text(raw: str) -> None:
    assert_idempotent(utrs, raw)
