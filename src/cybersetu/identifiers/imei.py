"""IMEI, the 15-digit identity of a mobile handset (from a seized phone, a box, a CDR).

Accepted: 15 digits whose last is the Luhn check digit, with spaces, hyphens, slashes or dots
between groups (`49-015420-323751-8`, `490154203237518`); or 14 digits (TAC + serial, as some
forms and the IMEI database print it without the check digit), to which the check digit is
added. Canonical: 15 ASCII digits. All-one-digit junk (`000000000000000`) is rejected.

Caveat: operators' CDRs often carry the IMEI as 14 digits plus a spare `0` in place of the check
digit; such a value fails Luhn and is rejected. Give the first 14 digits instead: this type
then adds the real check digit.

Not personal data on its own: `mask` shows it in full.
"""

from __future__ import annotations

import re
from typing import Final

from cybersetu.identifiers.base import IdentifierType
from cybersetu.identifiers.checksums import luhn_check_digit, luhn_valid
from cybersetu.identifiers.digits import is_repeated_digit

_SEPARATORS: Final = re.compile(r"[\s./-]+")
_DIGITS: Final = re.compile(r"[0-9]{14,15}")


class ImeiType(IdentifierType):
    """A handset IMEI; canonical form 15 digits with a valid Luhn check digit."""

    name = "imei"
    label = "IMEI"
    label_hi = "आईएमईआई"

    def _clean(self, text: str) -> str | None:
        value = _SEPARATORS.sub("", text)
        if not _DIGITS.fullmatch(value) or is_repeated_digit(value[:14]):
            return None
        if len(value) == 14:
            return value + luhn_check_digit(value)
        return value if luhn_valid(value) else None

    def tac(self, value: str) -> str:
        """The Type Allocation Code, the first 8 digits: the make and model of the handset."""
        return self.require(value)[:8]


imeis: Final = ImeiType()
