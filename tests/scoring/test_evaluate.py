from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cybersetu.errors import InputError
from cybersetu.scoring.evaluate import evaluate_files, metrics
from cybersetu.scoring.pipeline import ranks


def test_metrics_on_a_hand_checked_ranking() -> None:
    y = np.array([1, 0, 1, 0, 0, 0])
    s = np.array([0.9, 0.8, 0.7, 0.3, 0.2, 0.1])
    m = metrics(y, s, ks=(1, 2, 3))
    assert m["pr_auc"] == pytest.approx((1 / 1 + 2 / 3) / 2)
    assert m["precision_at_1"] == 1.0
    assert m["precision_at_2"] == 0.5
    assert m["recall_at_3"] == 1.0
    assert m["best_f1"] == pytest.approx(0.8)  # top 3: precision 2/3, recall 1


def test_ranks_share_the_better_rank_on_ties() -> None:
    assert ranks(np.array([0.5, 0.9, 0.5, 0.1])).tolist() == [2, 1, 2, 4]


def test_labelled_accounts_missing_from_the_scores_are_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "s.csv").write_text("account_id,score,rank,reasons\na,0.9,1,\nb,0.1,2,\n")
    (tmp_path / "l.csv").write_text("account_id,is_mule\na,1\nb,0\nc,1\n")
    with pytest.raises(InputError, match="have no score"):
        evaluate_files(tmp_path / "s.csv", tmp_path / "l.csv")
