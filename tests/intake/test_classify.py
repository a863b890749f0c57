"""The MO classifier: the issue's boundary cases, the rules, determinism."""

import numpy as np
import pytest

from cybersetu.intake import Mo, analyze, classify
from cybersetu.intake.classify import _cue_matrix, default_model, train
from cybersetu.intake.corpus import Narrative
from cybersetu.intake.romanize import romanize

# Fresh wordings (not in the corpus) of the boundaries the issue names, in three languages.
BOUNDARIES = {
    Mo.FAKE_KYC_UPDATE: [
        (
            "Got an SMS that my KYC is pending with a link, filled it, then a man called and asked "
            "for the OTP to finish KYC. Lost Rs 20,000."
        ),
        "KYC update ka link aaya, details bhari, phir bank wale ka call aaya OTP maanga, 30 hazar gaye",
        "केवाईसी अपडेट का लिंक आया, फिर कॉल पर ओटीपी पूछा और 40 हजार निकल गए",
    ],
    Mo.DIGITAL_ARREST: [
        (
            "A TRAI officer said my SIM will be blocked in two hours, then a CBI officer joined on "
            "video call and said I was under arrest. I paid 3 lakh."
        ),
        "TRAI se call aaya ki sim band hogi, fir CBI wale ne video call pe arrest ki dhamki di",
        "ट्राई से कॉल आया कि सिम बंद हो जाएगी, फिर सीबीआई अफसर ने वीडियो कॉल पर गिरफ्तारी की धमकी दी",
    ],
    Mo.LOAN_APP: [
        "Loan app agents morphed my photos into nude pictures and sent them to my contacts.",
        "loan app walon ne meri photo morph karke nangi photo bana di aur contacts ko bhej di",
        "लोन ऐप वालों ने मेरी फोटो को अश्लील बनाकर रिश्तेदारों को भेज दी, 12 हजार मांग रहे हैं",
    ],
    Mo.OTP_VISHING: [
        "A man said he was calling from my bank and asked me the OTP, nothing else. Rs 9,000 gone.",
        "bank se bol raha hu bolke ek aadmi ne sirf OTP maanga, 8 hazar kat gaye",
        "बैंक का कर्मचारी बनकर कॉल आया, उसने सिर्फ ओटीपी पूछा, 7 हजार कट गए",
    ],
    Mo.FAKE_CUSTOMER_CARE: [
        "I found the bank helpline number by searching on Google and the man asked for my OTP.",
        "google pe bank ka customer care number search kiya, usne OTP le liya, 25 hazar gaye",
        "गूगल पर बैंक का हेल्पलाइन नंबर सर्च किया, उसने ओटीपी लेकर 30 हजार निकाल लिए",
    ],
}


@pytest.mark.parametrize(
    ("mo", "text"), [(mo, text) for mo, texts in BOUNDARIES.items() for text in texts]
)
def test_boundary_cases_follow_the_conventions(mo: Mo, text: str) -> None:
    result = classify(text)
    assert result.mo is mo
    assert result.runner_up is not mo
    assert 0 <= result.runner_up_confidence <= result.confidence <= 1


def test_training_is_deterministic(training: list[Narrative]) -> None:
    first, second = train(training[::2]), train(training[::2])
    text = "OLX buyer ne QR bheja, scan karte hi 5,000 kat gaye"
    assert first.probabilities(text) == second.probabilities(text)


def test_probabilities_are_a_distribution() -> None:
    probabilities = default_model().probabilities("mera phone kho gaya")
    assert set(probabilities) == set(Mo)
    assert sum(probabilities.values()) == pytest.approx(1.0)
    assert max(probabilities.values()) < 0.9  # nothing fraud-like: no confident MO


def test_analyze_combines_language_mo_and_identifiers() -> None:
    result = analyze("Maine OLX buyer ka QR scan kiya, 25k kat gaye. UPI rahul.k@ybl")
    assert result.lang.value == "hinglish"
    assert result.mo.mo is Mo.UPI_QR_SCAM
    assert result.values(result.found[0].kind.__class__("amount")) == ["25000"]
    assert [str(a) for a in result.amounts_inr] == ["25000"]


def test_scores_are_those_of_the_fitted_vectorizers(heldout: list[Narrative]) -> None:
    """The scorer folds TF-IDF into the SVM by hand: it must give scikit-learn's numbers."""
    model = default_model()
    texts = [n.text for n in heldout] + ["", "zzzz qqqq", "₹", "मेरे खाते से ₹५० कट गए"]
    for text in texts:
        roman = romanize(text)
        expected = model.intercept.copy()
        for vectorizer, weight in zip(model.vectorizers, model.weights, strict=False):
            expected += (vectorizer.transform([roman]) @ weight.T).ravel()
        expected += _cue_matrix([roman])[0] @ model.weights[-1].T
        np.testing.assert_allclose(model.scores(roman), expected, rtol=1e-9, atol=1e-12)
