"""Quality of the intake on a labelled corpus, per language: `python -m cybersetu.intake.evaluate`.

Definitions (also in `docs/intake.md`):

- **MO macro-F1**: F1 of each MO (over the MOs in the gold or predicted labels of that
  language), averaged with equal weight.
- **Identifier micro-F1**: per narrative and per type, the set of canonical values found is
  compared with the set expected (exact match of canonical forms; amounts to the paisa); true
  positives, false positives and false negatives are summed over all narratives and the scored
  types (`amounts_inr`, `upi_ids`, `phones`, `accounts`, `ifsc`, `utrs`, `urls`), then
  F1 = 2TP / (2TP + FP + FN). E-mails are extracted but reported apart, unscored, as the issue
  asks.
- **Speed**: wall time of `analyze` per narrative, after the model is trained.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from cybersetu.intake import analyze
from cybersetu.intake.classify import default_model
from cybersetu.intake.corpus import Narrative, load
from cybersetu.intake.results import FIELD_OF_KIND, Analysis

SCORED_FIELDS: Final = ("amounts_inr", "upi_ids", "phones", "accounts", "ifsc", "utrs", "urls")
LANGUAGES: Final = ("hi", "en", "hinglish")
DEFAULT_HELDOUT: Final = Path("tests/data/narratives/heldout.jsonl")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def f1(self) -> float:
        denominator = 2 * self.tp + self.fp + self.fn
        return 1.0 if denominator == 0 else 2 * self.tp / denominator

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class LanguageReport:
    lang: str
    n: int = 0
    lang_correct: int = 0
    mo_gold: list[str] = field(default_factory=list)
    mo_pred: list[str] = field(default_factory=list)
    per_field: dict[str, Counts] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    """One line per narrative where something differed, for reading (not for tuning)."""

    @property
    def mo_macro_f1(self) -> float:
        return macro_f1(self.mo_gold, self.mo_pred)

    @property
    def mo_accuracy(self) -> float:
        pairs = zip(self.mo_gold, self.mo_pred, strict=True)
        return sum(g == p for g, p in pairs) / self.n if self.n else 1.0

    @property
    def identifiers(self) -> Counts:
        total = Counts()
        for name in SCORED_FIELDS:
            total.add(self.per_field.get(name, Counts()))
        return total


@dataclass
class Report:
    languages: dict[str, LanguageReport]
    ms_per_narrative: float


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    labels = sorted(set(gold) | set(pred))
    if not labels:
        return 1.0
    scores = []
    for label in labels:
        counts = Counts()
        for g, p in zip(gold, pred, strict=True):
            counts.tp += g == label and p == label
            counts.fp += g != label and p == label
            counts.fn += g == label and p != label
        scores.append(counts.f1)
    return sum(scores) / len(scores)


def compare(narrative: Narrative, analysis: Analysis) -> dict[str, Counts]:
    """Per field: the counts of one narrative."""
    out = {}
    for kind, name in FIELD_OF_KIND.items():
        found = set(analysis.values(kind))
        expected = set(narrative.expected.get(name, ()))
        out[name] = Counts(len(found & expected), len(found - expected), len(expected - found))
    return out


def evaluate(
    narratives: Sequence[Narrative], analyzer: Callable[[str], Analysis] = analyze
) -> Report:
    default_model()  # train before timing
    languages = {lang: LanguageReport(lang) for lang in LANGUAGES}
    started = time.perf_counter()
    analyses = [analyzer(n.text) for n in narratives]
    elapsed = time.perf_counter() - started
    for narrative, analysis in zip(narratives, analyses, strict=True):
        report = languages.setdefault(narrative.lang, LanguageReport(narrative.lang))
        report.n += 1
        report.lang_correct += analysis.lang.value == narrative.lang
        report.mo_gold.append(narrative.mo)
        report.mo_pred.append(analysis.mo.mo.value)
        notes = []
        if analysis.mo.mo.value != narrative.mo:
            notes.append(f"mo {analysis.mo.mo.value} (expected {narrative.mo})")
        for name, counts in compare(narrative, analysis).items():
            report.per_field.setdefault(name, Counts()).add(counts)
            if counts.fp or counts.fn:
                kind = next(k for k, f in FIELD_OF_KIND.items() if f == name)
                found, expected = set(analysis.values(kind)), set(narrative.expected[name])
                notes.append(
                    f"{name} extra {sorted(found - expected)} missing {sorted(expected - found)}"
                )
        if notes:
            report.errors.append(f"{narrative.id}: " + "; ".join(notes))
    ms = 1000 * elapsed / len(narratives) if narratives else 0.0
    return Report({k: v for k, v in languages.items() if v.n}, ms)


def format_report(report: Report, details: bool = False) -> str:
    header = (
        f"{'lang':<9} {'n':>4} {'lang-acc':>8} {'MO macro-F1':>11} {'MO acc':>7} "
        f"{'ids micro-F1':>12} {'TP':>5} {'FP':>4} {'FN':>4}"
    )
    lines = [header]
    for rep in report.languages.values():
        ids = rep.identifiers
        lines.append(
            f"{rep.lang:<9} {rep.n:>4} {rep.lang_correct / rep.n:>8.3f} {rep.mo_macro_f1:>11.3f} "
            f"{rep.mo_accuracy:>7.3f} {ids.f1:>12.3f} {ids.tp:>5} {ids.fp:>4} {ids.fn:>4}"
        )
    lines.append("")
    lines.append("per type (all languages): " + ", ".join(_per_type(report)))
    lines.append(f"speed: {report.ms_per_narrative:.2f} ms per narrative")
    if details:
        for rep in report.languages.values():
            lines.extend(rep.errors)
    return "\n".join(lines)


def _per_type(report: Report) -> list[str]:
    totals: dict[str, Counts] = {}
    for rep in report.languages.values():
        for name, counts in rep.per_field.items():
            totals.setdefault(name, Counts()).add(counts)
    names = [*SCORED_FIELDS, "emails"]
    return [f"{n} {totals[n].f1:.3f}" + (" (unscored)" if n == "emails" else "") for n in names]


def mo_confusions(report: Report) -> Counter[tuple[str, str]]:
    pairs: Counter[tuple[str, str]] = Counter()
    for rep in report.languages.values():
        for gold, pred in zip(rep.mo_gold, rep.mo_pred, strict=True):
            if gold != pred:
                pairs[(gold, pred)] += 1
    return pairs


def main(argv: list[str]) -> None:
    details = "--details" in argv
    paths = [a for a in argv if not a.startswith("--")]
    path = Path(paths[0]) if paths else DEFAULT_HELDOUT
    sys.stdout.write(format_report(evaluate(load(path)), details) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
