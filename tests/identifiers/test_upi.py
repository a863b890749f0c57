import pytest
from hypothesis import given

from cybersetu.identifiers import UPI_HANDLES, emails, phone_in_vpa, vpas
from tests.identifiers.strategies import assert_idempotent, noisy, vpa_values


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("9876543210@ybl", "9876543210@ybl"),
        ("Ramesh.Kumar@OKSBI", "ramesh.kumar@oksbi"),
        ("  shop-42_kanpur@paytm ", "shop-42_kanpur@paytm"),
        ("९८७६५४३२१०@ybl", "9876543210@ybl"),
        ("ab@upi", "ab@upi"),
        ("unknownshop@newpsp", "unknownshop@newpsp"),
        ("upi://pay?pa=Gupta.Traders@okaxis&pn=Gupta%20Traders&am=500", "gupta.traders@okaxis"),
        ("UPI://pay?pn=X&pa=9415012345@ibl", "9415012345@ibl"),
    ],
)
def test_valid_vpas(raw: str, clean: str) -> None:
    assert vpas.clean(raw) == clean


@pytest.mark.parametrize(
    "raw",
    [
        "rahul.k@gmail.com",  # an e-mail address: the part after @ has a dot
        "kyc-update@sbi.co.in",
        "a@ybl",  # handle too short
        "..@ybl",  # no letter or digit in the handle
        "ramesh@",
        "@ybl",
        "ramesh@@ybl",
        "ramesh kumar@ybl",
        "ramesh@y",
        "ramesh@1930",  # psp must start with a letter
        "ramesh@ok-sbi",
        "रमेश@ybl",
        "upi://pay?pn=NoPayee",
        "9876543210",
    ],
)
def test_not_vpas(raw: str) -> None:
    assert vpas.clean(raw) is None


def test_an_email_is_not_a_vpa_and_a_vpa_is_not_an_email() -> None:
    assert emails.validate("rahul@gmail.com")
    assert not vpas.validate("rahul@gmail.com")
    assert vpas.validate("rahul@okhdfcbank")
    assert not emails.validate("rahul@okhdfcbank")


def test_bank_behind_known_handles() -> None:
    ybl = vpas.bank("9876543210@YBL")
    assert ybl is not None
    assert ybl.ifsc_prefix == "YESB"
    sbi = vpas.bank("ramesh@oksbi")
    assert sbi is not None
    assert sbi.name == "State Bank of India"
    assert vpas.bank("shop@newpsp") is None
    assert vpas.bank("not a vpa") is None


def test_every_known_handle_points_to_a_known_bank() -> None:
    for psp in UPI_HANDLES:
        assert vpas.bank(f"test.user@{psp}") is not None, psp


def test_app_of_app_handles_only() -> None:
    assert vpas.app("9876543210@ybl") == "PhonePe"
    assert vpas.app("ramesh@okaxis") == "Google Pay"
    assert vpas.app("ramesh@sbi") is None


def test_handle_and_psp() -> None:
    assert vpas.handle("Ramesh.K@OKSBI") == "ramesh.k"
    assert vpas.psp("Ramesh.K@OKSBI") == "oksbi"


@pytest.mark.parametrize(
    ("vpa", "phone"),
    [
        ("9876543210@ybl", "9876543210"),
        ("919415012345@paytm", "9415012345"),
        ("9415012345-2@ybl", "9415012345"),
        ("९४१५०१२३४५@ibl", "9415012345"),
        ("ramesh.k@oksbi", None),
        ("5122304567@ybl", None),  # not a mobile series
        ("98765432101@ybl", None),
        ("9999999999@ybl", None),
        ("rahul@gmail.com", None),
    ],
)
def test_phone_in_vpa(vpa: str, phone: str | None) -> None:
    assert phone_in_vpa(vpa) == phone


def test_mask_hides_the_phone_or_most_of_the_handle() -> None:
    assert vpas.mask("9876543210@ybl") == "XXXXXX3210@ybl"
    assert vpas.mask("Ramesh.K@oksbi") == "raXXXXXX@oksbi"


@given(vpa_values)
def test_generated_vpas_are_valid_and_stable(vpa: str) -> None:
    assert vpas.clean(vpa.upper()) == vpa
    assert_idempotent(vpas, vpa)


@given(noisy("abz09._-@Ybl.com9876543210upi://pay?pa=&"))
def test_clean_is_idempotent_on_any_text(raw: str) -> None:
    assert_idempotent(vpas, raw)
