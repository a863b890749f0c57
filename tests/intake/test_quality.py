"""Quality on the held-out fifth, which training never reads (see `corpus.split`).

Measured (docs/intake.md): MO macro-F1 1.000 and identifier micro-F1 1.000 in every language.
The floors below leave room for about one mistake per language, so a real regression fails
while a harmless change in a library's arithmetic does not.
"""

import pytest

from cybersetu.intake.corpus import Narrative
from cybersetu.intake.evaluate import LANGUAGES, Report, evaluate

MO_MACRO_F1_FLOOR = 0.93
IDENTIFIER_MICRO_F1_FLOOR = 0.98
LANGUAGE_ACCURACY_FLOOR = 0.96


@pytest.fixture(scope="module")
def report(heldout: list[Narrative]) -> Report:
    return evaluate(heldout)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_held_out_quality_per_language(report: Report, lang: str) -> None:
    result = report.languages[lang]
    assert result.n >= 30
    assert result.mo_macro_f1 >= MO_MACRO_F1_FLOOR, result.errors
    assert result.identifiers.f1 >= IDENTIFIER_MICRO_F1_FLOOR, result.errors
    assert result.lang_correct / result.n >= LANGUAGE_ACCURACY_FLOOR
