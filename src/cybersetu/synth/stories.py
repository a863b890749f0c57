"""What victims say at a help desk, per modus operandi and language (Hindi, English, Hinglish).

Each story is a few sentences; `{phone}`, `{url}`, `{platform}`, `{bank}` are filled in (and
recorded as entities) by the narrative writer. `{gaya}`-style slots follow the speaker's gender.
Amounts never appear here: they are written (and recorded) only by the payment sentences.
"""

from __future__ import annotations

from typing import Final

from cybersetu.interchange import ModusOperandi

MO = ModusOperandi

Stories = dict[str, tuple[tuple[str, ...], ...]]

STORIES: Final[dict[MO, Stories]] = {
    MO.UPI_QR_SCAM: {
        "hi": (
            (
                "मैं OLX पर अपना पुराना सोफा बेच {raha_hi} {tha}।",
                "खरीदार ने कहा पैसे भेजने के लिए QR कोड स्कैन करो, स्कैन करते ही मेरे खाते से पैसे कट गए।",
            ),
            (
                "एक व्यक्ति ने {phone} से फोन करके कहा कि गलती से आपके खाते में पैसे चले गए हैं।",
                "उसने पेमेंट रिक्वेस्ट भेजी और मैंने PIN डाल दिया, पैसे मेरे खाते से चले गए।",
            ),
            (
                "दुकान पर एक ग्राहक ने पेमेंट का QR भेजा और कहा स्कैन करके PIN डालो, पैसे आ जाएंगे।",
                "पैसे आने के बजाय मेरे खाते से कट गए।",
            ),
        ),
        "en": (
            (
                "I had listed my old fridge on OLX and a buyer called from {phone}.",
                "He sent a QR code saying I would receive the payment, but when I scanned it and entered my PIN money was debited instead.",
            ),
            (
                "Someone called saying he had sent money to my account by mistake and sent me a collect request.",
                "I approved it thinking it was a refund and the amount went out of my account.",
            ),
        ),
        "hinglish": (
            (
                "OLX pe maine apna purana cooler becha tha, buyer ne QR code bheja.",
                "Scan karte hi mere account se paise kat gaye, milne ki jagah.",
            ),
            (
                "Ek banda {phone} se call karke bola galti se aapko paise bhej diye, wapas kar do.",
                "Usne request bheji aur maine PIN daal diya, paise chale gaye.",
            ),
        ),
    },
    MO.FAKE_KYC_UPDATE: {
        "hi": (
            (
                "मेरे मोबाइल पर मैसेज आया कि आपका {bank} खाता KYC न होने से बंद हो जाएगा, साथ में लिंक {url} था।",
                "लिंक खोलकर मैंने अपनी डिटेल और OTP भर दिया।",
            ),
            (
                "{phone} से कॉल आई, कहा आपका पैन कार्ड KYC अपडेट करना है वरना खाता ब्लॉक हो जाएगा।",
                "उन्होंने एक APK फाइल भेजी, इंस्टॉल करते ही मेरे खाते से पैसे निकल गए।",
            ),
        ),
        "en": (
            (
                "I received an SMS that my {bank} account would be blocked as KYC was pending, with a link {url}.",
                "I opened it and filled my details and OTP.",
            ),
            (
                "A caller from {phone} said my KYC had expired and sent an app to update it.",
                "After I installed it the money was transferred out of my account without my knowledge.",
            ),
        ),
        "hinglish": (
            (
                "Mere phone pe SMS aaya ki {bank} account KYC pending hai, link {url} pe update karo.",
                "Maine link khol ke details aur OTP daal diya.",
            ),
            (
                "{phone} se call aaya ki KYC update karna hai warna account band ho jayega.",
                "Unhone ek app download karwaya, uske baad account se paise nikal gaye.",
            ),
        ),
    },
    MO.OTP_VISHING: {
        "hi": (
            (
                "{phone} से फोन आया, खुद को {bank} का अधिकारी बताया और कहा आपका ATM कार्ड ब्लॉक हो गया है।",
                "उसने कार्ड नंबर और OTP पूछ लिया, मैंने बता दिया।",
            ),
            (
                "एक व्यक्ति ने बैंक मैनेजर बनकर रिवॉर्ड पॉइंट्स रिडीम करने के नाम पर OTP ले लिया।",
                "उसके बाद मेरे खाते से पैसे कटने के मैसेज आने लगे।",
            ),
        ),
        "en": (
            (
                "I got a call from {phone}, the man said he was from {bank} and my debit card would be blocked.",
                "He asked for the card number and the OTP and I shared it.",
            ),
            (
                "A caller posing as a bank officer asked me to share an OTP to redeem credit card reward points.",
                "Soon after, debit messages started coming.",
            ),
        ),
        "hinglish": (
            (
                "{phone} se call aaya, bola {bank} se bol raha hoon, aapka card block ho gaya hai.",
                "Usne OTP maanga aur maine de diya.",
            ),
            (
                "Reward points redeem karne ke naam pe ek bande ne OTP le liya.",
                "Uske baad account se paise katne lage.",
            ),
        ),
    },
    MO.DIGITAL_ARREST: {
        "hi": (
            (
                "{phone} से वीडियो कॉल आई, पुलिस की वर्दी में व्यक्ति ने खुद को मुंबई क्राइम ब्रांच का अधिकारी बताया।",
                "कहा मेरे आधार से खोले गए खाते में मनी लॉन्ड्रिंग हुई है और मुझे 'डिजिटल अरेस्ट' में रखा, किसी को बताने से मना किया।",
                "RBI वेरिफिकेशन के नाम पर मुझसे पैसे जमा कराए गए।",
            ),
            (
                "खुद को CBI अधिकारी बताने वाले लोगों ने {platform} पर वीडियो कॉल पर कई दिन तक मुझे घर में बंद रखा।",
                "डर के मारे मैंने उनके बताए खातों में पैसे भेज दिए।",
            ),
        ),
        "en": (
            (
                "I received a call from {phone} saying a parcel in my name with drugs was seized by customs.",
                "Then a man in police uniform on a {platform} video call said I was under 'digital arrest' and must not tell anyone.",
                "To 'verify' my funds with RBI they made me transfer money.",
            ),
            (
                "People claiming to be CBI officers kept me on a video call for days and said my Aadhaar was used in money laundering.",
                "Out of fear I transferred money to the accounts they gave.",
            ),
        ),
        "hinglish": (
            (
                "{phone} se call aaya ki mere naam ke parcel me drugs mile hain, phir {platform} video call pe police wala bola aap digital arrest me ho.",
                "Kisi ko batane se mana kiya aur verification ke liye paise bhejwaye.",
            ),
            (
                "CBI officer ban ke logo ne kaha mere Aadhaar se money laundering hui hai, main bahut darr {gaya}.",
                "Unke bataye account me paise bhej diye.",
            ),
        ),
    },
    MO.INVESTMENT_TRADING: {
        "hi": (
            (
                "मुझे {platform} पर एक शेयर ट्रेडिंग ग्रुप में जोड़ा गया जहाँ रोज मुनाफे के स्क्रीनशॉट आते थे।",
                "उन्होंने {url} वाला ऐप डाउनलोड कराया, उसमें मेरा मुनाफा दिखता रहा पर पैसा निकालने पर टैक्स के नाम पर और पैसे मांगे।",
            ),
            (
                "IPO और ब्लॉक ट्रेड में दोगुने मुनाफे का लालच देकर {platform} ग्रुप के एडमिन ने निवेश कराया।",
                "निकासी माँगी तो ग्रुप से निकाल दिया।",
            ),
        ),
        "en": (
            (
                "I was added to a stock tips group on {platform} where they posted daily profits.",
                "They made me install a trading app ({url}); it showed big gains, but when I tried to withdraw they asked for more money as tax and fees.",
            ),
            (
                "A woman on {platform} convinced me to invest in IPO allotments through her firm's app.",
                "After several deposits the app stopped working and they blocked me.",
            ),
        ),
        "hinglish": (
            (
                "{platform} pe ek trading group me add kiya gaya, roz profit ke screenshot aate the.",
                "App {url} download karwaya, profit dikhta tha par withdrawal pe aur paise maange.",
            ),
            (
                "Double profit ka laalach de ke IPO me invest karwaya, baad me group se remove kar diya.",
            ),
        ),
    },
    MO.TASK_JOB_SCAM: {
        "hi": (
            (
                "{platform} पर पार्ट टाइम जॉब का मैसेज आया, यूट्यूब वीडियो लाइक करने पर कमीशन मिलेगा।",
                "शुरू में थोड़ा कमीशन मिला, फिर प्रीपेड टास्क के नाम पर बार-बार पैसे जमा कराए गए और पैसा वापस नहीं मिला।",
            ),
            (
                "वर्क फ्रॉम होम के नाम पर {url} पर रजिस्टर कराया गया।",
                "हर टास्क के बाद और बड़ा टास्क देकर पैसे मंगवाते रहे।",
            ),
        ),
        "en": (
            (
                "I got a {platform} message offering a part-time job of liking YouTube videos and hotel reviews.",
                "After small commissions they moved me to 'prepaid tasks' and kept asking for bigger deposits to release my earnings.",
            ),
            (
                "A recruiter on {platform} asked me to register at {url} for work from home.",
                "Every task needed a deposit, and my balance was never paid out.",
            ),
        ),
        "hinglish": (
            (
                "{platform} pe part time job ka msg aaya, video like karne ka kaam tha.",
                "Pehle thoda commission mila fir prepaid task ke naam pe baar baar paise dalwaye.",
            ),
            (
                "Work from home ke naam pe {url} pe register karwaya, har task ke baad aur paise maange.",
            ),
        ),
    },
    MO.SEXTORTION: {
        "hi": (
            (
                "रात में {platform} पर अनजान लड़की की वीडियो कॉल आई, उसने अश्लील हरकत की और मेरी स्क्रीन रिकॉर्ड कर ली।",
                "फिर {phone} से कॉल करके वीडियो वायरल करने की धमकी देकर पैसे मांगे, डर से मैंने पैसे भेज दिए।",
            ),
            (
                "एक व्यक्ति ने खुद को दिल्ली पुलिस का अधिकारी बताकर कहा कि आपका वीडियो यूट्यूब पर है, हटवाने के पैसे लगेंगे।",
            ),
        ),
        "en": (
            (
                "I got a video call on {platform} from an unknown woman late at night; she recorded the call.",
                "Then a man called from {phone} threatening to send the video to my family unless I paid.",
            ),
            (
                "Someone posing as a cyber cell officer said an obscene video of me would be uploaded unless I paid to delete it.",
            ),
        ),
        "hinglish": (
            (
                "Raat ko {platform} pe ek ladki ka video call aaya, usne recording kar li.",
                "Fir {phone} se call karke video viral karne ki dhamki di, darr ke maine paise bhej diye.",
            ),
            (
                "Ek banda police wala ban ke bola tumhara video youtube pe daal denge, delete karwane ke paise lagenge.",
            ),
        ),
    },
    MO.FAKE_CUSTOMER_CARE: {
        "hi": (
            (
                "मैंने गूगल पर गैस एजेंसी का कस्टमर केयर नंबर खोजा और {phone} पर कॉल किया।",
                "उसने AnyDesk ऐप डाउनलोड कराया और रिफंड के नाम पर मेरे खाते से पैसे निकाल लिए।",
            ),
            (
                "फ्लिपकार्ट का ऑर्डर कैंसिल कराने के लिए इंटरनेट पर मिले नंबर पर बात की।",
                "रिफंड के लिए उसने लिंक भेजा और मेरे खाते से पैसे कट गए।",
            ),
        ),
        "en": (
            (
                "I searched Google for the courier company's customer care and called {phone}.",
                "The person made me install a screen-sharing app for a refund and money was taken from my account.",
            ),
            (
                "I called a helpline number found online to cancel a train ticket.",
                "He sent a link for the refund and my account was debited instead.",
            ),
        ),
        "hinglish": (
            (
                "Google pe customer care number search kiya, {phone} pe call kiya.",
                "Usne AnyDesk download karwaya aur refund ke naam pe account se paise nikal liye.",
            ),
            (
                "Order cancel karne ke liye online mila number lagaya, unhone link bheja aur paise kat gaye.",
            ),
        ),
    },
    MO.LOAN_APP: {
        "hi": (
            (
                "मैंने एक इंस्टेंट लोन ऐप ({url}) से छोटा लोन लिया था।",
                "चुकाने के बाद भी वे और पैसे मांगते रहे और मेरी फोटो एडिट करके रिश्तेदारों को भेजने की धमकी देते रहे।",
            ),
            ("लोन ऐप वालों ने मेरे फोन के सारे कॉन्टैक्ट ले लिए और {phone} से गाली-गलौज करके पैसे वसूलते रहे।",),
        ),
        "en": (
            (
                "I took a small loan through an instant loan app ({url}).",
                "Even after repaying, they kept demanding more and threatened to send morphed photos to my contacts.",
            ),
            (
                "Recovery agents of a loan app called from {phone} abusing me and my relatives until I paid again.",
            ),
        ),
        "hinglish": (
            (
                "Ek loan app ({url}) se chhota loan liya tha, chukane ke baad bhi aur paise maangte rahe.",
                "Meri photo edit karke contacts ko bhejne ki dhamki di.",
            ),
            ("Loan app wale {phone} se gaali de ke paise vasool rahe hain.",),
        ),
    },
    MO.ONLINE_SHOPPING: {
        "hi": (
            (
                "{platform} पर सस्ते iPhone का विज्ञापन देखा, विक्रेता ने एडवांस मांगा।",
                "पैसे भेजने के बाद न सामान आया न फोन उठाया।",
            ),
            ("ऑनलाइन वेबसाइट {url} से कपड़े ऑर्डर किए, पेमेंट के बाद वेबसाइट बंद हो गई।",),
        ),
        "en": (
            (
                "I saw an ad on {platform} for a cheap second-hand bike and the seller, who said he was in the army, asked for an advance.",
                "After I paid he stopped answering.",
            ),
            (
                "I ordered a phone from a website {url} that looked genuine; after payment nothing was delivered.",
            ),
        ),
        "hinglish": (
            (
                "{platform} pe sasta phone ka ad dekha, seller ne advance maanga.",
                "Paise bhejne ke baad na saman aaya na phone uthaya.",
            ),
            ("Website {url} se order kiya tha, payment ke baad site hi band ho gayi.",),
        ),
    },
    MO.SIM_SWAP: {
        "hi": (
            (
                "अचानक रात में मेरे मोबाइल का नेटवर्क चला गया और सिम बंद हो गई।",
                "अगले दिन बैंक जाकर पता चला कि मेरे खाते से IMPS से कई बार पैसे निकाले गए।",
            ),
            (
                "{phone} से कॉल आई कि सिम 5G में अपग्रेड करनी है, उसके बाद मेरी सिम बंद हो गई।",
                "उसी रात खाते से पैसे ट्रांसफर हो गए।",
            ),
        ),
        "en": (
            (
                "My phone suddenly lost network one evening and the SIM stopped working.",
                "When I got a new SIM I found several IMPS transfers from my account that I never made.",
            ),
            (
                "A caller from {phone} asked me to upgrade my SIM to 5G; soon after my SIM went dead.",
                "That night money was transferred out of my account.",
            ),
        ),
        "hinglish": (
            (
                "Raat ko achanak sim band ho gayi, network hi nahi tha.",
                "Agle din pata chala account se IMPS se paise nikal gaye.",
            ),
            (
                "{phone} se call aaya sim 5G upgrade ke liye, uske baad sim band ho gayi aur paise transfer ho gaye.",
            ),
        ),
    },
    MO.AEPS_BIOMETRIC: {
        "hi": (
            (
                "मैंने किसी को OTP नहीं बताया, न कहीं अंगूठा लगाया, फिर भी मेरे खाते से आधार (AePS) से पैसे निकाल लिए गए।",
                "कुछ दिन पहले रजिस्ट्री कराते समय अंगूठे का निशान लगाया था।",
            ),
            ("मेरे जनधन खाते से बिना बताए पैसे निकल गए, बैंक ने बताया AePS से निकासी हुई है।",),
        ),
        "en": (
            (
                "Money was withdrawn from my account through Aadhaar (AePS) although I never shared an OTP or gave my thumb impression.",
                "I had given my fingerprint at a property registration office some days earlier.",
            ),
            (
                "The bank told me the withdrawals from my account were AePS cash withdrawals at a mini bank point I never visited.",
            ),
        ),
        "hinglish": (
            (
                "Maine koi OTP nahi diya, phir bhi Aadhaar se (AePS) mere account se paise nikal gaye.",
                "Registry office me angutha lagaya tha kuch din pehle.",
            ),
            (
                "Jan Dhan account se bina bataye paise nikal gaye, bank bola AePS se nikale gaye hain.",
            ),
        ),
    },
    MO.LOTTERY_PRIZE: {
        "hi": (
            (
                "{platform} पर मैसेज आया कि मेरी KBC लॉटरी लगी है, {phone} पर संपर्क करें।",
                "इनाम पाने के लिए GST और प्रोसेसिंग फीस के नाम पर बार-बार पैसे मंगवाए।",
            ),
            ("एक कंपनी के नाम से कॉल आई कि लकी ड्रॉ में कार निकली है, रजिस्ट्रेशन फीस जमा करो।",),
        ),
        "en": (
            (
                "I got a {platform} message that I had won the KBC lottery and should contact {phone}.",
                "They kept asking for GST, processing and insurance charges to release the prize.",
            ),
            (
                "A caller said I won a car in a lucky draw of a shopping company and needed to pay registration fees.",
            ),
        ),
        "hinglish": (
            (
                "{platform} pe msg aaya ki KBC lottery lagi hai, {phone} pe contact karo.",
                "Prize ke liye GST aur processing fees ke naam pe baar baar paise maange.",
            ),
            ("Lucky draw me car nikli hai bol ke registration fees maangi.",),
        ),
    },
    MO.IMPERSONATION_SOCIAL_MEDIA: {
        "hi": (
            (
                "{platform} पर मेरे दोस्त के नाम की फर्जी आईडी से मैसेज आया कि अस्पताल में इमरजेंसी है, तुरंत पैसे भेजो।",
                "बाद में दोस्त से बात की तो पता चला उसकी आईडी हैक हुई थी।",
            ),
            ("{platform} पर मेरे बॉस की फोटो लगे नंबर {phone} से मैसेज आया कि गिफ्ट कार्ड/पेमेंट तुरंत करो।",),
        ),
        "en": (
            (
                "A fake {platform} profile of my cousin messaged me asking for money urgently for a hospital bill.",
                "When I called my cousin he said his account had been cloned.",
            ),
            (
                "A number {phone} with my boss's photo as display picture asked me on {platform} to make an urgent payment.",
            ),
        ),
        "hinglish": (
            (
                "{platform} pe mere dost ki fake ID se msg aaya ki hospital emergency hai, paise bhejo.",
                "Baad me pata chala ID clone thi.",
            ),
            ("Boss ki DP wale number {phone} se {platform} pe msg aaya urgent payment karo.",),
        ),
    },
    MO.OTHER: {
        "hi": (
            (
                "मैसेज आया कि बिजली बिल बकाया है, आज रात कनेक्शन कट जाएगा, {phone} पर संपर्क करें।",
                "उनके कहने पर ऐप डाउनलोड किया और खाते से पैसे कट गए।",
            ),
            ("ट्रैफिक चालान के नाम पर लिंक {url} आया, भुगतान करते ही खाते से ज्यादा पैसे कट गए।",),
        ),
        "en": (
            (
                "I got an SMS that my electricity connection would be cut tonight and to call {phone}.",
                "He made me download an app and money was debited from my account.",
            ),
            (
                "A link {url} came in the name of a traffic challan; after paying, more money was debited.",
            ),
        ),
        "hinglish": (
            (
                "Bijli ka bill baaki hai bol ke msg aaya, {phone} pe call kiya, app download karwaya aur paise kat gaye.",
            ),
            ("Challan ke naam pe link {url} aaya, pay karte hi zyada paise kat gaye.",),
        ),
    },
}

