"""Cross-validation of the MO classifier on the training part of the corpus only.

    python -m cybersetu.intake.crossval [--folds 5]

Folds are stratified by (language, MO) and fixed by the records' ids, so a run is repeatable.
Each fold trains `classify.train` on the other folds and scores MO macro-F1 and accuracy on its
own; the hyper-parameters in `classify.py` were chosen with this. The held-out sets are never
read here.
"""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from cybersetu.intake.corpus import Narrative, load_training
from cybersetu.intake.evaluate import macro_f1


@dataclass(frozen=True)
class Fold:
    number: int
    n: int
    macro_f1: float
    accuracy: float


def folds_of(narratives: Sequence[Narrative], k: int) -> list[list[Narrative]]:
    strata: defaultdict[tuple[str, str], list[Narrative]] = defaultdict(list)
    for n in narratives:
        strata[(n.lang, n.mo)].append(n)
    folds: list[list[Narrative]] = [[] for _ in range(k)]
    start = 0  # each stratum starts where the last one stopped, so the folds come out even
    for key in sorted(strata):
        ranked = sorted(strata[key], key=lambda n: hashlib.sha256(n.id.encode()).hexdigest())
        for i, n in enumerate(ranked):
            folds[(start + i) % k].append(n)
        start += len(ranked)
    return folds


def cross_validate(narratives: Sequence[Narrative], k: int = 5) -> list[Fold]:
    from cybersetu.intake.classify import train

    folds = folds_of(narratives, k)
    out = []
    for i, test in enumerate(folds):
        model = train([n for j, f in enumerate(folds) if j != i for n in f])
        gold = [n.mo for n in test]
        pred = [model.classify(n.text).mo.value for n in test]
        accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(test)
        out.append(Fold(i + 1, len(test), macro_f1(gold, pred), accuracy))
    return out


def main(argv: list[str]) -> None:
    k = int(argv[argv.index("--folds") + 1]) if "--folds" in argv else 5
    results = cross_validate(load_training(), k)
    for f in results:
        sys.stdout.write(
            f"fold {f.number}: {f.n} narratives, MO macro-F1 {f.macro_f1:.3f}, "
            f"accuracy {f.accuracy:.3f}\n"
        )
    mean_f1 = sum(f.macro_f1 for f in results) / len(results)
    mean_acc = sum(f.accuracy for f in results) / len(results)
    sys.stdout.write(f"mean of {k} folds: MO macro-F1 {mean_f1:.3f}, accuracy {mean_acc:.3f}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
