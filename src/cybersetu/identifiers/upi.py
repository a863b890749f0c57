"""UPI IDs (virtual payment addresses, VPA): `handle@psp`.

Accepted: `handle@psp` in any case, where the handle is 2-256 of letters, digits, `.`, `-`, `_`
(with at least one letter or digit) and the psp is 2-64 letters and digits starting with a
letter; also a UPI deep link or QR payload `upi://pay?pa=handle@psp&pn=...` (its `pa`).
Canonical: lower case (`ramesh.k@oksbi`).

An e-mail address is never a VPA: its domain has a dot (`a@gmail.com`), a psp never does.

`bank(vpa)` is the bank behind the psp (`banks.UPI_HANDLES`); for app handles (`@ybl`,
`@okaxis`, `@paytm`, see `banks.UPI_HANDLE_APPS`) that is the app's partner bank, the first bank
to ask, which may not hold the account. `phone_in_vpa` pulls out the mobile number that
PhonePe/Paytm style VPAs (`9876543210@ybl`) are built from.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import parse_qs, urlsplit

from cybersetu.identifiers.banks import BANKS_BY_PREFIX, UPI_HANDLE_APPS, UPI_HANDLES, Bank
from cybersetu.identifiers.base import IdentifierType
from cybersetu.identifiers.phone import phones

_VPA: Final = re.compile(r"([a-z0-9._-]{2,256})@([a-z][a-z0-9]{1,63})")
_ALNUM: Final = re.compile(r"[a-z0-9]")
# A handle made of a mobile number, maybe with the country code or a `-2` style suffix.
_PHONE_HANDLE: Final = re.compile(r"(?:91)?([6-9][0-9]{9})(?:[-._][0-9]{1,3})?")


def _from_deep_link(text: str) -> str | None:
    """The payee address (`pa`) of a `upi://pay?...` link, as scanned from a QR code."""
    values = parse_qs(urlsplit(text).query).get("pa")
    return values[0].strip() if values else None


class VpaType(IdentifierType):
    """A UPI virtual payment address; canonical form lower case (`9876543210@ybl`)."""

    name = "vpa"
    label = "UPI ID"
    label_hi = "यूपीआई आईडी"

    def _clean(self, text: str) -> str | None:
        if text[:6].lower() == "upi://":
            link_vpa = _from_deep_link(text)
            if link_vpa is None:
                return None
            text = link_vpa
        value = text.lower()
        match = _VPA.fullmatch(value)
        if match is None or not _ALNUM.search(match.group(1)):
            return None
        return value

    def handle(self, value: str) -> str:
        """The part before the @ (`ramesh.k` in `ramesh.k@oksbi`)."""
        return self.require(value).partition("@")[0]

    def psp(self, value: str) -> str:
        """The part after the @ (`oksbi` in `ramesh.k@oksbi`)."""
        return self.require(value).partition("@")[2]

    def bank(self, value: str) -> Bank | None:
        clean = self.clean(value)
        if clean is None:
            return None
        prefix = UPI_HANDLES.get(clean.partition("@")[2])
        return BANKS_BY_PREFIX.get(prefix) if prefix else None

    def app(self, value: str) -> str | None:
        """The payment app that issued the VPA (`PhonePe` for `@ybl`), None for bank handles."""
        clean = self.clean(value)
        return UPI_HANDLE_APPS.get(clean.partition("@")[2]) if clean else None

    def _mask(self, value: str) -> str:
        handle, _, psp = value.partition("@")
        phone = phone_in_vpa(value)
        if phone is not None:
            return f"{'X' * 6}{phone[-4:]}@{psp}"
        return f"{handle[:2]}{'X' * (len(handle) - 2)}@{psp}"


vpas: Final = VpaType()


def phone_in_vpa(vpa: str) -> str | None:
    """The 10-digit mobile number a VPA is made of (`9876543210@ybl`), or None."""
    clean = vpas.clean(vpa)
    if clean is None:
        return None
    match = _PHONE_HANDLE.fullmatch(clean.partition("@")[0])
    return phones.clean(match.group(1)) if match else None