PLATFORMS: Final = ("WhatsApp", "Telegram", "Instagram", "Facebook", "Skype")

INTROS: Final[dict[str, tuple[str, ...]]] = {
    "hi": (
        "सेवा में, श्रीमान थाना प्रभारी महोदय, थाना {ps}, कानपुर नगर।",
        "महोदय, निवेदन है कि मैं {name}, {locality}, कानपुर {rehne} हूँ।",
        "सर, मेरा नाम {name} है, मैं {locality} में {rahta} हूँ।",
        "श्रीमान जी, प्रार्थी {name} निवासी {locality} कानपुर नगर का निवेदन है कि मेरे साथ ऑनलाइन ठगी हुई है।",
    ),
    "en": (
        "To, The SHO, PS {ps}, Kanpur Nagar. Sir, I {name}, resident of {locality}, Kanpur, want to report a cyber fraud.",
        "Respected Sir/Madam, I am {name} from {locality}, Kanpur.",
        "Sir, this is {name}, {locality}, Kanpur. I have been cheated online.",
    ),
    "hinglish": (
        "Sir mera naam {name} hai, main {locality} Kanpur me {rahta_r} hoon.",
        "Namaste sir, main {name}, {locality} se. Mere saath online fraud ho gaya hai.",
        "Sir {name} bol {raha} hoon {locality} se, mere saath thagi hui hai.",
    ),
}

