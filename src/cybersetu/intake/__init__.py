"""Intake: read a victim's story in Hindi, English or Hinglish.

The one call the web desk uses:

    >>> from cybersetu.intake import analyze, Kind
    >>> result = analyze("Maine OLX buyer ka QR scan kiya, 25k kat gaye. UPI rahul.k@ybl")
    >>> result.mo.mo.value, result.lang.value
    ('upi_qr_scam', 'hinglish')
    >>> [(f.kind.value, f.value, f.start, f.end) for f in result.found if f.kind is Kind.AMOUNT]
    [('amount', '25000', 39, 42)]

`analyze(text)` returns an `Analysis`: the language, the MO with its confidence and runner-up,
and every extracted item (`Found`: kind, start, end, raw text, canonical value). The MO model is
trained from the packaged corpus on the first call in a process (well under a second).
"""

from __future__ import annotations

from typing import Final

from cybersetu.errors import InputError
from cybersetu.intake.classify import classify
from cybersetu.intake.extract import extract
from cybersetu.intake.language import detect_language
from cybersetu.intake.results import FIELD_OF_KIND, Analysis, Found, Kind, Lang, Mo, MoResult

MAX_NARRATIVE_CHARS: Final = 20_000
"""Longest narrative read (a long petition is about 5,000 characters): beyond it the text is
not one victim's story, and reading it would keep the desk waiting."""


def analyze(text: str) -> Analysis:
    """Language, MO and every identifier and amount of one narrative.

    A text longer than `MAX_NARRATIVE_CHARS` is refused with an `InputError`.
    """
    if len(text) > MAX_NARRATIVE_CHARS:
        raise InputError(
            f"The narrative has {len(text):,} characters; at most {MAX_NARRATIVE_CHARS:,} "
            "are read, so split it into parts."
        )
    return Analysis(lang=detect_language(text), mo=classify(text), found=extract(text))


__all__ = [
    "FIELD_OF_KIND",
    "MAX_NARRATIVE_CHARS",
    "Analysis",
    "Found",
    "Kind",
    "Lang",
    "Mo",
    "MoResult",
    "analyze",
    "classify",
    "detect_language",
    "extract",
]
