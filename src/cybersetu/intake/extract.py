"""Find the identifiers in a narrative; confirm and canonicalise each with `cybersetu.identifiers`.

This module only finds candidates and decides from context what a number is (a 12-digit number
after "UTR" is a UTR, after "आधार" an Aadhaar number that is dropped, after "खाता" an account).
Whether a candidate is a valid phone, VPA, IFSC, account number, UTR, URL or e-mail, and its
canonical form, is the identifier types' decision (`_confirm`), never duplicated here.

Order matters: e-mails before UPI IDs (an e-mail is never a VPA), both before URLs (their domain
parts are not web addresses), and every identifier before amounts (a phone is not a sum).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from cybersetu.identifiers import (
    account_numbers,
    emails,
    ifscs,
    phone_in_vpa,
    phones,
    urls,
    utrs,
    vpas,
)
from cybersetu.intake.amounts import find_amounts
from cybersetu.intake.corpus import amount_key
from cybersetu.intake.results import Found, Kind
from cybersetu.intake.spans import Spans
from cybersetu.intake.textnorm import Normalized, normalize

_EMAIL: Final = re.compile(
    r"(?<![\w.+'%-])[A-Za-z0-9][A-Za-z0-9._%+'-]*@"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"\.[A-Za-z]{2,}"
)
_VPA: Final = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._-]*@[A-Za-z][A-Za-z0-9]{1,63}\b")
_URL: Final = re.compile(
    r"(?:https?://|hxxps?://)[^\s<>\"'{}|\\^`\u0900-\u097f]+"
    r"|(?<![\w@.-])(?:www\.)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
    r"(?:/[^\s<>\"'{}|\\^`\u0900-\u097f]*)?"
)
_URL_TRAILING: Final = ".,;:!?)]}'\"।॥"
# NEFT (16) and RTGS (22) UTRs: bank prefix, N or R, letters and digits; the UTR type decides.
_BANK_UTR: Final = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{4}[NRnr][A-Za-z0-9]{11,17}(?![A-Za-z0-9])")
# IFSC: 4 letters, 0 (or a mistyped O), 6 letters or digits.
_IFSC: Final = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{4}[0Oo][A-Za-z0-9]{6}(?![A-Za-z0-9])")
# Digit runs: an optional international prefix, groups separated by one space or hyphen; with a
# `+` country code also bracketed groups (`+1 (646) 555-0199`), so a foreign number is one run.
# The `+` must touch the digits: `5,500 + 12,000` is a sum, not a country code.
_RUN: Final = re.compile(
    r"(?<![\w.,/@+-])(?:\+\d{1,3}(?:[\s-]*\(?\d+\)?)+|\d+(?:(?:\s?-\s?|\s)\d+)*)(?![\w@])"
)
_DATE: Final = re.compile(r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?![\d/.-]\d)")
_TIME: Final = re.compile(
    r"(?<![\d.:])\d{1,2}(?::\d{2}(?:\s?(?:am|pm|a\.m\.|p\.m\.))?|\.\d{2}\s?(?:am|pm|a\.m\.|p\.m\.))"
    r"(?![\d.:]\d)",
    re.I,
)
# Masked numbers as banks print them (`XXXXXX7031`, `XXXX XXXX 4521`): neither ids nor money.
# Linear on any text: a match starts only where a chain of masked groups starts, groups need
# their separator and quantifiers never give back (with an optional separator, a run of 40 x's
# could be split in 2^40 ways and one narrative took minutes).
_MASKED: Final = re.compile(
    r"(?<![\w*•])(?<![Xx*•][\s-])[Xx*•]{2,}+(?:[\s-][Xx*•]{2,}+)*+[\s-]?\d{2,6}(?!\w)"
)
# Letter-digit codes (order ids, terminal ids, `5G`, `2nd`): never amounts.
_CODE: Final = re.compile(
    r"(?<![\w/-])(?=[\w/-]*[A-Za-z])(?=[\w/-]*\d)[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)*(?![\w/-])"
)
_AMOUNT_WORD: Final = r"\d+(?:\.\d+)?(?:k|l|cr|lakh|lac|crore)"
_NOT_CODE: Final = re.compile(rf"(?i){_AMOUNT_WORD}(?:-{_AMOUNT_WORD})*|(?:rs|inr|re)\d+")
# Toll-free and shared-cost prefixes: such a number is a helpline, never an account.
_TOLL_FREE: Final = ("1800", "1860")
_ACCOUNT_CUE_REACH: Final = 15

_DEV: Final = r"\u0900-\u097f"

# Apps and platforms the frauds run through: unscored, but the officer wants them on the form.
_APPS: Final[dict[str, str]] = {
    "anydesk": "AnyDesk", "any desk": "AnyDesk", "एनीडेस्क": "AnyDesk",
    "teamviewer": "TeamViewer", "team viewer": "TeamViewer", "quicksupport": "QuickSupport",
    "quick support": "QuickSupport", "क्विक सपोर्ट": "QuickSupport", "rustdesk": "RustDesk",
    "rust desk": "RustDesk", "whatsapp": "WhatsApp", "व्हाट्सएप": "WhatsApp",
    "व्हाट्सऐप": "WhatsApp", "telegram": "Telegram", "टेलीग्राम": "Telegram",
    "skype": "Skype", "स्काइप": "Skype", "instagram": "Instagram", "इंस्टाग्राम": "Instagram",
    "facebook": "Facebook", "फेसबुक": "Facebook", "phonepe": "PhonePe", "फोनपे": "PhonePe",
    "फोन पे": "PhonePe", "google pay": "Google Pay", "gpay": "Google Pay",
    "गूगल पे": "Google Pay", "paytm": "Paytm", "पेटीएम": "Paytm", "bhim": "BHIM",
    "olx": "OLX", "ओएलएक्स": "OLX", "quikr": "Quikr", "youtube": "YouTube",
    "यूट्यूब": "YouTube", "linkedin": "LinkedIn", "signal": "Signal",
}  # fmt: skip
_APP: Final = re.compile(
    rf"(?<![\w{_DEV}])(?:"
    + "|".join(re.escape(k) for k in sorted(_APPS, key=len, reverse=True))
    + rf")(?![\w{_DEV}])",
    re.I,
)
_MONTH_NAMES: Final = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|"
    "september|oct|october|nov|november|dec|december|जनवरी|फरवरी|मार्च|अप्रैल|मई|जून|जुलाई|"
    "अगस्त|सितंबर|सितम्बर|अक्टूबर|नवंबर|नवम्बर|दिसंबर|दिसम्बर"
)
_NAMED_DATE: Final = re.compile(
    rf"(?<![\w{_DEV}])\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_NAMES})(?:\s+\d{{4}})?(?![\w{_DEV}])",
    re.I,
)


def _cue(words: str) -> str:
    """A word alternation that respects word edges in both scripts."""
    return rf"(?<![\w{_DEV}])(?:{words})(?![\w{_DEV}])"


_CUES: Final[dict[str, re.Pattern[str]]] = {
    "utr": re.compile(
        _cue(
            r"utrs?|rrn|ref|refrence|reference|txn|txn id|transaction id|transaction no|"
            r"transaction number|trans id|यूटीआर|आरआरएन|ट्रांजेक्शन आईडी|ट्रांजैक्शन आईडी|"
            r"लेनदेन संख्या|संदर्भ संख्या"
        ),
        re.I,
    ),
    "aadhaar": re.compile(_cue(r"aadhaar|aadhar|adhaar|adhar|आधार|uid|यूआईडी|uidai"), re.I),
    "account": re.compile(
        _cue(
            r"account|accounts|acc|a/c|ac no|khata|khate|khaata|खाता|खाते|खातों|"
            # the way victims misspell it: acount, accont, acconut, accunt, accnt
            r"ac{1,2}o?u?n{1,2}t?s?|ac{1,2}on?ut|acc?nt|"
            r"beneficiary|बेनिफिशियरी|ifsc"
        ),
        re.I,
    ),
    "other": re.compile(
        _cue(
            r"complaint|शिकायत|acknowledgement|acknowledgment|ack|order|ऑर्डर|ticket|टिकट|"
            r"card|cards|कार्ड|imei|आईएमईआई|iccid|sim|सिम|terminal|टर्मिनल|fir|एफआईआर|pnr|"
            r"policy|पॉलिसी|consumer|otp|ओटीपी"
        ),
        re.I,
    ),
}
_CUE_WINDOW: Final = 70


@dataclass(frozen=True, slots=True)
class _Hit:
    kind: Kind
    start: int  # in the normalised text
    end: int
    value: str


def _confirm(kind: Kind, raw: str) -> str | None:
    """The one place where the identifier types decide validity and canonical form."""
    cleaner: dict[Kind, Callable[[str], str | None]] = {
        Kind.PHONE: phones.clean,
        Kind.UPI_ID: vpas.clean,
        Kind.IFSC: ifscs.clean,
        Kind.ACCOUNT: account_numbers.clean,
        Kind.UTR: utrs.clean,
        Kind.URL: urls.clean,
        Kind.EMAIL: emails.clean,
    }
    return cleaner[kind](raw)


class _Scan:
    """One pass over a narrative; `taken` spans are not searched again by later finders."""

    def __init__(self, norm: Normalized) -> None:
        self.norm = norm
        self.text = norm.text
        self.hits: list[_Hit] = []
        self.taken = Spans()
        self.blocked: list[tuple[int, int]] = []  # not identifiers, but not amounts either

    def free(self, start: int, end: int) -> bool:
        return not self.taken.overlaps(start, end)

    def add(self, kind: Kind, start: int, end: int, value: str, take: bool = True) -> None:
        self.hits.append(_Hit(kind, start, end, value))
        if take:
            self.taken.add(start, end)

    def emails(self) -> None:
        for m in _EMAIL.finditer(self.text):
            value = _confirm(Kind.EMAIL, m.group())
            if value is not None:
                self.add(Kind.EMAIL, *m.span(), value)

    def vpas(self) -> None:
        for m in _VPA.finditer(self.text):
            if not self.free(*m.span()):
                continue
            value = _confirm(Kind.UPI_ID, m.group())
            if value is None:
                continue
            self.add(Kind.UPI_ID, *m.span(), value)
            phone = phone_in_vpa(value)
            if phone is not None:
                handle_end = m.start() + m.group().index("@")
                self.add(Kind.PHONE, m.start(), handle_end, phone, take=False)

    def urls(self) -> None:
        for m in _URL.finditer(self.text):
            raw = m.group().rstrip(_URL_TRAILING)
            start, end = m.start(), m.start() + len(raw)
            if not raw or not self.free(start, end) or not _plausible_address(raw):
                continue
            value = _confirm(Kind.URL, raw)
            if value is not None:
                self.add(Kind.URL, start, end, value)

    def bank_utrs(self) -> None:
        for m in _BANK_UTR.finditer(self.text):
            if not self.free(*m.span()):
                continue
            value = _confirm(Kind.UTR, m.group())
            if value is not None:
                self.add(Kind.UTR, *m.span(), value)

    def ifscs(self) -> None:
        for m in _IFSC.finditer(self.text):
            raw = m.group()
            if not self.free(*m.span()):
                continue
            # A letter O in the fifth place only in an upper-case code with a digit after it:
            # otherwise an 11-letter word like PHOTOGRAPHY would pass.
            if raw[4] != "0" and not (raw.isupper() and any(c.isdigit() for c in raw[5:])):
                continue
            value = _confirm(Kind.IFSC, raw)
            if value is not None:
                self.add(Kind.IFSC, *m.span(), value)

    def numbers(self) -> None:
        for m in _RUN.finditer(self.text):
            if self.free(*m.span()):
                self._number(m.group(), m.start(), m.end())

    def _number(self, raw: str, start: int, end: int) -> None:
        digits = re.sub(r"\D", "", raw)
        grouped = bool(re.search(r"[\s()-]", raw.strip()))
        if raw.startswith("+"):
            self._phone_or_block(raw, start, end)
            return
        if len(digits) < 9:
            return
        if grouped:
            if self._phone_or_block(raw, start, end):
                return
            # A count or amount typed before a number (`2 7905431286`): try each long group.
            for g in re.finditer(r"\d{9,}", raw):
                self._contiguous(g.group(), start + g.start(), start + g.end())
            return
        self._contiguous(digits, start, end)

    def _phone_or_block(self, raw: str, start: int, end: int) -> bool:
        value = _confirm(Kind.PHONE, raw)
        if value is not None:
            self.add(Kind.PHONE, start, end, value)
            return True
        if sum(c.isdigit() for c in raw) >= 9 or raw.startswith("+"):
            self.blocked.append((start, end))
            return raw.startswith("+")
        return False

    def _contiguous(self, digits: str, start: int, end: int) -> None:
        cue = self._nearest_cue(start, end)
        n = len(digits)
        if digits.startswith(_TOLL_FREE) and n in (10, 11):
            self.blocked.append((start, end))
            return
        if n in (10, 11) and not (
            cue == "account" and self._cue_distance(start) <= _ACCOUNT_CUE_REACH
        ):
            value = _confirm(Kind.PHONE, digits)
            if value is not None:
                self.add(Kind.PHONE, start, end, value)
                return
            if n == 11 and digits.startswith("0"):  # a landline dialled with its STD code
                self.blocked.append((start, end))
                return
        if n == 12 and cue in ("utr", None):
            value = _confirm(Kind.UTR, digits)
            if value is not None:
                self.add(Kind.UTR, start, end, value)
                return
        if cue in ("aadhaar", "other") or n > 18 or (n <= 10 and cue != "account"):
            self.blocked.append((start, end))
            return
        value = _confirm(Kind.ACCOUNT, digits)
        if value is not None:
            self.add(Kind.ACCOUNT, start, end, value)
        else:
            self.blocked.append((start, end))

    def _cue_distance(self, start: int) -> int:
        """Characters between the last account cue word and a number starting at `start`."""
        window = self.text[max(0, start - _CUE_WINDOW) : start]
        ends = [m.end() for m in _CUES["account"].finditer(window)]
        return len(window) - max(ends) if ends else _CUE_WINDOW

    def _nearest_cue(self, start: int, end: int) -> str | None:
        """The kind of the closest cue word before the number (an IFSC right after it counts
        as an account cue)."""
        window = self.text[max(0, start - _CUE_WINDOW) : start]
        best: tuple[int, str] | None = None
        for name, pattern in _CUES.items():
            for m in pattern.finditer(window):
                if best is None or m.end() > best[0]:
                    best = (m.end(), name)
        after = self.text[end : end + 20]
        if _IFSC.search(after) and (best is None or len(window) - best[0] > 3):
            return "account"
        return best[1] if best else None

    def spans_not_money(self) -> list[tuple[int, int]]:
        spans = list(self.taken) + list(self.blocked)
        for pattern in (_DATE, _TIME, _MASKED):
            spans.extend(m.span() for m in pattern.finditer(self.text))
        for m in _CODE.finditer(self.text):
            if not _NOT_CODE.fullmatch(m.group()):
                spans.append(m.span())
        return spans

    def extras(self) -> None:
        """Apps and dates: reported for the officer, never scored, never blocking."""
        for m in _APP.finditer(self.text):
            self.add(Kind.APP, *m.span(), _APPS[m.group().lower()], take=False)
        for m in _DATE.finditer(self.text):
            self.add(Kind.DATE, *m.span(), _iso_date(m.group()), take=False)
        for m in _NAMED_DATE.finditer(self.text):
            self.add(Kind.DATE, *m.span(), " ".join(m.group().split()), take=False)

    def amounts(self) -> None:
        for amount in find_amounts(self.norm, self.spans_not_money()):
            self.add(Kind.AMOUNT, amount.start, amount.end, amount_key(amount.value), take=False)


def _iso_date(raw: str) -> str:
    """`14/03/2024` -> `2024-03-14` (day first, as written in India); the raw text if odd."""
    day, month, year = (int(p) for p in re.split(r"[/.-]", raw))
    if year < 100:
        year += 2000
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return raw
    return f"{year:04d}-{month:02d}-{day:02d}"


def _plausible_address(raw: str) -> bool:
    """Reject dotted abbreviations that look like bare domains (`B.Tech`, `M.Sc`)."""
    lowered = raw.lower()
    if "://" in lowered or lowered.startswith("www."):
        return True
    host, _, path = lowered.partition("/")
    labels = host.split(".")
    return bool(path) or max(len(label) for label in labels[:-1]) >= 2


def extract(text: str) -> tuple[Found, ...]:
    """Every identifier and amount in `text`, with spans in `text`, ordered by position."""
    norm = normalize(text)
    scan = _Scan(norm)
    scan.emails()
    scan.vpas()
    scan.urls()
    scan.bank_utrs()
    scan.ifscs()
    scan.numbers()
    scan.amounts()
    scan.extras()
    found = []
    for hit in scan.hits:
        start, end = norm.span(hit.start, hit.end)
        found.append(Found(hit.kind, start, end, text[start:end], hit.value))
    found.sort(key=lambda f: (f.start, f.end))
    return tuple(found)
