"""Every mule-scoring feature in one place: its name, group, the value an account with no rows
for it gets, which side is suspicious, and the sentence an officer reads for it in English and
Hindi. The feature pipeline, the model and the reasons all take their lists from here, so a
feature cannot be computed without a reason or explained without being computed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from cybersetu.ledger.money import group_digits

#: Days without a transaction after which a burst counts as a dormant account woken up.
DORMANT_DAYS: Final = 14


class Group(StrEnum):
    KYC = "kyc"
    """Loopholes in KYC: identity details shared across accounts, opening bursts, KYC mode."""
    BEHAVIOUR = "behaviour"
    """How money moves through the account."""
    GRAPH = "graph"
    """Two-hop shapes and short cycles around the account."""
    COMPLAINTS = "complaints"
    """Closeness to accounts named in complaints (opt-in: they leak the label)."""


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


def _pct_sign(v: float, _lang: str) -> str:
    """A share with its sign, for reasons that also show the typical account's share."""
    return f"{round(100 * v)}%"


def _days(v: float, _lang: str) -> str:
    return f"{v:.0f}" if v >= 10 else f"{v:.1f}"


def _x(v: float, _lang: str) -> str:
    return f"{v:.1f}"


def _money(v: float, lang: str) -> str:
    return rupees(v, lang)


def _hours(v: float, lang: str) -> str:
    return duration(v, lang)


@dataclass(frozen=True)
class Feature:
    name: str
    group: Group
    reason_en: str
    """The reason in English, `{v}` for the account's value."""
    reason_hi: str
    fmt: Callable[[float, str], str] = _n
    """How the value is written in the reason."""
    fill: float | None = None
    """The value of an account with no rows for it (counts: 0); None leaves it missing.
    Complaint features are filled only when complaints are given."""
    low_is_risky: bool = False
    """A small value is the suspicious one (money that does not stay; an account used at once)."""
    with_typical: bool = False
    """The reason sets the value against the typical account's (amounts and counts)."""
    needs_accounts: bool = False
    """Computed from the accounts file (KYC dates, income): missing without it."""


