"""The MO classifier: a linear SVM over TF-IDF character and word n-grams of the romanized
text plus the MO cue-word counts of `cues`, probabilities by temperature scaling.

(Boundary rules on top of the model were removed: on the 450 narratives of the corpus and the
boundary tests none ever fired, because the model already follows the conventions there, so
they were untested code.)

The model is trained from the corpus that ships with the package (`corpus.load_training`) the
first time it is needed in a process (well under a second) and kept in memory. Nothing is
downloaded and no model file is committed, so the model can never drift from the training code
and data: the same inputs always give the same model (liblinear is seeded).

Hyper-parameters (`C`, `CUE_WEIGHT`, `TEMPERATURE`, the n-gram ranges) were chosen by 5-fold
cross-validation on the training part only (stratified by language and MO); the temperature is
the one that minimised the log-loss of the out-of-fold scores.
"""

from __future__ import annotations

import functools
import itertools
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Final

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.svm import LinearSVC

from cybersetu.intake.corpus import Narrative, load_training
from cybersetu.intake.cues import CUE_MOS, cue_counts
from cybersetu.intake.results import Mo, MoResult
from cybersetu.intake.romanize import romanize

#: SVM regularisation.
C: Final = 1.0
#: Scale of the log(1 + count) cue features relative to the unit-length TF-IDF vectors.
CUE_WEIGHT: Final = 0.5
#: Softmax temperature turning SVM scores into probabilities.
TEMPERATURE: Final = 0.1


def _cue_matrix(texts: Sequence[str]) -> Any:
    counts = np.array([cue_counts(t) for t in texts], dtype=float)
    return np.log1p(counts) * CUE_WEIGHT


def _pipeline() -> Any:
    features = FeatureUnion(
        [
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, lowercase=False
                ),
            ),
            (
                "words",
                TfidfVectorizer(
                    analyzer="word",
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                    lowercase=False,
                    # A word regex for TF-IDF, not a secret: S106 only sees the word "token".
                    token_pattern=r"(?u)\b\w\w+\b",  # noqa: S106
                ),
            ),
            ("cues", FunctionTransformer(_cue_matrix)),
        ]
    )
    return Pipeline([("features", features), ("model", LinearSVC(C=C, random_state=0))])


@dataclass(frozen=True)
class _Block:
    """One fitted TF-IDF vectorizer folded into the SVM: its tokenizer, and per term its
    column, so a text's score is the sum over its terms (scikit-learn's `transform` validates
    its input and builds a sparse matrix on every call: most of the cost for one text)."""

    analyzer: Any
    vocabulary: dict[str, int]
    idf: Any
    weight: Any
    """SVM weights of this block, one row per class."""

    def score(self, roman: str) -> Any:
        # Terms counted and looked up in C (Counter, map): this runs for every complaint.
        found = Counter(self.analyzer(roman))
        if not found:
            return 0.0
        columns = np.fromiter(
            map(self.vocabulary.get, found, itertools.repeat(-1)), dtype=np.intp, count=len(found)
        )
        tf = np.fromiter(found.values(), dtype=float, count=len(found))
        known = columns >= 0
        if not known.any():
            return 0.0
        return self._weigh(columns[known], tf[known])

    def _weigh(self, columns: Any, tf: Any) -> Any:
        # TfidfVectorizer(sublinear_tf=True, norm="l2"): (1 + log tf) * idf, unit length
        values = (np.log(tf) + 1.0) * self.idf[columns]
        return (self.weight[:, columns] @ values) / np.sqrt(values @ values)


