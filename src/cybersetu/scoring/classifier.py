"""The mule model: LightGBM on the feature table, Platt-calibrated, with reasons from its own
per-feature contributions (`pred_contrib=True`, i.e. TreeSHAP).

A model file is one JSON document: the booster text, the feature list, the calibration, the
typical value of each feature (for reasons), a summary of the training data and its metrics.
No pickle: a model file from elsewhere cannot run code. The SHA-256 of the booster text is kept
next to it and checked before LightGBM reads the text: LightGBM aborts the process (SIGABRT) on
some damaged model texts and silently reads a truncated one.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import numpy as np
import pyarrow as pa

from cybersetu.errors import InputError
from cybersetu.scoring.evaluate import labelled_metrics
from cybersetu.scoring.features import FEATURES, GROUPS
from cybersetu.scoring.labels import grouped_folds, groups_of, split_by_ring
from cybersetu.scoring.reasons import describe, points_to_risk

# LightGBM imports scikit-learn, SciPy's statistics and pandas for its scikit-learn wrappers
# when they are installed: 1.3 s of the 2.4 s a `cybersetu score` spent importing, for classes
# this module never uses (it calls lgb.train and Booster). Where scikit-learn is not loaded yet,
# it is hidden while LightGBM loads; LightGBM then works without the wrappers, and scikit-learn
# stays importable for the code that needs it.
_hide = "sklearn" not in sys.modules
if _hide:
    sys.modules["sklearn"] = None  # type: ignore[assignment]
try:
    import lightgbm as lgb
finally:
    if _hide:
        del sys.modules["sklearn"]

MODEL_FORMAT: Final = "cybersetu-mule-model"
MODEL_VERSION: Final = 2
"""2: the booster text's SHA-256 is kept and checked (version 1 had none)."""
TOP_REASONS: Final = 3

#: One thread. LightGBM's OpenMP threads spin while they wait for work: on a machine whose cores
#: are busy a 2-thread fit of 4 s took 30 s. Waiting passively instead (OMP_WAIT_POLICY) made
#: it slow on a quiet machine: 24 s against 6 s for the AMLSim copy's two folds, since every
#: split of every tree wakes the threads. One thread took 6.3–6.8 s either way.
THREADS: Final = 1

PARAMS: Final[dict[str, Any]] = {
    "objective": "binary",
    # Depth 6 and 200 rounds at 0.075 learn as much as unbounded depth and 300 rounds at 0.05
    # did (AMLSim copy and the 20k city, three split seeds: same PR-AUC within 0.01) in half
    # the fitting time and a third of the reasons' time: TreeSHAP grows with depth squared.
    "learning_rate": 0.075,
    "max_depth": 6,
    "num_leaves": 31,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "verbosity": -1,
    "num_threads": THREADS,
    "deterministic": True,
    "seed": 7,
}
ROUNDS: Final = 200

Progress = Callable[[str], None]


def matrix(features: pa.Table, names: Sequence[str]) -> np.ndarray:
    """The feature columns as a float64 matrix; nulls become NaN (LightGBM's missing value)."""
    cols = []
    for n in names:
        col = features.column(n).cast(pa.float64())
        cols.append(col.to_numpy(zero_copy_only=False).astype(np.float64, copy=False))
    if not cols:
        return np.empty((features.num_rows, 0))
    return np.column_stack(cols)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-x)), dtype=np.float64)


