"""Account identifiers as banks issue them: account numbers, UPI IDs, names of shop accounts."""

from __future__ import annotations

import random
from typing import Final

from cybersetu.synth import names as nm
from cybersetu.synth.personas import Persona

#: Account-number length per bank (payments banks use the mobile number where noted).
_ACCT_LEN: Final = {
    "SBIN": 11, "PUNB": 16, "BARB": 14, "CNRB": 13, "UBIN": 15, "BKID": 15, "IOBA": 15,
    "UCBA": 14, "CBIN": 10, "IDIB": 10, "MAHB": 11, "PSIB": 14, "HDFC": 14, "ICIC": 12,
    "UTIB": 15, "KKBK": 10, "YESB": 15, "INDB": 12, "IDFB": 11, "FDRL": 14, "RATN": 12,
    "BDBL": 14, "AUBL": 16, "ESFB": 15, "UJVN": 15, "JSFB": 16, "UTKS": 16, "SURY": 15,
    "AIRP": 10, "IPOS": 12, "FINO": 10, "PYTM": 10, "JIOP": 12, "UPCB": 12, "SRCB": 15,
    "COSB": 15, "SVCB": 15,
}  # fmt: skip
PHONE_AS_ACCOUNT: Final = frozenset({"AIRP", "PYTM", "FINO"})

_POPULAR_HANDLES: Final = ("ybl", "oksbi", "okaxis", "okhdfcbank", "okicici", "paytm", "ibl", "axl")
_BANK_HANDLE: Final = {
    "SBIN": "sbi", "HDFC": "hdfcbank", "ICIC": "icici", "UTIB": "axisbank", "KKBK": "kotak",
    "PUNB": "pnb", "BARB": "barodampay", "CNRB": "cnrb", "UBIN": "unionbank", "AIRP": "airtel",
    "JIOP": "jio", "FDRL": "fbl", "IDFB": "idfcbank", "AUBL": "aubank", "INDB": "indus",
    "PYTM": "paytm",
}  # fmt: skip


def account_number(pr: random.Random, prefix: str) -> str:
    length = _ACCT_LEN[prefix]
    lead = {"SBIN": "34", "PUNB": "0123456789", "ICIC": "0"}.get(prefix, "123456789")
    body = pr.randrange(0, 10 ** (length - 1))
    return lead[pr.randrange(0, len(lead))] + f"{body:0{length - 1}d}"


def shop_name(pr: random.Random, surname: str, suffixes: tuple[str, ...]) -> str:
    pre = nm.SHOP_PREFIXES[pr.randrange(0, len(nm.SHOP_PREFIXES))]
    if pr.random() < 0.25:
        pre = surname
    return f"{pre} {suffixes[pr.randrange(0, len(suffixes))]}"


def wallet_handle(prefix: str) -> str:
    return {"PYTM": "paytm", "AIRP": "airtel", "JIOP": "jio"}.get(prefix, "fino")


def make_vpa(
    pr: random.Random,
    p: int,
    given: str,
    sur: str,
    phone: str,
    prefix: str,
    holder: str,
    used: set[str],
) -> str:
    r = pr.random()
    handle = (
        _BANK_HANDLE.get(prefix, "upi")
        if pr.random() < 0.3
        else _POPULAR_HANDLES[pr.randrange(0, len(_POPULAR_HANDLES))]
    )
    if p == Persona.MERCHANT:
        if r < 0.4:
            return unique_vpa(pr, f"paytmqr{pr.randrange(10**9, 10**10)}", "paytm", used)
        if r < 0.7:
            return unique_vpa(pr, f"q{pr.randrange(10**8, 10**9)}", "ybl", used)
        slug = "".join(ch for ch in holder.lower() if ch.isalnum())[:16]
        return unique_vpa(pr, slug, handle, used)
    g = "".join(ch for ch in given.lower() if ch.isalpha())
    if r < 0.4:
        return unique_vpa(pr, phone, handle, used)
    if r < 0.7:
        return unique_vpa(pr, f"{g}{sur.lower()}{pr.randrange(1, 100)}", handle, used)
    return unique_vpa(pr, f"{g}.{sur.lower()[:3]}{pr.randrange(1, 10000)}", handle, used)


def unique_vpa(pr: random.Random, user: str, handle: str, used: set[str]) -> str:
    v = f"{user}@{handle}"
    while v in used:
        v = f"{user}{pr.randrange(1, 100)}@{handle}"
    used.add(v)
    return v
