"""Rupee amounts in a narrative, written any way people write them.

`₹48,000`, `Rs.70,000/-`, `1,20,000` (Indian grouping), `40k`, `1.5L`, `1.5 lakh`,
`1 lakh 13 hazaar`, `Rs 1.86 Cr`, `पचास हजार`, `साढ़े सत्रह लाख`, `छियासठ हजार`, `₹१८,०००`, both
ends of `60-65 hazar` and `5 से 10 हजार`. Not foreign currency (`$500`, `11,000 USDT`), not
vague amounts (`लाखों`, `lakhon`), percentages, counts (`2,000 members`, `10k followers`), times,
dates, service numbers (`1930`) or numbers that are part of an identifier.

A number with a rupee marker (`₹`, `Rs`, `INR`, `/-`, `रुपये`, `rupaye` ...) or a multiplier
(`k`, `lakh`, `हजार`, `crore` ...) is an amount unless a foreign currency or a count noun is
attached to it. A bare number (`maine 14000 bheje`) is an amount when it is at least 100 and
nothing around it says otherwise (`OTP`, `card`, `अंक`, `नंबर` before it; `%`, `बजे`, `लोग`,
`points` after it ...). The rules are in `docs/intake.md`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, NamedTuple

from cybersetu.intake.spans import Spans
from cybersetu.intake.textnorm import Normalized
from cybersetu.intake.textnorm import normalize as _norm

# A number token: Indian grouping (1,20,000) before Western (120,000) before plain digits.
_TOKEN: Final = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"|(?P<word>[A-Za-z\u0900-\u0963\u0971-\u097f]+)"
    r"|(?P<sym>/-|[^\s\w]|_)"
)


def _words(text: str) -> list[str]:
    return text.split()


def _n(words: str) -> frozenset[str]:
    """A vocabulary in the same normal form as the text (no nukta, no chandrabindu), lower case."""
    return frozenset(_norm(w).text.lower() for w in words.split())


_THOUSAND: Final = Decimal(1000)
_LAKH: Final = Decimal(100000)
_CRORE: Final = Decimal(10000000)

_MULTIPLIERS: Final[dict[str, Decimal]] = {
    **dict.fromkeys(_n("sau सौ hundred"), Decimal(100)),
    **dict.fromkeys(
        _n("hazar hazaar hajar hajaar hazzar hazar hzar hajjar thousand हजार हज़ार हज़ार"),
        _THOUSAND,
    ),
    **dict.fromkeys(_n("lakh lakhs lac lacs laakh lakh. लाख"), _LAKH),
    **dict.fromkeys(_n("crore crores cr karod karor करोड़ करोड"), _CRORE),
}
# Glued to the digits only: `40k`, `1.5L` (a spaced `k` or `L` is something else).
_GLUED_MULTIPLIERS: Final[dict[str, Decimal]] = {"k": _THOUSAND, "K": _THOUSAND, "L": _LAKH}

_HINDI_NUMBERS: Final = _words("""
एक दो तीन चार पांच छह सात आठ नौ दस ग्यारह बारह तेरह चौदह पंद्रह सोलह सत्रह अठारह उन्नीस बीस
इक्कीस बाईस तेईस चौबीस पच्चीस छब्बीस सत्ताईस अट्ठाईस उनतीस तीस इकतीस बत्तीस तैंतीस चौंतीस पैंतीस
छत्तीस सैंतीस अड़तीस उनतालीस चालीस इकतालीस बयालीस तैंतालीस चवालीस पैंतालीस छियालीस सैंतालीस
अड़तालीस उनचास पचास इक्यावन बावन तिरपन चौवन पचपन छप्पन सत्तावन अट्ठावन उनसठ साठ इकसठ बासठ
तिरसठ चौंसठ पैंसठ छियासठ सड़सठ अड़सठ उनहत्तर सत्तर इकहत्तर बहत्तर तिहत्तर चौहत्तर पचहत्तर छिहत्तर
सतहत्तर अठहत्तर उन्यासी अस्सी इक्यासी बयासी तिरासी चौरासी पचासी छियासी सत्तासी अट्ठासी नवासी नब्बे
इक्यानवे बानवे तिरानवे चौरानवे पचानवे छियानवे सत्तानवे अट्ठानवे निन्यानवे
""")
_HINDI_VARIANTS: Final = {
    "पाँच": 5, "छः": 6, "छ": 6, "छे": 6, "पन्द्रह": 15, "सतरह": 17, "अट्ठारह": 18, "अठाईस": 28,
    "इकत्तीस": 31, "तेंतीस": 33, "चौवालीस": 44, "सरसठ": 67, "उनासी": 79, "सौ": 100,
}  # fmt: skip
_ROMAN_NUMBERS: Final = {
    "ek": 1, "do": 2, "teen": 3, "tin": 3, "char": 4, "chaar": 4, "paanch": 5, "panch": 5,
    "pach": 5, "chhe": 6, "chhah": 6, "chah": 6, "saat": 7, "sat": 7, "aath": 8, "ath": 8,
    "nau": 9, "das": 10, "gyarah": 11, "gyara": 11, "barah": 12, "bara": 12, "terah": 13,
    "chaudah": 14, "pandrah": 15, "pandra": 15, "solah": 16, "satrah": 17, "atharah": 18,
    "unnis": 19, "bees": 20, "bis": 20, "pachis": 25, "pachees": 25, "pachchis": 25,
    "tees": 30, "tis": 30, "chalis": 40, "chalees": 40, "chaalis": 40, "pachas": 50,
    "pachaas": 50, "saath": 60, "sath": 60, "sattar": 70, "assi": 80, "nabbe": 90,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "twenty-five": 25, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_NUMBER_WORDS: Final[dict[str, Decimal]] = {
    **{_norm(w).text: Decimal(i) for i, w in enumerate(_HINDI_NUMBERS, start=1)},
    **{_norm(w).text: Decimal(v) for w, v in _HINDI_VARIANTS.items()},
    **{w: Decimal(v) for w, v in _ROMAN_NUMBERS.items()},
}
# Whole numbers that are fractions: डेढ़ 1.5, ढाई 2.5 (only before a multiplier).
_FRACTION_NUMBERS: Final[dict[str, Decimal]] = {
    **dict.fromkeys(_n("डेढ़ डेढ dedh derh dedh"), Decimal("1.5")),
    **dict.fromkeys(_n("ढाई dhai dhaai dhaayi adhai"), Decimal("2.5")),
}
# Fraction prefixes: साढ़े N = N + 1/2, सवा N = N + 1/4, पौने N = N - 1/4 (सवा लाख = 1.25 lakh).
_FRACTION_PREFIXES: Final[dict[str, Decimal]] = {
    **dict.fromkeys(_n("साढ़े साढे sadhe saadhe sade saade sarhe"), Decimal("0.5")),
    **dict.fromkeys(_n("सवा sava sawa savaa"), Decimal("0.25")),
    **dict.fromkeys(_n("पौने paune pone"), Decimal("-0.25")),
}

_PREFIX_MARKERS: Final = _n("rs rs. inr re re. rupees रु रू")
_SUFFIX_MARKERS: Final = _n(
    "rs rs. rupees rupee rupaye rupay rupaya rupye rupiya rupiye rupaiya rupe inr "
    "रुपये रुपए रुपया रुपयों रूपये रूपए रुपैया रुपैये रु रू"
)
_FOREIGN_PREFIX: Final = _n("usd usdt gbp eur euro aed btc us")
_FOREIGN_SYMBOLS: Final = frozenset("$£€¥")
_FOREIGN_SUFFIX: Final = _n(
    "usd usdt dollar dollars डॉलर डालर gbp pound pounds पाउंड euro euros यूरो btc bitcoin "
    "bitcoins aed dirham dirhams दिरहम riyal yen taka"
)
# Words after a number that make it a count, a measure or a time, not money.
_COUNT_WORDS: Final = _n(
    "% प्रतिशत percent pc pct baje बजे am pm a.m p.m hrs hr hours hour ghante ghanta घंटे घंटा "
    "min mins minute minutes मिनट sec seconds din दिन days day saal साल वर्ष years year yrs "
    "mahine महीने months month hafte हफ्ते weeks week baar बार times log लोग logo लोगों people "
    "persons members member सदस्य followers follower फॉलोअर्स subscribers subscriber likes "
    "views users students villagers grams gram ग्राम gm kg kilo किलो ton tonne टन litre liter "
    "लीटर inch इंच km किमी meter gb mb tasks टास्क transactions shares units unit यूनिट coins "
    "tokens points point पॉइंट पॉइंट्स reward rewards रिवॉर्ड diamonds डायमंड pcs pieces pairs "
    "nights packets calls messages contacts short passports पासपोर्ट sim"
)
_PARTICLES: Final = _n("ka ke ki का के की")
# Words just before a bare number that make it an id, a code or a count.
_BEFORE_NOT_MONEY: Final = _n(
    "no no. number num नंबर नं न # otp ओटीपी pin पिन cvv code कोड level version flat house "
    "plot sector ward room gali pincode age aged उम्र sms msg message मैसेज एसएमएस dial id "
    "आईडी order ऑर्डर ticket टिकट complaint शिकायत एफआईआर imei model iphone आईफोन class "
    "कक्षा train ट्रेन policy"
)
# ... and before a bare four-digit number: the last digits of a card (`card 8832`, `अंक 4521`).
_BEFORE_LAST_DIGITS: Final = _n("card कार्ड ending last digit digits अंक अंकों")
_MONTHS: Final = _n(
    "jan january feb february mar march apr april may jun june jul july aug august sep sept "
    "september oct october nov november dec december जनवरी फरवरी मार्च अप्रैल मई जून जुलाई "
    "अगस्त सितंबर सितम्बर अक्टूबर नवंबर नवम्बर दिसंबर दिसम्बर"
)
_RANGE_WORDS: Final = _n("to se से")
# Helplines and service numbers: never an amount when written bare.
_SERVICE_NUMBERS: Final = frozenset(
    {"121", "1930", "112", "1098", "181", "14646", "155260", "1800", "1860"}
)


class _Token(NamedTuple):
    """A tuple, not a frozen dataclass: a narrative has hundreds of tokens, and a frozen
    dataclass sets each field through `object.__setattr__`."""

    kind: str  # "num" | "word" | "sym"
    text: str
    low: str
    start: int
    end: int


@dataclass(slots=True)
class _Quantity:
    first: int  # token index where the quantity starts (after any prefix marker)
    last: int  # token index of its last token
    value: Decimal
    multiplier: Decimal | None  # the smallest multiplier applied, if any
    numeric: bool  # written with digits (not number words)
    digits: int  # digits before the decimal point, for bare-number rules


@dataclass(frozen=True, slots=True)
class AmountMatch:
    """An amount found in the normalised text: [start, end) and its value in rupees."""

    start: int
    end: int
    value: Decimal


def _may_start(word: str) -> bool:
    """Whether a group can start with this word (what `_group` checks first)."""
    return word in _NUMBER_WORDS or word in _FRACTION_NUMBERS or word in _FRACTION_PREFIXES


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "sym"
        tokens.append(_Token(kind, match.group(), match.group().lower(), *match.span()))
    return tokens


def _number_at(tokens: Sequence[_Token], i: int) -> tuple[Decimal, bool, int] | None:
    """(value, numeric, digits) of the number token or number word at i."""
    if i >= len(tokens):
        return None
    token = tokens[i]
    if token.kind == "num":
        integer = token.text.split(".")[0].replace(",", "")
        return Decimal(token.text.replace(",", "")), True, len(integer)
    if token.kind == "word":
        if token.low in _NUMBER_WORDS:
            return _NUMBER_WORDS[token.low], False, 0
        if token.low in _FRACTION_NUMBERS:
            return _FRACTION_NUMBERS[token.low], False, 0
    return None


def _multiplier_at(tokens: Sequence[_Token], i: int) -> Decimal | None:
    if i >= len(tokens) or tokens[i].kind != "word" or i == 0:
        return None
    token = tokens[i]
    glued = tokens[i - 1].end == token.start
    if glued and token.text in _GLUED_MULTIPLIERS:
        return _GLUED_MULTIPLIERS[token.text]
    return _MULTIPLIERS.get(token.low)


def _only_spaces_between(text: str, left: _Token, right: _Token) -> bool:
    return text[left.end : right.start].strip() == ""


def _group(tokens: Sequence[_Token], i: int) -> _Quantity | None:
    """One `[fraction] number [multiplier]` group starting at token i."""
    first = i
    fraction = Decimal(0)
    if i < len(tokens) and tokens[i].kind == "word" and tokens[i].low in _FRACTION_PREFIXES:
        fraction = _FRACTION_PREFIXES[tokens[i].low]
        i += 1
        # सवा लाख: the fraction alone before a multiplier means 1 + fraction.
        alone = _multiplier_at(tokens, i)
        if alone is not None:
            return _Quantity(first, i, (1 + fraction) * alone, alone, False, 0)
    number = _number_at(tokens, i)
    if number is None:
        return None
    value, numeric, digits = number
    if fraction and value == value.to_integral_value():
        value += fraction
    elif fraction:
        return None
    multiplier = _multiplier_at(tokens, i + 1)
    if multiplier is None:
        if tokens[i].low in _FRACTION_NUMBERS or fraction:
            return None
        return _Quantity(first, i, value, None, numeric, digits)
    return _Quantity(first, i + 1, value * multiplier, multiplier, numeric, digits)


def _quantity(text: str, tokens: Sequence[_Token], i: int) -> _Quantity | None:
    """A group, then smaller groups joined by spaces: `1 crore 20 lakh`, `18 hazar 500`."""
    quantity = _group(tokens, i)
    if quantity is None or quantity.multiplier is None:
        return quantity
    while quantity.multiplier is not None:
        j = quantity.last + 1
        if j >= len(tokens) or not _only_spaces_between(text, tokens[j - 1], tokens[j]):
            break
        following = _group(tokens, j)
        if following is None:
            break
        if following.multiplier is not None and following.multiplier < quantity.multiplier:
            quantity.value += following.value
            quantity.last = following.last
            quantity.multiplier = following.multiplier
            continue
        trailing = following.multiplier is None and following.numeric
        if trailing and quantity.multiplier == _THOUSAND and 100 <= following.value < 1000:
            quantity.value += following.value
            quantity.last = following.last
        break
    return quantity


def _word_before(tokens: Sequence[_Token], i: int, skip_syms: bool = True) -> _Token | None:
    j = i - 1
    while skip_syms and j >= 0 and tokens[j].kind == "sym" and tokens[j].text in ".:-#":
        j -= 1
    return tokens[j] if j >= 0 else None


def _has_prefix_marker(text: str, tokens: Sequence[_Token], i: int) -> str | None:
    """'rupee' or 'foreign' when a currency marker stands right before token i."""
    if i == 0:
        return None
    before = tokens[i - 1]
    if text[before.end : tokens[i].start].strip():
        return None
    if before.text == "₹":
        return "rupee"
    if before.text in _FOREIGN_SYMBOLS or before.low in _FOREIGN_PREFIX:
        return "foreign"
    if before.low in _PREFIX_MARKERS:
        return "rupee"
    if before.text in ".:" and i >= 2 and tokens[i - 2].low in _PREFIX_MARKERS:
        return "rupee"
    if before.text == "$" or (i >= 2 and tokens[i - 2].text in _FOREIGN_SYMBOLS):
        return "foreign"
    return None


def _suffix(tokens: Sequence[_Token], j: int) -> str | None:
    """'rupee', 'foreign' or 'count' from the tokens after a quantity ending before j."""
    if j >= len(tokens):
        return None
    token = tokens[j]
    if token.text == "/-" or token.low in _SUFFIX_MARKERS:
        return "rupee"
    if token.low in _FOREIGN_SUFFIX:
        return "foreign"
    if token.low in _COUNT_WORDS or token.text == "%":
        return "count"
    if token.low in _PARTICLES and j + 1 < len(tokens):
        following = tokens[j + 1].low
        if following in _COUNT_WORDS:
            return "count"
        if following in _SUFFIX_MARKERS:
            return "rupee"
    return None


def _bare_allowed(tokens: Sequence[_Token], q: _Quantity) -> bool:
    """Whether a number with no rupee marker and no multiplier is still an amount."""
    token = tokens[q.first]
    if not q.numeric or q.value < 100 or q.digits > 8 or token.text in _SERVICE_NUMBERS:
        return False
    previous = tokens[q.first - 1] if q.first > 0 else None
    following = tokens[q.last + 1] if q.last + 1 < len(tokens) else None
    # Glued to letters or slashes on either side: a code (`OD4312`, `5G`, `12/03`).
    if previous is not None and previous.end == token.start and previous.text not in "(+=":
        return False
    if (
        following is not None
        and following.start == tokens[q.last].end
        and (following.kind in ("word", "num") or following.text in "/:@")
    ):
        return False
    if previous is not None and previous.text == "(" and following and following.text == ")":
        return False
    word = _word_before(tokens, q.first)
    if word is not None and word.low in _BEFORE_NOT_MONEY:
        return False
    last_digits = token.text.isdigit() and len(token.text) == 4
    if word is not None and last_digits and word.low in _BEFORE_LAST_DIGITS:
        return False
    near_month = (word is not None and word.low in _MONTHS) or (
        following is not None and following.low in _MONTHS
    )
    return not (near_month and 1900 <= q.value <= 2100)


def find_amounts(norm: Normalized, blocked: Iterable[tuple[int, int]] = ()) -> list[AmountMatch]:
    """Every rupee amount in the normalised text, skipping spans in `blocked` (identifiers,
    dates, times, codes: whatever the caller already knows is not money)."""
    text = norm.text
    tokens = _tokens(text)
    blocked_spans = Spans(blocked)
    quantities: list[tuple[_Quantity, str | None]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind != "num" and (token.kind != "word" or not _may_start(token.low)):
            i += 1  # no group starts here (what `_group` checks first, without the calls)
            continue
        quantity = _quantity(text, tokens, i)
        if quantity is None:
            i += 1
            continue
        marker = _has_prefix_marker(text, tokens, quantity.first)
        suffix = _suffix(tokens, quantity.last + 1)
        if marker == "foreign" or suffix in ("foreign", "count"):
            status = "no"
        elif marker == "rupee" or suffix == "rupee" or quantity.multiplier is not None:
            status = "yes"
        elif _bare_allowed(tokens, quantity):
            status = "bare"
        else:
            status = None
        quantities.append((quantity, status))
        i = quantity.last + 1
    _propagate_ranges(tokens, quantities)
    found: list[AmountMatch] = []
    for quantity, status in quantities:
        if status not in ("yes", "bare"):
            continue
        start, end = tokens[quantity.first].start, tokens[quantity.last].end
        if blocked_spans.overlaps(start, end):
            continue
        found.append(AmountMatch(start, end, quantity.value))
    return found


def _propagate_ranges(
    tokens: Sequence[_Token], quantities: list[tuple[_Quantity, str | None]]
) -> None:
    """`60-65 hazar`, `5 से 10 हजार`: the left end takes the right end's multiplier."""
    for k in range(len(quantities) - 1):
        left, left_status = quantities[k]
        right, right_status = quantities[k + 1]
        if left.multiplier is not None or right.multiplier is None or right_status != "yes":
            continue
        between = tokens[left.last + 1 : right.first]
        if len(between) != 1:
            continue
        separator = between[0]
        if separator.text != "-" and separator.low not in _RANGE_WORDS:
            continue
        if left_status == "no":
            continue
        left.value *= right.multiplier
        left.multiplier = right.multiplier
        quantities[k] = (left, "yes")
