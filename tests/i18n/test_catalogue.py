"""Hindi and English: every string of the desk has its Hindi, placeholders survive translation,
money and times read as people in India read them."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from cybersetu.i18n import LOCALES, _, using
from cybersetu.i18n.catalog import extract, read, untranslated
from cybersetu.i18n.format import duration, money, when


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_is_translated(locale: str) -> None:
    missing = untranslated(locale)
    assert missing == [], f"run `python -m cybersetu.i18n.catalog update` and translate: {missing}"


def test_the_catalogue_holds_what_the_code_marks() -> None:
    marked = {m.id for m in extract() if m.id}
    assert len(marked) > 150
    assert marked <= {m.id for m in read("hi") if m.id}


def test_placeholders_survive_translation() -> None:
    for m in read("hi"):
        if m.id and isinstance(m.id, str):
            assert set(re.findall(r"\{\w+\}", m.id)) == set(
                re.findall(r"\{\w+\}", str(m.string))
            ), m.id


def test_hindi_is_devanagari() -> None:
    with using("hi"):
        assert re.search("[\u0900-\u097f]", _("Complaints"))
        assert _("Complaints") != "Complaints"
    with using("en"):
        assert _("Complaints") == "Complaints"


def test_money_times_and_durations() -> None:
    assert money(12_345_600) == "₹1,23,456.00"
    assert money(None) == "—"
    t = datetime(2026, 1, 6, 9, 0, tzinfo=UTC)
    with using("en"):
        assert when(t) == "06 Jan 2026, 14:30 IST"
        assert duration(7500) == "2 h 05 min"
    with using("hi"):
        assert when(t) == "06 जनवरी 2026, 14:30 IST"
        assert duration(90000) == "1 दिन 1 घंटे"
