from hypothesis import given
from hypothesis import strategies as st

from cybersetu.identifiers import ascii_digits, normalize
from cybersetu.identifiers.digits import is_digit_run, is_repeated_digit


def test_devanagari_digits_become_ascii() -> None:
    assert ascii_digits("९८७६५४३२१०") == "9876543210"
    assert ascii_digits("₹१,५००") == "₹1,500"


def test_other_indian_scripts_and_full_width_digits() -> None:
    assert ascii_digits("০১২৩") == "0123"  # Bengali
    assert ascii_digits("૪૫૬") == "456"  # Gujarati
    assert ascii_digits("੭੮੯") == "789"  # Gurmukhi
    assert ascii_digits("٣٤") == "34"  # Arabic-Indic
    assert ascii_digits("１２") == "12"


def test_non_decimal_numerals_and_letters_are_left_alone() -> None:
    assert ascii_digits("x² ½ ①") == "x² ½ ①"
    assert ascii_digits("खाता संख्या") == "खाता संख्या"


def test_normalize_drops_invisible_characters_and_unifies_dashes() -> None:
    assert normalize("\u200b98765\u200d–43210 ") == "98765-43210"
    assert normalize("\u00a0SBIN0001234\ufeff") == "SBIN0001234"
    assert normalize("＋９１ ९८७६५−४३२१०") == "+91 98765-43210"


def test_junk_digit_patterns() -> None:
    assert is_repeated_digit("000000000")
    assert not is_repeated_digit("000000001")
    assert is_digit_run("123456789")
    assert is_digit_run("9876543210")
    assert is_digit_run("7890123")
    assert not is_digit_run("30012345678")
    assert not is_digit_run("1")


@given(st.text())
def test_normalize_is_idempotent_and_leaves_no_foreign_digits(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert all(ch.isascii() for ch in once if ch.isdecimal())
