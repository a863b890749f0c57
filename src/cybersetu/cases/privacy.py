"""Personal data the desk must not keep or show in full."""

from __future__ import annotations

import re
from typing import Final

from cybersetu.identifiers import aadhaars, phones

_DIGITS: Final = re.compile(r"(?<![0-9])[0-9०-९](?:[0-9०-९]|[ -](?=[0-9०-९])){11,16}(?![0-9])")
_CUE: Final = re.compile(r"(aadhaa?r|adhaa?r|आधार|uidai|\buid\b|यूआईडी)", re.I)


def mask_aadhaar(text: str) -> str:
    """The text with every Aadhaar number masked (`XXXX-XXXX-1234`), so that a full number is
    never stored. A 12-digit number is read as an Aadhaar number when it passes Aadhaar's check
    digit and either is written in its 4-4-4 grouping or follows the word Aadhaar; a bare UTR
    (the same shape) is left as it is."""

    def repl(m: re.Match[str]) -> str:
        raw = m.group(0)
        masked = aadhaars.clean(raw)
        if masked is None:
            return raw
        grouped = re.fullmatch(r"\S{4}[ -]\S{4}[ -]\S{4}", raw) is not None
        cued = _CUE.search(text[max(0, m.start() - 40) : m.start()]) is not None
        return masked if grouped or cued else raw

    return _DIGITS.sub(repl, text)


def shown_mobile(mobile: str | None, *, may_see: bool) -> str:
    """The complainant's mobile as this reader may see it."""
    if not mobile:
        return "—"
    return mobile if may_see else phones.mask(mobile)
