import pytest
from hypothesis import given

from cybersetu.identifiers import pans
from tests.identifiers.strategies import assert_idempotent, noisy, pan_values


@pytest.mark.parametrize(
    ("raw", "clean", "holder"),
    [
        ("ABCPK1234F", "ABCPK1234F", "individual"),
        ("abcpk1234f", "ABCPK1234F", "individual"),
        ("ABCPK 1234 F", "ABCPK1234F", "individual"),
        ("AAACR5055K", "AAACR5055K", "company"),
        ("AAAHS1234L", "AAAHS1234L", "hindu undivided family"),
        ("AAAFG1234Q", "AAAFG1234Q", "firm"),
        ("AAATK1234B", "AAATK1234B", "trust"),
        ("AAAGM1234C", "AAAGM1234C", "government"),
        ("ABCPK१२३४F", "ABCPK1234F", "individual"),
    ],
)
def test_valid_pans(raw: str, clean: str, holder: str) -> None:
    assert pans.clean(raw) == clean
    assert pans.holder_type(raw) == holder


@pytest.mark.parametrize(
    "raw",
    [
        "ABCXK1234F",  # X is no holder type
        "ABCDE1234F",  # D neither
        "ABCPK12345",
        "ABCPK1234",
        "ABCP1234FK",
        "1BCPK1234F",
        "ABCPK1234FF",
        "XXXXX1234F",  # a masked PAN is not a PAN
        "",
    ],
)
def test_not_pans(raw: str) -> None:
    assert pans.clean(raw) is None


def test_mask() -> None:
    assert pans.mask("abcpk1234f") == "XXXXX1234F"


@given(pan_values)
def test_generated_pans(pan: str) -> None:
    assert pans.clean(pan.lower()) == pan
    assert pans.mask(pan) == "XXXXX" + pan[5:]
    assert_idempotent(pans, pan)


@given(noisy("ABCPKabcpk0123456789 -F"))
def test_clean_is_idempotent_on_any_text(raw: str) -> None:
    assert_idempotent(pans, raw)
