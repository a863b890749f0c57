"""Kanpur Nagar Police Commissionerate: police stations (थाना) and the localities they cover.

Names are the public ones; pincodes are those of the locality's post office. The cyber crime
police station serves the whole city and has no localities of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Locality:
    name: str
    name_hi: str
    pincode: str


@dataclass(frozen=True)
class PoliceStation:
    code: str
    name: str
    name_hi: str
    zone: str
    localities: tuple[Locality, ...]


_L = Locality
_P = PoliceStation

CITY: Final = "Kanpur Nagar"
CITY_HI: Final = "कानपुर नगर"
STATE: Final = "Uttar Pradesh"

POLICE_STATIONS: Final[tuple[PoliceStation, ...]] = (
    _P(
        "KTW",
        "Kotwali",
        "कोतवाली",
        "Central",
        (
            _L("Mall Road", "माल रोड", "208001"),
            _L("Parade", "परेड", "208001"),
            _L("Naya Ganj", "नयागंज", "208001"),
        ),
    ),
    _P(
        "CLG",
        "Collectorganj",
        "कलक्टरगंज",
        "Central",
        (
            _L("Collectorganj", "कलक्टरगंज", "208001"),
            _L("Dal Mandi", "दाल मंडी", "208001"),
        ),
    ),
    _P(
        "MLG",
        "Moolganj",
        "मूलगंज",
        "Central",
        (
            _L("Moolganj", "मूलगंज", "208001"),
            _L("Chowk Sarafa", "चौक सर्राफा", "208001"),
        ),
    ),
    _P(
        "HBM",
        "Harbans Mohal",
        "हरबंश मोहाल",
        "Central",
        (
            _L("Harbans Mohal", "हरबंश मोहाल", "208001"),
            _L("Generalganj", "जनरलगंज", "208001"),
        ),
    ),
    _P(
        "ANW",
        "Anwarganj",
        "अनवरगंज",
        "Central",
        (
            _L("Anwarganj", "अनवरगंज", "208003"),
            _L("Darshan Purwa", "दर्शनपुरवा", "208012"),
        ),
    ),
    _P(
        "CMG",
        "Chamanganj",
        "चमनगंज",
        "Central",
        (
            _L("Chamanganj", "चमनगंज", "208001"),
            _L("Premnagar", "प्रेमनगर", "208001"),
        ),
    ),
    _P(
        "BKG",
        "Beconganj",
        "बेकनगंज",
        "Central",
        (
            _L("Beconganj", "बेकनगंज", "208001"),
            _L("Talaq Mahal", "तलाक महल", "208001"),
        ),
    ),
    _P(
        "CLN",
        "Colonelganj",
        "कर्नलगंज",
        "Central",
        (
            _L("Colonelganj", "कर्नलगंज", "208001"),
            _L("Civil Lines", "सिविल लाइंस", "208001"),
        ),
    ),
    _P(
        "GWT",
        "Gwaltoli",
        "ग्वालटोली",
        "Central",
        (
            _L("Gwaltoli", "ग्वालटोली", "208001"),
            _L("Khalasi Line", "खलासी लाइन", "208001"),
        ),
    ),
    _P(
        "SWN",
        "Swaroop Nagar",
        "स्वरूप नगर",
        "Central",
        (
            _L("Swaroop Nagar", "स्वरूप नगर", "208002"),
            _L("Arya Nagar", "आर्य नगर", "208002"),
            _L("Tilak Nagar", "तिलक नगर", "208002"),
        ),
    ),
    _P(
        "NWB",
        "Nawabganj",
        "नवाबगंज",
        "West",
        (
            _L("Nawabganj", "नवाबगंज", "208002"),
            _L("Azad Nagar", "आजाद नगर", "208002"),
            _L("Vishnupuri", "विष्णुपुरी", "208002"),
        ),
    ),
    _P(
        "KLP",
        "Kalyanpur",
        "कल्याणपुर",
        "West",
        (
            _L("Kalyanpur", "कल्याणपुर", "208017"),
            _L("Awas Vikas", "आवास विकास", "208017"),
            _L("Indira Nagar", "इंदिरा नगर", "208026"),
        ),
    ),
    _P(
        "KKD",
        "Kakadeo",
        "काकादेव",
        "West",
        (
            _L("Kakadeo", "काकादेव", "208025"),
            _L("Sharda Nagar", "शारदा नगर", "208025"),
            _L("Navin Nagar", "नवीन नगर", "208025"),
        ),
    ),
    _P(
        "RWP",
        "Rawatpur",
        "रावतपुर",
        "West",
        (
            _L("Rawatpur", "रावतपुर", "208019"),
            _L("Gurudev Palace", "गुरुदेव पैलेस", "208019"),
        ),
    ),
    _P(
        "PNK",
        "Panki",
        "पनकी",
        "West",
        (
            _L("Panki", "पनकी", "208020"),
            _L("Ratanpur", "रतनपुर", "208020"),
        ),
    ),
    _P(
        "ARM",
        "Armapur",
        "अर्मापुर",
        "West",
        (
            _L("Armapur Estate", "अर्मापुर एस्टेट", "208009"),
            _L("Vijay Nagar", "विजय नगर", "208005"),
        ),
    ),
    _P(
        "BTH",
        "Bithoor",
        "बिठूर",
        "West",
        (
            _L("Bithoor", "बिठूर", "209201"),
            _L("Mandhana", "मंधना", "209217"),
        ),
    ),
    _P("CBP", "Chaubepur", "चौबेपुर", "Outer", (_L("Chaubepur", "चौबेपुर", "209203"),)),
    _P("BLH", "Bilhaur", "बिल्हौर", "Outer", (_L("Bilhaur", "बिल्हौर", "209202"),)),
    _P(
        "GVN",
        "Govind Nagar",
        "गोविंद नगर",
        "South",
        (
            _L("Govind Nagar", "गोविंद नगर", "208006"),
            _L("Dada Nagar", "दादा नगर", "208022"),
        ),
    ),
    _P(
        "BRA",
        "Barra",
        "बर्रा",
        "South",
        (
            _L("Barra", "बर्रा", "208027"),
            _L("Barra Vishwa Bank", "बर्रा विश्व बैंक", "208027"),
            _L("Shastri Nagar", "शास्त्री नगर", "208005"),
        ),
    ),
    _P(
        "KDN",
        "Kidwai Nagar",
        "किदवई नगर",
        "South",
        (
            _L("Kidwai Nagar", "किदवई नगर", "208011"),
            _L("Yashoda Nagar", "यशोदा नगर", "208011"),
        ),
    ),
    _P(
        "NBS",
        "Naubasta",
        "नौबस्ता",
        "South",
        (
            _L("Naubasta", "नौबस्ता", "208021"),
            _L("Hanspuram", "हंसपुरम", "208021"),
        ),
    ),
    _P(
        "BBP",
        "Babupurwa",
        "बाबूपुरवा",
        "South",
        (
            _L("Babupurwa", "बाबूपुरवा", "208023"),
            _L("Kidwai Nagar Colony", "किदवई नगर कॉलोनी", "208023"),
        ),
    ),
    _P(
        "FZG",
        "Fazalganj",
        "फजलगंज",
        "South",
        (
            _L("Fazalganj", "फजलगंज", "208012"),
            _L("Gumti No. 5", "गुमटी नंबर 5", "208012"),
        ),
    ),
    _P(
        "NZB",
        "Nazirabad",
        "नजीराबाद",
        "South",
        (
            _L("Nazirabad", "नजीराबाद", "208005"),
            _L("Geeta Nagar", "गीता नगर", "208005"),
        ),
    ),
    _P("BDN", "Bidhnoo", "बिधनू", "Outer", (_L("Bidhnoo", "बिधनू", "209214"),)),
    _P("SCD", "Sachendi", "सचेंडी", "Outer", (_L("Sachendi", "सचेंडी", "209304"),)),
    _P("GTM", "Ghatampur", "घाटमपुर", "Outer", (_L("Ghatampur", "घाटमपुर", "209206"),)),
    _P(
        "CHK",
        "Chakeri",
        "चकेरी",
        "East",
        (
            _L("Chakeri", "चकेरी", "208008"),
            _L("Shyam Nagar", "श्याम नगर", "208013"),
            _L("Lal Bangla", "लाल बंगला", "208007"),
        ),
    ),
    _P(
        "JJM",
        "Jajmau",
        "जाजमऊ",
        "East",
        (
            _L("Jajmau", "जाजमऊ", "208010"),
            _L("Wajidpur", "वाजिदपुर", "208010"),
        ),
    ),
    _P(
        "CNT",
        "Cantt",
        "कैंट",
        "East",
        (
            _L("Cantonment", "छावनी", "208004"),
            _L("Sadar Bazar", "सदर बाजार", "208004"),
        ),
    ),
    _P("MHP", "Maharajpur", "महाराजपुर", "East", (_L("Maharajpur", "महाराजपुर", "209402"),)),
    _P("CYB", "Cyber Crime PS", "साइबर क्राइम थाना", "City", ()),
)

STATIONS_BY_CODE: Final[dict[str, PoliceStation]] = {p.code: p for p in POLICE_STATIONS}

#: The stations that cover localities (every one except the city-wide cyber crime station).
LOCAL_STATIONS: Final[tuple[PoliceStation, ...]] = tuple(p for p in POLICE_STATIONS if p.localities)

CYBER_CRIME_PS: Final = STATIONS_BY_CODE["CYB"]
