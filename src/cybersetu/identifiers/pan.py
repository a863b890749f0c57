"""PAN, the Permanent Account Number of the Income Tax Department.

Accepted: 5 letters, 4 digits, 1 letter, in any case, spaces and hyphens ignored
(`abcpk 1234 f`); the fourth letter must be a holder type (P individual, C company, H HUF,
F firm, A association of persons, T trust, B body of individuals, L local authority,
J artificial juridical person, G government). Canonical: upper case (`ABCPK1234F`).

Mask: the five letters hidden, digits and the last letter shown (`XXXXX1234F`), the form used on
screens and in logs. The last letter is a check character whose algorithm is not public, so it is
not verified.
"""

from __future__ import annotations

import re
from typing import Final

from cybersetu.identifiers.base import IdentifierType
from cybersetu.identifiers.digits import ascii_upper, compact

HOLDER_TYPES: Final[dict[str, str]] = {
    "P": "individual",
    "C": "company",
    "H": "hindu undivided family",
    "F": "firm",
    "A": "association of persons",
    "T": "trust",
    "B": "body of individuals",
    "L": "local authority",
    "J": "artificial juridical person",
    "G": "government",
}

_PAN: Final = re.compile(r"[A-Z]{3}[PCHFATBLJG][A-Z][0-9]{4}[A-Z]")


class PanType(IdentifierType):
    """A PAN; canonical form upper case (`ABCPK1234F`)."""

    name = "pan"
    label = "PAN"
    label_hi = "पैन"

    def _clean(self, text: str) -> str | None:
        value = ascii_upper(compact(text))
        if value is None or not _PAN.fullmatch(value):
            return None
        return value

    def _mask(self, value: str) -> str:
        return "XXXXX" + value[5:]

    def holder_type(self, value: str) -> str:
        """Who holds the PAN, from its fourth letter (`individual`, `company`, ...)."""
        return HOLDER_TYPES[self.require(value)[3]]


pans: Final = PanType()
