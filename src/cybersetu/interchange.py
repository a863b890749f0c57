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

#: Ground truth (ours and public data sets' such as `Is Laundering`): a file with any of these
#: columns is for evaluation and never enters the ledger. Compared lower case, `_` for spaces.
GROUND_TRUTH_COLUMNS: Final = frozenset(
    {
        "is_mule",
        "mule",
        "is_laundering",
        "laundering",
        "is_fraud",
        "fraud",
        "is_fraudulent",
        "fraud_label",
        "is_suspicious",
        "label",
        "labels",
        "ground_truth",
        "ring_id",
        "fraud_receiver",
    }
)

#: Timestamps without an offset are Indian Standard Time.
IST_OFFSET: Final = "+05:30"


class ModusOperandi(StrEnum):
    """How the victim was defrauded: the keys complaints, trails and reports share."""

    UPI_QR_SCAM = "upi_qr_scam"
    FAKE_KYC_UPDATE = "fake_kyc_update"
    OTP_VISHING = "otp_vishing"
    DIGITAL_ARREST = "digital_arrest"
    INVESTMENT_TRADING = "investment_trading"
    TASK_JOB_SCAM = "task_job_scam"
    SEXTORTION = "sextortion"
    FAKE_CUSTOMER_CARE = "fake_customer_care"
    LOAN_APP = "loan_app"
    ONLINE_SHOPPING = "online_shopping"
    SIM_SWAP = "sim_swap"
    AEPS_BIOMETRIC = "aeps_biometric"
    LOTTERY_PRIZE = "lottery_prize"
    IMPERSONATION_SOCIAL_MEDIA = "impersonation_social_media"
    OTHER = "other"


class ComplaintSource(StrEnum):
    HELPLINE_1930 = "1930"
    HELP_DESK = "help_desk"
    NCRP_PORTAL = "ncrp_portal"


class Language(StrEnum):
    HINDI = "hi"
    ENGLISH = "en"
    HINGLISH = "hinglish"
