"""The labelled corpus: size, balance, the fixed split, and labels that match the text."""

import re
from collections import Counter

from cybersetu.identifiers import account_numbers, emails, ifscs, phones, urls, utrs, vpas
from cybersetu.intake import Lang, Mo
from cybersetu.intake.corpus import Narrative, split

_CLEANERS = {
    "upi_ids": vpas.clean,
    "phones": phones.clean,
    "accounts": account_numbers.clean,
    "ifsc": ifscs.clean,
    "utrs": utrs.clean,
    "urls": urls.clean,
    "emails": emails.clean,
}
_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")


def test_size_and_balance(training: list[Narrative], heldout: list[Narrative]) -> None:
    everything = training + heldout
    assert len(everything) >= 400
    assert len({n.id for n in everything}) == len(everything)
    per_lang = Counter(n.lang for n in everything)
    assert set(per_lang) == {lang.value for lang in Lang}
    assert max(per_lang.values()) - min(per_lang.values()) <= len(everything) // 10
    per_mo = Counter(n.mo for n in everything)
    assert set(per_mo) == {mo.value for mo in Mo}
    assert min(per_mo.values()) >= 20


def test_held_out_fifth_is_the_deterministic_stratified_split(
    training: list[Narrative], heldout: list[Narrative]
) -> None:
    train_again, heldout_again = split(sorted(training + heldout, key=lambda n: n.id))
    assert {n.id for n in heldout_again} == {n.id for n in heldout}
    assert {n.id for n in train_again} == {n.id for n in training}
    assert not {n.id for n in heldout} & {n.id for n in training}
    # Every language x MO stratum keeps a fifth out.
    strata = Counter((n.lang, n.mo) for n in heldout)
    assert len(strata) == len(Lang) * len(Mo)


def test_labels_are_canonical(training: list[Narrative], heldout: list[Narrative]) -> None:
    for narrative in training + heldout:
        for field, clean in _CLEANERS.items():
            for value in narrative.expected[field]:
                assert clean(value) == value, (narrative.id, field, value)


def test_every_label_occurs_in_the_text(
    training: list[Narrative], heldout: list[Narrative]
) -> None:
    """A cross-check of the hand labelling: each labelled value is written in the narrative."""
    for narrative in training + heldout:
        text = narrative.text.translate(_DEVANAGARI_DIGITS)
        digits = re.sub(r"\D", "", text)
        lowered = text.lower()
        where = narrative.id
        for field in ("phones", "accounts", "utrs"):
            for value in narrative.expected[field]:
                assert value in digits, (where, field, value)
        for field in ("upi_ids", "emails", "ifsc"):
            for value in narrative.expected[field]:
                assert value.lower() in lowered, (where, field, value)
        for value in narrative.expected["urls"]:
            assert urls.host(value) in lowered, (where, value)
        for value in narrative.expected["amounts_inr"]:
            assert float(value) > 0, (where, value)
