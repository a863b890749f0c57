"""What the desk tells people by SMS, in their language. A message is a code and parameters,
rendered once when it is queued (the body is what was sent, whatever the catalogue says later)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from cybersetu.i18n import N_, _, using

MESSAGES: Final[dict[str, str]] = {
    "otp.track": N_(
        "CyberSetu: {code} is your code to open complaint {ack}. It is valid for 10 minutes. "
        "Give it only to the police help desk handling your complaint."
    ),
    "otp.register": N_(
        "CyberSetu: {code} is your code to register your shop on the traders' desk. It is "
        "valid for 10 minutes. Do not share it."
    ),
    "case.registered": N_(
        "CyberSetu: your cyber-fraud complaint {ack} is registered. Banks are being asked to "
        "hold the money. Open 'Track my complaint' with this number and your mobile to follow it."
    ),
    "hold.held": N_(
        "CyberSetu: {bank} has held {amount} of the money in your complaint {ack}. It stays "
        "held until it is returned to you by order; we will tell you at each step."
    ),
    "restoration.credited": N_(
        "CyberSetu: {bank} has credited {amount} back to your account for complaint {ack}. "
        "Check your account; the police never ask you for money or a code to return it."
    ),
    "hold.overdue": N_(
        "CyberSetu: hold request {reference} (complaint {ack}) to your bank is overdue and has "
        "been escalated. Answer it in the bank portal now: the money is still moving."
    ),
    "hold.release": N_(
        "CyberSetu: the lien of hold request {reference} (complaint {ack}) has run 90 days "
        "without a court or restoration order. Release it, as the MHA SOP requires."
    ),
    "trader.invited": N_(
        "CyberSetu: the traders' nodal officer has added your shop to the traders' desk as "
        "{username}. Open 'Register your shop' with this mobile number to set your password."
    ),
}

#: Messages whose body holds a secret: blanked once sent, never shown in the desk.
SECRET: Final = frozenset({"otp.track", "otp.register"})


def render(code: str, params: Mapping[str, Any], locale: str) -> str:
    if code not in MESSAGES:
        raise ValueError(f"unknown message {code!r}")
    with using(locale):
        return _(MESSAGES[code]).format(**params)
