import pytest
from hypothesis import given

from cybersetu.errors import InputError
from cybersetu.identifiers import phones
from tests.identifiers.strategies import assert_idempotent, mobiles, noisy, written_mobiles


@pytest.mark.parametrize(
    "raw",
    [
        "9876543210",
        "+919876543210",
        "+91-98765 43210",
        "+91 98765-43210",
        "+91 (98765) 43210",
        "919876543210",
        "09876543210",
        "0 98765 43210",
        "098765-43210",
        "0091 98765 43210",
        "98765.43210",
        "987-654-3210",
        "९८७६५४३२१०",
        "+९१ ९८७६५-४३२१०",
        " 98765\u200b43210 ",
        "98765–43210",
    ],
)
def test_spellings_of_one_mobile_number(raw: str) -> None:
    assert phones.clean(raw) == "9876543210"


@pytest.mark.parametrize("raw", ["6001234567", "7007123456", "8299012345"])
def test_every_mobile_series_6_to_9(raw: str) -> None:
    assert phones.clean(raw) == raw


@pytest.mark.parametrize(
    "raw",
    [
        "0512-2304567",  # Kanpur landline with STD code
        "०५१२-२३०४५६७",  # the same in Devanagari
        "(0512) 2304567",
        "0522 2612345",  # Lucknow
        "+91-512-2304567",
        "5122304567",
        "1800-180-1111",  # toll-free
        "18001801111",
        "1930",  # cyber helpline short code
        "112",
        "+1 202 555 0143",
        "+44 7911 123456",
        "+9198765432101",
        "987654321",
        "98765432100",
        "9999999999",
        "0000000000",
        "98765abc43210",
        "98765/43210",
        "9876543210 ext 2",
        "",
        "   ",
    ],
)
def test_not_mobile_numbers(raw: str) -> None:
    assert phones.clean(raw) is None
    assert not phones.validate(raw)


def test_none_is_not_a_number() -> None:
    assert phones.clean(None) is None


def test_mask_shows_only_last_four_digits() -> None:
    assert phones.mask("+91 98765 43210") == "XXXXXX3210"


def test_mask_of_an_invalid_number_raises_without_repeating_it() -> None:
    with pytest.raises(InputError, match="not a valid mobile number") as info:
        phones.mask("0512-2304567")
    assert "2304567" not in str(info.value)


def test_e164() -> None:
    assert phones.e164("०९८७६५४३२१०") == "+919876543210"


def test_phones_name_no_bank() -> None:
    assert phones.bank("9876543210") is None
    assert phones.name == "phone"


@given(written_mobiles)
def test_written_forms_clean_to_ten_digits(raw: str) -> None:
    clean = phones.clean(raw)
    assert clean is not None
    assert len(clean) == 10
    assert clean[0] in "6789"
    assert_idempotent(phones, raw)


@given(mobiles)
def test_clean_mobile_is_its_own_canonical_form(number: str) -> None:
    assert phones.clean(number) == number


@given(noisy("0123456789०१२३४५६७८९+-. ()[]91"))
def test_clean_is_idempotent_on_any_text(raw: str) -> None:
    assert_idempotent(phones, raw)
