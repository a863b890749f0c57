"""Detection quality of scores against labels: PR-AUC, ROC-AUC, best F1, precision/recall at k."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from cybersetu.errors import InputError
from cybersetu.ledger.readers import check_csv_header

KS: Final = (50, 100, 500)


def metrics(y: np.ndarray, score: np.ndarray, ks: Sequence[int] = KS) -> dict[str, Any]:
    """Quality of `score` (higher = more suspicious) for binary labels `y`."""
    # Imported here: scikit-learn costs a second and a half, and scoring without labels
    # never measures anything.
    from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score

    y = np.asarray(y, dtype=np.int64)
    score = np.asarray(score, dtype=np.float64)
    pos = int(y.sum())
    out: dict[str, Any] = {"accounts": len(y), "mules": pos}
    if pos == 0 or pos == len(y):
        raise InputError("The labels need both mules and non-mules to measure detection.")
    out["pr_auc"] = float(average_precision_score(y, score))
    out["roc_auc"] = float(roc_auc_score(y, score))
    precision, recall, thresholds = precision_recall_curve(y, score)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    best = int(np.argmax(f1[:-1])) if len(thresholds) else 0
    out["best_f1"] = float(f1[best])
    out["best_f1_threshold"] = float(thresholds[best]) if len(thresholds) else float("nan")
    # Ties broken by account order would flatter nobody; a stable sort on -score is enough here.
    order = np.argsort(-score, kind="stable")
    for k in ks:
        top = y[order[:k]]
        out[f"precision_at_{k}"] = float(top.sum() / min(k, len(y)))
        out[f"recall_at_{k}"] = float(top.sum() / pos)
    return out


def read_scores(path: Path) -> pa.Table:
    """`account_id` (string) and `score` (float64, finite) of a scores file, other columns kept."""
    if path.is_dir():
        raise InputError(f"The scores file {path} is a directory; give the CSV file.")
    if not path.exists():
        raise InputError(f"The scores file {path} does not exist.")
    check_csv_header(path, f"The scores file {path}")
    try:
        # Scores as text: a bad one is named below instead of failing deep in pyarrow or sklearn.
        t = pacsv.read_csv(
            path,
            convert_options=pacsv.ConvertOptions(
                column_types={"account_id": pa.string(), "score": pa.string()}
            ),
        )
    except pa.ArrowInvalid:
        raise InputError(f"The scores file {path} is not a readable CSV file.") from None
    for c in ("account_id", "score"):
        if c not in t.column_names:
            raise InputError(f"The scores file {path} lacks the column {c}.")
    raw = t.column("score").to_pylist()
    values = np.full(len(raw), np.nan)
    for i, v in enumerate(raw):
        with contextlib.suppress(ValueError, TypeError):
            values[i] = float(v)
    bad = np.flatnonzero(~np.isfinite(values))
    if len(bad):
        i = int(bad[0])
        raise InputError(
            f"The scores file {path} has the score {raw[i]!r} in row {i + 1} (account "
            f"{t.column('account_id')[i].as_py()}); every score must be a finite number."
        )
    return t.set_column(t.column_names.index("score"), "score", pa.array(values, pa.float64()))


def evaluate_files(scores: Path, labels: Path) -> dict[str, Any]:
    """Metrics of a scores file against a labels file, overall and for hard mules if marked.

    Accounts that are scored but not labelled are left out; a labelled account that was not
    scored is an error (the scores and labels are of different data).
    """
    from cybersetu.scoring.labels import read_labels

    s = read_scores(scores)
    lab = read_labels(labels)
    score_of = dict(
        zip(s.column("account_id").to_pylist(), s.column("score").to_pylist(), strict=True)
    )
    ids = lab.column("account_id").to_pylist()
    missing = [a for a in ids if a not in score_of]
    if missing:
        raise InputError(
            f"{len(missing):,} of the {len(ids):,} labelled accounts have no score "
            f"(for example {missing[0]}); score the same data the labels are about."
        )
    return labelled_metrics(lab, np.asarray([score_of[a] for a in ids], dtype=np.float64))


def labelled_metrics(labels: pa.Table, score: np.ndarray) -> dict[str, Any]:
    """Metrics of scores aligned with the label rows: for all mules and, when the labels mark
    them, for hard mules against all non-mules."""
    y = np.asarray(labels.column("is_mule").to_pylist(), dtype=np.int64)
    result: dict[str, Any] = {"all": metrics(y, score)}
    if "hard" in labels.column_names:
        hard = np.asarray(pc.fill_null(labels.column("hard"), 0).to_pylist(), dtype=bool)
        keep = (y == 0) | hard
        if (y[keep] == 1).any():
            result["hard"] = metrics(y[keep], score[keep])
    return result
