"""The bank scoreboard's chart: SVG drawn on the server, the banks and the words in it as text."""

from __future__ import annotations

from xml.etree import ElementTree

from cybersetu.holds.chart import ScoreboardLabels, scoreboard_svg
from cybersetu.holds.scoreboard import BankRow

HINDI = ScoreboardLabels(
    money_title="होल्ड की गई राशि",
    requested="होल्ड के लिए कहा गया",
    held="होल्ड किया गया",
    rupees="रुपये",
    time_title="उत्तर देने का समय",
    median="माध्यिका",
    p90="90वाँ प्रतिशतक",
    minutes="समय (मिनट)",
    hours="समय (घंटे)",
    no_answer="अभी उत्तर नहीं",
)


def _banks(slowest_seconds: float) -> list[BankRow]:
    return [
        BankRow(
            "SBIN",
            "State Bank of India",
            sent=3,
            answered=2,
            requested_paise=5_00_000_00,
            held_paise=2_00_000_00,
            answer_seconds=[600.0, slowest_seconds],
        ),
        BankRow("KKBK", "Kotak Mahindra Bank", sent=1, open=1, requested_paise=50_000_00),
    ]


def test_the_chart_names_every_bank_in_the_readers_words() -> None:
    svg = scoreboard_svg(_banks(1800.0), HINDI)
    root = ElementTree.fromstring(svg)  # noqa: S314 - drawn by us, in this test
    assert root.tag.endswith("svg")
    assert "<script" not in svg
    assert "https://" not in svg  # nothing to fetch from elsewhere
    for words in ("State Bank of India (SBIN)", "Kotak Mahindra Bank (KKBK)", "माध्यिका"):
        assert words in svg
    assert "समय (मिनट)" in svg  # every answer within three hours: minutes
    assert "अभी उत्तर नहीं" in svg  # Kotak has not answered
    assert svg == scoreboard_svg(_banks(1800.0), HINDI)  # the same data, the same file


def test_slow_banks_are_drawn_in_hours() -> None:
    assert "समय (घंटे)" in scoreboard_svg(_banks(2 * 86_400.0), HINDI)
