"""Text normalisation shared by every identifier type: Unicode digits to ASCII, dashes, junk.

Complaints arrive in Hindi, English and Hinglish, typed on phones: numbers in Devanagari digits
(`९८७६५४३२१०`), full-width forms, en-dashes between digit groups, zero-width joiners pasted from
chat apps. Every type runs its input through `normalize` first, so each type's own rules only
ever see ASCII digits and plain hyphens.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from typing import Final

# Zero-width and soft-hyphen characters: meaningful in Hindi prose, junk inside an identifier.
_INVISIBLE: Final = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# NFKC keeps these dashes and the minus sign as they are; inside identifiers they mean "-".
_DASHES: Final = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63"), "-")
_SPACES_AND_HYPHENS: Final = re.compile(r"[\s-]+")


def ascii_digits(text: str) -> str:
    """Replace every Unicode decimal digit (Devanagari, Bengali, Gurmukhi, ...) by its ASCII digit.

    Only characters with a decimal value (Unicode category Nd) change; superscripts, fractions
    and circled numbers are left alone. `ascii_digits("९८७६५४३२१०") == "9876543210"`.
    """
    if text.isascii():
        return text
    out = []
    for ch in text:
        value = unicodedata.decimal(ch, None)
        out.append(ch if value is None or ch.isascii() else str(value))
    return "".join(out)


def normalize(raw: str) -> str:
    """The text every identifier type starts from: NFKC, ASCII digits, plain hyphens, stripped.

    Invisible characters are dropped before NFKC so that removing them cannot create new
    compositions afterwards (which would make `clean` non-idempotent).
    """
    text = unicodedata.normalize("NFKC", raw.translate(_INVISIBLE))
    return ascii_digits(text).translate(_DASHES).strip()


def compact(text: str) -> str:
    """`text` without whitespace and hyphens (`SBIN 0001-234` -> `SBIN0001234`)."""
    return _SPACES_AND_HYPHENS.sub("", text)


def ascii_upper(text: str) -> str | None:
    """Upper case of ASCII `text`; None otherwise (`str.upper` would turn a dotless `ı` into `I`)."""
    return text.upper() if text.isascii() else None


def is_repeated_digit(digits: str) -> bool:
    """True for `0000000000`, `999999999999`...: placeholder junk typed into forms, not a number."""
    return len(set(digits)) == 1


def is_digit_run(digits: str) -> bool:
    """True for consecutive runs such as `123456789` or `9876543210` (also placeholder junk)."""
    if len(digits) < 2 or not digits.isdigit():
        return False
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(digits)}
    return steps in ({1}, {9})
