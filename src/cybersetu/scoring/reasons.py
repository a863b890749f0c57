"""Plain-words reasons, in English and Hindi, for the features that pushed a score up.

Each feature has one sentence per language with the account's own value in it, so an officer
reads "shares a phone number with 6 other accounts", not "shared_phone=6".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from cybersetu.scoring.registry import FEATURE_SPECS, _n, duration, rupees

__all__ = ["LOW_IS_RISKY", "REASONS", "WITH_TYPICAL", "Reason", "describe", "duration", "rupees"]


@dataclass(frozen=True)
class Reason:
    en: str
    hi: str
    fmt: Callable[[float, str], str] = _n


REASONS: Final[dict[str, Reason]] = {
    f.name: Reason(f.reason_en, f.reason_hi, f.fmt) for f in FEATURE_SPECS
}

#: Features where a small value is the suspicious one (money that does not stay; an account used
#: at once). For all others a large value is.
LOW_IS_RISKY: Final = frozenset(f.name for f in FEATURE_SPECS if f.low_is_risky)


def points_to_risk(feature: str, value: float, typical: float) -> bool:
    """Whether the value is on the suspicious side of the typical (median) value.

    A reason is only given when it is true of the account: a feature can raise a score through an
    interaction while the account's own value is ordinary, and "money from 1 different senders"
    explains nothing.
    """
    if value is None or math.isnan(value):
        return False
    if feature in LOW_IS_RISKY:
        return value < typical or (math.isnan(typical) and value <= 1)
    return value > 0 and (math.isnan(typical) or value > typical)


#: Amounts and counts mean little without a yardstick ("average credit ₹28,796"): their reasons
#: say what a typical account has. Shares of its own money, KYC matches and loops speak for
#: themselves; amount places and spreads, and its neighbours' figures, do not.
WITH_TYPICAL: Final = frozenset(f.name for f in FEATURE_SPECS if f.with_typical)


def describe(feature: str, value: float, lang: str = "en", typical: float | None = None) -> str:
    """One reason in `lang` ("en" or "hi") for a feature and the account's value of it; with the
    typical (median) value, amounts and counts are set against it."""
    r = REASONS[feature]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        text = r.en if lang == "en" else r.hi
        return text.replace("{v}", "?")
    template = r.en if lang == "en" else r.hi
    text = template.format(v=r.fmt(float(value), lang))
    if feature in WITH_TYPICAL and typical is not None and math.isfinite(typical):
        label = "typical account" if lang == "en" else "सामान्य खाता"
        text += f" ({label}: {r.fmt(float(typical), lang)})"
    return text