@dataclass
class MuleModel:
    features: list[str]
    booster: lgb.Booster
    calib_a: float = 1.0
    calib_b: float = 0.0
    typical: dict[str, float] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def uses_complaints(self) -> bool:
        return any(f in GROUPS.complaints for f in self.features)

    def margin(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(
            self.booster.predict(x, raw_score=True, num_threads=THREADS), dtype=np.float64
        )

    def probability(self, margin: np.ndarray) -> np.ndarray:
        return _sigmoid(self.calib_a * margin + self.calib_b)

    def contributions(self, x: np.ndarray) -> np.ndarray:
        """Per-feature contributions to the raw score (last column: the expected value)."""
        return np.asarray(
            self.booster.predict(x, pred_contrib=True, num_threads=THREADS), dtype=np.float64
        )

    def save(self, path: Path) -> None:
        booster = self.booster.model_to_string()
        doc = {
            "format": MODEL_FORMAT,
            "version": MODEL_VERSION,
            "features": self.features,
            "calibration": {"method": "platt", "a": self.calib_a, "b": self.calib_b},
            "typical": {k: (None if math.isnan(v) else v) for k, v in self.typical.items()},
            "info": self.info,
            "booster_sha256": _sha256(booster),
            "booster": booster,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> MuleModel:
        """Read a model file; a missing, foreign, old or damaged one is one InputError."""
        if path.is_dir():
            raise InputError(f"The model file {path} is a directory; give the file itself.")
        if not path.exists():
            raise InputError(
                f"The model file {path} does not exist; make one with `cybersetu train`."
            )
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise InputError(
                f"{path} is not a CyberSetu model file (it is not complete JSON)."
            ) from None
        except OSError as exc:
            raise InputError(f"Cannot read the model file {path}: {exc.strerror}.") from None
        if not isinstance(doc, dict) or doc.get("format") != MODEL_FORMAT:
            raise InputError(f"{path} is not a CyberSetu model file.")
        if doc.get("version") != MODEL_VERSION:
            raise InputError(
                f"The model file {path} is of version {doc.get('version')}; retrain it."
            )
        damaged = InputError(
            f"The model file {path} is damaged or was edited since `cybersetu train` wrote it; "
            "retrain it or use the original file."
        )
        try:
            features, booster_text, calib_a, calib_b, typical = _parts(doc)
        except (KeyError, TypeError, ValueError):
            raise damaged from None
        if doc.get("booster_sha256") != _sha256(booster_text):
            raise damaged  # before LightGBM sees the text: it may abort the process
        unknown = [f for f in features if f not in FEATURES]
        if unknown:
            raise InputError(
                f"The model file {path} uses unknown features ({unknown[0]}); retrain it."
            )
        try:
            booster = lgb.Booster(model_str=booster_text)
        except lgb.basic.LightGBMError:
            raise damaged from None
        if booster.feature_name() != features:
            raise damaged
        info = doc.get("info", {})
        return cls(
            features=features,
            booster=booster,
            calib_a=calib_a,
            calib_b=calib_b,
            typical=typical,
            info=dict(info) if isinstance(info, dict) else {},
        )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _parts(doc: dict[str, Any]) -> tuple[list[str], str, float, float, dict[str, float]]:
    """The model file's fields, checked for shape; KeyError, TypeError or ValueError if not."""
    features = doc["features"]
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise TypeError("features")
    booster = doc["booster"]
    if not isinstance(booster, str):
        raise TypeError("booster")
    calib = doc["calibration"]
    a, b = float(calib["a"]), float(calib["b"])
    if not (math.isfinite(a) and math.isfinite(b)):
        raise ValueError("calibration")
    raw_typical = doc["typical"]
    if not isinstance(raw_typical, dict):
        raise TypeError("typical")
    typical = {str(k): (math.nan if v is None else float(v)) for k, v in raw_typical.items()}
    return list(features), booster, a, b, typical


def _fit(x: np.ndarray, y: np.ndarray, names: Sequence[str], rounds: int) -> lgb.Booster:
    data = lgb.Dataset(x, label=y, feature_name=list(names), free_raw_data=True)
    return lgb.train(PARAMS, data, num_boost_round=rounds)


#: Ridge on the Platt slope (not the intercept), as scikit-learn's LogisticRegression(C=1e6):
#: it keeps the slope finite when the out-of-fold scores separate the classes perfectly.
_PLATT_RIDGE: Final = 1e-6


def _platt_loss(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    z = w[0] * x + w[1]
    return float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * _PLATT_RIDGE * w[0] ** 2)


def _platt(margin: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and intercept of P(mule) = sigmoid(a * margin + b), by maximum likelihood.

    Newton's method on two parameters with step halving, so every step lowers the loss.
    """
    x = np.asarray(margin, dtype=np.float64)
    t = np.asarray(y, dtype=np.float64)
    w = np.zeros(2)
    loss = _platt_loss(w, x, t)
    for _ in range(100):
        p = _sigmoid(w[0] * x + w[1])
        r = p * (1.0 - p)
        grad = np.array([np.dot(x, p - t) + _PLATT_RIDGE * w[0], np.sum(p - t)])
        hess = np.array(
            [[np.dot(r * x, x) + _PLATT_RIDGE, np.dot(r, x)], [np.dot(r, x), np.sum(r) + 1e-12]]
        )
        step = np.linalg.solve(hess, grad)
        scale = 1.0
        while scale > 1e-8:
            new = w - scale * step
            new_loss = _platt_loss(new, x, t)
            if new_loss <= loss:
                break
            scale /= 2
        else:
            break
        converged = abs(loss - new_loss) <= 1e-12 * max(1.0, abs(loss))
        w, loss = new, new_loss
        if converged:
            break
    return float(w[0]), float(w[1])


def feature_names(groups: Sequence[str] | None = None, *, complaints: bool = True) -> list[str]:
    """The model's features: all groups, or the named ones; complaint features only with seeds."""
    table = GROUPS.as_dict()
    wanted = list(table) if groups is None else list(groups)
    unknown = [g for g in wanted if g not in table]
    if unknown:
        raise InputError(f"There is no feature group {unknown[0]!r}; groups: {', '.join(table)}.")
    if not complaints:
        wanted = [g for g in wanted if g != "complaints"]
    return [f for g in wanted for f in table[g]]


def align_labels(features: pa.Table, labels: pa.Table) -> np.ndarray:
    """Row index in `features` of every labelled account; unknown accounts are an error."""
    row = {a: i for i, a in enumerate(features.column("account").to_pylist())}
    ids = labels.column("account_id").to_pylist()
    missing = [a for a in ids if a not in row]
    if missing:
        raise InputError(
            f"{len(missing):,} of the {len(ids):,} labelled accounts do not appear in the data "
            f"(for example {missing[0]}); the labels must be about the same accounts."
        )
    return np.asarray([row[a] for a in ids], dtype=np.int64)


@dataclass
class TrainResult:
    model: MuleModel
    test_labels: pa.Table | None
    test_metrics: dict[str, Any] | None


def train(
    features: pa.Table,
    labels: pa.Table,
    *,
    names: Sequence[str] | None = None,
    test_fraction: float = 0.3,
    seed: int = 7,
    rounds: int = ROUNDS,
    progress: Progress | None = None,
) -> TrainResult:
    """Fit the model on the labelled accounts, holding out whole rings for an honest test.

    Calibration is fitted on out-of-fold scores of the training part (folds grouped by ring), so
    the probabilities are not the model's own optimistic view of accounts it was fitted on.
    """
    say = progress or (lambda _msg: None)
    names = list(names or FEATURES)
    rows = align_labels(features, labels)
    y_all = labels.column("is_mule").to_numpy(zero_copy_only=False).astype(np.int64)
    if y_all.sum() < 2 or (y_all == 0).sum() < 2:
        raise InputError("Training needs at least two mules and two non-mules in the labels.")
    tr, te = split_by_ring(labels, test_fraction, seed)
    x_all = matrix(features, names)[rows]
    x, y = x_all[tr], y_all[tr]
    if y.sum() < 2:
        raise InputError("Too few mules are left for training after holding out the test rings.")

    groups = groups_of(labels)[tr]
    folds = min(4, int(y.sum()), int((y == 0).sum()))
    oof = np.zeros(len(y))
    if folds >= 2:
        for k, (a, b) in enumerate(grouped_folds(y, groups, folds, seed)):
            say(f"calibration fold {k + 1}/{folds}")
            oof[b] = _fit(x[a], y[a], names, rounds).predict(
                x[b], raw_score=True, num_threads=THREADS
            )
        calib_a, calib_b = _platt(oof, y)
    else:
        calib_a, calib_b = 1.0, 0.0
    say("final model")
    booster = _fit(x, y, names, rounds)
    x_data = matrix(features, names)
    typical = {
        n: float(np.nanmedian(c)) if np.isfinite(c).any() else math.nan
        for n, c in zip(names, x_data.T, strict=True)
    }
    model = MuleModel(names, booster, calib_a, calib_b, typical)

    test_labels = None
    test_metrics = None
    if te.any():
        test_labels = labels.filter(pa.array(te))
        p = model.probability(model.margin(x_all[te]))
        y_te = y_all[te]
        if 0 < y_te.sum() < len(y_te):
            test_metrics = labelled_metrics(test_labels, p)
    importance = booster.feature_importance(importance_type="gain")
    model.info = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "params": {**PARAMS, "rounds": rounds},
        "training": {
            "accounts_in_data": features.num_rows,
            "labelled": len(y_all),
            "train_accounts": int(tr.sum()),
            "train_mules": int(y.sum()),
            "test_accounts": int(te.sum()),
            "test_mules": int(y_all[te].sum()),
            "split": "by ring" if "ring_id" in labels.column_names else "random, stratified",
            "test_fraction": test_fraction,
            "seed": seed,
        },
        "metrics": test_metrics,
        "top_features": [names[i] for i in np.argsort(-importance)[:10] if importance[i] > 0],
    }
    return TrainResult(model, test_labels, test_metrics)


@dataclass
class Scored:
    account: list[str]
    score: np.ndarray
    reasons_en: list[str]
    reasons_hi: list[str]


def explain(
    names: Sequence[str],
    x: np.ndarray,
    contrib: np.ndarray,
    typical: dict[str, float],
    top: int = TOP_REASONS,
) -> tuple[list[str], list[str]]:
    """The top reasons of every row, in English and Hindi, joined with "; "."""
    en: list[str] = []
    hi: list[str] = []
    c = contrib[:, : len(names)]
    order = np.argsort(-c, axis=1)[:, : top * 3]
    for i in range(len(x)):
        picked: list[int] = []
        for j in order[i]:
            if c[i, j] <= 0 or len(picked) == top:
                break
            name = names[j]
            if points_to_risk(name, float(x[i, j]), typical.get(name, math.nan)):
                picked.append(int(j))
        for lang, out in (("en", en), ("hi", hi)):
            out.append(
                "; ".join(
                    describe(names[j], float(x[i, j]), lang, typical.get(names[j])) for j in picked
                )
            )
    return en, hi


#: Reasons are worked out for accounts with at least this probability, and always for the
#: `REASONS_AT_LEAST` most suspicious ones. Per-feature contributions (TreeSHAP) cost about a
#: hundred times a prediction; an account below 1 in 20 is not one an officer opens, and on a
#: ledger where mules are common (AMLSim's 6%) a 1% bar asked for reasons for a quarter of it.
REASON_MIN_SCORE: Final = 0.05
REASONS_AT_LEAST: Final = 1_000


def score(model: MuleModel, features: pa.Table, *, reasons: bool = True) -> Scored:
    """Calibrated probability for every account, and reasons for the suspicious ones."""
    x = matrix(features, model.features)
    p = model.probability(model.margin(x))
    en = [""] * len(p)
    hi = [""] * len(p)
    if reasons and len(p):
        cut = np.sort(p)[::-1][min(REASONS_AT_LEAST, len(p)) - 1]
        rows = np.flatnonzero((p >= REASON_MIN_SCORE) | (p >= cut))
        if len(rows):
            sub = x[rows]
            e, h = explain(model.features, sub, model.contributions(sub), model.typical)
            for i, a, b in zip(rows, e, h, strict=True):
                en[i], hi[i] = a, b
    return Scored(features.column("account").to_pylist(), p, en, hi)
