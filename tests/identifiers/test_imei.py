import pytest
from hypothesis import given

from cybersetu.identifiers import imeis, luhn_valid
from tests.identifiers.strategies import assert_idempotent, imei_values, noisy

IMEI = "490154203237518"


@pytest.mark.parametrize(
    "raw",
    [
        IMEI,
        "49-015420-323751-8",
        "49 015420 323751 8",
        "490154/203237/518",
        "४९०१५४२०३२३७५१८",
        "49015420323751",  # 14 digits: the check digit is added
    ],
)
def test_spellings_of_one_imei(raw: str) -> None:
    assert imeis.clean(raw) == IMEI


@pytest.mark.parametrize(
    "raw",
    [
        "490154203237519",  # bad Luhn
        "490154203237510",  # CDR style: spare 0 instead of the check digit
        "490154203237",
        "4901542032375181",  # 16 digits (IMEISV) not taken
        "000000000000000",
        "00000000000000",
        "49015420323751A",
        "",
    ],
)
def test_not_imeis(raw: str) -> None:
    assert imeis.clean(raw) is None


def test_tac_and_identity_mask() -> None:
    assert imeis.tac("49-015420-323751-8") == "49015420"
    assert imeis.mask("49-015420-323751-8") == IMEI


@given(imei_values)
def test_generated_imeis(imei: str) -> None:
    assert imeis.clean(imei) == imei
    assert imeis.clean(imei[:14]) == imei
    assert luhn_valid(imeis.clean(imei) or "")
    assert_idempotent(imeis, imei)


@given(noisy("0123456789 -/."))
def test_clean_is_idempotent_on_any_text(raw: str) -> None:
    assert_idempotent(imeis, raw)