@dataclass(frozen=True)
class _WordBoundBlock(_Block):
    """A `char_wb` block: its n-grams never cross a word, so each word's known columns are
    worked out once and kept (narratives share most of their words); a text's counts are the
    sum of its words'. Generating and looking up every n-gram of every word was most of the
    classifier's time."""

    low: int = 2
    high: int = 4
    _words: dict[str, Any] = field(default_factory=dict)

    #: Words kept at most (numbers and names are new in nearly every narrative).
    KEEP: ClassVar[int] = 50_000

    def score(self, roman: str) -> Any:
        # `char_wb` splits on whitespace as `str.split` does (its own collapsing of runs of
        # white space changes nothing here).
        parts = []
        for word in roman.split():
            known = self._words.get(word)
            parts.append(known if known is not None else self._learn(word))
        found = np.concatenate(parts) if parts else ()
        if not len(found):
            return 0.0
        columns, tf = np.unique(found, return_counts=True)
        return self._weigh(columns, tf.astype(float))

    def _learn(self, word: str) -> Any:
        padded = f" {word} "
        grams = []
        for n in range(self.low, self.high + 1):
            grams += [padded[i : i + n] for i in range(max(1, len(padded) - n + 1))]
            if len(padded) <= n:  # a short word counts once, as scikit-learn counts it
                break
        vocabulary = self.vocabulary
        known = np.array([vocabulary[g] for g in grams if g in vocabulary], dtype=np.intp)
        if len(self._words) >= self.KEEP:
            self._words.clear()
        self._words[word] = known
        return known


@dataclass(frozen=True)
class MoModel:
    vectorizers: tuple[Any, ...]
    """The fitted TF-IDF vectorizers (characters, words), taking romanized texts."""
    weights: tuple[Any, ...]
    """Per feature block (characters, words, cues): the SVM weights, one row per class."""
    intercept: Any
    classes: tuple[Mo, ...]

    @functools.cached_property
    def _blocks(self) -> tuple[_Block, ...]:
        return tuple(
            _WordBoundBlock(
                v.build_analyzer(), dict(v.vocabulary_), np.asarray(v.idf_), w, *v.ngram_range
            )
            if v.analyzer == "char_wb"
            else _Block(v.build_analyzer(), dict(v.vocabulary_), np.asarray(v.idf_), w)
            for v, w in zip(self.vectorizers, self.weights, strict=False)
        )

    def scores(self, roman: str) -> Any:
        """SVM scores of a romanized text: the same numbers as the pipeline's
        `decision_function` (a test checks), without its per-call machinery."""
        total = self.intercept.copy()
        for block in self._blocks:
            total += block.score(roman)
        return total + _cue_matrix([roman])[0] @ self.weights[-1].T

    def probabilities(self, text: str) -> dict[Mo, float]:
        """The model's probability for every MO (no boundary rules)."""
        return self._probabilities(romanize(text))

    def _probabilities(self, roman: str) -> dict[Mo, float]:
        scores = self.scores(roman) / TEMPERATURE
        exp = np.exp(scores - scores.max())
        probs = exp / exp.sum()
        return {mo: float(p) for mo, p in zip(self.classes, probs, strict=True)}

    def classify(self, text: str) -> MoResult:
        probs = self._probabilities(romanize(text))
        ranked = sorted(probs, key=probs.__getitem__, reverse=True)
        first, second = ranked[0], ranked[1]
        return MoResult(
            mo=first,
            confidence=probs[first],
            runner_up=second,
            runner_up_confidence=probs[second],
            ranked=tuple((mo, probs[mo]) for mo in ranked),
        )


def train(narratives: Sequence[Narrative]) -> MoModel:
    """Fit the model on labelled narratives (every MO must occur at least once)."""
    pipeline = _pipeline()
    pipeline.fit([romanize(n.text) for n in narratives], [n.mo for n in narratives])
    transformers = [t for _, t in pipeline.named_steps["features"].transformer_list]
    vectorizers = tuple(transformers[:-1])
    svm = pipeline.named_steps["model"]
    sizes = [len(v.vocabulary_) for v in vectorizers] + [len(CUE_MOS)]
    bounds = np.cumsum([0, *sizes])
    weights = tuple(svm.coef_[:, a:b] for a, b in itertools.pairwise(bounds))
    classes = tuple(Mo(label) for label in svm.classes_)
    return MoModel(vectorizers, weights, svm.intercept_.astype(float), classes)


_TRAINING = threading.Lock()


@functools.cache
def _trained() -> MoModel:
    return train(load_training())


def default_model() -> MoModel:
    """The model trained on the packaged training corpus, once per process (a server's
    threads wait for the one training instead of each training their own)."""
    with _TRAINING:
        return _trained()


def classify(text: str) -> MoResult:
    return default_model().classify(text)
