"""Money is kept as integer paise; these turn it back into rupees for people and JSON."""

from __future__ import annotations


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
