"""IFSC, the 11-character Indian Financial System Code of a bank branch.

Accepted: 4 letters (the bank), `0`, 6 letters or digits (the branch), in any case, with
spaces or hyphens anywhere (`sbin 0001234`). The fifth character is always zero, so a letter
`O` typed there is read as `0` (`SBINO001234`). Canonical: upper case (`SBIN0001234`).

`bank(ifsc)` names the bank from the prefix (`banks.BANKS_BY_PREFIX`); an unknown prefix is still
a valid IFSC (there are over a thousand banks), its bank is just None.
"""

from __future__ import annotations

import re
from typing import Final

from cybersetu.identifiers.banks import Bank, bank_for_ifsc
from cybersetu.identifiers.base import IdentifierType
from cybersetu.identifiers.digits import ascii_upper, compact

_IFSC: Final = re.compile(r"[A-Z]{4}[0O][A-Z0-9]{6}")


class IfscType(IdentifierType):
    """A bank branch's IFSC; canonical form upper case (`SBIN0001234`)."""

    name = "ifsc"
    label = "IFSC"
    label_hi = "आईएफएससी कोड"

    def _clean(self, text: str) -> str | None:
        value = ascii_upper(compact(text))
        if value is None or not _IFSC.fullmatch(value):
            return None
        return f"{value[:4]}0{value[5:]}"

    def bank(self, value: str) -> Bank | None:
        clean = self.clean(value)
        return bank_for_ifsc(clean) if clean else None

    def branch_code(self, value: str) -> str:
        """The last six characters, the branch within the bank (`001234`)."""
        return self.require(value)[5:]


ifscs: Final = IfscType()
