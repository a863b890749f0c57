"""Check-digit algorithms: Verhoeff (Aadhaar) and Luhn (IMEI, card numbers).

Both work on strings of ASCII digits; the `*_check_digit` functions also serve the synthetic
data generator, which needs valid-looking numbers.
"""

from __future__ import annotations

from typing import Final

# Verhoeff: multiplication in the dihedral group D5, a position permutation and the inverse.
_D: Final = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_P: Final = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_INV: Final = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)


def _require_digits(digits: str) -> None:
    if not (digits.isascii() and digits.isdigit()):
        raise ValueError("checksums work on ASCII digit strings only")


def _verhoeff(digits: str, offset: int) -> int:
    _require_digits(digits)
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = _D[c][_P[(i + offset) % 8][int(ch)]]
    return c


def verhoeff_valid(digits: str) -> bool:
    """True if the last digit of `digits` is the right Verhoeff check digit."""
    return bool(digits) and _verhoeff(digits, 0) == 0


def verhoeff_check_digit(payload: str) -> str:
    """The Verhoeff check digit to append to `payload`."""
    return str(_INV[_verhoeff(payload, 1)])


def _luhn_sum(digits: str, double_last: bool) -> int:
    _require_digits(digits)
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if (i % 2 == 0) == double_last:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total


def luhn_valid(digits: str) -> bool:
    """True if the last digit of `digits` is the right Luhn check digit."""
    return bool(digits) and _luhn_sum(digits, double_last=False) % 10 == 0


def luhn_check_digit(payload: str) -> str:
    """The Luhn check digit to append to `payload`."""
    return str(-_luhn_sum(payload, double_last=True) % 10)
