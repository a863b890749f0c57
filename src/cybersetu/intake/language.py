"""Which language a narrative is written in: `hi` (Devanagari), `en` or `hinglish` (Roman Hindi).

Script decides Hindi: a narrative whose letters are mostly Devanagari is `hi`, even with English
words or a pasted English SMS in it. Roman-script text is `hinglish` when Hindi function words
(hai, maine, ke, se, nahi ...) make up a real share of its common words, else `en`.
"""

from __future__ import annotations

import re
from typing import Final

from cybersetu.intake.results import Lang

_DEVANAGARI: Final = re.compile(r"[\u0900-\u097f]")
_LATIN: Final = re.compile(r"[A-Za-z]")
_WORD: Final = re.compile(r"[a-z]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words and everyday verbs of Hindi written in Roman script. Only words that are not
# also common English words ("me", "to", "the" are left out for that reason).
_HINDI_WORDS: Final = _words(
    """
    hai hain ho hua hui hue tha thi the hota hoti ka ki ke ko se mein mai mera mere meri
    maine mujhe mujhse humne hum hamara hamare humari tum aap aapka aapke aapki uska uske uski
    usne unhone unka unke unki woh wo yeh ye kya kyu kyun nahi nhi na bhi aur ya par pe liye
    lekin kuch sab abhi fir phir kal aaj baad pehle naam bola boli bole kaha kiya kiye karo
    karna karke kar diya diye de dena dijiye gaya gaye gayi aaya aayi aaye raha rahe rahi liya
    liye lo bhej bheja bheje bhejo bhejne kat kate kaat nikal nikale nikle nikal paisa paise
    rupay rupaye wala wale wali jab tab agar toh tak saath ek teen char baar din mahina
    hazar hazaar hajar dost bhai bhaiya sahab ji beta papa mummy maa chacha mama ghar
    bahut jaldi turant dhamki wapas waapas jaise jisme jisne isme usme yahan wahan kaise
    chahiye milega milenge mila mile dalo dala daale daalo lagaye lagwaya karwaya karwaye
    hoga hogi gayab baat bata batao bataya samajh pata laga mere kisi koi unko usko inko
    """
)
# Common English function words, for the balance.
_ENGLISH_WORDS: Final = _words(
    """
    the is was were are am be been being i my we our you your he she his her they them their
    it its this that these those and or but of for from with by at on in into an a as has
    have had do did does not no so if then than which who whom what when where why how
    said asked told got sent paid lost received called after before because there here
    also only all any some more most very just again about since until while would could
    should will shall can may might must
    """
)


def detect_language(text: str) -> Lang:
    devanagari = len(_DEVANAGARI.findall(text))
    latin = len(_LATIN.findall(text))
    if devanagari and devanagari >= 0.4 * (devanagari + latin):
        return Lang.HINDI
    words = _WORD.findall(text.lower())
    hindi = sum(w in _HINDI_WORDS for w in words)
    english = sum(w in _ENGLISH_WORDS for w in words)
    if hindi == 0:
        return Lang.ENGLISH
    return Lang.HINGLISH if hindi >= 0.5 * english else Lang.ENGLISH
