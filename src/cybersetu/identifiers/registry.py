"""All identifier types by name, for code that handles them generically (intake, linking)."""

from __future__ import annotations

from typing import Final

from cybersetu.errors import InputError
from cybersetu.identifiers.aadhaar import aadhaars
from cybersetu.identifiers.account import account_ids, account_numbers
from cybersetu.identifiers.base import IdentifierType
from cybersetu.identifiers.email import emails
from cybersetu.identifiers.ifsc import ifscs
from cybersetu.identifiers.imei import imeis
from cybersetu.identifiers.pan import pans
from cybersetu.identifiers.phone import phones
from cybersetu.identifiers.upi import vpas
from cybersetu.identifiers.url import urls
from cybersetu.identifiers.utr import utrs

#: Every type, keyed by its `name` (`"phone"`, `"vpa"`, `"ifsc"`, ...).
TYPES: Final[dict[str, IdentifierType]] = {
    t.name: t
    for t in (
        phones,
        vpas,
        ifscs,
        account_numbers,
        account_ids,
        utrs,
        pans,
        aadhaars,
        urls,
        imeis,
        emails,
    )
}


def get_type(name: str) -> IdentifierType:
    """The type called `name`; raises InputError naming the known types otherwise."""
    try:
        return TYPES[name]
    except KeyError:
        known = ", ".join(sorted(TYPES))
        raise InputError(f"Unknown identifier type {name!r}; known types: {known}.") from None
