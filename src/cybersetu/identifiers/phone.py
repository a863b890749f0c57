"""Indian mobile numbers.

Accepted: 10 digits starting 6-9, optionally after `+91`, `91`, `0091` or the trunk `0`, with
spaces, hyphens, dots and brackets between digit groups, in any Unicode digits
(`+91-98765 43210`, `(0) 98765-43210`, `९८७६५४३२१०`). Canonical: the 10 ASCII digits.

Rejected: toll-free and service numbers (`1800-180-1111`, `1930`), foreign numbers (`+1...`,
`+44...`), wrong lengths, repeated-digit placeholders (`9999999999`) and landlines written
with their STD code (`0512-2304567`, `(0512) 2304567`).

Limit: a landline written as one 11-digit run whose STD code starts with 6-9 (`08022345678`,
Bengaluru) has exactly the shape of a mobile dialled with the trunk 0 and is accepted as one.
"""

from __future__ import annotations

import re
from typing import Final

from cybersetu.identifiers.base import IdentifierType
from cybersetu.identifiers.digits import is_repeated_digit

# A leading + (international form) and digits with separators between them; nothing else.
_SHAPE: Final = re.compile(r"\+?[0-9 .()\[\]-]+")
_GROUPS: Final = re.compile(r"[0-9]+")
_MOBILE: Final = re.compile(r"[6-9][0-9]{9}")


class PhoneType(IdentifierType):
    """An Indian mobile number; canonical form the 10 national digits (`9876543210`)."""

    name = "phone"
    label = "mobile number"
    label_hi = "मोबाइल नंबर"

    def _clean(self, text: str) -> str | None:
        if not _SHAPE.fullmatch(text):
            return None
        groups = _GROUPS.findall(text)
        digits = "".join(groups)
        if text.startswith("+"):
            national = digits[2:] if digits.startswith("91") else ""
        elif len(digits) == 10:
            national = digits
        elif len(digits) == 11 and digits.startswith("0"):
            # `0512-2304567`: a trunk 0 + 2-4 digit STD code as its own group is a landline.
            if 3 <= len(groups[0]) <= 5:
                return None
            national = digits[1:]
        elif len(digits) == 12 and digits.startswith("91"):
            national = digits[2:]
        elif len(digits) == 14 and digits.startswith("0091"):
            national = digits[4:]
        else:
            return None
        if not _MOBILE.fullmatch(national) or is_repeated_digit(national):
            return None
        return national

    def _mask(self, value: str) -> str:
        return "X" * 6 + value[-4:]

    def e164(self, value: str) -> str:
        """The international form `+919876543210` (raises InputError if `value` is invalid)."""
        return "+91" + self.require(value)


phones: Final = PhoneType()
