"""Web addresses (URLs) and their domains, as victims copy them from SMS, WhatsApp or alerts.

Accepted: `http://` and `https://` URLs (any case); `www.` addresses and bare domains with or
without a path (`sbi-kyc-update.in`, `bit.ly/3xYz`); defanged forms from threat alerts
(`hxxps://sbi-kyc[.]in`). Wrapping punctuation is stripped (`(sbi-kyc.in).` -> `sbi-kyc.in`;
a closing bracket only when it has no partner, so `/wiki/A_(b)` stays).

Canonical: `scheme://host[:port][path?query#fragment]`, with
- the scheme lower case; `https://` added when none was given (browsers try https first, and
  most phishing sites have certificates). The scheme is therefore not evidence; link complaints
  by `domain()`, which ignores it;
- the host lower case, internationalised names in their punycode form (`xn--...`) so that
  look-alike letters become visible; a trailing dot and a default port (80, 443) dropped;
- a path that is only `/` dropped; the rest of the path, query and fragment kept exactly (they
  are case-sensitive: `bit.ly/3xYz` is not `bit.ly/3xyz`).

Rejected: other schemes (`ftp:`, `javascript:`, `mailto:`), whitespace inside, e-mail addresses
and VPAs (an `@` with no scheme), hosts that are not a dotted name or IPv4 address, and, when
there is no scheme and no `www.`, a top-level domain outside a short bundled list
(`_BARE_TLDS`): otherwise `Rs.50`, `e.g.` or `file.txt` in a narrative would be web addresses.
A bare IP address needs a scheme.

`domain(url)`: the registrable domain (`sbi-kyc-update.in` for `https://www.sbi-kyc-update.in/x`):
the last two labels, or three when the last two are a public suffix in the bundled list
(`co.in`, `gov.in`, ..., and free hosting platforms such as `web.app`, `netlify.app` where each
site is its own owner). The list is small and fixed: nothing is downloaded.
"""

from __future__ import annotations

import re
from typing import Final

from cybersetu.identifiers.base import IdentifierType

_SCHEME: Final = re.compile(r"([a-z][a-z0-9+.-]*)://", re.IGNORECASE)
_HXXP: Final = re.compile(r"\Ahxxp(s?)://", re.IGNORECASE)
_DEFANGED: Final = re.compile(r"\[\.\]|\(\.\)|\{\.\}|\[dot\]|\[:\]", re.IGNORECASE)
_AUTHORITY_END: Final = re.compile(r"[/?#]")
_LABEL: Final = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TLD: Final = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")
_OCTET: Final = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4: Final = re.compile(rf"{_OCTET}(?:\.{_OCTET}){{3}}")
_DEFAULT_PORTS: Final = {"http": 80, "https": 443}
_CLOSERS: Final = {")": "(", "]": "[", "}": "{"}

# Top-level domains a bare name (no scheme, no `www.`) may end in: the ones seen in Indian
# fraud SMS and the common ones. A URL with a scheme may use any TLD.
_BARE_TLD_LIST: Final = """
    com net org info biz in co io me ly gl gd cc to ws tk ml ga cf gq pw su ru cn us uk ai gg sh
    tv xyz top online site shop store app dev club live vip icu link click buzz fun space website
    tech cloud digital finance money loan win bid work pro life world today news gov edu sbi bank
"""
_BARE_TLDS: Final = frozenset(_BARE_TLD_LIST.split())

# Suffixes under which every next label has a different owner: the public suffixes we meet,
# including free hosting platforms where each subdomain is one (often phishing) site.
_PUBLIC_SUFFIX_LIST: Final = """
    co.in net.in org.in gov.in nic.in ac.in edu.in res.in firm.in gen.in ind.in mil.in
    co.uk org.uk com.au com.bd com.pk
    blogspot.com github.io web.app firebaseapp.com netlify.app vercel.app pages.dev herokuapp.com
    000webhostapp.com wixsite.com weebly.com appspot.com glitch.me ngrok.io ngrok-free.app
    azurewebsites.net
"""
PUBLIC_SUFFIXES: Final = frozenset(_PUBLIC_SUFFIX_LIST.split())


def _refang(text: str) -> str:
    """`hxxps://sbi-kyc[.]in` -> `https://sbi-kyc.in`; repeated until stable (`[[.]]`)."""
    text = _HXXP.sub(r"http\1://", text)
    while True:
        before = text
        text = _DEFANGED.sub(lambda m: ":" if ":" in m.group() else ".", text)
        if text == before:
            return text


def _strip_punctuation(text: str) -> str:
    """Drop the quotes, brackets and sentence punctuation a URL was wrapped in."""
    while True:
        before = text
        text = text.lstrip("(<[{'\"").rstrip(".,;:!?'\">")
        last = text[-1:]
        if last in _CLOSERS and text.count(last) > text.count(_CLOSERS[last]):
            text = text[:-1]
        if text == before:
            return text


def _clean_host(host: str, has_scheme: bool) -> str | None:
    host = host.rstrip(".").lower()
    if _IPV4.fullmatch(host):
        return host if has_scheme else None
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        return None
    tld = labels[-1]
    if not _TLD.fullmatch(tld):
        return None
    if not has_scheme and tld not in _BARE_TLDS and labels[0] != "www":
        return None
    return host


class UrlType(IdentifierType):
    """A web address; canonical `https://host/path` with the host lower case (see module doc)."""

    name = "url"
    label = "web address"
    label_hi = "वेब पता"

    def _clean(self, text: str) -> str | None:
        text = _strip_punctuation(_refang(_strip_punctuation(text)))
        if not text or any(ch.isspace() or not ch.isprintable() for ch in text):
            return None
        scheme_match = _SCHEME.match(text)
        if scheme_match:
            scheme = scheme_match.group(1).lower()
            if scheme not in _DEFAULT_PORTS:
                return None
            rest = text[scheme_match.end() :]
        else:
            scheme, rest = "https", text
        end = _AUTHORITY_END.search(rest)
        authority, tail = (rest[: end.start()], rest[end.start() :]) if end else (rest, "")
        userinfo, at, hostport = authority.rpartition("@")
        if at and not scheme_match:
            return None  # an e-mail address or a VPA, not a web address
        host, colon, port_text = hostport.rpartition(":")
        if not colon:
            host, port_text = hostport, ""
        port = ""
        if colon:
            if not port_text.isascii() or not port_text.isdigit() or not 0 < int(port_text) < 65536:
                return None
            if int(port_text) != _DEFAULT_PORTS[scheme]:
                port = f":{int(port_text)}"
        clean_host = _clean_host(host, has_scheme=scheme_match is not None)
        if clean_host is None:
            return None
        if tail == "/":
            tail = ""
        return f"{scheme}://{userinfo}{at}{clean_host}{port}{tail}"

    def host(self, value: str) -> str:
        """The host name (`www.sbi-kyc-update.in`), lower case, punycode for non-ASCII names."""
        authority = _AUTHORITY_END.split(self.require(value).partition("://")[2], maxsplit=1)[0]
        return authority.rpartition("@")[2].partition(":")[0]

    def domain(self, value: str) -> str:
        """The registrable domain (`sbi-kyc-update.in`); the address itself for an IP host."""
        host = self.host(value)
        if _IPV4.fullmatch(host):
            return host
        labels = host.split(".")
        keep = 3 if ".".join(labels[-2:]) in PUBLIC_SUFFIXES else 2
        return ".".join(labels[-keep:])


urls: Final = UrlType()
