"""The intake's lexicons are frozen, and the cross-validation script runs.

A fresh held-out set (tests/data/narratives/heldout_fresh.jsonl) was written by someone who never
saw the cue words, the extraction rules or the corpus; its figures (docs/intake.md) hold only for
the lexicon they were measured on. Changing the lexicon means writing another fresh set.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
from pathlib import Path

from cybersetu.intake.corpus import load_training
from cybersetu.intake.crossval import cross_validate, folds_of

#: SHA-256 of each part of the lexicon when the fresh held-out figures were measured.
FROZEN = {
    "MO cue words": "378fd4d042868a3a8720b39ae45035a7fdcb59e9744d03c55052317739c781a8",
    "amount words": "c3829ea036ff0352af5a2a758cc0ed14e4b9f569985d1cb8e19f0920ec8637a0",
    "identifier cue words": "b2d09eb188a838cb676f2fa8f74603f9ea61aca45410cfd95562238aa08e55ad",
    "training narratives": "a04abbdf618bd75ba7e8a5e89cef91e7b244d657af577d0372d25152404e72a0",
}


def lexicon() -> dict[str, str]:
    """Each part of the lexicon in a canonical text form: refactoring the code around it does
    not change it; adding, removing or changing a word does."""
    # Modules, not the package's functions of the same names.
    amounts = importlib.import_module("cybersetu.intake.amounts")
    cues = importlib.import_module("cybersetu.intake.cues")
    extract = importlib.import_module("cybersetu.intake.extract")

    def canon(value: object) -> str:
        if isinstance(value, dict):
            return (
                "{"
                + ",".join(f"{canon(k)}:{canon(v)}" for k, v in sorted(value.items(), key=str))
                + "}"
            )
        if isinstance(value, frozenset | set):
            return "[" + ",".join(sorted(map(canon, value))) + "]"
        if hasattr(value, "pattern"):
            return str(value.pattern)
        return str(value)

    tables = {
        "MO cue words": [cues._LEXICONS],
        "amount words": [
            getattr(amounts, name)
            for name in sorted(vars(amounts))
            if not name.startswith("__") and isinstance(getattr(amounts, name), dict | frozenset)
        ],
        "identifier cue words": [extract._CUES],
    }
    out = {
        k: hashlib.sha256("\n".join(map(canon, v)).encode()).hexdigest() for k, v in tables.items()
    }
    training = Path(inspect.getfile(cues)).with_name("data") / "narratives_train.jsonl"
    out["training narratives"] = hashlib.sha256(training.read_bytes()).hexdigest()
    return out


def test_the_lexicon_is_the_one_the_held_out_figures_were_measured_on() -> None:
    now = lexicon()
    changed = [name for name, digest in FROZEN.items() if now[name] != digest]
    assert changed == [], (
        f"{changed} changed: the held-out figures in docs/intake.md no longer hold; have a new "
        f"fresh held-out set written before you measure again, then set FROZEN to {now}"
    )


def test_folds_are_stratified_and_even() -> None:
    folds = folds_of(load_training(), 5)
    assert sorted(len(f) for f in folds) == [72] * 5
    assert len({n.id for f in folds for n in f}) == 360


def test_cross_validation_runs() -> None:
    results = cross_validate(load_training()[::3], k=3)
    assert len(results) == 3
    assert all(0.5 < f.macro_f1 <= 1.0 for f in results)
