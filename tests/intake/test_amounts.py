"""Amounts: every way people write rupees, and the hard negatives."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybersetu.intake import Kind, extract


def amounts(text: str) -> list[Decimal]:
    """Distinct amounts in order of first appearance."""
    return [
        Decimal(v) for v in dict.fromkeys(f.value for f in extract(text) if f.kind is Kind.AMOUNT)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("₹48,000 kat gaye", [48000]),
        ("Rs.70,000/- debited", [70000]),
        ("total 1,20,000 gaya", [120000]),
        ("lost 40k", [40000]),
        ("1.5 lakh nikal gaye", [150000]),
        ("1.5L more", [150000]),
        ("1 lakh 13 hazaar nikaal liye", [113000]),
        ("Rs 1.86 Cr ka fraud", [18600000]),
        ("पचास हजार की ठगी", [50000]),
        ("साढ़े सत्रह लाख रुपये ठग लिए", [1750000]),
        ("छियासठ हजार गए", [66000]),
        ("₹१८,००० कट गए", [18000]),
        ("९ लाख ६० हजार लगवाए", [960000]),
        ("सवा लाख और ढाई हजार", [125000, 2500]),
        ("साढ़े आठ हजार भरे", [8500]),
        ("1 crore 20 lakh ka FD", [12000000]),
        ("18 hazar 500 kat gaye", [18500]),
        ("19 लाख 50 हजार की ठगी", [1950000]),
        ("INR 52,350 lost", [52350]),
        ("₹ 1,49,997 debit hue", [149997]),
        ("9,999.00 ke teen transaction", [9999]),
        ("Re 1 for verification", [1]),
        ("1 rs test ke liye", [1]),
        ("5 रुपये भरो", [5]),
        ("maine 14000 bheje", [14000]),
        ("24999+24999 = 49998 gaye", [24999, 49998]),
        ("2,000 + 8,000 + 15,000 diye", [2000, 8000, 15000]),
        ("3k-5k daily", [3000, 5000]),
        ("60-65 hazar rupaye", [60000, 65000]),
        ("5 से 10 हजार निकल गए", [5000, 10000]),
        ("Rs 800 to Rs 3000 daily", [800, 3000]),
        ("1 lakh aur 55 hazar gaye", [100000, 55000]),
        ("ek aur 25,000 bhi", [25000]),
        ("total ek lakh", [100000]),
    ],
)
def test_written_forms(text: str, expected: list[int]) -> None:
    assert amounts(text) == [Decimal(v) for v in expected]


@pytest.mark.parametrize(
    "text",
    [
        "they asked $500 for customs",
        "bought 11,000 USDT",
        "gift me 50,000 पाउंड hain",
        "won GBP 850,000",
        "demanded 0.5 BTC",
        "लाखों रुपये का लेनदेन",
        "lakhon ka profit dikhate the",
        "हजारों लोग",
        "30% return har mahine",
        "20 प्रतिशत मुनाफा",
        "group me 2,000 members the",
        "page with 10k followers",
        "150 लोग थे",
        "200 ग्राम एमडीएमए",
        "12,000 ke reward points",
        "call at 7:30 बजे",
        "tonight at 9.30 pm",
        "दिनांक 14/03/2024 को",
        "March 2024 me",
        "maine 1930 pe call kiya",
        "SMS to 121 bhejo",
        "last 4 digits of card 8832",
        "कार्ड के अंतिम चार अंक 4521",
        "CVV 123 aur OTP",
        "ऑर्डर नं. 40512",
        "order id OD4312345678",
        "order BBZ-2024-556677",
        "4G से 5G",
        "Aadhaar no. XXXX XXXX 4521",
        "SMS from 56161 short code",
        "real number is 1800",
    ],
)
def test_hard_negatives(text: str) -> None:
    assert amounts(text) == []


def test_identifiers_are_not_amounts() -> None:
    text = "UTR 412345678901, a/c 30012345678, mob 9876543210, aadhaar 2345 6789 0124"
    assert amounts(text) == []


def test_amount_span_points_into_original_text() -> None:
    text = "साढ़े सत्रह लाख रुपये ठग लिए"
    (found,) = [f for f in extract(text) if f.kind is Kind.AMOUNT]
    assert text[found.start : found.end] == found.raw == "साढ़े सत्रह लाख"


@given(st.integers(min_value=100, max_value=99_99_99_999))
def test_indian_grouping_round_trips(value: int) -> None:
    digits = str(value)
    head, tail = digits[:-3], digits[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    written = ",".join([*groups, tail])
    assert amounts(f"Rs {written} kat gaye") == [Decimal(value)]
    devanagari = written.translate(str.maketrans("0123456789", "०१२३४५६७८९"))
    assert amounts(f"₹{devanagari} कट गए") == [Decimal(value)]
