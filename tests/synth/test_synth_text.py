"""Amounts and phones written the way victims write them always mean exactly the right value."""

from __future__ import annotations

import random
import re

from hypothesis import given
from hypothesis import strategies as st

from cybersetu.synth.amounts_text import (
    HINDI_NUMBERS,
    HINGLISH_NUMBERS,
    format_amount,
    format_phone,
    hindi_words,
)

_DEV = str.maketrans("०१२३४५६७८९", "0123456789")
_HI = {w: i for i, w in enumerate(HINDI_NUMBERS) if w}
_HINGLISH = {w: n for n, w in HINGLISH_NUMBERS.items()}


def _read_amount(text: str) -> int:
    """A small reader for the formats the generator writes (the test's own oracle), in paise."""
    t = text.translate(_DEV)
    if t.startswith("डेढ़ लाख"):
        return 150_000_00
    if t.startswith("ढाई लाख"):
        return 250_000_00
    words = t.replace("रुपये", "").replace("रुपए", "").split()
    if words and words[0] in _HI:
        total = 0
        for k in range(0, len(words), 2):
            unit = {"लाख": 100_000, "हजार": 1_000}[words[k + 1]]
            total += _HI[words[k]] * unit
        return total * 100
    m = re.match(r"^(\w+) hazar$", t)
    if m and m.group(1) in _HINGLISH:
        return _HINGLISH[m.group(1)] * 1_000 * 100
    num = re.search(r"\d[\d,]*(?:\.\d+)?", t)
    assert num, text
    value = float(num.group(0).replace(",", ""))
    rest = t[num.end() :].strip().lower()
    if rest.startswith(("लाख", "lakh", "lac")):
        value *= 100_000
    elif rest.startswith("k"):
        value *= 1_000
    return round(value * 100)


@given(
    rupees=st.one_of(
        st.integers(1, 9_99_99_999),
        st.integers(1, 99_999).map(lambda k: k * 1_000),
        st.sampled_from([150_000, 250_000, 40_000, 70_000, 1_20_000]),
    ),
    paise=st.sampled_from([0, 0, 0, 50, 99, 5]),
    lang=st.sampled_from(["hi", "en", "hinglish"]),
    seed=st.integers(0, 10_000),
)
def test_every_written_amount_reads_back_exactly(
    rupees: int, paise: int, lang: str, seed: int
) -> None:
    value = rupees * 100 + paise
    text = format_amount(random.Random(seed), value, lang)
    assert _read_amount(text) == value, text


def test_the_written_forms_people_use_do_occur() -> None:
    r = random.Random(0)
    seen = {
        format_amount(r, v * 100, lang)
        for v in (150_000, 50_000, 40_000, 70_000, 120_000, 18_000)
        for lang in ("hi", "en", "hinglish")
        for _ in range(60)
    }
    for form in ("₹1.5 लाख", "पचास हजार", "40k", "Rs.70,000/-", "₹1,20,000", "₹१८,०००"):
        assert any(form in s for s in seen), form


def test_hindi_words() -> None:
    assert hindi_words(120_000) == "एक लाख बीस हजार"
    assert hindi_words(50_000) == "पचास हजार"
    assert hindi_words(1_500) is None


@given(
    st.integers(6_000_000_000, 9_999_999_999),
    st.sampled_from(["hi", "en", "hinglish"]),
    st.integers(0, 99),
)
def test_phones_keep_their_ten_digits(phone: int, lang: str, seed: int) -> None:
    text = format_phone(random.Random(seed), str(phone), lang)
    digits = re.sub(r"\D", "", text.translate(_DEV))
    assert digits[-10:] == str(phone)