#: Payment sentences; {amount}, {benef}, {utr_part}, {date}, {time} are filled in.
PAYMENTS: Final[dict[str, tuple[str, ...]]] = {
    "hi": (
        "{date} को {time} बजे मैंने {amount} {benef} भेज दिए{utr_part}।",
        "{date} को {time} पर {amount} {benef} ट्रांसफर हुए{utr_part}।",
        "मेरे खाते से {date} को {amount} कट गए{utr_part}, पैसा {benef} गया।",
    ),
    "en": (
        "On {date} at {time} I transferred {amount} {benef}{utr_part}.",
        "{amount} was debited from my account on {date} {time}{utr_part}, {benef}.",
        "Paid {amount} {benef} on {date}{utr_part}.",
    ),
    "hinglish": (
        "{date} ko {time} maine {amount} bheje {benef}{utr_part}.",
        "{amount} mere account se kat gaye {date} ko{utr_part}, {benef}.",
        "{date} {time} pe {amount} transfer kiye {benef}{utr_part}.",
    ),
}
AEPS_PAYMENTS: Final[dict[str, tuple[str, ...]]] = {
    "hi": (
        "{date} को {time} बजे मेरे खाते से {amount} AePS से निकाल लिए गए{utr_part}।",
        "{date} को {amount} की निकासी हुई{utr_part}।",
    ),
    "en": ("On {date} at {time}, {amount} was withdrawn from my account through AePS{utr_part}.",),
    "hinglish": ("{date} ko {time} baje account se {amount} AePS se nikal gaye{utr_part}.",),
}

