"""Names people read for the shared vocabularies (modus operandi, identifier kinds, trail ends),
marked for the catalogue; `label(...)` translates at the moment of showing."""

from __future__ import annotations

from typing import Final

from cybersetu.i18n import N_, _
from cybersetu.interchange import ModusOperandi as Mo

MO_LABELS: Final[dict[str, str]] = {
    Mo.UPI_QR_SCAM: N_("UPI collect request / QR code"),
    Mo.FAKE_KYC_UPDATE: N_("Fake KYC update"),
    Mo.OTP_VISHING: N_("OTP / vishing call"),
    Mo.DIGITAL_ARREST: N_("Digital arrest"),
    Mo.INVESTMENT_TRADING: N_("Investment / trading"),
    Mo.TASK_JOB_SCAM: N_("Part-time job / task"),
    Mo.SEXTORTION: N_("Sextortion"),
    Mo.FAKE_CUSTOMER_CARE: N_("Fake customer care"),
    Mo.LOAN_APP: N_("Loan app"),
    Mo.ONLINE_SHOPPING: N_("Online shopping"),
    Mo.SIM_SWAP: N_("SIM swap"),
    Mo.AEPS_BIOMETRIC: N_("AePS biometric cloning"),
    Mo.LOTTERY_PRIZE: N_("Lottery / prize"),
    Mo.IMPERSONATION_SOCIAL_MEDIA: N_("Social-media impersonation"),
    Mo.OTHER: N_("Other"),
}

KIND_LABELS: Final[dict[str, str]] = {
    "utr": N_("UTR"),
    "upi_id": N_("UPI ID"),
    "phone": N_("Phone"),
    "account": N_("Account"),
    "ifsc": N_("IFSC"),
    "amount": N_("Amount"),
    "url": N_("Link"),
    "email": N_("E-mail"),
}

ROLE_LABELS: Final[dict[str, str]] = {
    "help_desk": N_("Help desk"),
    "investigator": N_("Investigator"),
    "supervisor": N_("Supervisor"),
    "admin": N_("Administrator"),
    "bank_officer": N_("Bank nodal officer"),
    "trader": N_("Trader"),
    "nodal_officer": N_("Traders' nodal officer"),
    "citizen": N_("Citizen"),
}

LANGUAGE_LABELS: Final[dict[str, str]] = {
    "hi": N_("Hindi"),
    "en": N_("English"),
    "hinglish": N_("Hinglish"),
}


def label(table: dict[str, str], key: str) -> str:
    """The translated name of `key`, or the key itself when it has none."""
    text = table.get(key)
    return _(text) if text else key
