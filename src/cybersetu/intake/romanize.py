"""A rough Roman spelling of a narrative, so Hindi, Hinglish and English share features.

`ओटीपी बताया` and `OTP bataya` should look alike to the MO classifier. English loanwords
written in Devanagari get their English spelling from a small dictionary (`ओटीपी` -> `otp`);
every other word is transliterated letter by letter with the final inherent vowel dropped
(`बताया` -> `bataya`), then spelling noise is reduced the same way for every script (long
vowels shortened (`ee` -> `i`), `w` -> `v`, `z` -> `j`, digits -> `0`). Only the classifier sees this text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from cybersetu.intake.textnorm import normalize


def _table(letters: str, romans: str) -> dict[str, str]:
    return dict(zip(letters, romans.split(), strict=True))


_VOWELS: Final = _table("अआइईउऊऋएऐओऔऑऍ", "a a i i u u ri e ai o au o e")
_MATRAS: Final = _table("ािीुूृेैोौॉॅ", "a i i u u ri e ai o au o e")
_CONSONANTS: Final = _table(
    "कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसह",
    "k kh g gh n ch chh j jh n t th d dh n t th d dh n p f b bh m y r l v sh sh s h",
)
_VIRAMA: Final = "\u094d"
_ANUSVARA: Final = "\u0902"
_VISARGA: Final = "\u0903"

_LOANWORDS: Final = {
    "ओटीपी": "otp", "केवाईसी": "kyc", "यूपीआई": "upi", "लिंक": "link", "क्यूआर": "qr",
    "एप": "app", "ऐप": "app", "एप्प": "app", "वीडियो": "video", "कॉल": "call", "सीबीआई": "cbi",
    "ईडी": "ed", "ट्राई": "trai", "सिम": "sim", "लोन": "loan", "टास्क": "task",
    "टेलीग्राम": "telegram", "व्हाट्सएप": "whatsapp", "व्हाट्सऐप": "whatsapp",
    "इंस्टाग्राम": "instagram", "फेसबुक": "facebook", "गूगल": "google", "कस्टमर": "customer",
    "केयर": "care", "एनीडेस्क": "anydesk", "स्कैन": "scan", "पिन": "pin",
    "रिक्वेस्ट": "request", "लॉटरी": "lottery", "डिजिटल": "digital", "अरेस्ट": "arrest",
    "बायोमेट्रिक": "biometric", "आईपीओ": "ipo", "ट्रेडिंग": "trading", "शेयर": "share",
    "क्रिप्टो": "crypto", "पार्सल": "parcel", "कूरियर": "courier", "कस्टम": "custom",
    "पुलिस": "police", "ड्रग्स": "drugs", "स्काइप": "skype", "ब्लैकमेल": "blackmail",
    "न्यूड": "nude", "रिकॉर्ड": "record", "रिकॉर्डिंग": "recording", "ऑर्डर": "order",
    "डिलीवरी": "delivery", "वेबसाइट": "website", "लकी": "lucky", "ड्रा": "draw",
    "केबीसी": "kbc", "गिफ्ट": "gift", "आईडी": "id", "प्रोफाइल": "profile", "हैक": "hack",
    "नेटवर्क": "network", "डुप्लीकेट": "duplicate", "एईपीएस": "aeps", "सीएसपी": "csp",
    "बैंक": "bank", "कार्ड": "card", "ओएलएक्स": "olx", "आर्मी": "army", "कैशबैक": "cashback",
    "रिफंड": "refund", "हेल्पलाइन": "helpline", "एटीएम": "atm", "रिवॉर्ड": "reward",
    "लिमिट": "limit", "क्रेडिट": "credit", "डेबिट": "debit", "ब्लॉक": "block",
    "मैसेज": "message", "एसएमएस": "sms", "अपडेट": "update", "सर्च": "search",
    "ऑनलाइन": "online", "मोबाइल": "mobile", "नंबर": "number", "फोन": "phone",
    "यूट्यूब": "youtube", "रेटिंग": "rating", "रिव्यू": "review", "पार्ट": "part",
    "टाइम": "time", "जॉब": "job", "स्क्रैच": "scratch", "इंश्योरेंस": "insurance",
    "प्रोसेसिंग": "processing", "फीस": "fees", "मर्चेंट": "merchant", "निवेश": "nivesh",
    "ट्रांसफर": "transfer", "अकाउंट": "account", "पेंशन": "pension", "फ्रॉड": "fraud",
    "सेक्सटॉर्शन": "sextortion", "मॉर्फ्ड": "morphed", "फोटो": "photo", "एडिटेड": "edited",
    "वायरल": "viral", "चेक": "cheque", "बिजली": "bijli", "इंस्टेंट": "instant",
    "रिकवरी": "recovery", "एजेंट": "agent", "एपीके": "apk", "ई-सिम": "esim",
    "ईसिम": "esim", "एक्टिवेट": "activate", "अपग्रेड": "upgrade", "कैंसिल": "cancel",
}  # fmt: skip
_LOAN_KEYS: Final = {normalize(k).text: v for k, v in _LOANWORDS.items()}

_DEVANAGARI_WORD: Final = re.compile(r"[\u0900-\u0963\u0971-\u097f]+")
_DIGITS: Final = re.compile(r"\d")
_LONG_VOWELS: Final = re.compile(r"([aeiou])\1+")
_SPACES: Final = re.compile(r"\s+")


def _transliterate_word(word: str) -> str:
    out: list[str] = []
    pending_a = False  # a consonant's inherent vowel not yet written
    for ch in word:
        if ch in _CONSONANTS:
            if pending_a:
                out.append("a")
            out.append(_CONSONANTS[ch])
            pending_a = True
        elif ch in _MATRAS:
            out.append(_MATRAS[ch])
            pending_a = False
        elif ch == _VIRAMA:
            pending_a = False
        elif ch in _VOWELS:
            if pending_a:
                out.append("a")
            out.append(_VOWELS[ch])
            pending_a = False
        elif ch == _ANUSVARA:
            if pending_a:
                out.append("a")
            out.append("n")
            pending_a = False
        elif ch == _VISARGA:
            out.append("h")
            pending_a = False
    # The final inherent vowel is not pronounced (schwa deletion): बताया -> bataya, लाख -> lakh.
    return "".join(out)


def _word(match: re.Match[str]) -> str:
    word = match.group()
    return _LOAN_KEYS.get(word) or _transliterate_word(word)


def _reduce_spelling(roman: str) -> str:
    roman = _DIGITS.sub("0", roman)
    roman = roman.replace("ee", "i").replace("oo", "u")
    roman = roman.replace("w", "v").replace("z", "j").replace("ph", "f")
    roman = _LONG_VOWELS.sub(r"\1", roman)
    return _SPACES.sub(" ", roman).strip()


def romanize(text: str) -> str:
    """Lower-case Roman text with reduced spelling variation (for features, not for display)."""
    return _reduce_spelling(_DEVANAGARI_WORD.sub(_word, normalize(text).text).lower())


def word_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """A regex matching any of `words` in romanized text, each spelled as `romanize` would.

    Words are plain text (`customer care`, `ओटीपी`); a trailing `*` allows any word ending
    (`invest*` matches `invested`). Words match whole: `ed` does not match inside `need`.
    """
    alternatives = []
    for word in words:
        stem = word[:-1] if word.endswith("*") else word
        body = re.escape(romanize(stem))
        alternatives.append(body + (r"\w*" if word.endswith("*") else ""))
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + r")(?![a-z0-9])")