FEATURE_SPECS: Final[tuple[Feature, ...]] = (
    # kyc
    Feature(
        "shared_phone",
        Group.KYC,
        "shares a phone number with {v} other accounts",
        "{v} अन्य खातों के साथ एक ही फ़ोन नंबर",
    ),
    Feature(
        "shared_device",
        Group.KYC,
        "shares a device with {v} other accounts",
        "{v} अन्य खातों के साथ एक ही डिवाइस",
    ),
    Feature(
        "shared_address",
        Group.KYC,
        "shares an address with {v} other accounts",
        "{v} अन्य खातों के साथ एक ही पता",
    ),
    Feature(
        "shared_email",
        Group.KYC,
        "shares an e-mail address with {v} other accounts",
        "{v} अन्य खातों के साथ एक ही ई-मेल",
    ),
    Feature(
        "shared_pan",
        Group.KYC,
        "shares a PAN with {v} other accounts",
        "{v} अन्य खातों के साथ एक ही PAN",
    ),
    Feature(
        "shared_kyc_max",
        Group.KYC,
        "its KYC details match {v} other accounts",
        "KYC विवरण {v} अन्य खातों से मेल खाते हैं",
    ),
    Feature(
        "branch_day_openings",
        Group.KYC,
        "opened on a day its branch opened {v} accounts",
        "उसी दिन उसी शाखा में {v} खाते खुले",
    ),
    Feature(
        "agent_day_openings",
        Group.KYC,
        "opened on a day its agent opened {v} accounts",
        "उसी दिन उसी एजेंट ने {v} खाते खोले",
    ),
    Feature("kyc_video", Group.KYC, "opened by video KYC", "वीडियो KYC से खुला खाता"),
    Feature("kyc_ekyc", Group.KYC, "opened by OTP e-KYC", "OTP ई-KYC से खुला खाता"),
    Feature("kyc_min", Group.KYC, "a minimum-KYC account", "न्यूनतम KYC वाला खाता"),
    Feature(
        "kyc_bc_agent",
        Group.KYC,
        "opened through a business correspondent agent",
        "बैंक मित्र (BC एजेंट) के माध्यम से खुला खाता",
    ),
    Feature("type_merchant", Group.KYC, "a merchant account", "मर्चेंट खाता"),
    Feature("type_jan_dhan", Group.KYC, "a Jan Dhan account", "जन धन खाता"),
    Feature("type_current", Group.KYC, "a current account", "चालू खाता"),
    Feature("type_wallet", Group.KYC, "a wallet", "वॉलेट खाता"),
    Feature(
        "days_open_at_first_large",
        Group.KYC,
        "first large transaction {v} days after opening",
        "खाता खुलने के {v} दिन बाद पहला बड़ा लेन-देन",
        fmt=_days,
        low_is_risky=True,
        needs_accounts=True,
    ),
    Feature(
        "days_open_before_first_txn",
        Group.KYC,
        "first transaction {v} days after opening",
        "खाता खुलने के {v} दिन बाद पहला लेन-देन",
        fmt=_days,
        low_is_risky=True,
        needs_accounts=True,
    ),
    Feature(
        "income_multiple",
        Group.KYC,
        "receives {v} times its declared monthly income",
        "घोषित मासिक आय का {v} गुना जमा",
        fmt=_x,
        needs_accounts=True,
    ),
    # behaviour
    Feature("n_in", Group.BEHAVIOUR, "{v} credits", "{v} बार पैसा आया", fill=0.0, with_typical=True),
    Feature("n_out", Group.BEHAVIOUR, "{v} debits", "{v} बार पैसा गया", fill=0.0, with_typical=True),
    Feature(
        "amt_in",
        Group.BEHAVIOUR,
        "{v} received",
        "{v} प्राप्त",
        fmt=_money,
        fill=0.0,
        with_typical=True,
    ),
    Feature(
        "amt_out",
        Group.BEHAVIOUR,
        "{v} paid out",
        "{v} आगे भेजे गए",
        fmt=_money,
        fill=0.0,
        with_typical=True,
    ),
    Feature(
        "mean_in",
        Group.BEHAVIOUR,
        "average credit {v}",
        "औसत जमा {v}",
        fmt=_money,
        with_typical=True,
    ),
    Feature(
        "max_in",
        Group.BEHAVIOUR,
        "largest credit {v}",
        "सबसे बड़ी जमा {v}",
        fmt=_money,
        with_typical=True,
    ),
    Feature(
        "n_senders",
        Group.BEHAVIOUR,
        "money from {v} different senders",
        "{v} अलग-अलग लोगों से पैसा आया",
        fill=0.0,
        with_typical=True,
    ),
    Feature(
        "n_receivers",
        Group.BEHAVIOUR,
        "money to {v} different accounts",
        "{v} अलग-अलग खातों में पैसा भेजा",
        fill=0.0,
        with_typical=True,
    ),
    Feature(
        "n_sender_banks", Group.BEHAVIOUR, "senders at {v} banks", "{v} बैंकों से पैसा आया", fill=0.0
    ),
    Feature(
        "n_receiver_banks", Group.BEHAVIOUR, "paid out to {v} banks", "{v} बैंकों में पैसा भेजा", fill=0.0
    ),
    Feature(
        "one_time_sender_share",
        Group.BEHAVIOUR,
        "{v}% of senders paid only once (strangers, not regular payers)",
        "{v}% भेजने वालों ने केवल एक बार भेजा (अनजान लोग)",
        fmt=_pct,
    ),
    Feature("max_in_1h", Group.BEHAVIOUR, "{v} credits within one hour", "एक घंटे में {v} बार पैसा आया"),
    Feature(
        "max_in_1d",
        Group.BEHAVIOUR,
        "{v} credits within one day",
        "एक दिन में {v} बार पैसा आया",
        with_typical=True,
    ),
    Feature(
        "max_in_7d",
        Group.BEHAVIOUR,
        "{v} credits within seven days",
        "सात दिनों में {v} बार पैसा आया",
        with_typical=True,
    ),
    Feature("max_out_1h", Group.BEHAVIOUR, "{v} debits within one hour", "एक घंटे में {v} बार पैसा भेजा"),
    Feature("max_out_1d", Group.BEHAVIOUR, "{v} debits within one day", "एक दिन में {v} बार पैसा भेजा"),
    Feature(
        "max_in_amt_1d",
        Group.BEHAVIOUR,
        "{v} received in one day",
        "एक दिन में {v} प्राप्त",
        fmt=_money,
        with_typical=True,
    ),
    Feature(
        "passthrough_1h",
        Group.BEHAVIOUR,
        "{v}% of the money received left again within an hour",
        "प्राप्त राशि का {v}% एक घंटे के भीतर आगे भेज दिया",
        fmt=_pct,
    ),
    Feature(
        "passthrough_1d",
        Group.BEHAVIOUR,
        "{v}% of the money received left again within a day",
        "प्राप्त राशि का {v}% एक दिन के भीतर आगे भेज दिया",
        fmt=_pct,
    ),
    Feature(
        "dwell_mean_h",
        Group.BEHAVIOUR,
        "money stayed only {v} on average before moving on",
        "पैसा औसतन केवल {v} रुका, फिर आगे गया",
        fmt=_hours,
        low_is_risky=True,
    ),
    Feature(
        "retained_share",
        Group.BEHAVIOUR,
        "keeps {v}% of what it receives",
        "प्राप्त राशि का {v}% खाते में रहा",
        fmt=_pct,
        low_is_risky=True,
    ),
    Feature(
        "night_share",
        Group.BEHAVIOUR,
        "{v}% of transactions between midnight and 5 am",
        "{v}% लेन-देन आधी रात से सुबह 5 बजे के बीच",
        fmt=_pct,
    ),
    Feature(
        "round_share", Group.BEHAVIOUR, "{v}% round amounts", "{v}% राशियाँ पूर्णांक (राउंड) में", fmt=_pct
    ),
    Feature(
        "below_threshold_share",
        Group.BEHAVIOUR,
        "{v}% of amounts just below a limit (like ₹49,500)",
        "{v}% राशियाँ किसी सीमा से ठीक नीचे (जैसे ₹49,500)",
        fmt=_pct,
    ),
    Feature(
        "cash_out_share",
        Group.BEHAVIOUR,
        "{v}% of outgoing money withdrawn as cash (ATM, AePS)",
        "भेजी गई राशि का {v}% नकद निकाला गया (ATM, AePS)",
        fmt=_pct,
    ),
    Feature(
        "active_days",
        Group.BEHAVIOUR,
        "active on {v} days",
        "{v} दिन सक्रिय",
        fill=0.0,
        with_typical=True,
    ),
    Feature(
        "max_gap_days",
        Group.BEHAVIOUR,
        "silent for {v} days at a stretch",
        "लगातार {v} दिन निष्क्रिय",
        fmt=_days,
        fill=0.0,
    ),
    Feature(
        "burst_after_dormancy",
        Group.BEHAVIOUR,
        f"{{v}} transactions in the week after {DORMANT_DAYS}+ silent days",
        f"{DORMANT_DAYS}+ दिन की निष्क्रियता के बाद एक सप्ताह में {{v}} लेन-देन",
        fill=0.0,
    ),
    Feature(
        "passthrough_7d",
        Group.BEHAVIOUR,
        "{v}% of the money received left again within a week",
        "प्राप्त राशि का {v}% एक सप्ताह के भीतर आगे भेज दिया",
        fmt=_pct,
    ),
    Feature(
        "mean_in_q",
        Group.BEHAVIOUR,
        "its credits are on average larger than {v} of all payments in the ledger",
        "इसकी जमा राशियाँ औसतन लेजर के {v} भुगतानों से बड़ी हैं",
        fmt=_pct_sign,
        with_typical=True,
    ),
    Feature(
        "mean_out_q",
        Group.BEHAVIOUR,
        "its debits are on average larger than {v} of all payments in the ledger",
        "इसकी भेजी गई राशियाँ औसतन लेजर के {v} भुगतानों से बड़ी हैं",
        fmt=_pct_sign,
        with_typical=True,
    ),
    Feature(
        "cv_in",
        Group.BEHAVIOUR,
        "its credit amounts vary by {v} times their average",
        "जमा राशियों का उतार-चढ़ाव उनके औसत का {v} गुना",
        fmt=_x,
        with_typical=True,
    ),
    Feature(
        "cv_out",
        Group.BEHAVIOUR,
        "its debit amounts vary by {v} times their average",
        "भेजी गई राशियों का उतार-चढ़ाव उनके औसत का {v} गुना",
        fmt=_x,
        with_typical=True,
    ),
    Feature(
        "n_one_time_senders",
        Group.BEHAVIOUR,
        "{v} senders paid it only once",
        "{v} लोगों ने केवल एक बार पैसा भेजा",
        fill=0.0,
        with_typical=True,
    ),
    Feature(
        "n_one_time_receivers",
        Group.BEHAVIOUR,
        "paid {v} accounts only once",
        "{v} खातों को केवल एक बार पैसा भेजा",
        fill=0.0,
        with_typical=True,
    ),
    Feature(
        "one_time_receiver_share",
        Group.BEHAVIOUR,
        "{v}% of the accounts it paid were paid only once",
        "जिन खातों को पैसा भेजा उनमें से {v}% को केवल एक बार",
        fmt=_pct,
    ),
    Feature(
        "fan_in_1d",
        Group.BEHAVIOUR,
        "money from {v} different senders in one day",
        "एक दिन में {v} अलग-अलग लोगों से पैसा आया",
        with_typical=True,
    ),
    Feature(
        "fan_out_1d",
        Group.BEHAVIOUR,
        "money to {v} different accounts in one day",
        "एक दिन में {v} अलग-अलग खातों में पैसा भेजा",
        with_typical=True,
    ),
    Feature(
        "fan_in_7d",
        Group.BEHAVIOUR,
        "money from {v} different senders in one week",
        "एक सप्ताह में {v} अलग-अलग लोगों से पैसा आया",
        with_typical=True,
    ),
    Feature(
        "fan_out_7d",
        Group.BEHAVIOUR,
        "money to {v} different accounts in one week",
        "एक सप्ताह में {v} अलग-अलग खातों में पैसा भेजा",
        with_typical=True,
    ),
    Feature(
        "fan_in_30d",
        Group.BEHAVIOUR,
        "money from {v} different senders in one month",
        "एक महीने में {v} अलग-अलग लोगों से पैसा आया",
        with_typical=True,
    ),
    Feature(
        "fan_out_30d",
        Group.BEHAVIOUR,
        "money to {v} different accounts in one month",
        "एक महीने में {v} अलग-अलग खातों में पैसा भेजा",
        with_typical=True,
    ),
    # graph
    Feature(
        "gather_scatter",
        Group.GRAPH,
        "collects from and pays out to {v}+ accounts each (gather-scatter)",
        "{v}+ खातों से पैसा इकट्ठा कर {v}+ खातों में बाँटा",
    ),
    Feature(
        "scatter_gather_in",
        Group.GRAPH,
        "money from one source reached it through {v} different accounts",
        "एक ही स्रोत का पैसा {v} अलग-अलग खातों के रास्ते इसमें आया",
        fill=0.0,
    ),
    Feature(
        "scatter_gather_out",
        Group.GRAPH,
        "its money reached one account through {v} different accounts",
        "इसका पैसा {v} अलग-अलग खातों के रास्ते एक ही खाते में पहुँचा",
        fill=0.0,
    ),
    Feature(
        "two_hop_in",
        Group.GRAPH,
        "money reaches it from {v} accounts within two hops",
        "दो कड़ियों के भीतर {v} खातों से पैसा आया",
        fill=0.0,
    ),
    Feature(
        "two_hop_out",
        Group.GRAPH,
        "its money reaches {v} accounts within two hops",
        "दो कड़ियों के भीतर {v} खातों तक पैसा पहुँचा",
        fill=0.0,
    ),
    Feature(
        "cycle2",
        Group.GRAPH,
        "money goes back and forth with {v} accounts",
        "{v} खातों के साथ पैसा आगे-पीछे घूमा",
        fill=0.0,
    ),
    Feature(
        "cycle3",
        Group.GRAPH,
        "on {v} three-account money loops",
        "तीन खातों वाले {v} चक्रों में पैसा घूमा",
        fill=0.0,
    ),
    Feature(
        "relay_7d",
        Group.GRAPH,
        "passed money from a one-time sender to a one-time receiver within a week {v} times",
        "एक बार भेजने वाले से आया पैसा एक सप्ताह में {v} बार किसी एक बार पाने वाले को भेजा",
        fill=0.0,
    ),
    Feature(
        "relay_30d",
        Group.GRAPH,
        "passed money from a one-time sender to a one-time receiver within a month {v} times",
        "एक बार भेजने वाले से आया पैसा एक महीने में {v} बार किसी एक बार पाने वाले को भेजा",
        fill=0.0,
    ),
    Feature(
        "chain_out",
        Group.GRAPH,
        "{v} times its one-off payment was paid on once more within a month",
        "इसका एकमुश्त भुगतान {v} बार एक महीने में फिर एकमुश्त आगे भेजा गया",
        fill=0.0,
    ),
    Feature(
        "chain_in",
        Group.GRAPH,
        "{v} times it was paid once money that had just arrived once elsewhere",
        "{v} बार इसे ऐसा एकमुश्त पैसा मिला जो अभी-अभी कहीं और एकमुश्त आया था",
        fill=0.0,
    ),
    Feature(
        "cp_one_time_mean",
        Group.GRAPH,
        "its counterparties deal only once with {v} of their own partners, on average",
        "इसके साथी खाते अपने औसतन {v} साथियों से केवल एक बार लेन-देन करते हैं",
        fmt=_pct_sign,
        with_typical=True,
    ),
    Feature(
        "cp_one_time_max",
        Group.GRAPH,
        "one of its counterparties deals only once each with {v} accounts",
        "इसका एक साथी खाता {v} खातों से केवल एक-एक बार लेन-देन करता है",
        with_typical=True,
    ),
    Feature(
        "cp_passthrough_mean",
        Group.GRAPH,
        "its counterparties pass on {v} of what they receive within a week, on average",
        "इसके साथी खाते प्राप्त राशि का औसतन {v} एक सप्ताह में आगे भेज देते हैं",
        fmt=_pct_sign,
        with_typical=True,
    ),
    Feature(
        "one_time_cp_one_time_mean",
        Group.GRAPH,
        "the accounts it dealt with only once each deal only once with {v} accounts, on average",
        "जिन खातों से एक बार लेन-देन हुआ वे औसतन {v} खातों से एक-एक बार लेन-देन करते हैं",
        fmt=_x,
        with_typical=True,
    ),
    Feature(
        "cp2_one_time_mean",
        Group.GRAPH,
        "two hops away, accounts deal only once with {v} of their partners, on average",
        "दो कड़ी दूर के खाते अपने औसतन {v} साथियों से केवल एक बार लेन-देन करते हैं",
        fmt=_pct_sign,
        with_typical=True,
    ),
    # complaints
    Feature(
        "complaint_named",
        Group.COMPLAINTS,
        "already named in a fraud complaint",
        "पहले से धोखाधड़ी की शिकायत में नामित",
        fill=0.0,
    ),
    Feature(
        "sent_to_named",
        Group.COMPLAINTS,
        "sent money to {v} accounts named in complaints",
        "शिकायतों में नामित {v} खातों को पैसा भेजा",
        fill=0.0,
    ),
    Feature(
        "got_from_named",
        Group.COMPLAINTS,
        "received money from {v} accounts named in complaints",
        "शिकायतों में नामित {v} खातों से पैसा मिला",
        fill=0.0,
    ),
    Feature(
        "named_2hop_up",
        Group.COMPLAINTS,
        "its money reaches {v} complaint-named accounts within two hops",
        "इसका पैसा दो कड़ियों में शिकायत में नामित {v} खातों तक पहुँचा",
        fill=0.0,
    ),
    Feature(
        "named_2hop_down",
        Group.COMPLAINTS,
        "receives money two hops after {v} complaint-named accounts",
        "शिकायत में नामित {v} खातों से दो कड़ी बाद पैसा मिला",
        fill=0.0,
    ),
)

BY_NAME: Final[dict[str, Feature]] = {f.name: f for f in FEATURE_SPECS}
if len(BY_NAME) != len(FEATURE_SPECS):
    raise RuntimeError("a feature name is used twice")


def names(group: Group | None = None) -> tuple[str, ...]:
    """Feature names in the order the model sees them (of one group, or all)."""
    return tuple(f.name for f in FEATURE_SPECS if group is None or f.group is group)
