"""The typed results of reading a narrative: what was found where, the MO and the language."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final


class Kind(StrEnum):
    """What an extracted piece of text is."""

    AMOUNT = "amount"
    UPI_ID = "upi_id"
    PHONE = "phone"
    ACCOUNT = "account"
    IFSC = "ifsc"
    UTR = "utr"
    URL = "url"
    EMAIL = "email"
    APP = "app"
    """An app or platform the fraud used (AnyDesk, Telegram, ...): unscored, for the officer."""
    DATE = "date"
    """A date as written: unscored, for the officer."""


#: The output field of each scored kind, in the order of the `analyze` contract.
FIELD_OF_KIND: Final[dict[Kind, str]] = {
    Kind.AMOUNT: "amounts_inr",
    Kind.UPI_ID: "upi_ids",
    Kind.PHONE: "phones",
    Kind.ACCOUNT: "accounts",
    Kind.IFSC: "ifsc",
    Kind.UTR: "utrs",
    Kind.URL: "urls",
    Kind.EMAIL: "emails",
}


class Lang(StrEnum):
    HI = "hi"
    """Devanagari Hindi (English words in it are fine)."""
    EN = "en"
    HINGLISH = "hinglish"
    """Hindi (and English) written in Roman script."""


class Mo(StrEnum):
    """Modus operandi: the fixed set of fraud types."""

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


@dataclass(frozen=True, slots=True)
class Found:
    """One extracted item: where it is in the original text and its canonical value."""

    kind: Kind
    start: int
    end: int
    raw: str
    """The original text[start:end]."""
    value: str
    """Canonical form: the identifier types' `clean` output; for amounts rupees as a decimal
    string (`"150000"`, `"1234.5"`)."""

    @property
    def amount(self) -> Decimal | None:
        return Decimal(self.value) if self.kind is Kind.AMOUNT else None


@dataclass(frozen=True, slots=True)
class MoResult:
    mo: Mo
    confidence: float
    """Probability of `mo` (0..1)."""
    runner_up: Mo
    runner_up_confidence: float
    rule: str | None = None
    """The name of the boundary rule that decided, when one did (see `docs/intake.md`)."""


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything read from one narrative."""

    lang: Lang
    mo: MoResult
    found: tuple[Found, ...]
    """Every extracted item, in order of position (an item may overlap another, e.g. the phone
    inside a UPI ID)."""

    def values(self, kind: Kind) -> list[str]:
        """The distinct canonical values of one kind, in order of first appearance."""
        return list(dict.fromkeys(f.value for f in self.found if f.kind is kind))

    @property
    def amounts_inr(self) -> list[Decimal]:
        return [Decimal(v) for v in self.values(Kind.AMOUNT)]
