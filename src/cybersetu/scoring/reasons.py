"""Plain-words reasons, in English and Hindi, for the features that pushed a score up.

Each feature has one sentence per language with the account's own value in it, so an officer
reads "shares a phone number with 6 other accounts", not "shared_phone=6".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from cybersetu.ledger.money import group_digits
from cybersetu.scoring.features import DORMANT_DAYS, FEATURES


def rupees(value: float, lang: str = "en") -> str:
    """₹ in the Indian way: ₹45,000, ₹3.2 lakh / ₹3.2 लाख, ₹1.5 crore / ₹1.5 करोड़."""
    v = float(value)
    if abs(v) >= 1e7:
        return f"₹{v / 1e7:.1f} " + ("crore" if lang == "en" else "करोड़")
    if abs(v) >= 1e5:
        return f"₹{v / 1e5:.1f} " + ("lakh" if lang == "en" else "लाख")
    return "₹" + group_digits(round(v))


def duration(hours: float, lang: str = "en") -> str:
    if hours < 1:
        m = max(1, round(hours * 60))
        return f"{m} " + ("minutes" if lang == "en" else "मिनट")
    if hours < 48:
        return f"{hours:.1f} " + ("hours" if lang == "en" else "घंटे")
    return f"{hours / 24:.0f} " + ("days" if lang == "en" else "दिन")


# Every reason's formatter takes (value, language); numbers read the same in both languages.
def _n(v: float, _lang: str) -> str:
    return group_digits(round(v))


def _pct(v: float, _lang: str) -> str:
    return f"{round(100 * v)}"


def _days(v: float, _lang: str) -> str:
    return f"{v:.0f}" if v >= 10 else f"{v:.1f}"


def _x(v: float, _lang: str) -> str:
    return f"{v:.1f}"


@dataclass(frozen=True)
class Reason:
    en: str
    hi: str
    fmt: Callable[[float, str], str] = _n


def _money(v: float, lang: str) -> str:
    return rupees(v, lang)


def _hours(v: float, lang: str) -> str:
    return duration(v, lang)


REASONS: Final[dict[str, Reason]] = {
    "shared_phone": Reason(
        "shares a phone number with {v} other accounts", "{v} अन्य खातों के साथ एक ही फ़ोन नंबर"
    ),
    "shared_device": Reason(
        "shares a device with {v} other accounts", "{v} अन्य खातों के साथ एक ही डिवाइस"
    ),
    "shared_address": Reason(
        "shares an address with {v} other accounts", "{v} अन्य खातों के साथ एक ही पता"
    ),
    "shared_email": Reason(
        "shares an e-mail address with {v} other accounts", "{v} अन्य खातों के साथ एक ही ई-मेल"
    ),
    "shared_pan": Reason("shares a PAN with {v} other accounts", "{v} अन्य खातों के साथ एक ही PAN"),
    "shared_kyc_max": Reason(
        "its KYC details match {v} other accounts", "KYC विवरण {v} अन्य खातों से मेल खाते हैं"
    ),
    "branch_day_openings": Reason(
        "opened on a day its branch opened {v} accounts", "उसी दिन उसी शाखा में {v} खाते खुले"
    ),
    "agent_day_openings": Reason(
        "opened on a day its agent opened {v} accounts", "उसी दिन उसी एजेंट ने {v} खाते खोले"
    ),
    "kyc_video": Reason("opened by video KYC", "वीडियो KYC से खुला खाता"),
    "kyc_ekyc": Reason("opened by OTP e-KYC", "OTP ई-KYC से खुला खाता"),
    "kyc_min": Reason("a minimum-KYC account", "न्यूनतम KYC वाला खाता"),
    "kyc_bc_agent": Reason(
        "opened through a business correspondent agent", "बैंक मित्र (BC एजेंट) के माध्यम से खुला खाता"
    ),
    "type_merchant": Reason("a merchant account", "मर्चेंट खाता"),
    "type_jan_dhan": Reason("a Jan Dhan account", "जन धन खाता"),
    "type_current": Reason("a current account", "चालू खाता"),
    "type_wallet": Reason("a wallet", "वॉलेट खाता"),
    "days_open_at_first_large": Reason(
        "first large transaction {v} days after opening",
        "खाता खुलने के {v} दिन बाद पहला बड़ा लेन-देन",
        _days,
    ),
    "days_open_before_first_txn": Reason(
        "first transaction {v} days after opening", "खाता खुलने के {v} दिन बाद पहला लेन-देन", _days
    ),
    "income_multiple": Reason(
        "receives {v} times its declared monthly income", "घोषित मासिक आय का {v} गुना जमा", _x
    ),
    "n_in": Reason("{v} credits", "{v} बार पैसा आया"),
    "n_out": Reason("{v} debits", "{v} बार पैसा गया"),
    "amt_in": Reason("{v} received", "{v} प्राप्त", _money),
    "amt_out": Reason("{v} paid out", "{v} आगे भेजे गए", _money),
    "mean_in": Reason("average credit {v}", "औसत जमा {v}", _money),
    "max_in": Reason("largest credit {v}", "सबसे बड़ी जमा {v}", _money),
    "n_senders": Reason("money from {v} different senders", "{v} अलग-अलग लोगों से पैसा आया"),
    "n_receivers": Reason("money to {v} different accounts", "{v} अलग-अलग खातों में पैसा भेजा"),
    "n_sender_banks": Reason("senders at {v} banks", "{v} बैंकों से पैसा आया"),
    "n_receiver_banks": Reason("paid out to {v} banks", "{v} बैंकों में पैसा भेजा"),
    "one_time_sender_share": Reason(
        "{v}% of senders paid only once (strangers, not regular payers)",
        "{v}% भेजने वालों ने केवल एक बार भेजा (अनजान लोग)",
        _pct,
    ),
    "max_in_1h": Reason("{v} credits within one hour", "एक घंटे में {v} बार पैसा आया"),
    "max_in_1d": Reason("{v} credits within one day", "एक दिन में {v} बार पैसा आया"),
    "max_in_7d": Reason("{v} credits within seven days", "सात दिनों में {v} बार पैसा आया"),
    "max_out_1h": Reason("{v} debits within one hour", "एक घंटे में {v} बार पैसा भेजा"),
    "max_out_1d": Reason("{v} debits within one day", "एक दिन में {v} बार पैसा भेजा"),
    "max_in_amt_1d": Reason("{v} received in one day", "एक दिन में {v} प्राप्त", _money),
    "passthrough_1h": Reason(
        "{v}% of the money received left again within an hour",
        "प्राप्त राशि का {v}% एक घंटे के भीतर आगे भेज दिया",
        _pct,
    ),
    "passthrough_1d": Reason(
        "{v}% of the money received left again within a day",
        "प्राप्त राशि का {v}% एक दिन के भीतर आगे भेज दिया",
        _pct,
    ),
    "dwell_mean_h": Reason(
        "money stayed only {v} on average before moving on",
        "पैसा औसतन केवल {v} रुका, फिर आगे गया",
        _hours,
    ),
    "retained_share": Reason(
        "keeps {v}% of what it receives", "प्राप्त राशि का {v}% खाते में रहा", _pct
    ),
    "night_share": Reason(
        "{v}% of transactions between midnight and 5 am",
        "{v}% लेन-देन आधी रात से सुबह 5 बजे के बीच",
        _pct,
    ),
    "round_share": Reason("{v}% round amounts", "{v}% राशियाँ पूर्णांक (राउंड) में", _pct),
    "below_threshold_share": Reason(
        "{v}% of amounts just below a limit (like ₹49,500)",
        "{v}% राशियाँ किसी सीमा से ठीक नीचे (जैसे ₹49,500)",
        _pct,
    ),
    "cash_out_share": Reason(
        "{v}% of outgoing money withdrawn as cash (ATM, AePS)",
        "भेजी गई राशि का {v}% नकद निकाला गया (ATM, AePS)",
        _pct,
    ),
    "active_days": Reason("active on {v} days", "{v} दिन सक्रिय"),
    "max_gap_days": Reason("silent for {v} days at a stretch", "लगातार {v} दिन निष्क्रिय", _days),
    "burst_after_dormancy": Reason(
        f"{{v}} transactions in the week after {DORMANT_DAYS}+ silent days",
        f"{DORMANT_DAYS}+ दिन की निष्क्रियता के बाद एक सप्ताह में {{v}} लेन-देन",
    ),
    "gather_scatter": Reason(
        "collects from and pays out to {v}+ accounts each (gather-scatter)",
        "{v}+ खातों से पैसा इकट्ठा कर {v}+ खातों में बाँटा",
    ),
    "scatter_gather_in": Reason(
        "money from one source reached it through {v} different accounts",
        "एक ही स्रोत का पैसा {v} अलग-अलग खातों के रास्ते इसमें आया",
    ),
    "scatter_gather_out": Reason(
        "its money reached one account through {v} different accounts",
        "इसका पैसा {v} अलग-अलग खातों के रास्ते एक ही खाते में पहुँचा",
    ),
    "two_hop_in": Reason(
        "money reaches it from {v} accounts within two hops",
        "दो कड़ियों के भीतर {v} खातों से पैसा आया",
    ),
    "two_hop_out": Reason(
        "its money reaches {v} accounts within two hops",
        "दो कड़ियों के भीतर {v} खातों तक पैसा पहुँचा",
    ),
    "cycle2": Reason(
        "money goes back and forth with {v} accounts", "{v} खातों के साथ पैसा आगे-पीछे घूमा"
    ),
    "cycle3": Reason("on {v} three-account money loops", "तीन खातों वाले {v} चक्रों में पैसा घूमा"),
    "complaint_named": Reason(
        "already named in a fraud complaint", "पहले से धोखाधड़ी की शिकायत में नामित"
    ),
    "sent_to_named": Reason(
        "sent money to {v} accounts named in complaints",
        "शिकायतों में नामित {v} खातों को पैसा भेजा",
    ),
    "got_from_named": Reason(
        "received money from {v} accounts named in complaints",
        "शिकायतों में नामित {v} खातों से पैसा मिला",
    ),
    "named_2hop_up": Reason(
        "its money reaches {v} complaint-named accounts within two hops",
        "इसका पैसा दो कड़ियों में शिकायत में नामित {v} खातों तक पहुँचा",
    ),
    "named_2hop_down": Reason(
        "receives money two hops after {v} complaint-named accounts",
        "शिकायत में नामित {v} खातों से दो कड़ी बाद पैसा मिला",
    ),
}

if set(REASONS) != set(FEATURES):
    raise RuntimeError(
        f"features without a reason, or reasons without a feature: {set(FEATURES) ^ set(REASONS)}"
    )

#: Features where a small value is the suspicious one (money that does not stay; an account used
#: at once). For all others a large value is.
LOW_IS_RISKY: Final = frozenset(
    {"dwell_mean_h", "days_open_at_first_large", "days_open_before_first_txn", "retained_share"}
)


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
#: say what a typical account has. Shares, KYC matches and loops speak for themselves.
WITH_TYPICAL: Final = frozenset(
    {
        "amt_in",
        "amt_out",
        "mean_in",
        "max_in",
        "max_in_amt_1d",
        "n_in",
        "n_out",
        "n_senders",
        "n_receivers",
        "max_in_1d",
        "max_in_7d",
        "active_days",
    }
)


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
