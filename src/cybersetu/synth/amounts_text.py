"""Rupee amounts, phone numbers and digits written the way people write them in complaints."""

from __future__ import annotations

import random
from typing import Final

from cybersetu.ledger.money import group_digits

DEVANAGARI_DIGITS: Final = str.maketrans("0123456789", "०१२३४५६७८९")

HINDI_NUMBERS: Final = (
    "", "एक", "दो", "तीन", "चार", "पाँच", "छह", "सात", "आठ", "नौ", "दस",
    "ग्यारह", "बारह", "तेरह", "चौदह", "पंद्रह", "सोलह", "सत्रह", "अठारह", "उन्नीस", "बीस",
    "इक्कीस", "बाईस", "तेईस", "चौबीस", "पच्चीस", "छब्बीस", "सत्ताईस", "अट्ठाईस", "उनतीस", "तीस",
    "इकतीस", "बत्तीस", "तैंतीस", "चौंतीस", "पैंतीस", "छत्तीस", "सैंतीस", "अड़तीस", "उनतालीस", "चालीस",
    "इकतालीस", "बयालीस", "तैंतालीस", "चवालीस", "पैंतालीस", "छियालीस", "सैंतालीस", "अड़तालीस", "उनचास", "पचास",
    "इक्यावन", "बावन", "तिरपन", "चौवन", "पचपन", "छप्पन", "सत्तावन", "अट्ठावन", "उनसठ", "साठ",
    "इकसठ", "बासठ", "तिरसठ", "चौंसठ", "पैंसठ", "छियासठ", "सड़सठ", "अड़सठ", "उनहत्तर", "सत्तर",
    "इकहत्तर", "बहत्तर", "तिहत्तर", "चौहत्तर", "पचहत्तर", "छिहत्तर", "सतहत्तर", "अठहत्तर", "उन्यासी", "अस्सी",
    "इक्यासी", "बयासी", "तिरासी", "चौरासी", "पचासी", "छियासी", "सत्तासी", "अट्ठासी", "नवासी", "नब्बे",
    "इक्यानवे", "बानवे", "तिरानवे", "चौरानवे", "पंचानवे", "छियानवे", "सत्तानवे", "अट्ठानवे", "निन्यानवे",
)  # fmt: skip

#: Romanised Hindi number words people type in Hinglish (only the common ones).
HINGLISH_NUMBERS: Final = {
    1: "ek", 2: "do", 3: "teen", 4: "chaar", 5: "paanch", 10: "das", 15: "pandrah", 20: "bees",
    25: "pachees", 30: "tees", 40: "chaalis", 50: "pachaas", 60: "saath", 70: "sattar", 80: "assi",
    90: "nabbe",
}  # fmt: skip


def _trim(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def hindi_words(rupees: int) -> str | None:
    """`पचास हजार`, `एक लाख बीस हजार`, `डेढ़ लाख`; None if the amount has no such short form."""
    if rupees == 150_000:
        return "डेढ़ लाख"
    if rupees == 250_000:
        return "ढाई लाख"
    if rupees % 1_000 or rupees >= 10_000_000 or rupees < 1_000:
        return None
    lakh, thousand = divmod(rupees // 1_000, 100)
    parts = []
    if lakh:
        parts.append(f"{HINDI_NUMBERS[lakh]} लाख")
    if thousand:
        parts.append(f"{HINDI_NUMBERS[thousand]} हजार")
    return " ".join(parts)


def format_amount(r: random.Random, paise: int, lang: str) -> str:
    """One of the many ways a victim writes an amount; the value is always exactly `paise`."""
    rupees, p = divmod(paise, 100)
    g = group_digits(rupees)
    if p:
        dec = f"{g}.{p:02d}"
        opts = [f"₹{dec}", f"Rs {dec}", f"Rs.{dec}"]
        if lang == "hi":
            opts += [f"{dec} रुपये", f"₹{dec.translate(DEVANAGARI_DIGITS)}"]
        return r.choice(opts)
    opts = [f"₹{g}", f"₹ {g}", f"Rs.{g}/-", f"Rs {g}", f"{g}/-", f"₹{rupees}"]
    lakh_ok = rupees >= 100_000 and rupees % 1_000 == 0
    k_ok = rupees % 1_000 == 0 and 1_000 <= rupees < 100_000
    if lang == "hi":
        opts += [
            f"{g} रुपये",
            f"₹{g.translate(DEVANAGARI_DIGITS)}",
            f"{g.translate(DEVANAGARI_DIGITS)} रुपये",
        ]
        if lakh_ok:
            x = _trim(rupees / 100_000)
            opts += [f"₹{x} लाख", f"{x} लाख रुपये", f"₹{x.translate(DEVANAGARI_DIGITS)} लाख"]
        words = hindi_words(rupees)
        if words:
            opts += [f"{words} रुपये", words, f"{words} रुपए"] * 2
    elif lang == "en":
        opts += [f"INR {g}", f"{g} rupees", f"Rs. {g}.00"]
        if lakh_ok:
            x = _trim(rupees / 100_000)
            opts += [f"Rs {x} lakh", f"₹{x} lakh", f"{x} lakhs"]
        if k_ok:
            opts += [f"{rupees // 1_000}k", f"Rs {rupees // 1_000}K"]
    else:
        opts += [f"{g} rupaye", f"{g} rs"]
        if lakh_ok:
            x = _trim(rupees / 100_000)
            opts += [f"{x} lakh", f"{x} lac", f"₹{x} lakh"]
        if k_ok:
            opts += [f"{rupees // 1_000}k", f"{rupees // 1_000}K"] * 2
            word = HINGLISH_NUMBERS.get(rupees // 1_000)
            if word:
                opts.append(f"{word} hazar")
    return r.choice(opts)


def format_phone(r: random.Random, phone10: str, lang: str) -> str:
    a, b = phone10[:5], phone10[5:]
    opts = [
        phone10,
        f"+91 {a} {b}",
        f"+91-{phone10}",
        f"+91{phone10}",
        f"0{phone10}",
        f"{a} {b}",
        f"{a}-{b}",
        f"+91 {phone10}",
    ]
    if lang == "hi" and r.random() < 0.1:
        return phone10.translate(DEVANAGARI_DIGITS)
    return r.choice(opts)
