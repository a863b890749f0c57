import pytest
from hypothesis import given

from cybersetu.identifiers import emails, vpas
from tests.identifiers.strategies import assert_idempotent, email_values, noisy


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("rahul.k@gmail.com", "rahul.k@gmail.com"),
        ("Rahul.Kumar@Gmail.COM", "rahul.kumar@gmail.com"),
        ("mailto:complaints@kanpurnagar.police.gov.in", "complaints@kanpurnagar.police.gov.in"),
        ("shop+orders@gupta-traders.co.in", "shop+orders@gupta-traders.co.in"),
        ("o'brien_2@yahoo.co.uk", "o'brien_2@yahoo.co.uk"),
        ("  cyber.cell@up.gov.in ", "cyber.cell@up.gov.in"),
    ],
)
def test_valid_emails(raw: str, clean: str) -> None:
    assert emails.clean(raw) == clean


@pytest.mark.parametrize(
    "raw",
    [
        "9876543210@ybl",  # a VPA
        "rahul@okhdfcbank",
        "rahul@gmail",
        "rahul@gmail.c",
        "rahul@gmail.123",
        ".rahul@gmail.com",
        "rahul.@gmail.com",
        "ra..hul@gmail.com",
        "rahul@-gmail.com",
        "rahul@gmail..com",
        "rahul kumar@gmail.com",
        "rahul@@gmail.com",
        "राहुल@gmail.com",
        "@gmail.com",
        "x" * 65 + "@gmail.com",
        "",
    ],
)
def test_not_emails(raw: str) -> None:
    assert emails.clean(raw) is None


def test_domain_and_mask() -> None:
    assert emails.domain("Rahul.K@GMAIL.com") == "gmail.com"
    assert emails.mask("rahul.kumar@gmail.com") == "raXXXXXXXXX@gmail.com"
    assert emails.mask("ab@gmail.com") == "aX@gmail.com"


@given(email_values)
def test_generated_emails_are_never_vpas(email: str) -> None:
    clean = emails.clean(email)
    assert clean == email.lower()
    assert not vpas.validate(email)
    assert_idempotent(emails, email)


@given(noisy("abcXYZ09._+-@gmail.com mailto:"))
def test_clean_is_idempotent_on_any_text(raw: str) -> None:
    assert_idempotent(emails, raw)
