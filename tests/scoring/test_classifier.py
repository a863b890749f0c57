"""Training, calibrated scores, reasons and the model file, on a small synthetic city."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from cybersetu.errors import InputError
from cybersetu.scoring.classifier import MuleModel, TrainResult, feature_names, matrix, score, train
from cybersetu.scoring.demo import top_suspects
from cybersetu.scoring.evaluate import metrics
from cybersetu.scoring.features import GROUPS
from cybersetu.scoring.labels import read_labels, split_by_ring
from cybersetu.scoring.pipeline import Sources, features_for
from cybersetu.scoring.rules import ANOMALY_FEATURES, RULES, rule_score

DEVANAGARI = re.compile("[\u0900-\u097f]")


@pytest.fixture(scope="module")
def trained(city: Path, city_features: pa.Table) -> TrainResult:
    labels = read_labels(city / "labels.csv")
    return train(
        city_features, labels, names=feature_names(complaints=False), rounds=80, test_fraction=0.3
    )


def test_held_out_rings_are_never_seen_in_training(city: Path) -> None:
    labels = read_labels(city / "labels.csv")
    train_mask, test_mask = split_by_ring(labels, 0.3, seed=7)
    rings = np.asarray(labels.column("ring_id").to_pylist(), dtype=object)
    assert not (train_mask & test_mask).any()
    assert (train_mask | test_mask).all()
    seen = {r for r in rings[train_mask] if r}
    held = {r for r in rings[test_mask] if r}
    assert held
    assert seen
    assert not (seen & held)


def test_training_on_a_small_city_finds_mules_of_unseen_rings(trained: TrainResult) -> None:
    m = trained.test_metrics
    assert m is not None
    assert m["all"]["mules"] >= 10
    assert m["all"]["pr_auc"] >= 0.8
    assert m["all"]["roc_auc"] >= 0.95


def test_scores_are_calibrated_probabilities(
    city: Path, city_features: pa.Table, trained: TrainResult
) -> None:
    s = score(trained.model, city_features, reasons=False)
    assert ((s.score >= 0) & (s.score <= 1)).all()
    labels = read_labels(city / "labels.csv")
    base_rate = float(np.mean(labels.column("is_mule").to_numpy()))
    # Calibrated: the mean probability is near the share of mules, not squashed to 0 or 0.5.
    assert base_rate / 3 < float(s.score.mean()) < base_rate * 3


def test_reasons_come_from_the_models_contributions_in_both_languages(
    city_features: pa.Table, trained: TrainResult
) -> None:
    model = trained.model
    s = score(model, city_features)
    top = int(np.argmax(s.score))
    en, hi = s.reasons_en[top], s.reasons_hi[top]
    assert en
    assert hi
    assert DEVANAGARI.search(hi)
    assert not DEVANAGARI.search(en)
    assert en.count(";") == hi.count(";")
    # The first reason is about the feature with the largest positive contribution that is
    # on the suspicious side for this account.
    x = matrix(city_features, model.features)[top : top + 1]
    contrib = model.contributions(x)[0, :-1]
    assert contrib.max() > 0
    assert np.isclose(contrib.sum() + model.contributions(x)[0, -1], model.margin(x)[0])


def test_model_file_round_trip(
    tmp_path: Path, city_features: pa.Table, trained: TrainResult
) -> None:
    path = tmp_path / "model.json"
    trained.model.save(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["features"] == trained.model.features
    assert doc["info"]["training"]["split"] == "by ring"
    metrics = trained.test_metrics
    assert metrics is not None  # the fixture's model was trained with a test split
    assert doc["info"]["metrics"]["all"]["pr_auc"] == metrics["all"]["pr_auc"]
    again = MuleModel.load(path)
    a = score(trained.model, city_features, reasons=False).score
    b = score(again, city_features, reasons=False).score
    assert np.allclose(a, b)


def test_labels_naming_unknown_accounts_are_a_clear_error(
    tmp_path: Path, city_features: pa.Table
) -> None:
    p = tmp_path / "labels.csv"
    p.write_text("account_id,is_mule\nSBIN0000001:999,1\nNOBODY@ybl,0\nX@ybl,1\nY@ybl,0\n")
    with pytest.raises(InputError, match="do not appear in the data"):
        train(city_features, read_labels(p))


def test_labels_with_a_bad_value_are_a_clear_error(tmp_path: Path) -> None:
    p = tmp_path / "labels.csv"
    p.write_text("account_id,is_mule\na@ybl,1\nb@ybl,yes\n")
    with pytest.raises(InputError, match="must be 0 or 1"):
        read_labels(p)


def test_rule_score_ranks_mules_without_any_labels(city: Path, city_features: pa.Table) -> None:
    s = rule_score(city_features)
    labels = read_labels(city / "labels.csv")
    row = {a: i for i, a in enumerate(s.account)}
    ids = labels.column("account_id").to_pylist()
    m = metrics(labels.column("is_mule").to_numpy(), s.score[[row[a] for a in ids]])
    assert m["roc_auc"] >= 0.85
    assert m["precision_at_50"] >= 0.3
    top = int(np.argmax(s.score))
    assert s.reasons_en[top]
    assert DEVANAGARI.search(s.reasons_hi[top])


def test_the_default_rule_score_rests_on_no_complaint_feature(city: Path) -> None:
    """Complaint features are opt-in (`--complaints`): without them they are unknown, their
    rules never fire, and the anomaly part never looks at them."""
    plain = features_for(Sources.city(city))
    for name in GROUPS.complaints:
        assert plain.column(name).null_count == plain.num_rows
    names = list(plain.column_names[1:])
    x = matrix(plain, names)
    cols = {n: x[:, i] for i, n in enumerate(names)}
    complaint_rules = [r for r in RULES if set(r.explain) <= set(GROUPS.complaints)]
    assert complaint_rules
    for rule in complaint_rules:
        assert not rule.test(cols).any(), rule.name
    assert not set(ANOMALY_FEATURES) & set(GROUPS.complaints)


def test_demo_lists_top_suspects_with_reasons_and_truth(city: Path) -> None:
    suspects = top_suspects(city, n=5)
    assert [s.rank for s in suspects] == sorted(s.rank for s in suspects)
    assert len(suspects) == 5
    assert all(s.is_mule is not None and s.reasons_en and s.reasons_hi for s in suspects)
    assert sum(bool(s.is_mule) for s in suspects) >= 3


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_platt_matches_scikit_learns_logistic_regression(seed: int) -> None:
    from sklearn.linear_model import LogisticRegression

    from cybersetu.scoring.classifier import _platt, _platt_loss

    rng = np.random.default_rng(seed)
    y = (rng.random(3_000) < 0.06).astype(np.int64)
    margin = rng.normal(-3.0, 1.5, size=y.size) + 4.0 * y * rng.random(y.size)
    ref = LogisticRegression(C=1e6, max_iter=1000).fit(margin.reshape(-1, 1), y)
    ref_w = np.array([float(ref.coef_[0, 0]), float(ref.intercept_[0])])
    a, b = _platt(margin, y)
    # scikit-learn's solver stops at its tolerance (1e-4): the same fit to three digits, and
    # ours at least as likely.
    assert a == pytest.approx(ref_w[0], rel=2e-3)
    assert b == pytest.approx(ref_w[1], rel=2e-3, abs=2e-3)
    ours = _platt_loss(np.array([a, b]), margin, y.astype(float))
    assert ours <= _platt_loss(ref_w, margin, y.astype(float)) + 1e-9


def test_platt_stays_finite_when_the_scores_separate_the_classes() -> None:
    from cybersetu.scoring.classifier import _platt

    margin = np.array([-3.0, -2.0, -1.0, 1.0, 2.0, 3.0])
    a, b = _platt(margin, np.array([0, 0, 0, 1, 1, 1]))
    assert np.isfinite(a)
    assert np.isfinite(b)
    assert a > 0


def test_scoring_does_not_load_scikit_learn() -> None:
    """LightGBM is imported without its scikit-learn wrappers (1.3 s of every command)."""
    import subprocess
    import sys

    code = (
        "import sys, cybersetu.scoring.classifier as c, cybersetu.scoring.pipeline; "
        "print('sklearn' in sys.modules, c.lgb.__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "lightgbm"]
