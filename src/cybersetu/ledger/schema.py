"""What the ledger stores: the two kinds of file, their fields and how each field is checked.

The store's tables and the validation SQL are both generated from these specs, so a column cannot
be validated one way and stored another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from cybersetu.errors import InputError
from cybersetu.interchange import (
    GROUND_TRUTH_COLUMNS,
    TRANSACTION_REQUIRED,
    AccountType,
    Channel,
    KycMode,
)


class Kind(StrEnum):
    TRANSACTIONS = "transactions"
    ACCOUNTS = "accounts"


#: TIMESTAMP: how far after the load a value may be (clocks of bank systems drift); later is a
#: typo or a placeholder such as 9999-12-31.
FUTURE_SKEW: Final = timedelta(days=1)


class FieldType(StrEnum):
    TEXT = "text"
    """Trimmed text; empty means missing."""
    CODE = "code"
    """One word of a fixed vocabulary (case-insensitive in the file, canonical case stored)."""
    TIMESTAMP = "timestamp"
    """ISO 8601 date-time; no offset means IST; stored as UTC timestamptz."""
    MONEY = "money"
    """Rupees with at most 2 decimals; stored as integer paise."""


@dataclass(frozen=True)
class Field:
    name: str
    """Column name in the interchange file."""
    type: FieldType = FieldType.TEXT
    required: bool = False
    vocabulary: tuple[str, ...] = ()
    upper: bool = False
    """Fold CODE or patterned TEXT to upper case (else CODE folds to lower case)."""
    pattern: str | None = None
    """Full-match regex a TEXT value must satisfy (after case folding)."""
    pattern_means: str = ""
    """What the pattern stands for, for the error reason: `is not <pattern_means>`."""
    default: str | None = None
    """Value stored when the column is missing or empty."""
    positive: bool = True
    """MONEY: must be > 0 (else >= 0)."""
    date_ok: bool = False
    """TIMESTAMP: a bare date (midnight IST) is accepted too."""
    line_breaks_ok: bool = True
    """TEXT: a quoted line break may stay in the value (addresses, remarks; never in an id)."""
    earliest: date = date(1990, 1, 1)
    """TIMESTAMP: earlier instants (midnight IST) are refused; year 0001 is a typo, not data."""

    @property
    def store_name(self) -> str:
        return f"{self.name}_paise" if self.type is FieldType.MONEY else self.name

    @property
    def sql_type(self) -> str:
        return {
            FieldType.TEXT: "VARCHAR",
            FieldType.CODE: "VARCHAR",
            FieldType.TIMESTAMP: "TIMESTAMPTZ",
            FieldType.MONEY: "BIGINT",
        }[self.type]


@dataclass(frozen=True)
class KindSpec:
    kind: Kind
    key: str
    """The identifying column: one row per key in the store."""
    fields: tuple[Field, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def table(self) -> str:
        return self.kind.value


_T = FieldType

TRANSACTIONS: Final = KindSpec(
    Kind.TRANSACTIONS,
    key="txn_id",
    fields=(
        Field("txn_id", required=True, line_breaks_ok=False),
        Field("ts", _T.TIMESTAMP, required=True),
        Field("src_account", required=True, line_breaks_ok=False),
        Field("dst_account", required=True, line_breaks_ok=False),
        Field("amount", _T.MONEY, required=True),
        Field("channel", _T.CODE, required=True, vocabulary=tuple(Channel), upper=True),
        Field("src_bank"),
        Field("dst_bank"),
        Field(
            "currency",
            upper=True,
            pattern="[A-Z]{3}",
            pattern_means="a 3-letter currency code",
            default="INR",
        ),
        Field("remarks"),
    ),
)

ACCOUNTS: Final = KindSpec(
    Kind.ACCOUNTS,
    key="account_id",
    fields=(
        Field("account_id", required=True, line_breaks_ok=False),
        Field("bank"),
        Field(
            "ifsc",
            upper=True,
            pattern="[A-Z]{4}0[A-Z0-9]{6}",
            pattern_means="an IFSC (4 letters, a zero, 6 letters or digits)",
        ),
        Field("holder_name"),
        Field("account_type", _T.CODE, vocabulary=tuple(AccountType)),
        # Accounts opened long before digital payments (1990) are real, so only far older.
        Field("opened_at", _T.TIMESTAMP, date_ok=True, earliest=date(1900, 1, 1)),
        Field("kyc_mode", _T.CODE, vocabulary=tuple(KycMode)),
        Field("phone"),
        Field("email"),
        Field("address"),
        Field("device_id"),
        Field("pan"),
        Field("opening_branch"),
        Field("opening_agent"),
        Field("status"),
        Field("declared_monthly_income", _T.MONEY, positive=False),
    ),
)

SPECS: Final = {Kind.TRANSACTIONS: TRANSACTIONS, Kind.ACCOUNTS: ACCOUNTS}


@dataclass(frozen=True)
class ColumnMap:
    """How the columns of one file map onto a kind: known fields by position, the rest extra."""

    spec: KindSpec
    header: tuple[str, ...]
    """Column names as written in the file (trimmed; empty names become `column_<n>`)."""
    known: dict[str, int]
    """Field name -> position in the file."""
    extra: tuple[int, ...]
    """Positions of the columns we do not know; kept as JSON in `extra`."""

    @property
    def key_position(self) -> int:
        return self.known[self.spec.key]


def recognise(columns: Sequence[str], source: str) -> ColumnMap:
    """Tell from its columns what a file holds; raise a one-sentence InputError if we cannot."""
    header = tuple(c.strip() or f"column_{i + 1}" for i, c in enumerate(columns))
    folded = [c.lower() for c in header]
    seen: set[str] = set()
    for name in folded:
        if name in seen:
            raise InputError(f"{source} has the column {name!r} twice.")
        seen.add(name)
    # Ground truth next to real columns is still ground truth: never load it, whatever else.
    truth = [h for h in header if "_".join(h.lower().split()) in GROUND_TRUTH_COLUMNS]
    if truth:
        raise InputError(
            f"{source} is a labels file (it has the ground-truth column {truth[0]}): labels "
            "are for evaluation only and are not loaded into the ledger."
        )
    if set(TRANSACTION_REQUIRED) <= seen:
        spec = TRANSACTIONS
    elif "account_id" in seen:
        spec = ACCOUNTS
    else:
        shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
        raise InputError(
            f"Cannot tell what {source} holds: a transactions file needs the columns "
            f"{', '.join(TRANSACTION_REQUIRED)} and an accounts file needs account_id, "
            f"but it has {shown or 'no columns'}."
        )
    known = {name: i for i, name in enumerate(folded) if name in spec.names}
    extra = tuple(i for i, name in enumerate(folded) if name not in spec.names)
    return ColumnMap(spec=spec, header=header, known=known, extra=extra)
