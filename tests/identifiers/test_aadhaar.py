import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybersetu.errors import InputError
from cybersetu.identifiers import aadhaars, verhoeff_check_digit
from tests.identifiers.strategies import aadhaar_numbers, assert_idempotent, noisy, to_devanagari

# Valid Verhoeff check digits, computed with verhoeff_check_digit and cross-checked against
# UIDAI's published test numbers (999999990019, 999941057058).
VALID = "234567890124"
UIDAI_TEST = "999941057058"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (VALID, "XXXX-XXXX-0124"),
        ("2345 6789 0124", "XXXX-XXXX-0124"),
        ("2345-6789-0124", "XXXX-XXXX-0124"),
        (to_devanagari("2345 6789 0124"), "XXXX-XXXX-0124"),
        (UIDAI_TEST, "XXXX-XXXX-7058"),
        ("XXXX XXXX 1234", "XXXX-XXXX-1234"),  # already masked: taken as it is
        ("xxxxxxxx1234", "XXXX-XXXX-1234"),
        ("XXXX-XXXX-1234", "XXXX-XXXX-1234"),
        ("********1234", "XXXX-XXXX-1234"),
    ],
)
def test_valid_aadhaar_cleans_to_masked_form(raw: str, clean: str) -> None:
    assert aadhaars.clean(raw) == clean


@pytest.mark.parametrize(
    "raw",
    [
        "234567890123",  # wrong check digit
        "234567890125",
        "243567890124",  # two digits swapped
        "134567890124",  # first digit 1 is never issued
        "034567890126",
        "23456789012",  # 11 digits
        "2345678901240",
        "222222222222",
        "XXXX XXXX 123",
        "XXXX1234",
        "ABCD EFGH 1234",
        "",
    ],
)
def test_not_aadhaar(raw: str) -> None:
    assert aadhaars.clean(raw) is None
    assert not aadhaars.validate(raw)


def test_the_full_number_never_comes_back() -> None:
    full = "2345 6789 0124"
    outputs = [aadhaars.clean(full), aadhaars.mask(full), aadhaars.last4(full), repr(aadhaars)]
    for out in outputs:
        assert out is not None
        assert "23456789" not in re.sub(r"\D", "", out)
    assert aadhaars.last4(full) == "0124"
    assert not hasattr(aadhaars, "__dict__") or not aadhaars.__dict__


def test_invalid_input_is_not_repeated_in_the_error() -> None:
    with pytest.raises(InputError) as info:
        aadhaars.mask("234567890123")
    assert "234567890123" not in str(info.value)


@given(aadhaar_numbers)
def test_every_valid_number_is_masked_to_last_four(number: str) -> None:
    clean = aadhaars.clean(number)
    assert clean == f"XXXX-XXXX-{number[-4:]}"
    assert aadhaars.mask(number) == clean
    assert_idempotent(aadhaars, number)


@given(aadhaar_numbers, st.integers(0, 11), st.integers(1, 9))
def test_one_wrong_digit_is_rejected(number: str, i: int, delta: int) -> None:
    wrong = number[:i] + str((int(number[i]) + delta) % 10) + number[i + 1 :]
    assert aadhaars.clean(wrong) is None


@given(st.from_regex(r"[2-9][0-9]{10}", fullmatch=True))
def test_generated_check_digit_matches(payload: str) -> None:
    right = verhoeff_check_digit(payload)
    for digit in "0123456789":
        number = payload + digit
        assert aadhaars.validate(number) == (digit == right and len(set(number)) > 1)


@given(noisy("0123456789२३४ -Xx*"))
def test_clean_is_idempotent_on_any_text(raw: str) -> None:
    assert_idempotent(aadhaars, raw)
