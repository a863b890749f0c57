import pytest

from cybersetu.intake import Lang, detect_language
from cybersetu.intake.corpus import Narrative


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("मेरे खाते से पैसे कट गए", Lang.HINDI),
        (
            "ICICI के नाम से SMS आया कि आपका खाता आज बंद हो जाएगा: Dear customer, update KYC",
            Lang.HINDI,
        ),
        ("Scammer sent collect request on PhonePe, money gone", Lang.ENGLISH),
        ("digital arrest fraud, lost 46 lakh", Lang.ENGLISH),
        ("qr code scan karwa ke 20 hazar nikal liye", Lang.HINGLISH),
        ("Sir maine OLX pe fridge dala tha, banda bola army me hu", Lang.HINGLISH),
    ],
)
def test_detect_language(text: str, lang: Lang) -> None:
    assert detect_language(text) is lang


def test_language_of_every_training_narrative(training: list[Narrative]) -> None:
    wrong = [n.id for n in training if detect_language(n.text).value != n.lang]
    assert wrong == []
