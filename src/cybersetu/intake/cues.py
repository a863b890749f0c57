"""Cue words of each MO, as features for the classifier.

With a few dozen examples per MO, n-grams alone learn the phrasing of the examples; these
lexicons carry what an investigator knows about each fraud type (a QR code to "receive" money,
a KYC link, a fake CBI video call ...) so that an unseen wording of a known trick still scores.
The model learns how much to trust each lexicon; the lexicons themselves are not rules.

Words are written in any script, `_` joining the words of a phrase; `word_pattern` spells them
the way `romanize` spells the narrative, and a trailing `*` allows any ending.
"""

from __future__ import annotations

import re
from typing import Final

from cybersetu.intake.results import Mo
from cybersetu.intake.romanize import word_pattern

_LEXICONS: Final[dict[Mo, str]] = {
    Mo.UPI_QR_SCAM: """
        qr क्यूआर scan* स्कैन collect कलेक्ट request* रिक्वेस्ट approve* अप्रूव accept*
        एक्सेप्ट pin upi पिन receive* buyer खरीदार kharidar galti गलती token टोकन
    """,
    Mo.FAKE_KYC_UPDATE: """
        kyc केवाईसी e-kyc ekyc update* अपडेट pan पैन suspend* block* ब्लॉक apk yono योनो
        re-verification expire* link लिंक
    """,
    Mo.OTP_VISHING: """
        otp ओटीपी reward* रिवॉर्ड point* पॉइंट limit लिमिट upgrade* अपग्रेड annual सालाना
        manager मैनेजर cvv activation expire* credit क्रेडिट debit डेबिट card कार्ड
    """,
    Mo.DIGITAL_ARREST: """
        digital डिजिटल arrest* अरेस्ट cbi सीबीआई ed ईडी customs कस्टम fedex फेडेक्स parcel
        पार्सल drug* ड्रग्स mdma laundering लॉन्ड्रिंग skype स्काइप warrant वारंट
        गिरफ्तारी supreme सुप्रीम judge जज narcotics नारकोटिक्स trai ट्राई crime क्राइम
        uniform वर्दी bail जमानत rbi आरबीआई custody escrow police पुलिस
    """,
    Mo.INVESTMENT_TRADING: """
        invest* निवेश trading ट्रेडिंग stock* share शेयर ipo आईपीओ crypto क्रिप्टो bitcoin
        बिटकॉइन usdt forex return* रिटर्न profit* प्रॉफिट munafa मुनाफा मुनाफे withdraw*
        sebi demat डीमैट double दोगुना block_deal tips टिप्स mining institutional संस्थागत
        f&o option* ऑप्शन
    """,
    Mo.TASK_JOB_SCAM: """
        task* टास्क part-time part_time पार्ट job* जॉब naukri नौकरी like* लाइक subscribe*
        सब्सक्राइब rating* रेटिंग review* रिव्यू hotel होटल prepaid प्रीपेड merchant मर्चेंट
        work_from_home ghar_baithe घर_बैठे registration रजिस्ट्रेशन resume रिज्यूमे salary
        तनख्वाह data_entry डेटा_एंट्री typing combo कॉम्बो mentor follow*
    """,
    Mo.SEXTORTION: """
        nude न्यूड nangi nanga नग्न ashleel ashlil अश्लील obscene record* रिकॉर्ड
        रिकॉर्डिंग blackmail* ब्लैकमेल viral वायरल intimate explicit sextortion
        सेक्सटॉर्शन kapde कपड़े undress* निर्वस्त्र dating डेटिंग porn compromising
        suicide आत्महत्या video वीडियो
    """,
    Mo.FAKE_CUSTOMER_CARE: """
        customer कस्टमर care केयर support helpline हेल्पलाइन google* गूगल search* सर्च
        refund* रिफंड anydesk एनीडेस्क quicksupport quick teamviewer team_viewer rustdesk
        rust_desk screen swiggy स्विगी zomato irctc आईआरसीटीसी courier कूरियर booking
        बुकिंग cancel* कैंसिल toll-free toll_free internet इंटरनेट dhundha ढूंढा
    """,
    Mo.LOAN_APP: """
        loan* लोन emi recovery रिकवरी instant इंस्टेंट processing प्रोसेसिंग cibil contact*
        कॉन्टैक्ट्स gallery गैलरी repay* morph* मॉर्फ्ड edit* एडिटेड chor चोर file_charge
        noc sanction* approved मंजूर permission* परमिशन
    """,
    Mo.ONLINE_SHOPPING: """
        order* ऑर्डर deliver* डिलीवरी sale सेल discount sasta सस्ते sasti website* वेबसाइट
        cash_on_delivery iphone आईफोन tv टीवी laptop saree साड़ी shoes जूते seller विक्रेता
        advance एडवांस puppy पप्पी bike बाइक scooty furniture shop* store marketplace
        मार्केटप्लेस parcel_nahi
    """,
    Mo.SIM_SWAP: """
        sim सिम network नेटवर्क no_service duplicate* डुप्लीकेट esim ई-सिम port* porting
        replace* रिप्लेसमेंट 5g 20-digit 20_digit अंकों emergency deactivate* operator
        jio airtel vodafone vi bsnl
    """,
    Mo.AEPS_BIOMETRIC: """
        aeps एईपीएस aadhaar aadhar adhar आधार fingerprint* angutha अंगूठा अंगूठे thumb
        biometric* बायोमेट्रिक csp सीएसपी bank_mitra बैंक_मित्र micro_atm registry
        रजिस्ट्री clone* क्लोन silicon सिलिकॉन withdrawal निकासी
    """,
    Mo.LOTTERY_PRIZE: """
        lottery लॉटरी lucky लकी draw ड्रा kbc केबीसी crorepati करोड़पति prize* inaam inam
        इनाम ईनाम jeet* जीत* won winner* scratch स्क्रैच
    """,
    Mo.IMPERSONATION_SOCIAL_MEDIA: """
        fake_id fake_profile profile* प्रोफाइल फर्जी_आईडी hack* हैक dp डीपी photo_laga*
        clone* gift_card* गिफ्ट_कार्ड naya_number new_number emergency hospital अस्पताल
        impersonat* boss बॉस friend दोस्त mama मामा chacha चाचा cousin instagram facebook
    """,
    Mo.OTHER: """
        atm एटीएम swap* skimm* स्किमर electricity बिजली matrimon* shaadi शादी cheque चेक
        invoice lookalike charity ransomware dealership डीलरशिप franchise policy पॉलिसी
        bonus बोनस kiraye किराये rent admission petrol_pump
    """,
}

_PATTERNS: Final[dict[Mo, re.Pattern[str]]] = {
    mo: word_pattern(w.replace("_", " ") for w in words.split()) for mo, words in _LEXICONS.items()
}
#: Feature order: one count per MO, in `Mo` order.
CUE_MOS: Final = tuple(Mo)


def cue_counts(roman_text: str) -> list[float]:
    """How many distinct cue words of each MO occur in a romanized text."""
    return [float(len(set(_PATTERNS[mo].findall(roman_text)))) for mo in CUE_MOS]
