"""Banks operating in India, keyed by the 4-letter IFSC prefix (public RBI data).

The synthetic city draws its banks from `BANKS`; the identifier types and hold requests know
those and `OTHER_BANKS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class BankCategory(StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"
    SMALL_FINANCE = "small_finance"
    PAYMENTS = "payments"
    COOPERATIVE = "cooperative"
    REGIONAL_RURAL = "regional_rural"


@dataclass(frozen=True)
class Bank:
    ifsc_prefix: str
    name: str
    name_hi: str
    category: BankCategory


_B = Bank
_C = BankCategory

BANKS: Final[tuple[Bank, ...]] = (
    _B("SBIN", "State Bank of India", "भारतीय स्टेट बैंक", _C.PUBLIC),
    _B("PUNB", "Punjab National Bank", "पंजाब नेशनल बैंक", _C.PUBLIC),
    _B("BARB", "Bank of Baroda", "बैंक ऑफ़ बड़ौदा", _C.PUBLIC),
    _B("CNRB", "Canara Bank", "केनरा बैंक", _C.PUBLIC),
    _B("UBIN", "Union Bank of India", "यूनियन बैंक ऑफ़ इंडिया", _C.PUBLIC),
    _B("BKID", "Bank of India", "बैंक ऑफ़ इंडिया", _C.PUBLIC),
    _B("IOBA", "Indian Overseas Bank", "इंडियन ओवरसीज़ बैंक", _C.PUBLIC),
    _B("UCBA", "UCO Bank", "यूको बैंक", _C.PUBLIC),
    _B("CBIN", "Central Bank of India", "सेंट्रल बैंक ऑफ़ इंडिया", _C.PUBLIC),
    _B("IDIB", "Indian Bank", "इंडियन बैंक", _C.PUBLIC),
    _B("MAHB", "Bank of Maharashtra", "बैंक ऑफ़ महाराष्ट्र", _C.PUBLIC),
    _B("PSIB", "Punjab & Sind Bank", "पंजाब एंड सिंध बैंक", _C.PUBLIC),
    _B("HDFC", "HDFC Bank", "एचडीएफसी बैंक", _C.PRIVATE),
    _B("ICIC", "ICICI Bank", "आईसीआईसीआई बैंक", _C.PRIVATE),
    _B("UTIB", "Axis Bank", "एक्सिस बैंक", _C.PRIVATE),
    _B("KKBK", "Kotak Mahindra Bank", "कोटक महिंद्रा बैंक", _C.PRIVATE),
    _B("YESB", "Yes Bank", "यस बैंक", _C.PRIVATE),
    _B("INDB", "IndusInd Bank", "इंडसइंड बैंक", _C.PRIVATE),
    _B("IDFB", "IDFC First Bank", "आईडीएफसी फर्स्ट बैंक", _C.PRIVATE),
    _B("FDRL", "Federal Bank", "फ़ेडरल बैंक", _C.PRIVATE),
    _B("RATN", "RBL Bank", "आरबीएल बैंक", _C.PRIVATE),
    _B("BDBL", "Bandhan Bank", "बंधन बैंक", _C.PRIVATE),
    _B("AUBL", "AU Small Finance Bank", "एयू स्मॉल फाइनेंस बैंक", _C.SMALL_FINANCE),
    _B("ESFB", "Equitas Small Finance Bank", "इक्विटास स्मॉल फाइनेंस बैंक", _C.SMALL_FINANCE),
    _B("UJVN", "Ujjivan Small Finance Bank", "उज्जीवन स्मॉल फाइनेंस बैंक", _C.SMALL_FINANCE),
    _B("JSFB", "Jana Small Finance Bank", "जना स्मॉल फाइनेंस बैंक", _C.SMALL_FINANCE),
    _B("UTKS", "Utkarsh Small Finance Bank", "उत्कर्ष स्मॉल फाइनेंस बैंक", _C.SMALL_FINANCE),
    _B("SURY", "Suryoday Small Finance Bank", "सूर्योदय स्मॉल फाइनेंस बैंक", _C.SMALL_FINANCE),
    _B("AIRP", "Airtel Payments Bank", "एयरटेल पेमेंट्स बैंक", _C.PAYMENTS),
    _B("IPOS", "India Post Payments Bank", "इंडिया पोस्ट पेमेंट्स बैंक", _C.PAYMENTS),
    _B("FINO", "Fino Payments Bank", "फिनो पेमेंट्स बैंक", _C.PAYMENTS),
    _B("PYTM", "Paytm Payments Bank", "पेटीएम पेमेंट्स बैंक", _C.PAYMENTS),
    _B("JIOP", "Jio Payments Bank", "जियो पेमेंट्स बैंक", _C.PAYMENTS),
    _B("UPCB", "U.P. Co-operative Bank", "उत्तर प्रदेश कोऑपरेटिव बैंक", _C.COOPERATIVE),
    _B("SRCB", "Saraswat Co-operative Bank", "सारस्वत कोऑपरेटिव बैंक", _C.COOPERATIVE),
    _B("COSB", "Cosmos Co-operative Bank", "कॉसमॉस कोऑपरेटिव बैंक", _C.COOPERATIVE),
    _B("SVCB", "SVC Co-operative Bank", "एसवीसी कोऑपरेटिव बैंक", _C.COOPERATIVE),
)

#: Other banks that a trail reaches beyond the city (frontier accounts) and foreign banks with
#: Indian branches. Known to the identifier types and to hold requests; the synthetic city does
#: not open accounts at them, which keeps its seeded output stable when this list grows.
OTHER_BANKS: Final[tuple[Bank, ...]] = (
    _B("IBKL", "IDBI Bank", "आईडीबीआई बैंक", _C.PRIVATE),
    _B("KARB", "Karnataka Bank", "कर्नाटक बैंक", _C.PRIVATE),
    _B("TMBL", "Tamilnad Mercantile Bank", "तमिलनाड मर्केंटाइल बैंक", _C.PRIVATE),
    _B("CIUB", "City Union Bank", "सिटी यूनियन बैंक", _C.PRIVATE),
    _B("KVBL", "Karur Vysya Bank", "करूर वैश्य बैंक", _C.PRIVATE),
    _B("DCBL", "DCB Bank", "डीसीबी बैंक", _C.PRIVATE),
    _B("SIBL", "South Indian Bank", "साउथ इंडियन बैंक", _C.PRIVATE),
    _B("JAKA", "J&K Bank", "जे एंड के बैंक", _C.PRIVATE),
    _B("CSBK", "CSB Bank", "सीएसबी बैंक", _C.PRIVATE),
    _B("DLXB", "Dhanlaxmi Bank", "धनलक्ष्मी बैंक", _C.PRIVATE),
    _B("NTBL", "Nainital Bank", "नैनीताल बैंक", _C.PRIVATE),
    _B("TJSB", "TJSB Sahakari Bank", "टीजेएसबी सहकारी बैंक", _C.COOPERATIVE),
    _B("ESMF", "ESAF Small Finance Bank", "ईसाफ़ स्मॉल फाइनेंस बैंक", _C.SMALL_FINANCE),
    _B("NESF", "North East Small Finance Bank", "नॉर्थ ईस्ट स्मॉल फाइनेंस बैंक", _C.SMALL_FINANCE),
    _B("SHIX", "Shivalik Small Finance Bank", "शिवालिक स्मॉल फाइनेंस बैंक", _C.SMALL_FINANCE),
    _B("NSPB", "NSDL Payments Bank", "एनएसडीएल पेमेंट्स बैंक", _C.PAYMENTS),
    _B("SCBL", "Standard Chartered Bank", "स्टैंडर्ड चार्टर्ड बैंक", _C.PRIVATE),
    _B("CITI", "Citibank", "सिटीबैंक", _C.PRIVATE),
    _B("HSBC", "HSBC", "एचएसबीसी", _C.PRIVATE),
    _B("DBSS", "DBS Bank India", "डीबीएस बैंक इंडिया", _C.PRIVATE),
)

BANKS_BY_PREFIX: Final[dict[str, Bank]] = {b.ifsc_prefix: b for b in BANKS + OTHER_BANKS}


def bank_for_ifsc(ifsc: str) -> Bank | None:
    """The bank an IFSC belongs to, from its first four letters; None if we do not know it."""
    return BANKS_BY_PREFIX.get(ifsc[:4].upper())


#: UPI handles (the part after @) of the large payment apps and banks, with the bank behind them.
UPI_HANDLES: Final[dict[str, str]] = {
    "oksbi": "SBIN",
    "okhdfcbank": "HDFC",
    "okicici": "ICIC",
    "okaxis": "UTIB",
    "ybl": "YESB",
    "ibl": "ICIC",
    "axl": "UTIB",
    "paytm": "PYTM",
    "ptyes": "YESB",
    "ptaxis": "UTIB",
    "pthdfc": "HDFC",
    "ptsbi": "SBIN",
    "apl": "UTIB",
    "upi": "SBIN",
    "sbi": "SBIN",
    "icici": "ICIC",
    "hdfcbank": "HDFC",
    "axisbank": "UTIB",
    "kotak": "KKBK",
    "pnb": "PUNB",
    "barodampay": "BARB",
    "cnrb": "CNRB",
    "unionbank": "UBIN",
    "airtel": "AIRP",
    "jio": "JIOP",
    "fbl": "FDRL",
    "idfcbank": "IDFB",
    "aubank": "AUBL",
    "indus": "INDB",
    "yapl": "KKBK",
    "okbizaxis": "UTIB",
    "axisb": "UTIB",
    "waicici": "ICIC",
    "wahdfcbank": "HDFC",
    "waaxis": "UTIB",
    "wasbi": "SBIN",
    "postbank": "IPOS",
    "boi": "BKID",
}

#: Handles issued by a payment app through a partner (PSP) bank. For these the bank above is the
#: app's PSP bank, not necessarily the bank holding the account: a `@ybl` (PhonePe on Yes Bank)
#: VPA can be linked to an SBI account. The other handles belong to the account's own bank.
UPI_HANDLE_APPS: Final[dict[str, str]] = {
    "oksbi": "Google Pay",
    "okhdfcbank": "Google Pay",
    "okicici": "Google Pay",
    "okaxis": "Google Pay",
    "okbizaxis": "Google Pay for Business",
    "ybl": "PhonePe",
    "ibl": "PhonePe",
    "axl": "PhonePe",
    "paytm": "Paytm",
    "ptyes": "Paytm",
    "ptaxis": "Paytm",
    "pthdfc": "Paytm",
    "ptsbi": "Paytm",
    "apl": "Amazon Pay",
    "yapl": "Amazon Pay",
    "upi": "BHIM",
    "axisb": "CRED",
    "waicici": "WhatsApp",
    "wahdfcbank": "WhatsApp",
    "waaxis": "WhatsApp",
    "wasbi": "WhatsApp",
}
