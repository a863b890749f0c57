"""E-mail addresses, validated pragmatically.

Accepted: `local@domain.tld` (a `mailto:` prefix is dropped), where the local part is letters,
digits and `. _ % + - '` with no leading, trailing or double dot (at most 64 characters), and the
domain has at least two dot-separated labels of letters, digits and inner hyphens, ending in an
alphabetic (or `xn--`) top-level domain; at most 254 characters in all.

Canonical: all lower case. The standard lets the local part be case-sensitive, but no
mainstream provider uses that, and linking complaints needs one spelling per mailbox.

A VPA is never an e-mail address: `handle@psp` has no dot after the @ (`ramesh@oksbi`).

Mask: the first two characters of the local part (one if it is that short) and the domain
(`raXXXXXXXXX@gmail.com`).
"""

from __future__ import annotations

import re
from typing import Final

from cybersetu.identifiers.base import IdentifierType

_EMAIL: Final = re.compile(
    r"(?P<local>[a-z0-9_%+'-]+(?:\.[a-z0-9_%+'-]+)*)"
    r"@(?P<domain>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59}))"
)


class EmailType(IdentifierType):
    """An e-mail address; canonical form lower case (`rahul.k@gmail.com`)."""

    name = "email"
    label = "e-mail address"
    label_hi = "ईमेल पता"

    def _clean(self, text: str) -> str | None:
        if not text.isascii():
            return None
        value = text.lower().removeprefix("mailto:")
        match = _EMAIL.fullmatch(value)
        if match is None or len(match.group("local")) > 64 or len(value) > 254:
            return None
        return value

    def domain(self, value: str) -> str:
        """The part after the @ (`gmail.com`)."""
        return self.require(value).partition("@")[2]

    def _mask(self, value: str) -> str:
        local, _, domain = value.partition("@")
        keep = 2 if len(local) > 2 else 1
        return f"{local[:keep]}{'X' * (len(local) - keep)}@{domain}"


emails: Final = EmailType()
