"""Identifiers in narratives: each type, each hard negative, and spans."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cybersetu.intake import Kind, extract


def values(text: str, kind: Kind) -> list[str]:
    return list(dict.fromkeys(f.value for f in extract(text) if f.kind is kind))


# --- phones -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "call aaya 9876543210 se",
        "number +91 98765 43210 tha",
        "mob +91-9876543210",
        "contact +919876543210",
        "number 09876543210 se",
        "नंबर ९८७६५४३२१० से कॉल",
        "नंबर: ०९८७६५४३२१०",
        "uska no. 9876 543 210 hai",
        "call 98765-43210 pe",
    ],
)
def test_indian_mobiles_in_every_format(text: str) -> None:
    assert values(text, Kind.PHONE) == ["9876543210"]


def test_phone_inside_a_upi_id() -> None:
    found = [f for f in extract("paise 9918273645@paytm pe gaye") if f.kind is Kind.PHONE]
    assert [f.value for f in found] == ["9918273645"]
    assert found[0].raw == "9918273645"


@pytest.mark.parametrize(
    "text",
    [
        "maine 1930 pe call kiya",
        "toll free 1800-258-4455 pe block kiya",
        "message mein 18004251234 pe call karne ko likha tha",
        "landline 0512-2534678 se call",
        "इंदौर लैंडलाइन 0731-2345678",
        "call from 011-23456789",
        "WhatsApp from +44 7911 123456",
        "Nepal number +977 9812345678",
        "US number +1 (646) 555-0199",
        "पाकिस्तानी नंबर +92 345 6789012",
    ],
)
def test_helplines_landlines_and_foreign_numbers_are_not_phones(text: str) -> None:
    assert values(text, Kind.PHONE) == []


# --- UPI IDs and e-mails -------------------------------------------------------------------


def test_upi_ids_are_lower_cased_and_emails_are_not_upi_ids() -> None:
    text = "UPI Rahul.Enterprises@okicici, email rahul.k1987@gmail.com, also pay@ybl"
    assert values(text, Kind.UPI_ID) == ["rahul.enterprises@okicici", "pay@ybl"]
    assert values(text, Kind.EMAIL) == ["rahul.k1987@gmail.com"]


def test_social_media_handles_are_not_upi_ids() -> None:
    assert values("Telegram @hr_riya_ops, Instagram page @ipo_insider_india", Kind.UPI_ID) == []


def test_email_domain_is_not_a_url() -> None:
    text = "email payments@typingwork.online, site typingwork.online"
    assert values(text, Kind.URL) == ["https://typingwork.online"]
    assert values(text, Kind.EMAIL) == ["payments@typingwork.online"]


# --- accounts, UTRs, Aadhaar, cards, SIMs ---------------------------------------------------


def test_accounts_keep_leading_zeros() -> None:
    text = "खाता संख्या 0123000100045678 से, ICICI account no. 019901512345"
    assert values(text, Kind.ACCOUNT) == ["0123000100045678", "019901512345"]


def test_account_next_to_its_ifsc_in_any_case() -> None:
    text = "paisa gaya 38291045672 (ifsc sbin0011223) me"
    assert values(text, Kind.ACCOUNT) == ["38291045672"]
    assert values(text, Kind.IFSC) == ["SBIN0011223"]


@pytest.mark.parametrize(
    "text",
    [
        "my account ending XXXXXX7031",
        "a/c no. xxxx7031 se",
        "****7031 wala account",
        "card no. 4375 5123 4567 8901 block karwaya",
        "sim ke peeche ka number 89910473012345678901 bataya",
        "SIM number 8991 0123 4567 8901 2345",
        "IMEI 356789012345678 wala phone",
        "1930 pe shikayat ki, acknowledgement no. 23101240045678",
        "शिकायत नंबर 31501240012345 मिला",
        "order id OD4312345678",
    ],
)
def test_masked_cards_sims_and_reference_numbers_are_not_accounts(text: str) -> None:
    assert values(text, Kind.ACCOUNT) == []
    assert values(text, Kind.UTR) == []
    assert values(text, Kind.PHONE) == []


def test_utr_context_and_aadhaar_context_decide_a_twelve_digit_number() -> None:
    text = "My Aadhaar number is 9876 5432 1098. Please also note the RRN 431615123456."
    assert values(text, Kind.UTR) == ["431615123456"]
    assert values(text, Kind.PHONE) == []
    assert values(text, Kind.ACCOUNT) == []


def test_aadhaar_written_without_spaces_is_not_a_utr() -> None:
    text = "UTR aur aadhar number 234567890124 maang rahe the"
    assert values(text, Kind.UTR) == []


@pytest.mark.parametrize(
    ("text", "utr"),
    [
        ("UTR ४१२३४५६७८९०१", "412345678901"),
        ("Reference no. 408812345670.", "408812345670"),
        ("ट्रांजेक्शन आईडी 407412345678 है", "407412345678"),
        ("UTR jisme 3,500 diya: 449912345678", "449912345678"),
    ],
)
def test_utrs(text: str, utr: str) -> None:
    assert values(text, Kind.UTR) == [utr]


def test_neft_and_rtgs_utrs() -> None:
    text = "UTR no SBINN52025010612 aur RTGS ka HDFCR52025010600012345, IFSC HDFC0001234"
    assert values(text, Kind.UTR) == ["SBINN52025010612", "HDFCR52025010600012345"]
    assert values(text, Kind.IFSC) == ["HDFC0001234"]


def test_misspelt_account_cue_still_decides() -> None:
    assert values("mera acconut number 7590270579 hai", Kind.ACCOUNT) == ["7590270579"]
    assert values("mera acconut number 7590270579 hai", Kind.PHONE) == []


def test_twelve_digit_account_after_account_cue_is_an_account() -> None:
    text = "Jan Dhan account no. 789012045678 se AEPS withdrawal"
    assert values(text, Kind.ACCOUNT) == ["789012045678"]
    assert values(text, Kind.UTR) == []


# --- IFSC and URLs -------------------------------------------------------------------------


def test_ifsc_any_case_but_not_ordinary_words() -> None:
    assert values("IFSC kkbk0004321 aur BARB0KANPUR", Kind.IFSC) == ["KKBK0004321", "BARB0KANPUR"]
    assert values("PHOTOGRAPHY and informative", Kind.IFSC) == []


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("link sbi-kyc-update.in पर क्लिक करें", "https://sbi-kyc-update.in"),
        ("SMS: update at https://sbi-yono-pan.com'.", "https://sbi-yono-pan.com"),
        ("link http://bit.ly/3kYcPan पर।", "http://bit.ly/3kYcPan"),
        ("site www.pension-kyc.co.in par", "https://www.pension-kyc.co.in"),
        ("login: icici-pan-update.xyz/login.", "https://icici-pan-update.xyz/login"),
    ],
)
def test_urls_and_bare_domains(text: str, url: str) -> None:
    assert values(text, Kind.URL) == [url]


@pytest.mark.parametrize(
    "text", ["I am a B.Tech student", "file SBI_YONO_KYC.apk mili", "Rs.70,000"]
)
def test_abbreviations_and_files_are_not_urls(text: str) -> None:
    assert values(text, Kind.URL) == []


# --- apps, dates, spans ----------------------------------------------------------------------


def test_apps_and_dates_are_extracted_for_the_officer() -> None:
    text = "दिनांक 14/03/2024 को एनीडेस्क डलवाया, 5th October ko WhatsApp pe"
    assert values(text, Kind.APP) == ["AnyDesk", "WhatsApp"]
    assert values(text, Kind.DATE) == ["2024-03-14", "5th October"]


def test_spans_point_into_the_original_text() -> None:
    text = "नंबर ९८७६५४३२१० और खाता 30012345678 (IFSC SBIN0001234), ₹४५,००० गए"
    for found in extract(text):
        assert text[found.start : found.end] == found.raw
    kinds = {f.kind: f.raw for f in extract(text)}
    assert kinds[Kind.PHONE] == "९८७६५४३२१०"
    assert kinds[Kind.AMOUNT] == "४५,०००"


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_gives_consistent_spans(text: str) -> None:
    for found in extract(text):
        assert 0 <= found.start < found.end <= len(text)
        assert text[found.start : found.end] == found.raw


@given(
    st.lists(
        st.sampled_from(
            [
                "maine",
                "9876543210",
                "₹5,000",
                "UTR",
                "412345678901",
                "पर",
                "०९८७६५४३२१०",
                " ",
                "lakh",
            ]
        ),
        max_size=12,
    )
)
def test_extraction_is_deterministic_and_sorted(parts: list[str]) -> None:
    text = " ".join(parts)
    first, second = extract(text), extract(text)
    assert first == second
    assert [f.start for f in first] == sorted(f.start for f in first)
