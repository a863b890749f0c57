"""Hypothesis strategies shared by the identifier tests: valid values and noisy text."""

from __future__ import annotations

from hypothesis import strategies as st

from cybersetu.identifiers import (
    BANKS,
    UPI_HANDLES,
    IdentifierType,
    luhn_check_digit,
    verhoeff_check_digit,
)

DEVANAGARI = "०१२३४५६७८९"
ALL_DIGITS = "0123456789" + DEVANAGARI + "০১২৩৪৫৬৭৮৯" + "０１２３４５６７８９"


def to_devanagari(digits: str) -> str:
    return "".join(DEVANAGARI[int(d)] if d.isdigit() else d for d in digits)


def noisy(alphabet: str) -> st.SearchStrategy[str]:
    """Text near the type's own alphabet (so it reaches the interesting branches) or anything."""
    return st.one_of(st.text(alphabet=alphabet, max_size=40), st.text(max_size=40))


def assert_idempotent(kind: IdentifierType, raw: str) -> None:
    once = kind.clean(raw)
    assert kind.clean(once) == once
    if once is not None:
        assert kind.validate(once)


mobiles = st.from_regex(r"[6-9][0-9]{9}", fullmatch=True).filter(lambda d: len(set(d)) > 1)

# A mobile as people write it: a prefix, separators between digit groups, maybe Devanagari.
written_mobiles = st.builds(
    lambda d, prefix, sep, deva: (
        prefix + (to_devanagari(d) if deva else d)[:5] + sep + (to_devanagari(d) if deva else d)[5:]
    ),
    mobiles,
    st.sampled_from(["", "+91", "+91 ", "+91-", "91", "0", "0 ", "0091 "]),
    st.sampled_from(["", " ", "-", "."]),
    st.booleans(),
)

vpa_values = st.builds(
    lambda handle, psp: f"{handle}@{psp}",
    st.from_regex(r"[a-z0-9][a-z0-9._-]{1,30}", fullmatch=True),
    st.sampled_from(sorted(UPI_HANDLES)),
)

ifsc_values = st.builds(
    lambda prefix, branch: f"{prefix}0{branch}",
    st.sampled_from([b.ifsc_prefix for b in BANKS]),
    st.from_regex(r"[A-Z0-9]{6}", fullmatch=True),
)

_RUNS = ("0123456789" * 3, "9876543210" * 3)
account_number_values = st.from_regex(r"[0-9]{9,18}", fullmatch=True).filter(
    lambda d: len(set(d)) > 1 and all(d not in run for run in _RUNS)
)

rrn_values = st.from_regex(r"[0-9]{12}", fullmatch=True).filter(lambda d: len(set(d)) > 1)

pan_values = st.from_regex(r"[A-Z]{3}[PCHFATBLJG][A-Z][0-9]{4}[A-Z]", fullmatch=True)

aadhaar_numbers = (
    st.from_regex(r"[2-9][0-9]{10}", fullmatch=True)
    .map(lambda p: p + verhoeff_check_digit(p))
    .filter(lambda n: len(set(n)) > 1)
)

imei_values = (
    st.from_regex(r"[0-9]{14}", fullmatch=True)
    .filter(lambda p: len(set(p)) > 1)
    .map(lambda p: p + luhn_check_digit(p))
)

hostnames = st.builds(
    lambda labels, tld: ".".join([*labels, tld]),
    st.lists(
        st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True),
        min_size=1,
        max_size=3,
    ),
    st.sampled_from(["in", "com", "co.in", "xyz", "ly", "app"]),
)

url_values = st.builds(
    lambda scheme, host, path: f"{scheme}{host}{path}",
    st.sampled_from(["", "http://", "https://", "HTTPS://", "www."]),
    hostnames,
    st.from_regex(r"(/[A-Za-z0-9._~%-]{0,12}){0,3}(\?[a-z]=[A-Za-z0-9]{1,5})?", fullmatch=True),
)

email_values = st.builds(
    lambda local, host: f"{local}@{host}",
    st.from_regex(r"[A-Za-z0-9_+-]{1,12}(\.[A-Za-z0-9_+-]{1,8}){0,2}", fullmatch=True),
    hostnames,
)
