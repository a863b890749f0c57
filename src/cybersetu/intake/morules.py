"""Boundary rules between neighbouring MOs, applied on top of the learned model.

The model learns what each MO sounds like; these rules encode the conventions of the issue where
two MOs share most of their words, so that the decision follows the convention and not the
accident of which words were more frequent in training:

- `loan_app_morphed_photos`: morphed or obscene photos sent by a loan app's recovery agents are
  `loan_app`, not `sextortion`.
- `trai_call_to_fake_police`: a "TRAI: your SIM will be blocked" call that leads to a fake
  CBI/police/customs video call is `digital_arrest` (not `sim_swap` or `fake_kyc_update`).
- `kyc_link_then_otp`: a KYC message with a link or app, even when followed by an OTP call, is
  `fake_kyc_update`, not `otp_vishing`.
- `bank_caller_only_otp`: a caller posing as the bank who only asks for the OTP (no link, no app,
  no KYC, no search) is `otp_vishing`.
- `searched_helpline`: a helpline or customer-care number found by searching Google or the
  internet is `fake_customer_care`, whatever the caller then asked for.

Each rule reads the romanized text (`romanize`) through `word_pattern`, so one word list
covers all three scripts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from cybersetu.intake.results import Mo
from cybersetu.intake.romanize import word_pattern


def _any(words: str) -> re.Pattern[str]:
    return word_pattern(w.replace("_", " ") for w in words.split())


_LOAN: Final = _any("loan* लोन karj कर्ज")
_PHOTO_ABUSE: Final = _any(
    "morph* मॉर्फ्ड edit* एडिटेड nude न्यूड nangi gandi gande ganda गंदी अश्लील ashleel "
    "obscene photo* फोटो pics छेड़छाड़"
)
_TRAI_SIM: Final = _any("trai ट्राई sim* सिम number_band disconnect*")
_FAKE_AUTHORITY: Final = _any(
    "cbi सीबीआई ed ईडी police पुलिस customs कस्टम narcotics नारकोटिक्स crime_branch "
    "arrest* अरेस्ट गिरफ्तारी warrant वारंट video_call वीडियो_कॉल skype स्काइप"
)
_KYC: Final = _any("kyc केवाईसी e-kyc ekyc re-kyc rekyc")
_LINK_OR_APP: Final = _any(
    "link* लिंक apk app* ऐप एप sms एसएमएस message* मैसेज msg url site website* वेबसाइट http*"
)
_OTP: Final = _any("otp ओटीपी verification_code")
_BANK_CALLER: Final = _any(
    "bank* बैंक sbi एसबीआई hdfc एचडीएफसी icici pnb axis kotak manager मैनेजर card* कार्ड atm एटीएम"
)
_SEARCH: Final = _any(
    "google* गूगल search* सर्च internet इंटरनेट net online ऑनलाइन dhund* ढूंढा खोजा खोजा blog"
)
_HELPLINE: Final = _any(
    "customer_care कस्टमर_केयर customer_support helpline* हेल्पलाइन help_line toll_free "
    "toll-free support_number care_number care_no"
)


@dataclass(frozen=True)
class Rule:
    name: str
    target: Mo
    applies_to: frozenset[Mo]
    """The rule only overrides when the model's first choice is one of these."""
    test: Callable[[str], bool]


def _both(a: re.Pattern[str], b: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda text: bool(a.search(text) and b.search(text))


def _only_otp(text: str) -> bool:
    blockers = (_KYC, _LINK_OR_APP, _SEARCH, _HELPLINE)
    return bool(_OTP.search(text) and _BANK_CALLER.search(text)) and not any(
        p.search(text) for p in blockers
    )


RULES: Final[tuple[Rule, ...]] = (
    Rule(
        "loan_app_morphed_photos",
        Mo.LOAN_APP,
        frozenset({Mo.SEXTORTION}),
        _both(_LOAN, _PHOTO_ABUSE),
    ),
    Rule(
        "trai_call_to_fake_police",
        Mo.DIGITAL_ARREST,
        frozenset({Mo.SIM_SWAP, Mo.FAKE_KYC_UPDATE, Mo.OTP_VISHING}),
        _both(_TRAI_SIM, _FAKE_AUTHORITY),
    ),
    Rule(
        "kyc_link_then_otp",
        Mo.FAKE_KYC_UPDATE,
        frozenset({Mo.OTP_VISHING}),
        _both(_KYC, _LINK_OR_APP),
    ),
    Rule(
        "searched_helpline",
        Mo.FAKE_CUSTOMER_CARE,
        frozenset(Mo) - {Mo.FAKE_CUSTOMER_CARE},
        _both(_SEARCH, _HELPLINE),
    ),
    Rule(
        "bank_caller_only_otp",
        Mo.OTP_VISHING,
        frozenset({Mo.FAKE_KYC_UPDATE, Mo.FAKE_CUSTOMER_CARE}),
        _only_otp,
    ),
)


def applicable_rule(roman_text: str, first_choice: Mo) -> Rule | None:
    """The first rule that overrides the model's first choice for this text, if any."""
    for rule in RULES:
        if first_choice in rule.applies_to and rule.test(roman_text):
            return rule
    return None
