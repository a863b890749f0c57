import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybersetu.identifiers import (
    luhn_check_digit,
    luhn_valid,
    verhoeff_check_digit,
    verhoeff_valid,
)

payloads = st.from_regex(r"[0-9]{1,20}", fullmatch=True)


def test_verhoeff_published_vectors() -> None:
    assert verhoeff_check_digit("236") == "3"
    assert verhoeff_valid("2363")
    assert not verhoeff_valid("2364")
    # UIDAI's public test-environment Aadhaar numbers carry valid check digits.
    assert verhoeff_valid("999999990019")
    assert verhoeff_valid("999941057058")


def test_luhn_published_vectors() -> None:
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")
    assert luhn_valid("490154203237518")  # the widely published example IMEI
    assert luhn_check_digit("49015420323751") == "8"


def test_empty_and_non_digit_input() -> None:
    assert not verhoeff_valid("")
    assert not luhn_valid("")
    with pytest.raises(ValueError, match="ASCII digit"):
        luhn_valid("१२३")


@given(payloads)
def test_a_computed_check_digit_validates(payload: str) -> None:
    assert verhoeff_valid(payload + verhoeff_check_digit(payload))
    assert luhn_valid(payload + luhn_check_digit(payload))


@given(payloads, st.data())
def test_every_single_digit_error_is_caught(payload: str, data: st.DataObject) -> None:
    for check, valid in ((verhoeff_check_digit, verhoeff_valid), (luhn_check_digit, luhn_valid)):
        number = payload + check(payload)
        i = data.draw(st.integers(0, len(number) - 1))
        wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != number[i]]))
        assert not valid(number[:i] + wrong + number[i + 1 :])


@given(payloads, st.data())
def test_verhoeff_catches_adjacent_transpositions(payload: str, data: st.DataObject) -> None:
    number = payload + verhoeff_check_digit(payload)
    i = data.draw(st.integers(0, len(number) - 2))
    swapped = number[:i] + number[i + 1] + number[i] + number[i + 2 :]
    assert verhoeff_valid(swapped) == (swapped == number)