BENEF_VPA: Final = {
    "hi": ("UPI आईडी {vpa} पर", "{vpa} पर"),
    "en": ("to UPI ID {vpa}", "to {vpa}"),
    "hinglish": ("UPI ID {vpa} pe", "{vpa} pe"),
}
BENEF_ACCT: Final = {
    "hi": ("खाता संख्या {acct} (IFSC {ifsc}) में", "{bank} के खाता नंबर {acct}, IFSC {ifsc} में"),
    "en": ("to A/c No. {acct}, IFSC {ifsc}", "to account {acct} ({bank}, IFSC {ifsc})"),
    "hinglish": ("account {acct} IFSC {ifsc} me", "{bank} ke account no {acct} me (IFSC {ifsc})"),
}
UTR_PARTS: Final = {
    "hi": (", UTR {utr}", " (UTR नंबर {utr})", ", ट्रांजैक्शन आईडी {utr}", ", UTR: {utr}"),
    "en": (
        " (UTR {utr})",
        ", UTR No. {utr}",
        ", ref no {utr}",
        " vide UPI Ref. {utr}",
        ", RRN {utr}",
    ),
    "hinglish": (", UTR {utr}", " (UTR no {utr})", ", ref no {utr}", ", transaction id {utr}"),
}
UTR_ONLY: Final = {
    "hi": (", UTR {utr}", " (UTR नंबर {utr})"),
    "en": (" (UTR {utr})", ", UTR No. {utr}"),
    "hinglish": (", UTR {utr}", " (UTR no {utr})"),
}
TOTALS: Final = {
    "hi": ("कुल {total} की ठगी हुई है।", "इस तरह मेरे कुल {total} चले गए।"),
    "en": ("In total I lost {total}.", "Total loss is {total}."),
    "hinglish": ("Total {total} ka fraud hua hai.", "Kul milake {total} chale gaye."),
}
CALLER: Final = {
    "hi": (
        "जिस नंबर से कॉल आया था वह {phone} है।",
        "ठग का मोबाइल नंबर {phone} है।",
        "उन्होंने {phone} से भी फोन किया था।",
    ),
    "en": (
        "The caller's number was {phone}.",
        "The fraudster's mobile number is {phone}.",
        "They also called from {phone}.",
    ),
    "hinglish": (
        "Call {phone} se aaya tha.",
        "Fraud wale ka number {phone} hai.",
        "{phone} se bhi call aaya tha.",
    ),
}
OWN_ACCOUNT: Final = {
    "hi": ("मेरा खाता {bank} में है, खाता संख्या {acct}।", "मेरा {bank} का खाता नंबर {acct} है।"),
    "en": ("My account is with {bank}, A/c {acct}.", "My {bank} account number is {acct}."),
    "hinglish": ("Mera account {bank} me hai, number {acct}.",),
}
OWN_MOBILE: Final = {
    "hi": ("मेरा मोबाइल नंबर {phone} है।", "संपर्क हेतु मेरा नंबर {phone}।"),
    "en": ("My mobile number is {phone}.", "Contact me on {phone}."),
    "hinglish": ("Mera number {phone} hai.",),
}
REALISED: Final = {
    "hi": (
        "बाद में पता चला कि यह फ्रॉड था।",
        "तब मुझे समझ आया कि मेरे साथ धोखा हुआ है।",
        "घर वालों को बताया तो पता चला कि ठगी हो गई।",
    ),
    "en": (
        "Later I realised it was a fraud.",
        "Only then did I understand that I had been cheated.",
        "My son told me it was a scam.",
    ),
    "hinglish": (
        "Baad me pata chala ki fraud tha.",
        "Tab samajh aaya ki thagi ho gayi.",
        "Ghar walo ne bataya ye scam hai.",
    ),
}
CLOSINGS: Final = {
    "hi": (
        "कृपया मेरी रकम वापस दिलाने की कृपा करें।",
        "अतः श्रीमान जी से निवेदन है कि उचित कार्यवाही कर मेरा पैसा वापस कराएं।",
        "कृपया खाते को फ्रीज कराकर मेरा पैसा वापस दिलाएं।",
        "मैं बहुत परेशान हूँ, कृपया मदद करें।",
    ),
    "en": (
        "Kindly help me get my money back.",
        "Please freeze the account and recover my money.",
        "I request you to take strict action against these people.",
        "Please help, it was my life savings.",
    ),
    "hinglish": (
        "Please mera paisa wapas dilwa dijiye.",
        "Jaldi action lijiye sir, account freeze karwa dijiye.",
        "Sir meri madad kijiye, bahut pareshan hoon.",
    ),
}
FILLERS: Final = {
    "hi": ("सर, ", "जी, ", "साहब, "),
    "en": ("Sir, ", "Please note, ", "Also, "),
    "hinglish": ("Sir, ", "Aur ", "Actually "),
}
