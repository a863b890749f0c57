"""The data files other systems hand us (see the brief): fixed column names and vocabularies.

Both the synthetic city (which writes these files) and the ledger (which reads them) use these
definitions, so the two cannot drift apart.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Channel(StrEnum):
    UPI = "UPI"
    IMPS = "IMPS"
    NEFT = "NEFT"
    RTGS = "RTGS"
    CARD = "CARD"
    ATM = "ATM"
    CASH = "CASH"
    AEPS = "AEPS"
    WALLET = "WALLET"
    CHEQUE = "CHEQUE"
    OTHER = "OTHER"


#: Channels on which money leaves the banking system as cash; `dst_account` is a terminal/branch.
CASH_OUT_CHANNELS: Final = frozenset({Channel.ATM, Channel.CASH, Channel.AEPS})


class AccountType(StrEnum):
    SAVINGS = "savings"
    CURRENT = "current"
    JAN_DHAN = "jan_dhan"
    WALLET = "wallet"
    MERCHANT = "merchant"
    BC_SETTLEMENT = "bc_settlement"
    OTHER = "other"


class KycMode(StrEnum):
    BRANCH = "branch"
    VIDEO = "video"
    EKYC_OTP = "ekyc_otp"
    BC_AGENT = "bc_agent"
    MIN_KYC = "min_kyc"


TRANSACTION_REQUIRED: Final = ("txn_id", "ts", "src_account", "dst_account", "amount", "channel")
TRANSACTION_OPTIONAL: Final = ("src_bank", "dst_bank", "currency", "remarks")
TRANSACTION_COLUMNS: Final = TRANSACTION_REQUIRED + TRANSACTION_OPTIONAL

ACCOUNT_REQUIRED: Final = ("account_id",)
ACCOUNT_OPTIONAL: Final = (
    "bank",
    "ifsc",
    "holder_name",
    "account_type",
    "opened_at",
    "kyc_mode",
    "phone",
    "email",
    "address",
    "device_id",
    "pan",
    "opening_branch",
    "opening_agent",
    "status",
    "declared_monthly_income",
)
ACCOUNT_COLUMNS: Final = ACCOUNT_REQUIRED + ACCOUNT_OPTIONAL

LABEL_COLUMNS: Final = ("account_id", "is_mule")

#: Timestamps without an offset are Indian Standard Time.
IST_OFFSET: Final = "+05:30"
