"""Transaction references: UPI/IMPS RRN (12 digits) and NEFT/RTGS UTRs.

Accepted, after removing spaces and hyphens and upper-casing:
- RRN, the primary form: 12 digits (`401234567890`), the reference a UPI app or an IMPS SMS
  shows as "UTR", "UPI Ref No" or "RRN". All-one-digit junk (`000000000000`) is rejected.
- NEFT UTR: 16 characters, the sender bank's 4-letter IFSC prefix, `N`, then 11 letters or digits
  ending in a 6-digit sequence number (`SBINN52025010612`).
- RTGS UTR: 22 characters, the 4-letter prefix, `R`, then 17 letters or digits ending in a
  6-digit sequence number (`HDFCR52025010600012345`).
Canonical: the compact upper-case string. `kind(value)` says which; `bank(value)` is the sending
bank for NEFT/RTGS (None for an RRN: its digits do not name a bank).

Caveat: an Aadhaar number is also 12 digits (with a valid Verhoeff check digit, which one RRN in
ten has by chance), so shape cannot tell the two apart. This type validates shape only; the
intake decides from context (the words around the number) and never stores an Aadhaar number
as a UTR.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final

from cybersetu.identifiers.banks import Bank, bank_for_ifsc
from cybersetu.identifiers.base import IdentifierType
from cybersetu.identifiers.digits import ascii_upper, compact, is_repeated_digit


class UtrKind(StrEnum):
    RRN = "rrn"
    NEFT = "neft"
    RTGS = "rtgs"


_KINDS: Final = (
    (UtrKind.RRN, re.compile(r"[0-9]{12}")),
    (UtrKind.NEFT, re.compile(r"[A-Z]{4}N[A-Z0-9]{5}[0-9]{6}")),
    (UtrKind.RTGS, re.compile(r"[A-Z]{4}R[A-Z0-9]{11}[0-9]{6}")),
)


def _kind(value: str) -> UtrKind | None:
    for kind, pattern in _KINDS:
        if pattern.fullmatch(value):
            return kind
    return None


class UtrType(IdentifierType):
    """A payment reference (UTR/RRN); canonical form compact upper case."""

    name = "utr"
    label = "UTR/RRN"
    label_hi = "यूटीआर/आरआरएन"

    def _clean(self, text: str) -> str | None:
        value = ascii_upper(compact(text))
        if value is None:
            return None
        kind = _kind(value)
        if kind is None or (kind is UtrKind.RRN and is_repeated_digit(value)):
            return None
        return value

    def kind(self, value: str) -> UtrKind:
        """RRN (12 digits), NEFT or RTGS; raises InputError if `value` is invalid."""
        kind = _kind(self.require(value))
        if kind is None:  # cannot happen: require() only returns values that have a kind
            raise RuntimeError(f"a valid {self.label} of no kind")
        return kind

    def bank(self, value: str) -> Bank | None:
        clean = self.clean(value)
        if clean is None or clean.isdigit():
            return None
        return bank_for_ifsc(clean)


utrs: Final = UtrType()
