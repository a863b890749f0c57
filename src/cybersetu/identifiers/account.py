"""Bank account numbers and account ids.

Account number: 9 to 18 ASCII digits after removing spaces and hyphens, leading zeros kept
(`0012 3456 7890` -> `001234567890`). Rejected: masked numbers as printed on statements and SMS
(`XXXXXX7031`, `****7031`): they cannot identify an account; and placeholder junk a form filler
types, all one digit (`000000000`) or a plain run (`123456789`, `9876543210`). A number that is
also a mobile number is fine: payments banks use the mobile number as the account number.

Account id (the project's convention, see the brief): `IFSC:number` for a bank account
(`SBIN0001234:30012345678`) and the VPA itself for a wallet/UPI-only account. `clean` also reads
NPCI's account-as-VPA form `30012345678@sbin0001234.ifsc.npci`. Other opaque ids (ATM terminals,
wallet ids) are not this type's business: `clean` returns None for them.
"""

from __future__ import annotations

import re
from typing import Final

from cybersetu.identifiers.banks import Bank
from cybersetu.identifiers.base import IdentifierType
from cybersetu.identifiers.digits import compact, is_digit_run, is_repeated_digit
from cybersetu.identifiers.ifsc import ifscs
from cybersetu.identifiers.upi import vpas

_NUMBER: Final = re.compile(r"[0-9]{9,18}")
_NPCI_ACCOUNT_VPA: Final = re.compile(r"([0-9]+)@([a-z]{4}[0o][a-z0-9]{6})\.ifsc\.npci")


class AccountNumberType(IdentifierType):
    """A bank account number; canonical form its digits, leading zeros kept."""

    name = "account_number"
    label = "bank account number"
    label_hi = "बैंक खाता संख्या"

    def _clean(self, text: str) -> str | None:
        value = compact(text)
        if not _NUMBER.fullmatch(value) or is_repeated_digit(value) or is_digit_run(value):
            return None
        return value

    def _mask(self, value: str) -> str:
        return "X" * (len(value) - 4) + value[-4:]


account_numbers: Final = AccountNumberType()


class AccountIdType(IdentifierType):
    """An account id: `IFSC:number` for a bank account, the VPA for a UPI-only account."""

    name = "account_id"
    label = "account id"
    label_hi = "खाता आईडी"

    def _clean(self, text: str) -> str | None:
        ifsc_part, colon, number_part = text.partition(":")
        if colon:
            ifsc = ifscs.clean(ifsc_part)
            number = account_numbers.clean(number_part)
            if ifsc and number:
                return f"{ifsc}:{number}"
        npci = _NPCI_ACCOUNT_VPA.fullmatch(text.lower())
        if npci:
            number = account_numbers.clean(npci.group(1))
            ifsc = ifscs.clean(npci.group(2))
            return f"{ifsc}:{number}" if ifsc and number else None
        return vpas.clean(text)

    def _mask(self, value: str) -> str:
        ifsc, colon, number = value.partition(":")
        if colon:
            return f"{ifsc}:{account_numbers.mask(number)}"
        return vpas.mask(value)

    def bank(self, value: str) -> Bank | None:
        # The branch code alone names the bank: an account number that looks like a placeholder
        # (`SBIN0001234:9876543210` in a ledger) must not lose its bank on a hold request.
        ifsc_part, colon, _ = value.partition(":")
        if colon and (ifsc := ifscs.clean(ifsc_part)) is not None:
            return ifscs.bank(ifsc)
        clean = self.clean(value)
        if clean is None:
            return None
        ifsc, colon, _ = clean.partition(":")
        return ifscs.bank(ifsc) if colon else vpas.bank(clean)


account_ids: Final = AccountIdType()


def parse_account_id(account_id: str) -> tuple[str, str] | str:
    """`(ifsc, number)` for a bank account id, the VPA for a UPI-only one.

    Raises InputError when `account_id` is neither (the message does not repeat it).
    """
    clean = account_ids.require(account_id)
    ifsc, colon, number = clean.partition(":")
    return (ifsc, number) if colon else clean


def format_account_id(ifsc: str, number: str) -> str:
    """The account id `IFSC:number` for a branch code and an account number, both cleaned.

    Raises InputError when either is invalid.
    """
    return f"{ifscs.require(ifsc)}:{account_numbers.require(number)}"


def account_bank(account_id: str) -> Bank | None:
    """The bank of an account id: from the IFSC prefix, or from the VPA's psp."""
    return account_ids.bank(account_id)
