"""Intake speed: narratives per second and ms per narrative for `analyze`, as a ratio to a bare
regex-only pass over the same narratives measured in the same run.

    python -m benchmarks intake            # the packaged training corpus, 5 rounds
    python -m benchmarks.bench_intake 20   # 20 rounds

The baseline finds digit runs, UPI-like and URL-like strings with three compiled regexes and
does nothing else: the floor any extractor pays to look at every character.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence

from cybersetu.intake import analyze, classify, extract
from cybersetu.intake.classify import default_model
from cybersetu.intake.corpus import load_training

_BASELINE = (
    re.compile(r"\+?\d[\d ,.-]*\d"),
    re.compile(r"[\w.-]+@[\w.-]+"),
    re.compile(r"(?:https?://)?[\w-]+(?:\.[\w-]+)+\S*"),
)


def _baseline(text: str) -> int:
    return sum(len(p.findall(text)) for p in _BASELINE)


def _time(work: Callable[[str], object], texts: Sequence[str], rounds: int) -> float:
    """Seconds per narrative, best round of `rounds` (the least disturbed by other load)."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for text in texts:
            work(text)
        best = min(best, (time.perf_counter() - started) / len(texts))
    return best


def main(argv: list[str]) -> None:
    rounds = int(argv[0]) if argv else 5
    texts = [n.text for n in load_training()]
    started = time.perf_counter()
    default_model()
    training = time.perf_counter() - started
    print(f"{len(texts)} narratives, {sum(map(len, texts)) / len(texts):.0f} characters on average")
    print(f"MO model training at first use: {training * 1000:.0f} ms")
    base = _time(_baseline, texts, rounds)
    print(f"{'':<22} {'narratives/s':>13} {'ms/narrative':>13} {'x baseline':>11}")
    for name, work in (
        ("regex-only baseline", _baseline),
        ("extract", extract),
        ("classify", classify),
        ("analyze (all)", analyze),
    ):
        seconds = base if work is _baseline else _time(work, texts, rounds)
        print(f"{name:<22} {1 / seconds:>13,.0f} {seconds * 1000:>13.3f} {seconds / base:>11.1f}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
