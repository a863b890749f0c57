"""Indian identifiers as value types: each cleans, validates and names what it can.

Each kind of identifier is a singleton of an `IdentifierType` subclass (see `base`), with
`clean(raw) -> str | None` (canonical form, idempotent), `validate(raw) -> bool`,
`mask(value) -> str` (safe for UI and logs) and `bank(value) -> Bank | None`:

    >>> from cybersetu.identifiers import phones, vpas, ifscs, aadhaars
    >>> phones.clean("+91-98765 43210")
    '9876543210'
    >>> phones.clean("०५१२-२३०४५६७") is None   # a Kanpur landline
    True
    >>> vpas.bank("9876543210@YBL").name
    'Yes Bank'
    >>> ifscs.clean("sbin0001234")
    'SBIN0001234'
    >>> aadhaars.clean("2345 6789 0124")       # never returns the full number
    'XXXX-XXXX-0124'

Types by name: `TYPES`, `get_type("phone")`. Helpers: `phone_in_vpa`, `parse_account_id`,
`format_account_id`, `account_bank`, `ascii_digits`, `normalize`, and the check digits.
The rules of every type are in its module docstring and in `docs/identifiers.md`.
"""

from cybersetu.identifiers.aadhaar import AadhaarType, aadhaars
from cybersetu.identifiers.account import (
    AccountIdType,
    AccountNumberType,
    account_bank,
    account_ids,
    account_numbers,
    format_account_id,
    parse_account_id,
)
from cybersetu.identifiers.banks import (
    BANKS,
    BANKS_BY_PREFIX,
    OTHER_BANKS,
    UPI_HANDLE_APPS,
    UPI_HANDLES,
    Bank,
    BankCategory,
    bank_for_ifsc,
)
from cybersetu.identifiers.base import IdentifierType
from cybersetu.identifiers.checksums import (
    luhn_check_digit,
    luhn_valid,
    verhoeff_check_digit,
    verhoeff_valid,
)
from cybersetu.identifiers.digits import ascii_digits, normalize
from cybersetu.identifiers.email import EmailType, emails
from cybersetu.identifiers.ifsc import IfscType, ifscs
from cybersetu.identifiers.imei import ImeiType, imeis
from cybersetu.identifiers.pan import PanType, pans
from cybersetu.identifiers.phone import PhoneType, phones
from cybersetu.identifiers.registry import TYPES, get_type
from cybersetu.identifiers.upi import VpaType, phone_in_vpa, vpas
from cybersetu.identifiers.url import UrlType, urls
from cybersetu.identifiers.utr import UtrKind, UtrType, utrs

__all__ = [
    "BANKS",
    "BANKS_BY_PREFIX",
    "OTHER_BANKS",
    "TYPES",
    "UPI_HANDLES",
    "UPI_HANDLE_APPS",
    "AadhaarType",
    "AccountIdType",
    "AccountNumberType",
    "Bank",
    "BankCategory",
    "EmailType",
    "IdentifierType",
    "IfscType",
    "ImeiType",
    "PanType",
    "PhoneType",
    "UrlType",
    "UtrKind",
    "UtrType",
    "VpaType",
    "aadhaars",
    "account_bank",
    "account_ids",
    "account_numbers",
    "ascii_digits",
    "bank_for_ifsc",
    "emails",
    "format_account_id",
    "get_type",
    "ifscs",
    "imeis",
    "luhn_check_digit",
    "luhn_valid",
    "normalize",
    "pans",
    "parse_account_id",
    "phone_in_vpa",
    "phones",
    "urls",
    "utrs",
    "verhoeff_check_digit",
    "verhoeff_valid",
    "vpas",
]
