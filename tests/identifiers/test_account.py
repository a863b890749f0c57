import pytest
from hypothesis import given

from cybersetu.errors import InputError
from cybersetu.identifiers import (
    account_bank,
    account_ids,
    account_numbers,
    format_account_id,
    parse_account_id,
)
from tests.identifiers.strategies import (
    account_number_values,
    assert_idempotent,
    ifsc_values,
    noisy,
    vpa_values,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("30012345678", "30012345678"),  # SBI savings, 11 digits
        ("50100123456789", "50100123456789"),  # HDFC, 14 digits
        ("0012 3456 7890", "001234567890"),  # leading zeros kept
        ("9175-0101-0012-345", "917501010012345"),
        ("३००१२३४५६७८", "30012345678"),
        ("000123456", "000123456"),  # 9 digits, the shortest
        ("100200300400500600", "100200300400500600"),  # 18 digits, the longest
        ("9415012345", "9415012345"),  # payments banks use the mobile number
    ],
)
def test_valid_account_numbers(raw: str, clean: str) -> None:
    assert account_numbers.clean(raw) == clean


@pytest.mark.parametrize(
    "raw",
    [
        "XXXXXX7031",  # masked, as in a bank SMS
        "xxxx xxxx 7031",
        "****7031",
        "A/c 7031",
        "12345678",  # 8 digits
        "1234567890123456789",  # 19 digits
        "000000000",  # placeholder junk
        "111111111111",
        "123456789",
        "9876543210",
        "3001234567.8",
        "",
    ],
)
def test_not_account_numbers(raw: str) -> None:
    assert account_numbers.clean(raw) is None


def test_account_number_mask_keeps_length_and_last_four() -> None:
    assert account_numbers.mask("30012345678") == "XXXXXXX5678"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("SBIN0001234:30012345678", "SBIN0001234:30012345678"),
        ("sbin0001234 : 3001 2345 678", "SBIN0001234:30012345678"),
        ("HDFC0000240:00501001234567", "HDFC0000240:00501001234567"),
        ("30012345678@sbin0001234.ifsc.npci", "SBIN0001234:30012345678"),
        ("9876543210@YBL", "9876543210@ybl"),  # a UPI-only account is its VPA
    ],
)
def test_account_ids(raw: str, clean: str) -> None:
    assert account_ids.clean(raw) == clean


@pytest.mark.parametrize(
    "raw",
    [
        "SBIN0001234:XXXXXX7031",
        "SBIN0001234:",
        ":30012345678",
        "SBIN1001234:30012345678",
        "30012345678",  # a bare number names no bank: not an account id
        "ATM-KNP-0042",  # a terminal id is opaque, not ours to clean
        "rahul@gmail.com",
    ],
)
def test_not_account_ids(raw: str) -> None:
    assert account_ids.clean(raw) is None


def test_parse_account_id() -> None:
    assert parse_account_id("sbin0001234:0030012345678") == ("SBIN0001234", "0030012345678")
    assert parse_account_id("Shop.X@OKAXIS") == "shop.x@okaxis"
    with pytest.raises(InputError, match="not a valid account id"):
        parse_account_id("SBIN0001234-30012345678")


def test_format_account_id() -> None:
    assert format_account_id("sbin0001234", "3001 2345 678") == "SBIN0001234:30012345678"
    with pytest.raises(InputError, match="not a valid bank account number"):
        format_account_id("SBIN0001234", "XXXXXX7031")
    with pytest.raises(InputError, match="not a valid IFSC"):
        format_account_id("SBIN000123", "30012345678")


def test_bank_of_an_account_id() -> None:
    sbi = account_bank("SBIN0001234:30012345678")
    assert sbi is not None
    assert sbi.ifsc_prefix == "SBIN"
    phonepe = account_bank("9876543210@ybl")
    assert phonepe is not None
    assert phonepe.ifsc_prefix == "YESB"
    assert account_bank("ABCD0123456:30012345678") is None
    assert account_bank("garbage") is None


def test_bank_comes_from_the_branch_code_even_for_a_placeholder_looking_number() -> None:
    # A ledger row's number is what the bank sent; the IFSC still names the bank.
    bank = account_bank("HDFC0001234:9876543210")
    assert bank is not None
    assert bank.ifsc_prefix == "HDFC"


def test_banks_outside_the_city_are_known() -> None:
    bank = account_bank("TMBL0000123:123400056789")
    assert bank is not None
    assert (bank.name, bank.name_hi) == ("Tamilnad Mercantile Bank", "तमिलनाड मर्केंटाइल बैंक")


def test_account_id_mask() -> None:
    assert account_ids.mask("SBIN0001234:30012345678") == "SBIN0001234:XXXXXXX5678"
    assert account_ids.mask("9876543210@ybl") == "XXXXXX3210@ybl"


@given(ifsc_values, account_number_values)
def test_format_then_parse_round_trip(ifsc: str, number: str) -> None:
    account_id = format_account_id(ifsc.lower(), number)
    assert parse_account_id(account_id) == (ifsc, number)
    assert account_bank(account_id) is not None
    assert_idempotent(account_ids, account_id)


@given(account_number_values)
def test_generated_account_numbers_are_their_own_canonical_form(number: str) -> None:
    assert account_numbers.clean(number) == number
    assert account_numbers.mask(number).endswith(number[-4:])


@given(vpa_values)
def test_vpa_account_ids_parse_to_the_vpa(vpa: str) -> None:
    assert parse_account_id(vpa) == vpa


@given(noisy("SBIN0001234:5678 Xx@ybl.ifsc.npci"))
def test_clean_is_idempotent_on_any_text(raw: str) -> None:
    assert_idempotent(account_numbers, raw)
    assert_idempotent(account_ids, raw)
