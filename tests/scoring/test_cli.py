"""The train → score → evaluate commands on the small city, and their errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cybersetu.cli import app
from cybersetu.errors import InputError
from tests.scoring.ledgers import write_ledger


def test_train_score_evaluate(city: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    model, scores, held = tmp_path / "m.json", tmp_path / "s.csv", tmp_path / "test.csv"
    files = [
        "--transactions",
        str(city / "transactions.csv"),
        "--accounts",
        str(city / "accounts.csv"),
    ]
    r = runner.invoke(
        app,
        [
            "train",
            *files,
            "--labels",
            str(city / "labels.csv"),
            "--model",
            str(model),
            "--test-labels",
            str(held),
            "--groups",
            "kyc,behaviour,graph",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "Held-out (all): PR-AUC" in r.output
    r = runner.invoke(app, ["score", *files, "--model", str(model), "--out", str(scores)])
    assert r.exit_code == 0, r.output
    with scores.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["account_id", "score", "rank", "reasons", "reasons_hi"]
    assert rows[0]["rank"] == "1"
    assert rows[0]["reasons"]
    assert len({row["account_id"] for row in rows}) == len(rows)
    r = runner.invoke(app, ["evaluate", "--scores", str(scores), "--labels", str(held), "--json"])
    assert r.exit_code == 0, r.output
    result = json.loads(r.output)
    assert result["all"]["pr_auc"] > 0.8
    assert set(result["all"]) >= {"roc_auc", "best_f1", "precision_at_100", "recall_at_500"}


def test_score_without_a_model_uses_the_rules(tmp_path: Path) -> None:
    src = write_ledger(tmp_path, [("2026-01-05T10:00:00", "a@ybl", "b@ybl", 10, "UPI")])
    out = tmp_path / "s.csv"
    r = CliRunner().invoke(
        app, ["score", "--transactions", str(src.transactions), "--out", str(out)]
    )
    assert r.exit_code == 0, r.output
    assert "rule-and-anomaly" in r.output
    assert out.read_text(encoding="utf-8").startswith("account_id,score,rank,reasons")


def test_bad_labels_are_one_clear_error(city: Path, tmp_path: Path) -> None:
    labels = tmp_path / "labels.csv"
    labels.write_text("account_id,is_mule\nNOBODY@ybl,1\n", encoding="utf-8")
    r = CliRunner().invoke(
        app,
        [
            "train",
            "--transactions",
            str(city / "transactions.csv"),
            "--labels",
            str(labels),
            "--model",
            str(tmp_path / "m.json"),
        ],
    )
    assert r.exit_code != 0
    assert isinstance(r.exception, InputError)
    assert "do not appear in the data" in str(r.exception)


@pytest.mark.parametrize("engine", ["oracle"])
def test_unknown_engine_is_a_clear_error(tmp_path: Path, engine: str) -> None:
    src = write_ledger(tmp_path, [("2026-01-05T10:00:00", "a@ybl", "b@ybl", 10, "UPI")])
    r = CliRunner().invoke(
        app,
        [
            "score",
            "--transactions",
            str(src.transactions),
            "--out",
            str(tmp_path / "s.csv"),
            "--engine",
            engine,
        ],
    )
    assert isinstance(r.exception, InputError)
