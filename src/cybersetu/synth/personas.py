"""Who lives in the city: personas of account holders, kinds of mule and of shop."""

from __future__ import annotations

from enum import IntEnum
from typing import Final


class Persona(IntEnum):
    SALARIED = 0
    STUDENT = 1
    PENSIONER = 2
    SELF_EMPLOYED = 3
    JAN_DHAN = 4
    WALLET = 5
    BUSINESS = 6
    MERCHANT = 7
    DORMANT = 8


PERSONA_NAMES: Final = (
    "salaried",
    "student",
    "pensioner",
    "self_employed",
    "jan_dhan",
    "wallet_user",
    "small_business",
    "merchant",
    "dormant",
)
PERSONA_SHARE: Final = (0.26, 0.10, 0.07, 0.17, 0.12, 0.07, 0.07, 0.11, 0.03)


class MuleKind(IntEnum):
    NONE = 0
    SHARED_KYC = 1
    AGENT_BURST = 2
    NEW_CURRENT = 3
    DORMANT_REACTIVATED = 4
    RENTED_STUDENT = 5
    HARD = 6


MULE_KIND_NAMES: Final = (
    "",
    "mule_shared_kyc",
    "mule_agent_burst",
    "mule_new_current",
    "mule_dormant_reactivated",
    "mule_rented_student",
    "mule_hard",
)
MULE_KIND_SHARE: Final = (0.0, 0.30, 0.20, 0.12, 0.10, 0.13, 0.15)

MERCHANT_KINDS: Final = (
    "kirana",
    "wholesaler",
    "chemist",
    "petrol_pump",
    "jeweller",
    "electronics",
    "restaurant",
    "clothing",
)
MERCHANT_KIND_SHARE: Final = (0.30, 0.07, 0.12, 0.05, 0.06, 0.10, 0.16, 0.14)
MK: Final = {k: i for i, k in enumerate(MERCHANT_KINDS)}
