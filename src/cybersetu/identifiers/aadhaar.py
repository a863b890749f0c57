"""Aadhaar numbers, only ever kept masked.

Accepted: a full number, 12 digits, the first 2-9, the last a valid Verhoeff check digit, with
spaces or hyphens anywhere (`2345 6789 0124`); or an already-masked number, 8 mask characters
(`X`, `x`, `*`, `•`) and the last 4 digits (`XXXX XXXX 1234`, `xxxxxxxx1234`).
Canonical: the masked form `XXXX-XXXX-1234`, for both.

Aadhaar rules restrict who may store or display a full number (Aadhaar Act s.29; UIDAI wants
it kept in a data vault) and CyberSetu is no such vault, so this type never returns it: `clean`,
`mask` and `last4` give at most the last four digits, nothing is cached, and errors do not
repeat the input. A full number is checked (Verhoeff) before it is thrown away; a masked one
cannot be checked and is taken as it is.

A full Aadhaar number has the shape of a 12-digit UTR/RRN; see `utr` for how the two are told
apart.
"""

from __future__ import annotations

import re
from typing import Final

from cybersetu.identifiers.base import IdentifierType
from cybersetu.identifiers.checksums import verhoeff_valid
from cybersetu.identifiers.digits import compact, is_repeated_digit

_FULL: Final = re.compile(r"[2-9][0-9]{11}")
_MASKED: Final = re.compile(r"[Xx*•]{8}([0-9]{4})")


class AadhaarType(IdentifierType):
    """An Aadhaar number; canonical (and only) form masked: `XXXX-XXXX-1234`."""

    name = "aadhaar"
    label = "Aadhaar number"
    label_hi = "आधार संख्या"

    def _clean(self, text: str) -> str | None:
        value = compact(text)
        if _FULL.fullmatch(value):
            if not verhoeff_valid(value) or is_repeated_digit(value):
                return None
            last4 = value[-4:]
        elif masked := _MASKED.fullmatch(value):
            last4 = masked.group(1)
        else:
            return None
        return f"XXXX-XXXX-{last4}"

    def last4(self, value: str) -> str:
        """The four digits that may be shown (`1234`)."""
        return self.require(value)[-4:]


aadhaars: Final = AadhaarType()
