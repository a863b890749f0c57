"""Money is kept as integer paise; these turn it back into rupees for people and JSON."""

from __future__ import annotations

import math
import re
from decimal import Decimal

from cybersetu.errors import InputError


def rupees(paise: int) -> str:
    """Plain decimal rupees, exact: 123456 -> "1234.56"."""
    sign = "-" if paise < 0 else ""
    whole, frac = divmod(abs(paise), 100)
    return f"{sign}{whole}.{frac:02d}"


def group_digits(n: int) -> str:
    """An integer with Indian digit grouping (lakh, crore): -1234567 -> "-12,34,567"."""
    digits = str(abs(n))
    head, tail = digits[:-3], digits[-3:]
    groups: list[str] = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ("-" if n < 0 else "") + ",".join([*groups, tail])


def format_inr(paise: int) -> str:
    """Rupees with Indian digit grouping (lakh, crore): 1234567890 -> "₹1,23,45,678.90"."""
    sign = "-" if paise < 0 else ""
    whole, frac = divmod(abs(paise), 100)
    return f"{sign}₹{group_digits(whole)}.{frac:02d}"


MAX_RUPEE_DIGITS = 15
"""Digits before the decimal point of any amount we accept (10^15 rupees fits BIGINT paise)."""

_AMOUNT = re.compile(rf"\d{{1,{MAX_RUPEE_DIGITS}}}(\.\d{{1,2}})?")


def parse_rupees(value: object, where: str, *, positive: bool = False) -> int:
    """Paise of a rupee amount given by a person or a partner system: a string or a JSON number
    with at most 2 decimals ("30000", "1234.5", 30000.00). NaN, infinities, exponents, negative
    and absurdly large amounts are refused with one sentence naming `where`."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise InputError(f"{where} must be an amount in rupees, like 1234.50.")
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"{where} must be a finite amount in rupees, like 1234.50.")
    text = str(value).strip()
    if text.endswith(".0") and isinstance(value, float):
        text = text[:-2]
    if not _AMOUNT.fullmatch(text):
        if text.startswith("-"):
            raise InputError(f"{where} must not be negative.")
        raise InputError(
            f"{where} must be an amount in rupees with at most 2 decimals and at most "
            f"{MAX_RUPEE_DIGITS} digits before the point, like 1234.50."
        )
    whole, _, frac = text.partition(".")
    paise = int(whole) * 100 + int((frac + "00")[:2])
    if positive and paise == 0:
        raise InputError(f"{where} must be more than zero.")
    return paise
