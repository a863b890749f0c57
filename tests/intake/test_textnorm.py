"""The matching view of a narrative: the fast path (a translation table) gives exactly what the
character-by-character reference gives, origins included."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cybersetu.intake.textnorm import _normalize_slowly, normalize

# Devanagari with nukta forms and digits, invisible joiners, dashes, full-width forms, the
# rupee sign, ligatures that NFKC expands (ﬁ) and plain ASCII.
ALPHABET = st.sampled_from(
    list("abc 019₹-–—\u200b\u200d\u00ad\u093c\u0901\u0958\u095b")
    + list("मेरेखातेसे१२३४५६७८९०")
    + list("０１２ＡＢ\ufb01\u2163\u3000\u00a0")
)


@settings(max_examples=300)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_the_fast_path_is_the_reference(text: str) -> None:
    fast, slow = normalize(text), _normalize_slowly(text)
    assert fast.text == slow.text
    assert list(fast.origin) == list(slow.origin)


def test_spans_point_into_the_text_as_typed() -> None:
    typed = "मेरे ₹१५,०००\u200b कट गए UTR ５２７５"
    norm = normalize(typed)
    assert "15,000" in norm.text
    assert "5275" in norm.text
    start = norm.text.index("5275")
    a, b = norm.span(start, start + 4)
    assert typed[a:b] == "５２７５"
    start = norm.text.index("15,000")
    a, b = norm.span(start, start + 6)
    assert typed[a:b] == "१५,०००"
