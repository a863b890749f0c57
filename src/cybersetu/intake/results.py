"""The typed results of reading a narrative: what was found where, the MO and the language."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from cybersetu.interchange import Language, ModusOperandi


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


#: The MO keys and languages are the shared vocabulary of `cybersetu.interchange`; these short
#: names are the intake's aliases for them.
Mo = ModusOperandi
Lang = Language


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
    ranked: tuple[tuple[Mo, float], ...] = ()
    """Every MO with its probability, most likely first (after the boundary rule, if any)."""


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
